// PostgresSource: a `SOURCE x TYPE POSTGRES PARAMS {...}` opened for reading. Open() connects,
// resolves the table or query and maps its columns (postgres_types.h); NewScan() returns a table
// scan that streams the rows into DuckDB over binary COPY (postgres_scan.h), optionally only
// those past an incremental cursor.
// Every error message starts with the source's label ("pipelines/shop.sf:3: SOURCE orders"),
// names the server as host:port/dbname (never the password) and says what to do.
// Thread-safety: after Open, every method is safe to call from several threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/postgres_scan.h"
#include "connectors/postgres/postgres_types.h"
#include "engine/table_function.h"
#include "engine/table_schema.h"

namespace sqlflow {

// Rows with column > value (>= when inclusive). `value` is DuckDB's text of the last watermark
// ("2024-05-01 10:00:00", "42"); the filter casts it in SQL to the column's PostgreSQL type.
struct PostgresCursorFilter {
  std::string column;
  std::string value;
  bool inclusive = false;
};

class PostgresSource {
 public:
  // Connects (retrying transient failures: params retries, retry_backoff_ms), resolves the
  // table (schema default public) or query, and reads its columns from the catalog; reads no
  // rows. Params: the connection params (pg_connection.h), table | query, schema, parallel
  // (connections for a parallel read, default 4). Errors: InvalidArgument for bad params,
  // IoError when the server cannot be reached or refuses (connection, password, database),
  // NotFound for a missing table (with "did you mean") or one the user may not read, and the
  // server's explained error when a query does not prepare (missing column, syntax).
  static Result<std::shared_ptr<PostgresSource>> Open(const std::string& params_json,
                                                      const std::string& label);

  const std::vector<ColumnSpec>& columns() const { return columns_; }
  // name, DuckDB type text, nullable (false for NOT NULL table columns).
  std::vector<ColumnInfo> schema() const;
  // Columns read as text or DOUBLE, and — once a scan has read them — NaN/±Infinity numerics
  // written as NULL into DECIMAL columns (one warning per source).
  std::vector<std::string> warnings() const;
  // COPY bytes received by every scan so far.
  int64_t bytes_received() const { return stats_->bytes_received.load(); }
  // "127.0.0.1:5432/shop public.orders" or "127.0.0.1:5432/shop (query)".
  std::string Describe() const;
  // True when the source reads a table (not a query).
  bool is_table() const { return !relation_.empty(); }
  // The text columns (VARCHAR in DuckDB) whose values the table's statistics say are nearly all
  // distinct (at least kMostlyDistinctShare): notes, names, e-mails. Empty for a query, or for a
  // table without statistics (never analyzed).
  std::vector<std::string> mostly_distinct_text_columns() const;
  static constexpr double kMostlyDistinctShare = 0.9;
  // True when a unique index of the table (its primary key, say) holds on a subset of
  // `columns`, so that no two rows of one read share their values of `columns`
  // (pg_catalog.h, ReadUniqueKeys). False for a query.
  bool IsUniqueKey(const std::vector<std::string>& columns) const;

  // A scan of the rows (past `filter` when given), for a table function's bind. Connects the
  // scan's coordinator now (a parallel scan also exports its snapshot), so the scan reads one
  // consistent state; the first scan within kReuseIdleFor of Open takes Open's session instead,
  // if the server has not closed it. InvalidArgument when the filter's column is not a column
  // of the source.
  Result<std::shared_ptr<TableScan>> NewScan(
      const std::optional<PostgresCursorFilter>& filter) const;
  static constexpr std::chrono::seconds kReuseIdleFor{60};

 private:
  PostgresSource() = default;
  Status Resolve(PgConnection& conn, const std::string& params_json);
  Status MapColumns(PgConnection& conn, const std::vector<PgColumn>& pg_columns);
  Result<std::string> FilterSql(const PostgresCursorFilter& filter) const;
  // Open's session, when it may still serve a scan; null otherwise (and from then on).
  std::unique_ptr<PgConnection> TakeIdleConnection() const;
  std::string Prefix() const;

  std::string label_;
  PgConnectOptions options_;
  std::string relation_;  // "public.orders", or "" for a query
  std::string query_;
  PostgresScanPlan plan_;  // without stats (each scan counts into stats_)
  std::vector<ColumnSpec> columns_;
  std::vector<std::string> warnings_;
  std::map<std::string, double> distinct_shares_;  // by PostgreSQL column name
  std::vector<std::vector<std::string>> unique_keys_;
  std::shared_ptr<PostgresReadStats> stats_ = std::make_shared<PostgresReadStats>();
  // Open's session, kept for the first scan: a new one costs the server a backend and the client
  // round trips (a TLS handshake, authentication) that a short incremental run notices.
  mutable std::mutex idle_mutex_;
  mutable std::unique_ptr<PgConnection> idle_;
  std::chrono::steady_clock::time_point idle_since_;
};

// What `sqlflow connect test` shows.
struct PostgresServerInfo {
  std::string where;        // "127.0.0.1:5432/shop"
  std::string version;      // "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)"
  int64_t table_count = 0;  // tables and views outside the system schemas
};

// Connects with the connection params of `params_json` and reads the server's version and how
// many tables the database has. The connection errors of PostgresSource::Open.
Result<PostgresServerInfo> TestPostgresConnection(const std::string& params_json);

}  // namespace sqlflow
