// The schema-drift check of a LOAD (SPEC §3.4), run inside the load's transaction before any row
// is written: the source's current schema is compared with the one recorded by the last
// successful load of (pipeline, source); the source's schema_policy decides, per change, to stop
// the load, to accept it, to leave a new column out, or to evolve the target (ALTER TABLE in the
// same transaction, so that a failed load also undoes the evolution). After the rows are written,
// RecordLoadedSchema() records the schema that was loaded, in the same transaction.
//
// The lead's LOAD step does, in order:
//   BEGIN; CheckSchemaAndEvolve(); <stop if result.status failed>; write the rows (leaving out
//   result.excluded_columns, casting result.target_type_columns; for a REPLACE, adding
//   result.null_columns as NULL); watermark;
//   RecordLoadedSchema(LoadedColumns(request.current, result)); COMMIT.
// Thread-safety: the functions use the Connection they are given (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"
#include "engine/schema_diff.h"
#include "engine/table_schema.h"

namespace sqlflow {

struct SchemaCheckRequest {
  std::string pipeline;  // the plan's pipeline name ("shop"): snapshots are kept per pipeline
  std::string source;    // the SOURCE's name as written
  std::vector<ColumnInfo> current;  // ReadSourceSchema() of the source, now
  SchemaPolicy policy = SchemaPolicy::kAlert;
  TableName target;   // the LOAD's table: what `evolve` alters
  std::string label;  // "pipelines/shop.sf:4: LOAD orders", the start of the report
  // A REPLACE creates the target anew, so a narrower column of the old target does not matter.
  bool replaces_target = false;
};

struct SchemaCheckResult {
  // Failed (InvalidArgument) when the policy stops the load: the full drift report
  // (FormatDriftReport). OK otherwise, including the first load of a source (nothing recorded).
  Status status;
  // permissive: new nullable columns that must not be loaded (names as in the source).
  std::vector<std::string> excluded_columns;
  // permissive, a compatible type change the existing target's column is too narrow for (a
  // DOUBLE source column, a FLOAT target column): name as in the source, type as in the target.
  // The load selects CAST(name AS type): permissive keeps the target as it is, so the values take
  // its type. The cast rounds a FLOAT or a DECIMAL's fraction and drops a time of day; a value out
  // of the type's range fails the load, as an INTEGER overflow does.
  std::vector<ColumnInfo> target_type_columns;
  // evolve: columns the source no longer has that the target keeps. APPEND and MERGE fill them
  // with NULL by themselves; a REPLACE must select `NULL::<type> AS <name>` for each to keep them.
  std::vector<ColumnInfo> null_columns;
  // The ALTER TABLE statements `evolve` ran on the target (for the step's SQL in run.json).
  std::vector<std::string> evolve_sql;
  // One line per change the policy accepted (DescribeAccepted), for the step's warnings.
  std::vector<std::string> warnings;
};

// Compares request.current with the latest snapshot of (pipeline, source) and applies the
// policy. When the load may go on and the policy is evolve, runs the ALTER statements on an
// existing target (a target that does not exist yet is created by the load itself).
// Errors (the Result, not result.status): EngineError when the snapshots cannot be read or an
// ALTER fails (e.g. DuckDB refuses to alter a column an index depends on), prefixed by the label.
// REQUIRES: the load's transaction is open on `connection`; the caller rolls back on any failure.
Result<SchemaCheckResult> CheckSchemaAndEvolve(Connection& connection,
                                               const SchemaCheckRequest& request);

// The columns a load wrote: `current` without result.excluded_columns, and with the target's
// type for result.target_type_columns. This is what RecordLoadedSchema() records, so that a
// column permissive left out (or cast to the target's type) is reported, and handled alike, again
// by the next load instead of silently reaching a target that lacks it (or is narrower).
std::vector<ColumnInfo> LoadedColumns(const std::vector<ColumnInfo>& current,
                                      const SchemaCheckResult& result);

// Records `loaded` (LoadedColumns()) as the schema of (pipeline, source) after a successful
// write, in the same transaction (a new version only when it differs from the latest).
// EngineError on failure.
Status RecordLoadedSchema(Connection& connection, const std::string& pipeline,
                          const std::string& source, const std::vector<ColumnInfo>& loaded);

}  // namespace sqlflow
