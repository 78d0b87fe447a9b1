#include "connectors/postgres/pg_copy_prefetcher.h"

#include <utility>

#include "connectors/postgres/pg_copy_format.h"

namespace sqlflow {

namespace {

// Recycled buffers kept for reuse; more are freed.
constexpr size_t kMaxSpareBuffers = 8;

}  // namespace

PgCopyPrefetcher::PgCopyPrefetcher(PgConnection* conn, std::string copy_sql, size_t max_rows,
                                   std::function<Status(const Status&)> explain)
    : conn_(conn),
      copy_sql_(std::move(copy_sql)),
      max_rows_(max_rows),
      explain_(std::move(explain)),
      thread_([this] { Run(); }) {}

void PgCopyPrefetcher::Run() {
  Status status = ReadStream();
  std::lock_guard<std::mutex> lock(mutex_);
  status_ = std::move(status);
  done_ = true;
  not_empty_.notify_all();
}

Status PgCopyPrefetcher::ReadStream() {
  Status started = conn_->StartCopyOut(copy_sql_);
  if (!started.ok()) return explain_(started);
  std::string header;  // the server's header, until it is complete
  bool header_done = false;
  Batch batch{FreshBuffer(), 0};
  for (;;) {
    Result<std::string_view> piece = conn_->ReadCopy();
    if (!piece.ok()) return explain_(piece.status());
    if (piece->empty()) break;  // the COPY ended successfully
    std::string_view tuple = *piece;
    if (!header_done) {
      // The server sends its header with the first tuple; every batch starts with a minimal one.
      header.append(tuple);
      size_t header_size = CopyHeaderLength(header);
      if (header_size == 0) continue;
      header_done = true;
      tuple = std::string_view(header).substr(header_size);
      if (tuple.empty()) continue;
    }
    // Each further piece is one tuple, or the trailer at the end (ReadCopy returns the end next).
    if (tuple == kCopyTrailer) continue;
    batch.bytes.append(tuple);
    if (++batch.rows < max_rows_ && batch.bytes.size() < kMaxBatchBytes) continue;
    batch.bytes.append(kCopyTrailer);
    if (!Push(std::move(batch))) return Status::OK();
    batch = Batch{FreshBuffer(), 0};
  }
  if (batch.rows > 0) {
    batch.bytes.append(kCopyTrailer);
    Push(std::move(batch));
  }
  return Status::OK();
}

bool PgCopyPrefetcher::Push(Batch batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  size_t size = batch.bytes.size();
  not_full_.wait(
      lock, [&] { return stopping_ || queue_.empty() || queued_bytes_ + size <= kMaxQueuedBytes; });
  if (stopping_) return false;
  queued_bytes_ += size;
  queue_.push_back(std::move(batch));
  not_empty_.notify_one();
  return true;
}

Status PgCopyPrefetcher::Next(Batch* out) {
  std::unique_lock<std::mutex> lock(mutex_);
  not_empty_.wait(lock, [&] { return !queue_.empty() || done_; });
  if (done_ && !status_.ok()) return status_;
  if (queue_.empty()) {
    out->bytes.clear();
    out->rows = 0;
    return Status::OK();
  }
  *out = std::move(queue_.front());
  queue_.pop_front();
  queued_bytes_ -= out->bytes.size();
  not_full_.notify_one();
  return Status::OK();
}

size_t PgCopyPrefetcher::queued_bytes() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queued_bytes_;
}

void PgCopyPrefetcher::Recycle(std::string bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (spare_.size() < kMaxSpareBuffers) spare_.push_back(std::move(bytes));
}

std::string PgCopyPrefetcher::FreshBuffer() {
  std::string buffer;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!spare_.empty()) {
      buffer = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  buffer.assign(kMinimalCopyHeader);
  return buffer;
}

void PgCopyPrefetcher::Stop() {
  bool still_reading;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) return;
    stopping_ = true;
    still_reading = !done_;
    not_full_.notify_all();
  }
  // A thread waiting on the server wakes when the server ends the cancelled COPY.
  if (still_reading) conn_->Cancel();
  thread_.join();
}

}  // namespace sqlflow
