// Glue shared by the engine's .cc files: the one place besides them that includes duckdb.h.
// Never include this header outside src/engine/.
#pragma once

#include <duckdb.h>

#include <string>

#include "common/status.h"
#include "common/strings.h"
#include "engine/column_type.h"
#include "engine/query_result.h"

namespace sqlflow::engine_internal {

// Describes `type` (not taken over; the caller still destroys it).
ColumnType DescribeType(duckdb_logical_type type);

// Wraps a successful `result` (taken over). `connection` is remembered for FetchAllAsStrings().
QueryResult WrapResult(duckdb_result result, duckdb_connection connection);

// The error of a failed `result`, which is destroyed.
Status TakeResultError(duckdb_result* result);

// DuckDB's message without trailing blank lines or a repeated "LINE n:" excerpt; `fallback`
// when DuckDB gave none.
std::string CleanMessage(const char* message, const char* fallback);

}  // namespace sqlflow::engine_internal
