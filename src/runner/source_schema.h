// The current schema of a SOURCE, read cheaply and without reading its rows (SPEC §3.4): what
// the schema-drift check compares with the recorded snapshot, and what `sqlflow schema show`
// prints.
//   CSV, JSON: DuckDB binds the reader (DESCRIBE), which sniffs a sample of the file; columns are
//              always nullable (a text file cannot promise NOT NULL).
//   PARQUET:   the reader's columns from the file metadata; a column is NOT NULL when it is
//              REQUIRED in every file read.
//   POSTGRES:  the server's catalog (PostgresSource::Open); NOT NULL table columns stay NOT NULL.
// Thread-safety: uses the Connection it is given (one thread at a time).
#pragma once

#include <set>
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

// One row of DuckDB's parquet_schema(): each file's schema elements depth-first, the root first.
struct ParquetSchemaElement {
  std::string file;
  std::string name;
  std::string repetition;  // REQUIRED, OPTIONAL, REPEATED; empty for the root
  size_t children = 0;     // 0 for a leaf
};

// Lower-cased names of the top-level columns that are REQUIRED in every file of `elements`
// (nested fields are skipped; a column OPTIONAL or missing in one file is nullable).
std::set<std::string> RequiredParquetColumns(const std::vector<ParquetSchemaElement>& elements);

}  // namespace sqlflow
