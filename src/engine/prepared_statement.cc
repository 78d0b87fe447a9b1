#include "engine/prepared_statement.h"

#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {
namespace {

Status BindStatus(duckdb_state state, size_t index) {
  if (state == DuckDBSuccess) return Status::OK();
  return Status::EngineError("cannot bind parameter " + std::to_string(index));
}

}  // namespace

PreparedStatement::PreparedStatement(_duckdb_prepared_statement* handle,
                                     _duckdb_connection* connection)
    : handle_(handle), connection_(connection) {}

PreparedStatement::PreparedStatement(PreparedStatement&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      connection_(std::exchange(other.connection_, nullptr)) {}

PreparedStatement& PreparedStatement::operator=(PreparedStatement&& other) noexcept {
  if (this != &other) {
    Destroy();
    handle_ = std::exchange(other.handle_, nullptr);
    connection_ = std::exchange(other.connection_, nullptr);
  }
  return *this;
}

PreparedStatement::~PreparedStatement() { Destroy(); }

void PreparedStatement::Destroy() {
  if (handle_ == nullptr) return;
  duckdb_prepared_statement statement = handle_;
  duckdb_destroy_prepare(&statement);
  handle_ = nullptr;
}

size_t PreparedStatement::ParameterCount() const {
  return handle_ == nullptr ? 0 : duckdb_nparams(handle_);
}

Status PreparedStatement::CheckIndex(size_t index) const {
  if (handle_ == nullptr) return Status::Internal("bind on a moved-from PreparedStatement");
  size_t count = ParameterCount();
  if (index >= 1 && index <= count) return Status::OK();
  return Status::Invalid("parameter index " + std::to_string(index) +
                         " is out of range: the statement has " + std::to_string(count) +
                         " parameter(s), numbered from 1");
}

Status PreparedStatement::BindNull(size_t index) {
  SQLFLOW_RETURN_IF_ERROR(CheckIndex(index));
  return BindStatus(duckdb_bind_null(handle_, index), index);
}

Status PreparedStatement::BindBool(size_t index, bool value) {
  SQLFLOW_RETURN_IF_ERROR(CheckIndex(index));
  return BindStatus(duckdb_bind_boolean(handle_, index, value), index);
}

Status PreparedStatement::BindInt64(size_t index, int64_t value) {
  SQLFLOW_RETURN_IF_ERROR(CheckIndex(index));
  return BindStatus(duckdb_bind_int64(handle_, index, value), index);
}

Status PreparedStatement::BindDouble(size_t index, double value) {
  SQLFLOW_RETURN_IF_ERROR(CheckIndex(index));
  return BindStatus(duckdb_bind_double(handle_, index, value), index);
}

Status PreparedStatement::BindString(size_t index, std::string_view value) {
  SQLFLOW_RETURN_IF_ERROR(CheckIndex(index));
  return BindStatus(duckdb_bind_varchar_length(handle_, index, value.data(), value.size()), index);
}

Result<QueryResult> PreparedStatement::Execute() {
  if (handle_ == nullptr) return Status::Internal("Execute on a moved-from PreparedStatement");
  duckdb_result result;
  if (duckdb_execute_prepared(handle_, &result) == DuckDBError) {
    return engine_internal::TakeResultError(&result);
  }
  return engine_internal::WrapResult(result, connection_);
}

}  // namespace sqlflow
