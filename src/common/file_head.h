// ReadFileHead, ReadFileTail: the first or last bytes of a file on disk, for checks that look at
// a file's ends (a DuckDB database's magic bytes, whether a data file is empty or cut short)
// without reading a file that may be gigabytes long. FileSystem::ReadFile reads whole files, so
// these read the disk directly.
// Thread-safety: a pure function over the disk.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"

namespace sqlflow {

// Up to `max_bytes` from the start of the regular file `path` (fewer when the file is shorter;
// empty for an empty file). NotFound when there is no such file, IoError when it cannot be read.
Result<std::string> ReadFileHead(const std::string& path, size_t max_bytes);

// Up to `max_bytes` from the end of the regular file `path`; errors as ReadFileHead.
Result<std::string> ReadFileTail(const std::string& path, size_t max_bytes);

}  // namespace sqlflow
