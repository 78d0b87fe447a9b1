// Values between DuckDB vectors and Python objects, one at a time: what row UDFs receive and
// return, and what vectorized and table UDFs fall back to for object columns.
//
//   SQL type                     Python
//   BOOLEAN                      bool
//   TINYINT … BIGINT, U…, HUGEINT int
//   FLOAT, DOUBLE                float
//   DECIMAL(w,s)                 decimal.Decimal
//   VARCHAR / BLOB               str / bytes
//   DATE                         datetime.date
//   TIMESTAMP (_S/_MS/_NS)       datetime.datetime (naive, UTC); WITH TIME ZONE: aware, UTC
//   NULL                         None
//
// Thread-safety: every function needs the GIL (REQUIRES).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "engine/column_type.h"
#include "engine/vector.h"
#include "udf/python_api.h"

namespace sqlflow {

// Where converted values go: a result vector or a table UDF's column buffer. data() is the
// fixed-width storage (vector.h's table); strings and NULLs go through the methods.
class ValueSink {
 public:
  virtual ~ValueSink() = default;
  virtual void* data() = 0;
  virtual void SetNull(size_t row) = 0;
  virtual void SetString(size_t row, std::string_view value) = 0;
};

// A ValueSink over a scalar function's result vector.
class OutputVectorSink : public ValueSink {
 public:
  explicit OutputVectorSink(OutputVector& out) : out_(out), data_(out.raw_data()) {}
  void* data() override { return data_; }
  void SetNull(size_t row) override { out_.SetNull(row); }
  void SetString(size_t row, std::string_view value) override { out_.SetString(row, value); }

 private:
  OutputVector& out_;
  void* data_;
};

// Bytes per value in DuckDB's storage of `type` (vector.h's table); 0 for strings and lists.
size_t StorageWidth(const ColumnType& type);

// True when values of `type` convert both ways (the table above).
bool IsConvertible(const ColumnType& type);

// A new reference to the Python value of `vector` at `row`; nullptr with a Python exception
// set when it cannot be represented (a date beyond year 9999, …).
// REQUIRES: the GIL; IsConvertible(vector.type()); the row is not NULL.
PyObject* ToPython(const InputVector& vector, size_t row);
// The same for a value already read into memory (`value` points at the storage type).
PyObject* ToPythonValue(const ColumnType& type, const void* value);

// Writes `obj` as row `row` of `sink`, typed `type`; None writes NULL. InvalidArgument naming
// what was expected and what came ("expected int for BIGINT, got str 'x'").
// REQUIRES: the GIL; IsConvertible(type).
Status FromPython(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row);

// A DATE (days since 1970-01-01) as a calendar date, and back (proleptic Gregorian).
void CivilFromDays(int64_t days, int* year, int* month, int* day);
int64_t DaysFromCivil(int year, int month, int day);

}  // namespace sqlflow
