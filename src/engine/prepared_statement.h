// PreparedStatement: one parsed and bound statement with parameters, run any number of times.
// Parameters are numbered from 1, as in `$1` (a `?` takes the next number).
// Thread-safety: not thread-safe; it belongs to its Connection's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "engine/query_result.h"

struct _duckdb_prepared_statement;
struct _duckdb_connection;

namespace sqlflow {

class PreparedStatement {
 public:
  PreparedStatement(PreparedStatement&& other) noexcept;
  PreparedStatement& operator=(PreparedStatement&& other) noexcept;
  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;
  ~PreparedStatement();

  size_t ParameterCount() const;

  // Bind a value to parameter `index` (1-based); it stays bound across Execute() calls.
  // InvalidArgument when `index` is not in 1..ParameterCount(); EngineError when DuckDB
  // refuses the value.
  Status BindNull(size_t index);
  Status BindBool(size_t index, bool value);
  Status BindInt64(size_t index, int64_t value);
  Status BindDouble(size_t index, double value);
  Status BindString(size_t index, std::string_view value);

  // Runs the statement with the bound values. EngineError with DuckDB's message on failure
  // (including a parameter left unbound).
  // REQUIRES: the Connection that prepared it is still open.
  Result<QueryResult> Execute();

 private:
  friend class Connection;
  PreparedStatement(_duckdb_prepared_statement* handle, _duckdb_connection* connection);
  Status CheckIndex(size_t index) const;
  void Destroy();

  _duckdb_prepared_statement* handle_ = nullptr;
  _duckdb_connection* connection_ = nullptr;  // not owned
};

}  // namespace sqlflow
