// StagingFolder: a private folder where a network source keeps what it fetched until DuckDB's
// readers have read it (S3 objects, REST pages as NDJSON): <root>/sqlflow-<kind>-<pid>-<n>/,
// removed when the object dies. Folders that a killed process left behind are removed by the
// next one created in the same root.
// Thread-safety: const methods may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace sqlflow {

class StagingFolder {
 public:
  // Creates the folder below `root` (created when missing) after removing stale siblings of the
  // same `kind` ("s3", "rest"). IoError "<label>: cannot create the <what> staging folder …;
  // set "staging_dir" to a writable folder".
  static Result<std::unique_ptr<StagingFolder>> Create(const std::string& root,
                                                       const std::string& kind,
                                                       const std::string& what,
                                                       const std::string& label);
  ~StagingFolder();
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  const std::string& path() const { return path_; }  // absolute

  // Fails when `bytes` more would not fit in the free space of the folder's file system, less
  // 512 MiB: "<label>: <what_holds> <N> MiB, more than the <M> MiB free (less a 512 MiB
  // margin) where they are staged (<path>); <advice>". OK when the free space is unknown.
  Status CheckRoom(uint64_t bytes, const std::string& what_holds, const std::string& advice) const;

 private:
  StagingFolder(std::string path, std::string label)
      : path_(std::move(path)), label_(std::move(label)) {}
  std::string path_;
  std::string label_;
};

}  // namespace sqlflow
