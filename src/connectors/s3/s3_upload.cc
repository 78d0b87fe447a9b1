#include "connectors/s3/s3_upload.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "common/run_parallel.h"

namespace sqlflow {

namespace fs = std::filesystem;

namespace {

// What the uploads have done so far, for the undo.
class UploadLedger {
 public:
  void Started(const std::string& key, const std::string& upload_id) {
    std::lock_guard<std::mutex> lock(mu_);
    open_.emplace_back(key, upload_id);
  }
  void Completed(const std::string& key, const std::string& upload_id = "") {
    std::lock_guard<std::mutex> lock(mu_);
    if (!upload_id.empty()) {
      std::erase(open_, std::make_pair(key, upload_id));
    }
    written_.push_back(key);
  }
  // Aborts the open uploads and deletes the written objects; returns "; …" clauses for the
  // error message: what could not be undone, or that what was uploaded was removed.
  std::string Undo(S3Client& client, const std::string& bucket) const;

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> open_;  // key, upload id
  std::vector<std::string> written_;
};

// s3rver (and other minimal servers) answer AbortMultipartUpload with 405 Method Not Allowed.
bool AbortUnsupported(const Status& status) {
  return status.message().find("HTTP 405") != std::string::npos ||
         status.message().find("MethodNotAllowed") != std::string::npos;
}

std::string UploadLedger::Undo(S3Client& client, const std::string& bucket) const {
  std::string notes;
  for (const auto& [key, upload_id] : open_) {
    Status aborted = client.AbortMultipartUpload(bucket, key, upload_id);
    if (aborted.ok() || AbortUnsupported(aborted)) continue;
    notes += "; the unfinished multipart upload of " + FormatS3Url(bucket, key) +
             " could not be aborted (" + aborted.message() +
             "): its parts are invisible but stored until you abort it (aws s3api "
             "list-multipart-uploads --bucket " +
             bucket + ") or a lifecycle rule removes it";
  }
  for (const std::string& key : written_) {
    Status deleted = client.DeleteObject(bucket, key);
    if (deleted.ok()) continue;
    notes += "; " + FormatS3Url(bucket, key) + ", written by this export, could not be deleted (" +
             deleted.message() + "): delete it by hand";
  }
  bool undone = !open_.empty() || !written_.empty();
  if (notes.empty() && undone) notes = "; what this export had uploaded was removed";
  return notes;
}

// Fails once the upload is interrupted, so that no further request starts.
Status CheckInterrupted(const S3UploadOptions& options, const std::string& bucket,
                        const std::string& key) {
  if (!options.interrupted || !options.interrupted()) return Status::OK();
  return Status::IoError("interrupted before " + FormatS3Url(bucket, key) + " was complete");
}

Status UploadLarge(S3Client& client, const std::string& bucket, const S3UploadItem& item,
                   uint64_t size, const S3UploadOptions& options, UploadLedger& ledger) {
  SQLFLOW_RETURN_IF_ERROR(CheckInterrupted(options, bucket, item.key));
  SQLFLOW_ASSIGN_OR_RETURN(std::string upload_id, client.CreateMultipartUpload(bucket, item.key));
  ledger.Started(item.key, upload_id);
  uint64_t part_size = PartSizeFor(size, options.part_size);
  size_t parts = static_cast<size_t>((size + part_size - 1) / part_size);
  std::vector<std::pair<int, std::string>> etags(parts);
  SQLFLOW_RETURN_IF_ERROR(RunParallel(parts, options.parallel, [&](size_t i) -> Status {
    SQLFLOW_RETURN_IF_ERROR(CheckInterrupted(options, bucket, item.key));
    uint64_t offset = i * part_size;
    int number = static_cast<int>(i) + 1;
    Result<std::string> etag =
        client.UploadPart(bucket, item.key, upload_id, number, item.local_path, offset,
                          std::min(part_size, size - offset));
    if (!etag.ok()) return etag.status();
    etags[i] = {number, *etag};
    return Status::OK();
  }));
  SQLFLOW_RETURN_IF_ERROR(CheckInterrupted(options, bucket, item.key));
  SQLFLOW_RETURN_IF_ERROR(client.CompleteMultipartUpload(bucket, item.key, upload_id, etags));
  ledger.Completed(item.key, upload_id);
  return Status::OK();
}

Status UploadAll(S3Client& client, const std::string& bucket,
                 const std::vector<S3UploadItem>& items, const std::vector<uint64_t>& sizes,
                 const S3UploadOptions& options, UploadLedger& ledger) {
  std::vector<size_t> small, large;
  for (size_t i = 0; i < items.size(); ++i) {
    (sizes[i] > options.multipart_threshold ? large : small).push_back(i);
  }
  SQLFLOW_RETURN_IF_ERROR(RunParallel(small.size(), options.parallel, [&](size_t i) -> Status {
    const S3UploadItem& item = items[small[i]];
    SQLFLOW_RETURN_IF_ERROR(CheckInterrupted(options, bucket, item.key));
    SQLFLOW_RETURN_IF_ERROR(client.PutFile(bucket, item.key, item.local_path));
    ledger.Completed(item.key);
    return Status::OK();
  }));
  for (size_t i : large) {
    SQLFLOW_RETURN_IF_ERROR(UploadLarge(client, bucket, items[i], sizes[i], options, ledger));
  }
  return Status::OK();
}

}  // namespace

uint64_t PartSizeFor(uint64_t file_size, uint64_t part_size) {
  constexpr uint64_t kMiB = 1ull << 20;
  uint64_t needed = (file_size + kS3MaxParts - 1) / kS3MaxParts;
  if (needed <= part_size) return part_size;
  return std::min(kS3MaxPartSize, (needed + kMiB - 1) / kMiB * kMiB);
}

Result<uint64_t> UploadFiles(S3Client& client, const std::string& bucket,
                             const std::vector<S3UploadItem>& items,
                             const S3UploadOptions& options) {
  std::vector<uint64_t> sizes;
  uint64_t total = 0;
  for (const S3UploadItem& item : items) {
    std::error_code ec;
    uint64_t size = fs::file_size(item.local_path, ec);
    if (ec) {
      return Status::IoError("cannot read '" + item.local_path + "' to upload it as " +
                             FormatS3Url(bucket, item.key) + ": " + ec.message());
    }
    sizes.push_back(size);
    total += size;
  }
  UploadLedger ledger;
  Status uploaded = UploadAll(client, bucket, items, sizes, options, ledger);
  if (uploaded.ok()) return total;
  std::string notes = ledger.Undo(client, bucket);
  return Status(uploaded.code(), uploaded.message() + notes);
}

}  // namespace sqlflow
