// Whole columns between DuckDB vectors and numpy arrays, for vectorized and table UDFs.
//
// Into Python (vectorized UDF arguments):
//   numeric and BOOLEAN columns without NULLs: a read-only numpy view over DuckDB's vector
//     (zero copy; valid only during the call);
//   numeric columns with NULLs, DECIMAL: a float64 copy, NULL as NaN;
//   DATE / TIMESTAMP: datetime64[D] / datetime64[us] copies, NULL as NaT;
//   everything else (VARCHAR, BLOB, BOOLEAN with NULLs, …): an object array, NULL as None.
// Out of Python: an array, Series or list of the expected length; NaN/None/NaT/pd.NA are NULL.
// Thread-safety: every function needs the GIL (REQUIRES).
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"
#include "engine/column_type.h"
#include "engine/vector.h"
#include "udf/python_api.h"
#include "udf/value_codec.h"

namespace sqlflow {

// How sqlflow.udfs.bridge names DuckDB's storage of `type`: a numpy dtype name ("int32"),
// "date", "timestamp" or "object" (converted value by value).
const char* StorageName(const ColumnType& type);

// The first `rows` values of `vector` as a numpy array (the table above). nullptr with a Python
// exception set on failure. REQUIRES: the GIL; the vector outlives the array's use.
PyObject* VectorToArray(const InputVector& vector, size_t rows);

// Writes `values` (what a vectorized UDF returned) as `rows` values of `type` into `sink`.
// InvalidArgument describing the mismatch (wrong length, wrong type, overflow).
Status WriteColumn(PyObject* values, size_t rows, const ColumnType& type, ValueSink& sink);

// Writes an (array, mask) pair from sqlflow.udfs.bridge (already of `type`'s storage).
Status WriteNormalized(PyObject* pair, size_t rows, const ColumnType& type, ValueSink& sink);

// Calls sqlflow.udfs.bridge.`function`(args…); nullptr with the Python exception set.
PyObject* CallBridge(const char* function, PyObject* args_tuple);

}  // namespace sqlflow
