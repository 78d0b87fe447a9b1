// PgCopyPrefetcher: runs one `COPY … TO STDOUT (FORMAT binary)` on its own thread and cuts the
// stream into batches of whole tuples, which decoding workers take in turn.
//
// Why a thread of its own: the thread mostly waits on the network, so it needs little CPU, but
// while it waits no worker does; and a worker busy compressing a row group must not leave the
// server blocked on a full socket. With the read apart, the server streams at its own pace into
// a bounded queue (kMaxQueuedBytes) and every DuckDB thread decodes.
//
// Each batch is a complete minimal binary COPY stream — header, tuples, trailer — so a
// PgBinaryDecoder reads it as is.
// Thread-safety: Next and Recycle from any thread; Stop (and the destructor) from one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "connectors/postgres/pg_connection.h"

namespace sqlflow {

class PgCopyPrefetcher {
 public:
  // Most bytes of tuples read ahead of the workers (at least one batch is always allowed).
  static constexpr size_t kMaxQueuedBytes = 16 << 20;
  // A batch ends after this many bytes even if it has fewer than max_rows tuples.
  static constexpr size_t kMaxBatchBytes = 4 << 20;

  struct Batch {
    std::string bytes;  // a minimal binary COPY stream
    size_t rows = 0;    // tuples in it; 0 once the COPY has ended
  };

  // Starts the thread, which runs `copy_sql` on `conn` and cuts batches of up to `max_rows`
  // tuples. `explain` turns a connection's failure into the user-facing Status (with the
  // source's place, or the scan's "cancelled" error).
  // REQUIRES: `conn` outlives this and is used by no other thread until Stop returns.
  PgCopyPrefetcher(PgConnection* conn, std::string copy_sql, size_t max_rows,
                   std::function<Status(const Status&)> explain);
  ~PgCopyPrefetcher() { Stop(); }
  PgCopyPrefetcher(const PgCopyPrefetcher&) = delete;
  PgCopyPrefetcher& operator=(const PgCopyPrefetcher&) = delete;

  // Waits for the next batch. Sets `out->rows` to 0 at the end of the COPY; the read's error
  // (to every caller) when it failed.
  Status Next(Batch* out);
  // Hands a decoded batch's buffer back for reuse (saves fresh pages on every batch).
  void Recycle(std::string bytes);
  // Bytes of the batches waiting in the queue.
  size_t queued_bytes();
  // Ends the read: a COPY still streaming is cancelled on the server; joins the thread.
  void Stop();

 private:
  void Run();
  // Reads the stream until its end, an error or Stop; returns the outcome.
  Status ReadStream();
  // Queues `batch` (waiting while the queue is full); false once stopping.
  bool Push(Batch batch);
  std::string FreshBuffer();

  PgConnection* conn_;
  std::string copy_sql_;
  size_t max_rows_;
  std::function<Status(const Status&)> explain_;

  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Batch> queue_;  // guarded by mutex_, as the fields below
  size_t queued_bytes_ = 0;
  std::vector<std::string> spare_;  // recycled buffers
  bool done_ = false;               // the thread has queued its last batch
  bool stopping_ = false;
  Status status_;  // the read's outcome once done_
  std::thread thread_;
};

}  // namespace sqlflow
