#include "engine/scalar_function.h"

#include <cstring>
#include <memory>
#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {
namespace {

using engine_internal::CreateLogicalType;
using engine_internal::LogicalType;
using engine_internal::RunGuarded;

// One overload's extra_info, owned by DuckDB and deleted through DeleteOverloadState. The spec
// is shared by the overloads of one function and lives until DuckDB drops the last of them.
struct OverloadState {
  std::shared_ptr<const ScalarFunctionSpec> spec;
  size_t overload;
};

void DeleteOverloadState(void* state) { delete static_cast<OverloadState*>(state); }

// Every row of `result` valid: DuckDB may hand us a vector whose validity an earlier chunk set.
void ClearNulls(duckdb_vector result, size_t rows) {
  uint64_t* validity = duckdb_vector_get_validity(result);
  if (validity != nullptr) std::memset(validity, 0xFF, (rows + 63) / 64 * sizeof(uint64_t));
}

void Invoke(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  const auto& state = *static_cast<OverloadState*>(duckdb_scalar_function_get_extra_info(info));
  const ScalarOverload& overload = state.spec->overloads[state.overload];
  Status status = RunGuarded("scalar function", [&] {
    ClearNulls(output, duckdb_data_chunk_get_size(input));
    InputChunk args(input, &overload.parameters);
    OutputVector result(output, overload.result);
    return state.spec->invoke(state.overload, args, result);
  });
  if (!status.ok()) duckdb_scalar_function_set_error(info, status.message().c_str());
}

// Owns a duckdb_scalar_function while it is being built.
class FunctionHandle {
 public:
  FunctionHandle() : handle_(duckdb_create_scalar_function()) {}
  ~FunctionHandle() { duckdb_destroy_scalar_function(&handle_); }
  FunctionHandle(const FunctionHandle&) = delete;
  FunctionHandle& operator=(const FunctionHandle&) = delete;
  duckdb_scalar_function get() const { return handle_; }

 private:
  duckdb_scalar_function handle_;
};

// Owns a duckdb_scalar_function_set while it is being built.
class FunctionSetHandle {
 public:
  explicit FunctionSetHandle(const std::string& name)
      : handle_(duckdb_create_scalar_function_set(name.c_str())) {}
  ~FunctionSetHandle() { duckdb_destroy_scalar_function_set(&handle_); }
  FunctionSetHandle(const FunctionSetHandle&) = delete;
  FunctionSetHandle& operator=(const FunctionSetHandle&) = delete;
  duckdb_scalar_function_set get() const { return handle_; }

 private:
  duckdb_scalar_function_set handle_;
};

Status DeclareTypes(duckdb_scalar_function function, const std::string& name,
                    const ScalarOverload& overload) {
  for (size_t i = 0; i < overload.parameters.size(); ++i) {
    Result<LogicalType> type = CreateLogicalType(overload.parameters[i]);
    if (!type.ok()) {
      return Status::Invalid("function '" + name + "', parameter " + std::to_string(i + 1) + ": " +
                             type.status().message());
    }
    duckdb_scalar_function_add_parameter(function, type->get());
  }
  Result<LogicalType> type = CreateLogicalType(overload.result);
  if (!type.ok()) {
    return Status::Invalid("function '" + name + "', result: " + type.status().message());
  }
  duckdb_scalar_function_set_return_type(function, type->get());
  return Status::OK();
}

bool SameParameters(const ScalarOverload& a, const ScalarOverload& b) {
  if (a.parameters.size() != b.parameters.size()) return false;
  for (size_t i = 0; i < a.parameters.size(); ++i) {
    if (a.parameters[i].id != b.parameters[i].id || a.parameters[i].name != b.parameters[i].name) {
      return false;
    }
  }
  return true;
}

// DuckDB accepts overloads with equal parameters (and then picks one of them): refuse them.
Status CheckOverloadsDiffer(const ScalarFunctionSpec& spec) {
  for (size_t i = 0; i < spec.overloads.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (SameParameters(spec.overloads[i], spec.overloads[j])) {
        return Status::Invalid("function '" + spec.name + "': overloads " + std::to_string(j + 1) +
                               " and " + std::to_string(i + 1) + " take the same parameters");
      }
    }
  }
  return Status::OK();
}

