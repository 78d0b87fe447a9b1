#include "engine/appender.h"

#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {

Result<Appender> Appender::Open(Connection& connection, const std::string& schema,
                                const std::string& table) {
  if (connection.handle_ == nullptr)
    return Status::Internal("Appender::Open on a closed Connection");
  duckdb_appender handle = nullptr;
  const char* schema_or_default = schema.empty() ? nullptr : schema.c_str();
  if (duckdb_appender_create(connection.handle_, schema_or_default, table.c_str(), &handle) ==
      DuckDBError) {
    std::string message =
        engine_internal::CleanMessage(duckdb_appender_error(handle), "cannot open an appender");
    duckdb_appender_destroy(&handle);
    std::string name = schema.empty() ? table : schema + "." + table;
    return Status::EngineError("cannot append to table '" + name + "': " + message);
  }
  return Appender(handle);
}

Appender::Appender(_duckdb_appender* handle) : handle_(handle) {}

Appender::Appender(Appender&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}

Appender& Appender::operator=(Appender&& other) noexcept {
  if (this != &other) {
    Destroy();
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

Appender::~Appender() { Destroy(); }

void Appender::Destroy() {
  if (handle_ == nullptr) return;
  duckdb_appender appender = handle_;
  duckdb_appender_destroy(&appender);
  handle_ = nullptr;
}

namespace {

Status AppenderStatus(duckdb_appender appender, duckdb_state state) {
  if (state == DuckDBSuccess) return Status::OK();
  return Status::EngineError(
      engine_internal::CleanMessage(duckdb_appender_error(appender), "appender failed"));
}

}  // namespace

#define SQLFLOW_APPENDER_CALL(call)                                              \
  do {                                                                           \
    if (handle_ == nullptr) return Status::Internal("use of a closed Appender"); \
    return AppenderStatus(handle_, call);                                        \
  } while (0)

Status Appender::AppendNull() { SQLFLOW_APPENDER_CALL(duckdb_append_null(handle_)); }
Status Appender::AppendBool(bool value) {
  SQLFLOW_APPENDER_CALL(duckdb_append_bool(handle_, value));
}
Status Appender::AppendInt32(int32_t value) {
  SQLFLOW_APPENDER_CALL(duckdb_append_int32(handle_, value));
}
Status Appender::AppendInt64(int64_t value) {
  SQLFLOW_APPENDER_CALL(duckdb_append_int64(handle_, value));
}
Status Appender::AppendDouble(double value) {
  SQLFLOW_APPENDER_CALL(duckdb_append_double(handle_, value));
}
Status Appender::AppendString(std::string_view value) {
  SQLFLOW_APPENDER_CALL(duckdb_append_varchar_length(handle_, value.data(), value.size()));
}
Status Appender::EndRow() { SQLFLOW_APPENDER_CALL(duckdb_appender_end_row(handle_)); }
Status Appender::Flush() { SQLFLOW_APPENDER_CALL(duckdb_appender_flush(handle_)); }
Status Appender::Close() { SQLFLOW_APPENDER_CALL(duckdb_appender_close(handle_)); }

#undef SQLFLOW_APPENDER_CALL

}  // namespace sqlflow
