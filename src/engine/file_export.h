// File export (SPEC §3.5): the rows of a query written to a local CSV, Parquet or JSON file by
// DuckDB's COPY … TO, so that the file appears atomically. COPY writes a temporary name in the
// destination's folder, which is then renamed over the destination: readers see the old file or
// the new one, and a failed export leaves no partial file and the old one intact.
// With partition_by the destination is a directory of files (col=value/…): the new directory is
// written aside, the old one renamed out of the way, the new one renamed in, then the old one
// deleted. Between the two renames (microseconds) the destination does not exist; a crash there
// leaves the complete old directory beside it as ".sqlflow-old-…".
// A process killed while it exports leaves its temporary file; the next export to that folder
// removes the temporaries of processes that no longer exist.
// The files go to the real disk (DuckDB writes them), not through the FileSystem interface.
// Thread-safety: uses the Connection it is given (one thread at a time); exports to different
// destinations may run at once on different connections.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "engine/connection.h"

namespace sqlflow {

struct FileExportRequest {
  // The rows to write: any query DuckDB accepts.
  std::string query;
  // Absolute local path of the file (or of the directory, with partition_by).
  std::string path;
  // CSV, PARQUET or JSON (any case). JSON is newline-delimited unless "array" is true.
  std::string format;
  // The statement's OPTIONS as JSON; empty means {}. Recognised:
  //   "overwrite": bool (default true)      replace an existing destination
  //   "compression": string                 gzip, zstd, snappy, … (DuckDB's names)
  //   "partition_by": string or [string]    write a directory partitioned by these columns
  //   "header": bool (CSV, default true)    "delimiter"/"delim": string (CSV)
  //   "array": bool (JSON, default false)   one JSON array instead of one object per line
  std::string options_json;
  // Starts every error message: "pipelines/shop.sf:20: EXPORT daily".
  std::string label;
};

struct ExportResult {
  int64_t rows = 0;
  int64_t bytes = 0;  // the file's size, or the sum of the files' sizes for a directory
};

// Writes the rows of `request.query` to `request.path`, creating missing parent folders.
// On failure nothing is left at the destination but what was there before, and the Status
// message is "<label>: <cause>": InvalidArgument for a relative path, an unknown format, a bad
// or misplaced option (`option 'header' applies to CSV exports only`), or an existing destination
// with "overwrite": false; EngineError with DuckDB's message when the query or COPY fails;
// IoError when a folder cannot be created or the rename fails.
Result<ExportResult> ExportToFile(Connection& connection, const FileExportRequest& request);

}  // namespace sqlflow
