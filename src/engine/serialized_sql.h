// Reads the output of DuckDB's json_serialize_sql(): either the parse trees of SELECT
// statements, from which the referenced tables are collected, or DuckDB's error.
// Scoping follows DuckDB 1.4's binder: a CTE name hides unqualified tables of that name in the
// statement that declares it, in nested subqueries, and in the bodies of the other CTEs of its
// WITH clause (forward references included), but not in its own body, where the name means the
// outer CTE or table — unless the CTE is recursive.
//
// Python UDF calls (SPEC §3.6) are rewritten in the tree, which DuckDB then turns back into SQL:
//   scalar  PYTHON_FUNC('a.b', x, y)                  ->  "a.b"(x, y)
//   table   FROM PYTHON_FUNC('a.b', customers, k := 1) ->  FROM "a.b"('SELECT * FROM customers', k
//   := 1)
// The table argument (a name or a `(SELECT …)` subquery) becomes the text of a query, and its
// tables count as read. When it names a CTE of the enclosing query, the query text carries the
// visible CTE definitions along (the table UDF runs it on a connection of its own).
// Thread-safety: pure functions (apart from what `to_sql` does).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sql_analyzer.h"
#include "common/status.h"

namespace sqlflow {

// Turns serialised statements (JSON in json_serialize_sql's shape) into SQL text: DuckDB's
// json_deserialize_sql().
using SqlFromJson = std::function<Result<std::string>(const std::string& json)>;

struct SerializedSql {
  // No error: per statement, in statement order, the tables read (writes always empty), the
  // PYTHON_FUNC calls with rewritten_sql, and in unknown_functions every function the statement
  // calls by an unqualified (or `main.`) name, lower-cased, once each — the caller keeps those
  // the engine lacks. PYTHON_FUNC and operators are not listed.
  std::vector<SqlTables> statements;
  // An error: DuckDB's error_type ("parser", "not implemented", …), message, and the byte
  // offset it points at when DuckDB gave one.
  bool error = false;
  std::string error_type;
  std::string error_message;
  std::optional<uint32_t> error_position;
};

// Parses `json_text`. Internal when it is not the JSON json_serialize_sql produces.
// InvalidArgument for a malformed PYTHON_FUNC call, with a span whose only meaningful field is
// `offset` (the call's byte offset in the SQL), or whatever `to_sql` fails with.
Result<SerializedSql> ReadSerializedSql(std::string_view json_text, const SqlFromJson& to_sql);

}  // namespace sqlflow
