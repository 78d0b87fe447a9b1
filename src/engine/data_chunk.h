// DataChunk: up to 2048 rows of a query result, column by column, read in place from DuckDB's
// vectors (no copies). A chunk owns its memory and stays valid after its QueryResult is gone.
// Thread-safety: reading one chunk from several threads is safe; moving it is not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/column_type.h"

struct _duckdb_data_chunk;

namespace sqlflow {

class DataChunk {
 public:
  DataChunk(DataChunk&& other) noexcept;
  DataChunk& operator=(DataChunk&& other) noexcept;
  DataChunk(const DataChunk&) = delete;
  DataChunk& operator=(const DataChunk&) = delete;
  ~DataChunk();

  size_t row_count() const { return row_count_; }
  size_t column_count() const { return columns_.size(); }
  const ColumnType& column_type(size_t column) const { return columns_[column].type; }

  // REQUIRES for every accessor below: column < column_count() and row < row_count().
  bool IsNull(size_t column, size_t row) const;

  // Typed getters. REQUIRES: the column has the getter's type (asserted) and the value is not
  // NULL (a NULL slot holds an unspecified value).
  bool GetBool(size_t column, size_t row) const;
  int8_t GetInt8(size_t column, size_t row) const;      // TINYINT
  int16_t GetInt16(size_t column, size_t row) const;    // SMALLINT
  int32_t GetInt32(size_t column, size_t row) const;    // INTEGER
  int64_t GetInt64(size_t column, size_t row) const;    // BIGINT
  uint8_t GetUInt8(size_t column, size_t row) const;    // UTINYINT
  uint16_t GetUInt16(size_t column, size_t row) const;  // USMALLINT
  uint32_t GetUInt32(size_t column, size_t row) const;  // UINTEGER
  uint64_t GetUInt64(size_t column, size_t row) const;  // UBIGINT
  float GetFloat(size_t column, size_t row) const;
  double GetDouble(size_t column, size_t row) const;
  // VARCHAR or BLOB bytes; the view lives as long as the chunk.
  std::string_view GetString(size_t column, size_t row) const;
  // DATE: days since 1970-01-01.
  int32_t GetDate(size_t column, size_t row) const;
  // TIME: microseconds since midnight.
  int64_t GetTime(size_t column, size_t row) const;
  // TIMESTAMP and TIMESTAMP WITH TIME ZONE: microseconds since 1970-01-01 (UTC for the latter);
  // TIMESTAMP_S / _MS / _NS: seconds / milliseconds / nanoseconds.
  int64_t GetTimestamp(size_t column, size_t row) const;
  // DECIMAL as exact text: "-12.340" for DECIMAL(5,3).
  std::string GetDecimalString(size_t column, size_t row) const;

 private:
  friend class QueryResult;
  struct Column {
    ColumnType type;
    const void* data = nullptr;
    const uint64_t* validity = nullptr;  // nullptr: no NULLs in this chunk
  };
  DataChunk(_duckdb_data_chunk* handle, const std::vector<ColumnType>& types);
  void Destroy();
  template <typename T>
  T Read(size_t column, size_t row, bool type_ok) const;

  _duckdb_data_chunk* handle_ = nullptr;
  size_t row_count_ = 0;
  std::vector<Column> columns_;
};

}  // namespace sqlflow
