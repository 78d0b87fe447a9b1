// FileSystem: the seam between SQLFlow and the disk (ninja's DiskInterface). The real one wraps
// std::filesystem; tests use test/util/fake_file_system.h.
// Thread-safety: RealFileSystem is safe to share; each call is independent.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace sqlflow {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The whole file. NotFound when it does not exist, IoError when it cannot be read.
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;
  virtual bool Exists(const std::string& path) const = 0;
  virtual bool IsDirectory(const std::string& path) const = 0;
  // Regular files directly in `dir` whose names end with `suffix`, sorted by name.
  virtual std::vector<std::string> ListFiles(const std::string& dir,
                                             const std::string& suffix) const = 0;
  // Folders directly in `dir`, sorted by name.
  virtual std::vector<std::string> ListDirectories(const std::string& dir) const = 0;
  // Writes `contents` to a temporary file beside `path`, then renames it over `path`, so that
  // readers see the old file or the new one, never a part. Creates missing parent folders.
  virtual Status WriteFileAtomic(const std::string& path, const std::string& contents) = 0;
  // `path` without `.` and `..` parts and, where the file system has symbolic links, with them
  // resolved (and made absolute), for checks such as "is this file inside the project". Parts
  // that do not exist are normalised lexically. This default (for file systems without links)
  // only normalises.
  virtual std::string ResolveLinks(const std::string& path) const;
};

class RealFileSystem : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) const override;
  bool Exists(const std::string& path) const override;
  bool IsDirectory(const std::string& path) const override;
  std::vector<std::string> ListFiles(const std::string& dir,
                                     const std::string& suffix) const override;
  std::vector<std::string> ListDirectories(const std::string& dir) const override;
  Status WriteFileAtomic(const std::string& path, const std::string& contents) override;
  std::string ResolveLinks(const std::string& path) const override;
};

}  // namespace sqlflow