Status AddOverload(duckdb_scalar_function_set set,
                   const std::shared_ptr<const ScalarFunctionSpec>& spec, size_t index) {
  FunctionHandle function;
  duckdb_scalar_function_set_name(function.get(), spec->name.c_str());
  SQLFLOW_RETURN_IF_ERROR(DeclareTypes(function.get(), spec->name, spec->overloads[index]));
  // We are called with NULL arguments too: the function decides what NULL gives.
  duckdb_scalar_function_set_special_handling(function.get());
  if (spec->is_volatile) duckdb_scalar_function_set_volatile(function.get());
  duckdb_scalar_function_set_extra_info(function.get(), new OverloadState{spec, index},
                                        DeleteOverloadState);
  duckdb_scalar_function_set_function(function.get(), Invoke);
  if (duckdb_add_scalar_function_to_set(set, function.get()) == DuckDBError) {
    return Status::EngineError("function '" + spec->name + "': DuckDB refused overload " +
                               std::to_string(index + 1));
  }
  return Status::OK();
}

void DeleteMessage(void* message) { delete static_cast<std::string*>(message); }

void FailBind(duckdb_bind_info info) {
  const auto* message =
      static_cast<const std::string*>(duckdb_scalar_function_bind_get_extra_info(info));
  duckdb_scalar_function_bind_set_error(info, message->c_str());
}

void NeverInvoked(duckdb_function_info info, duckdb_data_chunk, duckdb_vector) {
  duckdb_scalar_function_set_error(info, "this function fails when it is bound");
}

}  // namespace

InputChunk::InputChunk(_duckdb_data_chunk* handle, const std::vector<ColumnType>* types)
    : handle_(handle), types_(types) {}

size_t InputChunk::size() const { return duckdb_data_chunk_get_size(handle_); }

size_t InputChunk::column_count() const { return types_->size(); }

InputVector InputChunk::column(size_t index) const {
  return InputVector(duckdb_data_chunk_get_vector(handle_, index), (*types_)[index]);
}

Status RegisterScalarFunction(Connection& connection, ScalarFunctionSpec spec) {
  if (connection.handle_ == nullptr) {
    return Status::Internal("RegisterScalarFunction on a closed Connection");
  }
  if (spec.name.empty() || spec.overloads.empty() || !spec.invoke) {
    return Status::Internal("RegisterScalarFunction needs a name, an overload and a function");
  }
  SQLFLOW_RETURN_IF_ERROR(CheckOverloadsDiffer(spec));
  auto shared = std::make_shared<const ScalarFunctionSpec>(std::move(spec));
  FunctionSetHandle set(shared->name);
  for (size_t i = 0; i < shared->overloads.size(); ++i) {
    SQLFLOW_RETURN_IF_ERROR(AddOverload(set.get(), shared, i));
  }
  if (duckdb_register_scalar_function_set(connection.handle_, set.get()) == DuckDBError) {
    return Status::EngineError("cannot register function '" + shared->name +
                               "': DuckDB refused it (is the name already taken?)");
  }
  return Status::OK();
}

Status RegisterFailingFunction(Connection& connection, const std::string& name,
                               const std::string& message) {
  if (connection.handle_ == nullptr) {
    return Status::Internal("RegisterFailingFunction on a closed Connection");
  }
  FunctionHandle function;
  duckdb_scalar_function_set_name(function.get(), name.c_str());
  LogicalType any(duckdb_create_logical_type(DUCKDB_TYPE_ANY));
  LogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  duckdb_scalar_function_set_varargs(function.get(), any.get());
  duckdb_scalar_function_set_return_type(function.get(), varchar.get());
  duckdb_scalar_function_set_extra_info(function.get(), new std::string(message), DeleteMessage);
  duckdb_scalar_function_set_bind(function.get(), FailBind);
  duckdb_scalar_function_set_function(function.get(), NeverInvoked);
  if (duckdb_register_scalar_function(connection.handle_, function.get()) == DuckDBError) {
    return Status::EngineError("cannot register function '" + name + "'");
  }
  return Status::OK();
}

}  // namespace sqlflow
