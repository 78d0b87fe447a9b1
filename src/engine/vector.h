// Vectors in place: the columns of a chunk DuckDB hands to a function we register (engine/
// table_function.h, engine/scalar_function.h), read or written directly in DuckDB's memory.
// Fixed-width values are reached through data<T>() with T the storage type of the column's
// TypeId (table below); strings, NULLs and lists through the methods. Nothing is copied except
// strings written with SetString().
//
//   TypeId                          storage T
//   kBoolean                        bool
//   kTinyInt..kBigInt, kU*          int8_t..int64_t, uint8_t..uint64_t
//   kHugeInt, kUuid                 HugeInt
//   kFloat, kDouble                 float, double
//   kDecimal                        the integer type ColumnType::decimal_storage names
//   kDate                           int32_t  (days since 1970-01-01)
//   kTime                           int64_t  (microseconds since midnight)
//   kTimestamp, kTimestampTz        int64_t  (microseconds since 1970-01-01, UTC for Tz)
//   kInterval                       Interval
//   kList                           ListEntry (elements live in ListChild())
//   kVarchar, kBlob                 use GetString()/SetString()
//
// Thread-safety: a vector belongs to the callback invocation that received it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "engine/column_type.h"

struct _duckdb_vector;

namespace sqlflow {

struct HugeInt {
  uint64_t lower;
  int64_t upper;
};
struct Interval {
  int32_t months;
  int32_t days;
  int64_t micros;
};
struct ListEntry {
  uint64_t offset;  // first element's index in ListChild()
  uint64_t length;
};

// A read-only column of an input chunk (scalar function arguments).
class InputVector {
 public:
  InputVector(_duckdb_vector* handle, ColumnType type);

  const ColumnType& type() const { return type_; }
  template <typename T>
  const T* data() const {
    return static_cast<const T*>(raw_data());
  }
  const void* raw_data() const;
  // True when the row holds a value (not NULL).
  bool IsValid(size_t row) const;
  // kVarchar / kBlob: the bytes, valid during the callback.
  std::string_view GetString(size_t row) const;
  // kList: the element vector.
  InputVector ListChild() const;

 private:
  _duckdb_vector* handle_;
  ColumnType type_;
  const uint64_t* validity_;  // nullptr: no NULLs
};

// A writable column: a table function's output or a scalar function's result. Every row starts
// valid (not NULL). The data and validity pointers are looked up once (a call into DuckDB per
// value costs more than decoding an integer); a list's child must therefore be taken with
// ListChild() after ReserveList(), never before.
class OutputVector {
 public:
  OutputVector(_duckdb_vector* handle, ColumnType type);

  const ColumnType& type() const { return type_; }
  template <typename T>
  T* data() {
    return static_cast<T*>(data_);
  }
  void* raw_data() { return data_; }
  void SetNull(size_t row) {
    if (validity_ == nullptr) validity_ = WritableValidity();
    validity_[row / 64] &= ~(uint64_t{1} << (row % 64));
  }
  // kVarchar / kBlob: copies `value` into the vector.
  void SetString(size_t row, std::string_view value);

  // kList: the element vector, and its size. Elements are appended by the caller: reserve room,
  // write elements at [old size, new size) of ListChild(), then SetListSize(new size).
  OutputVector ListChild();
  size_t ListSize() const;
  Status ReserveList(size_t capacity);
  Status SetListSize(size_t size);

 private:
  uint64_t* WritableValidity();

  _duckdb_vector* handle_;
  ColumnType type_;
  void* data_;
  uint64_t* validity_ = nullptr;  // looked up at the first NULL
};

}  // namespace sqlflow
