// Incremental loads (SPEC §3.3): a LOAD from a `sync_mode: incremental` SOURCE reads only the rows
// past the stored watermark and commits the rows and the new watermark in one transaction, so a
// crash at any point leaves both old or both new. Also CREATE TABLE … MODE INCREMENTAL BY col,
// whose query sees the window since the last processed value (minus its lookback).
// Thread-safety: the functions use the Connection they are given (one thread at a time).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"
#include "engine/engine.h"
#include "engine/load_writer.h"
#include "engine/table_schema.h"
#include "state/watermarks.h"

namespace sqlflow {

// Where a LOAD starts reading: rows whose cursor is past `value` (a SQL expression of the cursor's
// type), or at it when `inclusive`.
struct CursorBound {
  std::string value_sql;   // CAST('2024-01-01 10:00:00' AS TIMESTAMP) [- INTERVAL '2 hours']
  std::string value_text;  // the same bound as DuckDB's text (for pushing down to a source)
  bool inclusive = false;
};

// What a LOAD does inside its transaction besides writing rows (the schema-drift check and
// snapshot, runner/schema_check.h). Either may be empty.
struct LoadHooks {
  // Before the rows are written: the query that writes them, given the relation they come from
  // (it may leave columns out, or add them). Empty: SELECT * FROM relation.
  std::function<Result<std::string>(const std::string& relation)> shape_source;
  // After the rows are written.
  std::function<Status()> after_write;
};

struct IncrementalLoadRequest {
  LoadRequest load;  // target, mode (MERGE on the key, else APPEND), keys, label
  WatermarkKey key;
  std::string cursor_field;
  std::vector<std::string> primary_key;
  std::string lookback_window;  // "2 hours"; empty: none
  bool full_refresh = false;    // read everything and replace the target
  // The source's rows from `bound` on (everything when nullopt), as a query. File sources filter
  // in DuckDB; PostgreSQL pushes the bound into its COPY query.
  std::function<Result<std::string>(const std::optional<CursorBound>& bound)> source_sql;
  // The source's columns (as the schema check read them): cursor_field and primary_key must be
  // among them.
  std::vector<ColumnInfo> source_columns;
  // The source itself has at most one row per primary_key (a PostgreSQL unique index on those
  // columns), so the staged rows are not searched for duplicate keys.
  bool source_keys_unique = false;
  LoadHooks hooks;
};

struct IncrementalLoadResult {
  LoadResult load;
  std::optional<Watermark> before;
  std::string watermark;  // the value stored now ("" when nothing was ever loaded)
  std::vector<std::string> sql;
};

// Reads the watermark, stages the rows past it (deduplicated by primary_key, keeping each key's
// latest cursor), writes them with the load writer and stores max(cursor) — all in one
// transaction. Rows sharing the boundary value are re-read (>=) only when there is a key to
// merge them by, so none is lost and none doubled. The rows are staged and filtered on `conn`
// (the embedded DuckDB that reads the source) and written through `engine`'s intents.
// REQUIRES: EnsureWatermarkTable() ran.
Result<IncrementalLoadResult> RunIncrementalLoad(Engine& engine, Connection& conn,
                                                 const IncrementalLoadRequest& request);

// The bound RunIncrementalLoad will read from, as the stored watermark gives it now (nullopt on
// a first run or a full refresh): for a source that must fetch before it can tell its columns.
Result<std::optional<CursorBound>> PeekIncrementalBound(Connection& conn,
                                                        const IncrementalLoadRequest& request);

struct IncrementalTransformRequest {
  TableName target;
  std::string query;  // may use @start_dt, @end_dt, @start_date, @end_date
  std::string column;
  std::optional<std::pair<long long, std::string>> lookback;  // (2, "DAY")
  WatermarkKey key;
  bool full_refresh = false;
  std::string label;
};

// Runs `query` for the window [last processed value - lookback, now] and, in one transaction,
// replaces the target's rows in that window with its result and stores the new last value.
// The first run (or a full refresh) covers everything and (re)creates the target. The window's
// rows replace the old ones through `engine`'s overwrite-range intent.
Result<IncrementalLoadResult> RunIncrementalTransform(Engine& engine, Connection& conn,
                                                      const IncrementalTransformRequest& request);

// Replaces @start_dt/@end_dt (TIMESTAMP literals) and @start_date/@end_date (DATE literals) in
// `query`. A name continued by a letter, digit or '_' is left alone (@start_dtx).
std::string SubstituteWindow(const std::string& query, const std::string& start_ts,
                             const std::string& end_ts);

}  // namespace sqlflow
