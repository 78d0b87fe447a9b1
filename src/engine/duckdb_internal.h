// Glue shared by the engine's .cc files: the one place besides them that includes duckdb.h.
// Never include this header outside src/engine/.
#pragma once

#include <duckdb.h>

#include <exception>
#include <string>

#include "common/status.h"
#include "common/strings.h"
#include "engine/column_type.h"
#include "engine/query_result.h"

namespace sqlflow::engine_internal {

// Describes `type` (not taken over; the caller still destroys it).
ColumnType DescribeType(duckdb_logical_type type);

// Owns a duckdb_logical_type; destroys it on destruction.
class LogicalType {
 public:
  explicit LogicalType(duckdb_logical_type handle) : handle_(handle) {}
  LogicalType(LogicalType&& other) noexcept;
  LogicalType& operator=(LogicalType&& other) noexcept;
  LogicalType(const LogicalType&) = delete;
  LogicalType& operator=(const LogicalType&) = delete;
  ~LogicalType();

  duckdb_logical_type get() const { return handle_; }

 private:
  duckdb_logical_type handle_ = nullptr;
};

// The DuckDB type for `type`: every TypeId but kOther, DECIMAL with its width and scale, LIST of
// any of them. A `name` other than the type's own spelling ("JSON" on VARCHAR) becomes the
// type's alias. Invalid for kOther, a LIST without element type, or a bad DECIMAL width/scale.
Result<LogicalType> CreateLogicalType(const ColumnType& type);

// Runs `body` (which returns a Status) inside a callback DuckDB makes into our code: an exception
// becomes an Internal error naming `what`, so that none crosses the C boundary.
template <typename Body>
Status RunGuarded(const char* what, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    return Status::Internal(std::string(what) + " failed with an exception: " + e.what());
  } catch (...) {
    return Status::Internal(std::string(what) + " failed with an unknown exception");
  }
}

// Wraps a successful `result` (taken over). `connection` is remembered for FetchAllAsStrings().
// `statement`, when given, is owned by the result from then on (a streaming result runs it).
QueryResult WrapResult(duckdb_result result, duckdb_connection connection,
                       duckdb_prepared_statement statement = nullptr);

// The error of a failed `result`, which is destroyed.
Status TakeResultError(duckdb_result* result);

// DuckDB's message without trailing blank lines or a repeated "LINE n:" excerpt; `fallback`
// when DuckDB gave none.
std::string CleanMessage(const char* message, const char* fallback);

}  // namespace sqlflow::engine_internal
