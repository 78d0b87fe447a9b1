// S3Staging: the local folder where an S3 source's objects wait for DuckDB's readers (DuckDB has
// no S3 reader here: TOOLCHAIN.md). One folder per source and process,
// <root>/sqlflow-s3-<pid>-<n>/, removed when the source is destroyed; folders that a killed
// process left behind are removed by the next one to stage in the same root. Its size is
// bounded: a selection that would not fit in the free space (less a margin) fails before any
// download.
// Thread-safety: Download() may run from one thread at a time; it downloads in parallel itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/s3/s3_client.h"
#include "connectors/staging_folder.h"

namespace sqlflow {

struct StagedObject {
  S3Object object;
  std::string local_path;  // absolute
};

class S3Staging {
 public:
  // Creates the folder below `root` (created when missing) after removing stale siblings.
  static Result<std::unique_ptr<S3Staging>> Create(const std::string& root,
                                                   const std::string& label);
  S3Staging(const S3Staging&) = delete;
  S3Staging& operator=(const S3Staging&) = delete;

  const std::string& path() const { return folder_->path(); }

  // The local file name for `relative_key` below `folder` ("objects", "sample"): its folders
  // kept (hive k=v folders become columns), with characters that DuckDB's readers take as a
  // glob (* ? [ ]), and "." / ".." segments and leading dots, replaced by '_'.
  std::string LocalPath(const std::string& folder, const std::string& relative_key) const;

  // Fails when `bytes` more would not fit in the free space of the folder's file system, less
  // 512 MiB: the message names the size, the folder and the staging_dir param.
  Status CheckRoom(uint64_t bytes) const;

  // Downloads each object to its local path, `parallel` at a time; the first failure cancels
  // the rest and is returned.
  Status Download(S3Client& client, const std::string& bucket,
                  const std::vector<StagedObject>& objects, int parallel) const;

 private:
  S3Staging(std::unique_ptr<StagingFolder> folder, std::string label)
      : folder_(std::move(folder)), path_(folder_->path()), label_(std::move(label)) {}
  std::unique_ptr<StagingFolder> folder_;  // removed with the S3Staging
  std::string path_;
  std::string label_;
};

}  // namespace sqlflow
