// Appender: fast row-by-row inserts into one existing table, bypassing SQL. Values are given
// column by column in table order; EndRow() finishes a row. Rows reach the table on Flush(),
// Close(), or when DuckDB's buffer fills.
// Thread-safety: not thread-safe; it belongs to its Connection's thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "engine/connection.h"

struct _duckdb_appender;

namespace sqlflow {

class Appender {
 public:
  // Opens an appender on `schema`.`table` (`schema` empty: the default schema).
  // EngineError with DuckDB's message when the table does not exist.
  // REQUIRES: `connection` outlives the appender.
  static Result<Appender> Open(Connection& connection, const std::string& schema,
                               const std::string& table);

  Appender(Appender&& other) noexcept;
  Appender& operator=(Appender&& other) noexcept;
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  // Flushes what is pending and releases the appender; errors are lost, so call Close() first
  // when they matter.
  ~Appender();

  // Each appends the next column's value of the current row. EngineError with DuckDB's message
  // when the value does not fit the column (or the row already has every column).
  Status AppendNull();
  Status AppendBool(bool value);
  Status AppendInt32(int32_t value);
  Status AppendInt64(int64_t value);
  Status AppendDouble(double value);
  Status AppendString(std::string_view value);

  // Finishes the current row. EngineError when it lacks columns.
  Status EndRow();
  // Writes the finished rows to the table. EngineError with DuckDB's message (e.g. a constraint
  // violation).
  Status Flush();
  // Flushes and closes; later appends fail. EngineError as for Flush().
  Status Close();

 private:
  explicit Appender(_duckdb_appender* handle);
  void Destroy();

  _duckdb_appender* handle_ = nullptr;
};

}  // namespace sqlflow
