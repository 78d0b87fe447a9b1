// The columns of a file SOURCE, read cheaply and without reading its rows (SPEC §3.4):
//   CSV, JSON: DuckDB binds the reader (DESCRIBE), which sniffs a sample of the file; columns are
//              always nullable (a text file cannot promise NOT NULL).
//   PARQUET:   the reader's columns from the file metadata; a column is NOT NULL when it is
//              REQUIRED in every file read.
// Thread-safety: uses the Connection it is given (one thread at a time).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/files/file_source.h"
#include "engine/connection.h"
#include "engine/table_schema.h"

namespace sqlflow {

// The columns of `relation` in file order. Errors are prefixed by the relation's label: DuckDB's
// when the reader cannot bind (a file that is not CSV/Parquet), put in the file's terms.
Result<std::vector<ColumnInfo>> ReadFileColumns(Connection& connection,
                                                const FileRelation& relation);

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
