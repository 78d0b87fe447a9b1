// PostgresScan: one read of a PostgreSQL table or query as a table-function scan. Each worker
// runs `COPY (SELECT <projected columns> FROM … WHERE …) TO STDOUT (FORMAT binary)` and decodes
// the stream into DuckDB's chunks.
//
// A table of at least kParallelMinPages pages is read in parallel: the coordinator connection
// opens a REPEATABLE READ transaction and exports its snapshot; each further worker connects,
// imports it (SET TRANSACTION SNAPSHOT) and copies ranges of pages (`ctid >= '(a,0)' AND ctid <
// '(b,0)'`) taken from a shared queue — so the union of the workers' rows is one consistent
// snapshot. Smaller tables, queries and incremental reads (a cursor filter, which an index on
// the cursor serves best) are one COPY on the coordinator connection, read on a thread of its
// own (PgCopyPrefetcher) and decoded by several workers side by side.
// Thread-safety: as TableScan (OpenWorker and Cancel from any thread; a worker on one thread).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_copy_prefetcher.h"
#include "connectors/postgres/postgres_types.h"
#include "engine/table_function.h"

namespace sqlflow {

// Tables smaller than this (8 MB) are read on one connection.
constexpr int64_t kParallelMinPages = 1000;

// Counters a read adds to the source's warnings.
struct PostgresReadStats {
  std::atomic<int64_t> non_finite_decimals{0};
  std::atomic<int64_t> bytes_received{0};  // COPY data decoded, every scan of the source
  std::mutex mutex;
  std::string non_finite_column;  // guarded by mutex
};

// Everything a scan needs, fixed when the source was opened.
struct PostgresScanPlan {
  PgConnectOptions options;
  std::string label_prefix;  // "pipelines/shop.sf:3: SOURCE orders: ", first in every message
  std::string where;         // "PostgreSQL 127.0.0.1:5432/shop public.orders", next in messages
  std::string user;          // "user 'app'", for permission messages
  std::vector<PgColumnPlan> columns;
  std::string from_sql;       // `"public"."orders"` or `(SELECT …) AS sqlflow_query`
  std::string filter_sql;     // a WHERE condition or ""
  bool splittable = false;    // a plain table or materialized view: ctid ranges work
  uint32_t relation_oid = 0;  // when splittable
  size_t parallel = 4;        // connections for a parallel read
  std::shared_ptr<PostgresReadStats> stats;
};

class PostgresScan : public TableScan, public std::enable_shared_from_this<PostgresScan> {
 public:
  // Connects the coordinator (or takes `connected`, an idle session to the same server) and, for
  // a splittable table of kParallelMinPages pages or more with plan.parallel > 1, exports its
  // snapshot and queues the page ranges. Errors as PgConnection::Open and ExplainPgError
  // describe, after plan.label_prefix.
  static Result<std::shared_ptr<PostgresScan>> Start(
      PostgresScanPlan plan, std::unique_ptr<PgConnection> connected = nullptr);

  const std::vector<ColumnSpec>& columns() const override { return specs_; }
  size_t max_threads() const override;
  Result<std::unique_ptr<TableScanWorker>> OpenWorker(
      const std::vector<size_t>& projected) override;
  void Cancel() override;

  // True when the scan reads page ranges on several connections.
  bool parallel() const { return !snapshot_.empty(); }
  int64_t pages() const { return pages_; }

  // For workers. The next page range to copy: [first, end), end -1 for "to the end"; nullopt
  // when every range is taken. A serial scan has one range covering everything.
  struct PageRange {
    int64_t first = 0;
    int64_t end = -1;
  };
  std::optional<PageRange> NextRange();
  // The COPY statement for `projected` columns over `range`.
  std::string CopySql(const std::vector<size_t>& projected, const PageRange& range) const;
  // A server error on `conn` as the user-facing Status.
  Status Explain(const PgConnection& conn, const Status& status) const;
  const PostgresScanPlan& plan() const { return plan_; }
  void Register(PgConnection* conn);
  void Unregister(PgConnection* conn);
  bool cancelled() const { return cancelled_.load(); }
  // What a read that Cancel() stopped reports.
  Status CancelledError() const;

  // Serial reads: the one COPY on the coordinator, which several workers decode side by side.
  // The first caller starts it with its `projected` columns and batches of `max_rows` tuples.
  PgCopyPrefetcher& SharedStream(const std::vector<size_t>& projected, size_t max_rows);

 private:
  explicit PostgresScan(PostgresScanPlan plan);
  Status BeginSnapshot();
  Result<std::unique_ptr<PgConnection>> ConnectWorker();

  PostgresScanPlan plan_;
  std::vector<ColumnSpec> specs_;
  std::unique_ptr<PgConnection> coordinator_;
  std::atomic<bool> coordinator_taken_{false};
  std::string snapshot_;  // empty: serial read
  int64_t pages_ = 0;
  int64_t range_pages_ = 0;
  std::atomic<int64_t> next_page_{0};
  std::atomic<bool> serial_range_taken_{false};
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::vector<PgConnection*> active_;  // guarded by mutex_

  // The shared serial COPY; destroyed (its thread stopped) before coordinator_.
  std::mutex stream_mutex_;
  std::unique_ptr<PgCopyPrefetcher> stream_;  // guarded by stream_mutex_
};

}  // namespace sqlflow
