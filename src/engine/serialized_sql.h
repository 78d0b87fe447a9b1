// Reads the output of DuckDB's json_serialize_sql(): either the parse trees of SELECT
// statements, from which the referenced tables are collected, or DuckDB's error.
// Scoping follows DuckDB 1.4's binder: a CTE name hides unqualified tables of that name in the
// statement that declares it, in nested subqueries, and in the bodies of the other CTEs of its
// WITH clause (forward references included), but not in its own body, where the name means the
// outer CTE or table — unless the CTE is recursive.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sql_analyzer.h"
#include "common/status.h"

namespace sqlflow {

struct SerializedSql {
  // No error: the tables each statement reads, in statement order (writes always empty).
  std::vector<SqlTables> statements;
  // An error: DuckDB's error_type ("parser", "not implemented", …), message, and the byte
  // offset it points at when DuckDB gave one.
  bool error = false;
  std::string error_type;
  std::string error_message;
  std::optional<uint32_t> error_position;
};

// Parses `json_text`. Internal when it is not the JSON json_serialize_sql produces.
Result<SerializedSql> ReadSerializedSql(std::string_view json_text);

}  // namespace sqlflow
