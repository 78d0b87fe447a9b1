// The current schema of a SOURCE, read cheaply and without reading its rows (SPEC §3.4): what
// the schema-drift check compares with the recorded snapshot, and what `sqlflow schema show`
// prints. Files: connectors/files/file_columns.h; POSTGRES: the server's catalog
// (PostgresSource::Open), where NOT NULL table columns stay NOT NULL.
// Thread-safety: uses the Connection it is given (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"
#include "engine/connection.h"
#include "engine/table_schema.h"
#include "plan/plan.h"

namespace sqlflow {

// The columns of `source_step` (a kSource step) in source order. Errors are prefixed by the
// step's label: those of PlanFileSource (no file matches, bad params), DuckDB's when the reader
// cannot bind (a file that is not CSV/Parquet), PostgresSource::Open's, and InvalidArgument for a
// connector whose schema cannot be read yet.
Result<std::vector<ColumnInfo>> ReadSourceSchema(Connection& connection, const Step& source_step,
                                                 const std::string& project_root,
                                                 const FileSystem& fs);

}  // namespace sqlflow
