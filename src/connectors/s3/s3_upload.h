// S3 uploads of an EXPORT (SPEC-CONNECTORS §1 "Export"): a set of local files becomes objects
// all together or not at all. Small files go by one PUT each; large ones by multipart upload,
// whose object appears only when its last step completes. When anything fails, the multipart
// uploads begun are aborted and the objects this call already wrote are deleted, so that no new
// object is left visible.
// Thread-safety: UploadFiles uses the client from several threads (S3Client allows it); the
// function itself may run on several threads at once for different buckets or keys.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/s3/s3_client.h"

namespace sqlflow {

// S3's limits on multipart uploads: every part but the last at least 5 MiB, at most 5 GiB, at
// most 10,000 parts.
inline constexpr uint64_t kS3MinPartSize = 5ull << 20;
inline constexpr uint64_t kS3MaxPartSize = 5ull << 30;
inline constexpr uint64_t kS3MaxParts = 10000;

struct S3UploadItem {
  std::string local_path;  // a readable regular file
  std::string key;         // the object it becomes
};

struct S3UploadOptions {
  // Files larger than this go by multipart upload. REQUIRES: >= kS3MinPartSize.
  uint64_t multipart_threshold = 64ull << 20;
  // The size of each part but the last, raised for a file that would need more than
  // kS3MaxParts. REQUIRES: kS3MinPartSize <= part_size <= kS3MaxPartSize.
  uint64_t part_size = 16ull << 20;
  // Requests in flight at once: small files, or the parts of one large file.
  int parallel = 4;
  // Asked before each upload request; once it answers true no further one starts and the upload
  // is undone, as after a failure (an interrupted run). Null: never interrupted.
  std::function<bool()> interrupted;
};

// The part size a file of `file_size` bytes is uploaded with: `part_size`, or the smallest
// whole MiB that keeps the parts within kS3MaxParts.
uint64_t PartSizeFor(uint64_t file_size, uint64_t part_size);

// Uploads every item to `bucket`: the small files first, `parallel` at a time, then the large
// ones one after another, `parallel` parts at a time (so that at most `parallel` requests are in
// flight). Returns the bytes uploaded.
// On failure nothing new is started, the requests in flight finish, and the call undoes what it
// did: it aborts its unfinished multipart uploads and deletes the objects it completed (an object
// that was replaced is therefore gone, not restored: S3 keeps no previous version to restore).
// The Status is the first failure's (S3ErrorStatus's "S3 <action> s3://bucket/key: …", an
// IoError for a local file, or "interrupted before s3://bucket/key was complete"), followed by what
// the undo could not do: an object that could not be deleted (to delete by hand), an upload that
// could not be aborted (its parts cost storage until removed). A server without
// AbortMultipartUpload (HTTP 405, as s3rver) is not reported: its unfinished parts are invisible
// all the same.
Result<uint64_t> UploadFiles(S3Client& client, const std::string& bucket,
                             const std::vector<S3UploadItem>& items,
                             const S3UploadOptions& options);

}  // namespace sqlflow
