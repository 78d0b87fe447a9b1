// Scalar functions written in C++ (Python UDFs call through one): DuckDB passes a chunk of
// argument vectors and a result vector; the function fills the result for every row.
// Thread-safety: DuckDB may call `invoke` from several of its threads at once.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/column_type.h"
#include "engine/connection.h"
#include "engine/vector.h"

struct _duckdb_data_chunk;

namespace sqlflow {

// The argument vectors of one call of a scalar function: `size()` rows.
class InputChunk {
 public:
  InputChunk(_duckdb_data_chunk* handle, const std::vector<ColumnType>* types);
  size_t size() const;
  size_t column_count() const;
  InputVector column(size_t index) const;

 private:
  _duckdb_data_chunk* handle_;
  const std::vector<ColumnType>* types_;
};

struct ScalarOverload {
  std::vector<ColumnType> parameters;
  ColumnType result;
};

struct ScalarFunctionSpec {
  std::string name;
  // One function may take several arities (Python defaults: f(a), f(a, b)); `invoke` gets the
  // overload's index. At least one.
  std::vector<ScalarOverload> overloads;
  // Called with NULL arguments too (the function decides what NULL gives). An error fails the
  // query with its message.
  std::function<Status(size_t overload, const InputChunk& args, OutputVector& result)> invoke;
  // Never folded as a constant or cached (random or I/O functions). Default false.
  bool is_volatile = false;
};

// Registers `spec` in the database of `connection` (visible to every connection, never
// persisted). EngineError when DuckDB refuses.
Status RegisterScalarFunction(Connection& connection, ScalarFunctionSpec spec);

// Registers a function `name` that takes any arguments and fails every statement that calls it,
// when DuckDB binds the call, with `message` ("Binder Error: <message>"), like
// RegisterScalarFunction visible to every connection and never persisted. For a name that must
// be rewritten before DuckDB sees it, where it was not. EngineError when DuckDB refuses.
Status RegisterFailingFunction(Connection& connection, const std::string& name,
                               const std::string& message);

}  // namespace sqlflow
