// EngineThreads: how many threads DuckDB runs while a run's steps execute.
//
// DuckDB's default, one thread per core, suits work that keeps every thread busy. A LOAD from
// PostgreSQL does not: its COPY is read on a thread of its own (PgCopyPrefetcher) that mostly
// waits on the network, and its workers wait on the server now and then. So while such a load
// runs, DuckDB gets one thread more than its default (on 2 cores with the server beside it, a
// one-connection 5M-row load took ~8% less time; docs/development.md). A pinned count — the
// profile sets `threads`, or Python UDFs need one thread — is never changed.
// Thread-safety: thread-safe; `DuckDB's threads` is a setting of the whole database.
#pragma once

#include <cstdint>
#include <mutex>

#include "engine/connection.h"

namespace sqlflow {

class EngineThreads {
 public:
  // From now on the thread count is left as it is.
  void Pin();

  // While alive, DuckDB runs one thread more than its default (once, however many are alive).
  class NetworkRead {
   public:
    NetworkRead(NetworkRead&& other) noexcept : owner_(other.owner_), conn_(other.conn_) {
      other.owner_ = nullptr;
    }
    NetworkRead(const NetworkRead&) = delete;
    NetworkRead& operator=(const NetworkRead&) = delete;
    NetworkRead& operator=(NetworkRead&&) = delete;
    ~NetworkRead();

   private:
    friend class EngineThreads;
    NetworkRead(EngineThreads* owner, Connection* conn) : owner_(owner), conn_(conn) {}
    EngineThreads* owner_;  // nullptr: nothing to undo
    Connection* conn_;
  };
  // `conn` sets the count now and when the returned guard dies (the caller's connection; the
  // setting is the database's). Failures leave the count as it was: it is only a speed hint.
  NetworkRead BeginNetworkRead(Connection& conn);

 private:
  void EndNetworkRead(Connection& conn);

  std::mutex mu_;
  bool pinned_ = false;          // guarded by mu_, as the fields below
  int network_reads_ = 0;        // NetworkRead guards alive
  int64_t default_threads_ = 0;  // DuckDB's count before the first guard, 0 when not raised
};

}  // namespace sqlflow
