// QueryResult: the rows and metadata of one executed statement, read chunk by chunk.
// Thread-safety: not thread-safe; use it on the thread that owns its Connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/column_type.h"
#include "engine/data_chunk.h"

namespace sqlflow {

// Rows of text values, NULL as nullopt.
using StringRows = std::vector<std::vector<std::optional<std::string>>>;

class QueryResult {
 public:
  // Engine-internal representation; built only inside src/engine/.
  struct Rep;
  explicit QueryResult(std::unique_ptr<Rep> rep);

  QueryResult(QueryResult&& other) noexcept;
  QueryResult& operator=(QueryResult&& other) noexcept;
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;
  ~QueryResult();

  size_t column_count() const;
  // REQUIRES: column < column_count().
  const std::string& column_name(size_t column) const;
  const ColumnType& column_type(size_t column) const;
  const std::vector<std::string>& column_names() const;
  // Rows inserted, updated or deleted by an INSERT/UPDATE/DELETE; 0 for other statements.
  uint64_t rows_changed() const;

  // The next chunk of rows, or nullopt when every row has been read.
  Result<std::optional<DataChunk>> NextChunk();

  // Renders the rows not yet read by NextChunk() as text, with DuckDB's CAST(… AS VARCHAR)
  // rules for every type (nested types included), and consumes them.
  // REQUIRES: the Connection that produced the result is still open; it runs the casts (through
  // a temporary table on that connection). EngineError with DuckDB's message on failure.
  Result<StringRows> FetchAllAsStrings();

 private:
  std::unique_ptr<Rep> rep_;
};

}  // namespace sqlflow
