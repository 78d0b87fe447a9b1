#include "runner/engine_threads.h"

#include <string>

namespace sqlflow {

namespace {

// DuckDB's current thread count, or 0 when it cannot be read.
int64_t CurrentThreads(Connection& conn) {
  Result<int64_t> threads = conn.QueryBigInt("SELECT current_setting('threads')::BIGINT");
  return threads.ok() ? *threads : 0;
}

}  // namespace

void EngineThreads::Pin() {
  std::lock_guard<std::mutex> lock(mu_);
  pinned_ = true;
}

EngineThreads::NetworkRead EngineThreads::BeginNetworkRead(Connection& conn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (pinned_) return NetworkRead(nullptr, &conn);
  if (network_reads_++ == 0) {
    int64_t threads = CurrentThreads(conn);
    if (threads > 0 && conn.Execute("SET threads = " + std::to_string(threads + 1)).ok()) {
      default_threads_ = threads;
    }
  }
  return NetworkRead(this, &conn);
}

void EngineThreads::EndNetworkRead(Connection& conn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (--network_reads_ > 0 || default_threads_ == 0) return;
  (void)conn.Execute("SET threads = " + std::to_string(default_threads_));
  default_threads_ = 0;
}

EngineThreads::NetworkRead::~NetworkRead() {
  if (owner_ != nullptr) owner_->EndNetworkRead(*conn_);
}

}  // namespace sqlflow
