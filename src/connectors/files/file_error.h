// Explains DuckDB's file reader errors in SQLFlow's terms: which SOURCE, which file, which line
// and column, and what to do. Only DuckDB's message text is read (DuckDB 1.4 wording); anything
// not recognised keeps DuckDB's first line behind the SOURCE's label.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/status.h"
#include "connectors/files/file_source.h"

namespace sqlflow {

// The error to report when reading `relation` failed with `engine_error`, prefixed by `label`:
//   "<label>: data/orders.csv line 4, column 'qty': could not convert 'abc' to INTEGER; fix the
//    file, set \"columns\" to read it as VARCHAR, or \"ignore_errors\": true"
// NotFound when the files are gone, else the code of `engine_error`.
// REQUIRES: !engine_error.ok().
Status ExplainFileError(const Status& engine_error, const FileRelation& relation,
                        const std::string& label);

// The problem DuckDB's CSV reader reports about one row, shortened: "column 'qty': could not
// convert 'abc' to INTEGER", "expected 3 columns, found 4", "not valid utf-8 text"; otherwise
// the first line of `duckdb_text`.
std::string DescribeCsvRowProblem(const std::string& duckdb_text);

}  // namespace sqlflow
