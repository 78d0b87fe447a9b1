// PostgreSQL export (SPEC §3.5, `EXPORT … TYPE POSTGRES`): the rows of a DuckDB query written to
// a PostgreSQL table. The rows stream from DuckDB through binary `COPY … FROM STDIN` into a
// temporary staging table; then, in the same transaction, the mode is applied on the server:
//   replace  TRUNCATE the target, then INSERT the staged rows
//   append   INSERT the staged rows (the default)
//   merge    PostgreSQL 15 MERGE on the key columns (no constraint needed), or INSERT … ON
//            CONFLICT when the target has a unique index on exactly those columns; existing rows
//            are updated, new ones inserted. Keys must be non-NULL and unique in the query.
// A missing target is created with types mapped from DuckDB's (pg_export_plan.h; merge adds a
// primary key on the keys). Everything happens in one transaction: a failure at any point
// leaves the target (and whether it exists) as it was.
// Thread-safety: uses the DuckDB connection it is given (one thread at a time) and a PostgreSQL
// connection of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"

namespace sqlflow {

struct PostgresExportRequest {
  std::string query;                   // DuckDB query whose rows are exported
  std::string connection_params_json;  // the profile connector's params (host, port, …)
  std::string schema;                  // default "public"
  std::string table;
  std::string mode;               // "replace" | "append" (default) | "merge"
  std::vector<std::string> keys;  // merge only, at least one
  std::string label;              // "pipelines/x.sf:9: EXPORT … TO orders_out"
};

struct PostgresExportResult {
  int64_t rows = 0;   // rows the query returned (and the COPY sent)
  int64_t bytes = 0;  // bytes of the binary COPY stream
};

// Writes the rows of `request.query` into `request.schema`.`request.table`. Errors start with
// the label and name the table and server ("public.t at 127.0.0.1:5432/shop"), never the
// password, and say what to do:
//   InvalidArgument  no table, an unknown mode, merge without keys or with a key the query does
//                    not return, keys outside merge, two query columns of one name, a query
//                    column the target lacks, a NOT NULL target column without a default the
//                    query lacks, NULL or duplicate keys in the query's rows (merge), a missing
//                    schema, a target that is not a table, bad connection params
//   EngineError      the query fails in DuckDB
//   IoError          cannot connect; the server rejects the rows (its message quoted: a type
//                    mismatch, a constraint); permission denied; the connection is lost
Result<PostgresExportResult> ExportToPostgres(Connection& duckdb,
                                              const PostgresExportRequest& request);

}  // namespace sqlflow
