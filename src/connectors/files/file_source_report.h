// The report of `sqlflow connect test NAME` for a file source: the source is really read, and
// the report says what was found — the files, the columns and types DuckDB infers, the rows.
// Thread-safety: use on the thread that owns the Connection.
#pragma once

#include <string>

#include "common/status.h"
#include "connectors/files/file_source.h"
#include "engine/connection.h"

namespace sqlflow {

// Reads `relation` in full on `connection` and describes it:
//   files: 2
//     data/a.csv
//     data/b.csv
//   columns: 2
//     id   BIGINT   4 non-null
//     qty  VARCHAR  3 non-null
//   rows: 4
// plus "rejected rows: n" and examples when "ignore_errors" skipped some. Parquet row counts
// come from the files' metadata, without per-column counts. Every line ends in '\n'.
// Errors: those of ExplainFileError, prefixed by relation.label (a missing file, a row that
// does not parse, …).
Result<std::string> DescribeFileSource(Connection& connection, const FileRelation& relation);

}  // namespace sqlflow
