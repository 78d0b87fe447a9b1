#include "engine/connection.h"

#include <utility>

#include "engine/duckdb_internal.h"
#include "engine/interrupt_gate.h"

namespace sqlflow {

Result<Connection> Connection::Open(Database& database) {
  if (database.handle_ == nullptr) return Status::Internal("Connection::Open on a closed Database");
  duckdb_connection handle = nullptr;
  if (duckdb_connect(database.handle_, &handle) == DuckDBError) {
    return Status::EngineError("cannot connect to DuckDB database '" + database.path() + "'");
  }
  return Connection(handle);
}

Connection::Connection(_duckdb_connection* handle)
    : handle_(handle), gate_(std::make_unique<InterruptGate>()) {}

Connection::Connection(Connection&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), gate_(std::move(other.gate_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    Close();
    handle_ = std::exchange(other.handle_, nullptr);
    gate_ = std::move(other.gate_);
  }
  return *this;
}

Connection::~Connection() { Close(); }

void Connection::Close() {
  if (handle_ == nullptr) return;
  duckdb_connection conn = handle_;
  duckdb_disconnect(&conn);
  handle_ = nullptr;
}

Status Connection::Execute(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, Query(sql));
  (void)result;
  return Status::OK();
}

Result<QueryResult> Connection::Query(const std::string& sql) {
  if (handle_ == nullptr) return Status::Internal("Query on a closed Connection");
  duckdb_result result;
  if (duckdb_query(handle_, sql.c_str(), &result) == DuckDBError) {
    return engine_internal::TakeResultError(&result);
  }
  return engine_internal::WrapResult(result, handle_);
}

Result<QueryResult> Connection::QueryStreaming(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(PreparedStatement statement, Prepare(sql));
  // The C API's only streaming execution (marked for a later replacement); a materialised
  // result would hold every row in memory before the first one is used.
  duckdb_pending_result pending = nullptr;
  if (duckdb_pending_prepared_streaming(statement.handle_, &pending) == DuckDBError) {
    std::string message =
        engine_internal::CleanMessage(duckdb_pending_error(pending), "cannot start the query");
    duckdb_destroy_pending(&pending);
    return Status::EngineError(message);
  }
  duckdb_result result;
  duckdb_state state = duckdb_execute_pending(pending, &result);
  duckdb_destroy_pending(&pending);
  if (state == DuckDBError) return engine_internal::TakeResultError(&result);
  return engine_internal::WrapResult(result, handle_, std::exchange(statement.handle_, nullptr));
}

Result<std::optional<QueryResult>> Connection::QueryUnlessMissing(const std::string& sql) {
  if (handle_ == nullptr) return Status::Internal("Query on a closed Connection");
  duckdb_result result;
  if (duckdb_query(handle_, sql.c_str(), &result) == DuckDBError) {
    if (duckdb_result_error_type(&result) == DUCKDB_ERROR_CATALOG) {
      duckdb_destroy_result(&result);
      return std::optional<QueryResult>();
    }
    return engine_internal::TakeResultError(&result);
  }
  return std::optional<QueryResult>(engine_internal::WrapResult(result, handle_));
}

Result<int64_t> Connection::QueryBigInt(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, Query(sql));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
  if (!chunk || chunk->row_count() == 0 || chunk->column_count() == 0 || chunk->IsNull(0, 0) ||
      chunk->column_type(0).id != TypeId::kBigInt) {
    return Status::Internal("expected one BIGINT from: " + sql);
  }
  return chunk->GetInt64(0, 0);
}

Result<PreparedStatement> Connection::Prepare(const std::string& sql) {
  if (handle_ == nullptr) return Status::Internal("Prepare on a closed Connection");
  duckdb_prepared_statement statement = nullptr;
  if (duckdb_prepare(handle_, sql.c_str(), &statement) == DuckDBError) {
    std::string message =
        engine_internal::CleanMessage(duckdb_prepare_error(statement), "cannot prepare statement");
    duckdb_destroy_prepare(&statement);
    return Status::EngineError(message);
  }
  return PreparedStatement(statement, handle_);
}

void Connection::Interrupt() {
  if (handle_ == nullptr) return;
  gate_->Interrupt([this] { duckdb_interrupt(handle_); });
}

int64_t Connection::RowsProcessed() {
  if (handle_ == nullptr) return -1;
  duckdb_query_progress_type progress = duckdb_query_progress(handle_);
  if (progress.percentage < 0) return -1;
  return static_cast<int64_t>(progress.rows_processed);
}

Status Connection::Begin() {
  if (handle_ == nullptr) return Status::Internal("Begin on a closed Connection");
  gate_->OnBegin();
  return Execute("BEGIN TRANSACTION");
}

// DuckDB fails a COMMIT that an interrupt reaches with "Interrupted!", even after the
// transaction committed: the gate keeps interrupts away from it, and turns the COMMIT of an
// interrupted transaction into a ROLLBACK, so that the Status says what happened.
Status Connection::Commit() {
  if (handle_ == nullptr) return Status::Internal("Commit on a closed Connection");
  if (gate_->StartEnding() == InterruptGate::End::kAsAsked) {
    Status status = Execute("COMMIT");
    gate_->FinishEnding();
    return status;
  }
  Status rolled_back = Execute("ROLLBACK");
  gate_->FinishEnding();
  return Status::EngineError(
      "interrupted before COMMIT; the transaction was rolled back and nothing was written" +
      (rolled_back.ok() ? std::string() : " (" + rolled_back.message() + ")"));
}

Status Connection::Rollback() {
  if (handle_ == nullptr) return Status::Internal("Rollback on a closed Connection");
  (void)gate_->StartEnding();  // rolling back either way
  Status status = Execute("ROLLBACK");
  gate_->FinishEnding();
  return status;
}

}  // namespace sqlflow
