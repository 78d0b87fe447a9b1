#include "udf/numpy_columns.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

namespace sqlflow {

namespace {

// The numpy type number of a fixed-width storage numpy can view directly, or -1.
int NumpyTypeNum(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
      return NPY_BOOL;
    case TypeId::kTinyInt:
      return NPY_INT8;
    case TypeId::kSmallInt:
      return NPY_INT16;
    case TypeId::kInteger:
      return NPY_INT32;
    case TypeId::kBigInt:
      return NPY_INT64;
    case TypeId::kUTinyInt:
      return NPY_UINT8;
    case TypeId::kUSmallInt:
      return NPY_UINT16;
    case TypeId::kUInteger:
      return NPY_UINT32;
    case TypeId::kUBigInt:
      return NPY_UINT64;
    case TypeId::kFloat:
      return NPY_FLOAT32;
    case TypeId::kDouble:
      return NPY_FLOAT64;
    default:
      return -1;
  }
}

bool HasNulls(const InputVector& vector, size_t rows) {
  for (size_t row = 0; row < rows; ++row) {
    if (!vector.IsValid(row)) return true;
  }
  return false;
}

PyObject* NewArray(int typenum, size_t rows) {
  npy_intp dims[1] = {static_cast<npy_intp>(rows)};
  return PyArray_SimpleNew(1, dims, typenum);
}

PyObject* ReadOnlyView(const InputVector& vector, size_t rows, int typenum) {
  npy_intp dims[1] = {static_cast<npy_intp>(rows)};
  return PyArray_New(&PyArray_Type, 1, dims, typenum, nullptr, const_cast<void*>(vector.raw_data()),
                     0, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED, nullptr);
}

double NumberAsDouble(const ColumnType& type, const void* value) {
  switch (type.id) {
    case TypeId::kBoolean:
      return *static_cast<const bool*>(value) ? 1 : 0;
    case TypeId::kTinyInt:
      return *static_cast<const int8_t*>(value);
    case TypeId::kSmallInt:
      return *static_cast<const int16_t*>(value);
    case TypeId::kInteger:
      return *static_cast<const int32_t*>(value);
    case TypeId::kBigInt:
      return static_cast<double>(*static_cast<const int64_t*>(value));
    case TypeId::kUTinyInt:
      return *static_cast<const uint8_t*>(value);
    case TypeId::kUSmallInt:
      return *static_cast<const uint16_t*>(value);
    case TypeId::kUInteger:
      return *static_cast<const uint32_t*>(value);
    case TypeId::kUBigInt:
      return static_cast<double>(*static_cast<const uint64_t*>(value));
    case TypeId::kFloat:
      return *static_cast<const float*>(value);
    case TypeId::kDouble:
      return *static_cast<const double*>(value);
    case TypeId::kDecimal: {
      double unscaled = 0;
      switch (type.decimal_storage) {
        case TypeId::kSmallInt:
          unscaled = *static_cast<const int16_t*>(value);
          break;
        case TypeId::kInteger:
          unscaled = *static_cast<const int32_t*>(value);
          break;
        case TypeId::kBigInt:
          unscaled = static_cast<double>(*static_cast<const int64_t*>(value));
          break;
        default: {
          const auto* huge = static_cast<const HugeInt*>(value);
          unscaled = static_cast<double>(huge->upper) * 18446744073709551616.0 +
                     static_cast<double>(huge->lower);
        }
      }
      return unscaled / std::pow(10.0, type.decimal_scale);
    }
    default:
      return std::nan("");
  }
}

PyObject* FloatCopy(const InputVector& vector, size_t rows) {
  PyObject* array = NewArray(NPY_FLOAT64, rows);
  if (array == nullptr) return nullptr;
  auto* out = static_cast<double*>(PyArray_DATA(reinterpret_cast<PyArrayObject*>(array)));
  const char* data = static_cast<const char*>(vector.raw_data());
  size_t width = StorageWidth(vector.type());
  for (size_t row = 0; row < rows; ++row) {
    out[row] =
        vector.IsValid(row) ? NumberAsDouble(vector.type(), data + row * width) : std::nan("");
  }
  return array;
}

// DATE and TIMESTAMP as datetime64 copies (NaT for NULL).
PyObject* DateTimeCopy(const InputVector& vector, size_t rows) {
  PyRef array(NewArray(NPY_INT64, rows));
  if (!array) return nullptr;
  auto* out = static_cast<int64_t*>(PyArray_DATA(reinterpret_cast<PyArrayObject*>(array.get())));
  TypeId id = vector.type().id;
  for (size_t row = 0; row < rows; ++row) {
    if (!vector.IsValid(row)) {
      out[row] = std::numeric_limits<int64_t>::min();  // NaT
    } else if (id == TypeId::kDate) {
      out[row] = vector.data<int32_t>()[row];
    } else {
      out[row] = vector.data<int64_t>()[row];
    }
  }
  const char* unit = id == TypeId::kDate           ? "datetime64[D]"
                     : id == TypeId::kTimestampSec ? "datetime64[s]"
                     : id == TypeId::kTimestampMs  ? "datetime64[ms]"
                     : id == TypeId::kTimestampNs  ? "datetime64[ns]"
                                                   : "datetime64[us]";
  return PyObject_CallMethod(array.get(), "view", "s", unit);
}

PyObject* ObjectCopy(const InputVector& vector, size_t rows) {
  PyRef array(NewArray(NPY_OBJECT, rows));
  if (!array) return nullptr;
  auto* out = static_cast<PyObject**>(PyArray_DATA(reinterpret_cast<PyArrayObject*>(array.get())));
  for (size_t row = 0; row < rows; ++row) {
    PyObject* value = vector.IsValid(row) ? ToPython(vector, row) : Py_NewRef(Py_None);
    if (value == nullptr) return nullptr;
    Py_XDECREF(out[row]);  // numpy fills new object arrays with None
    out[row] = value;
  }
  return array.release();
}

bool IsDateTime(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz ||
         id == TypeId::kTimestampSec || id == TypeId::kTimestampMs || id == TypeId::kTimestampNs;
}

// Marks the NaN values of a float result NULL. The scan is a tight loop over the copied values
// (a vectorized UDF's result passes here once per chunk).
template <typename T>
void SetNanNull(const T* values, size_t rows, ValueSink& sink) {
  bool any_nan = false;
  for (size_t row = 0; row < rows; ++row) any_nan |= values[row] != values[row];
  if (!any_nan) return;
  for (size_t row = 0; row < rows; ++row) {
    if (std::isnan(values[row])) sink.SetNull(row);
  }
}

// Copies an exact-dtype contiguous array; for floats, NaN becomes NULL.
void CopyFixed(PyArrayObject* array, size_t rows, const ColumnType& type, ValueSink& sink) {
  void* data = sink.data();
  std::memcpy(data, PyArray_DATA(array), rows * StorageWidth(type));
  if (type.id == TypeId::kDouble) {
    SetNanNull(static_cast<const double*>(data), rows, sink);
  } else if (type.id == TypeId::kFloat) {
    SetNanNull(static_cast<const float*>(data), rows, sink);
  }
}

PyArrayObject* ExactArray(PyObject* values, size_t rows, int typenum) {
  if (typenum < 0 || !PyArray_Check(values)) return nullptr;
  auto* array = reinterpret_cast<PyArrayObject*>(values);
  if (PyArray_NDIM(array) != 1 || PyArray_DIM(array, 0) != static_cast<npy_intp>(rows) ||
      PyArray_TYPE(array) != typenum || !PyArray_IS_C_CONTIGUOUS(array) ||
      !PyArray_ISNOTSWAPPED(array)) {
    return nullptr;
  }
  return array;
}

// Object results (a list, or an object array: strings, decimals, dates) converted value by value
// without pandas; nullopt when `values` is not of that shape.
std::optional<Status> WriteObjects(PyObject* values, size_t rows, const ColumnType& type,
                                   ValueSink& sink) {
  PyObject** items = nullptr;
  if (PyList_Check(values) && PyList_GET_SIZE(values) == static_cast<Py_ssize_t>(rows)) {
    items = PySequence_Fast_ITEMS(values);
  } else if (PyArray_Check(values)) {
    auto* array = reinterpret_cast<PyArrayObject*>(values);
    if (PyArray_NDIM(array) != 1 || PyArray_DIM(array, 0) != static_cast<npy_intp>(rows) ||
        PyArray_TYPE(array) != NPY_OBJECT || !PyArray_IS_C_CONTIGUOUS(array)) {
      return std::nullopt;
    }
    items = static_cast<PyObject**>(PyArray_DATA(array));
  } else {
    return std::nullopt;
  }
  for (size_t row = 0; row < rows; ++row) {
    PyObject* item = items[row];
    if (PyFloat_Check(item) && std::isnan(PyFloat_AS_DOUBLE(item))) {
      sink.SetNull(row);
      continue;
    }
    Status st = FromPython(item, type, sink, row);
    if (!st.ok()) return Status::Invalid("row " + std::to_string(row + 1) + ": " + st.message());
  }
  return Status::OK();
}

}  // namespace

const char* StorageName(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
      return "bool";
    case TypeId::kTinyInt:
      return "int8";
    case TypeId::kSmallInt:
      return "int16";
    case TypeId::kInteger:
      return "int32";
    case TypeId::kBigInt:
      return "int64";
    case TypeId::kUTinyInt:
      return "uint8";
    case TypeId::kUSmallInt:
      return "uint16";
    case TypeId::kUInteger:
      return "uint32";
    case TypeId::kUBigInt:
      return "uint64";
    case TypeId::kFloat:
      return "float32";
    case TypeId::kDouble:
      return "float64";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return "timestamp";
    default:
      return "object";
  }
}

PyObject* VectorToArray(const InputVector& vector, size_t rows) {
  const ColumnType& type = vector.type();
  if (IsDateTime(type.id)) return DateTimeCopy(vector, rows);
  int typenum = NumpyTypeNum(type);
  bool nulls = HasNulls(vector, rows);
  if (typenum >= 0 && !nulls) return ReadOnlyView(vector, rows, typenum);
  if (type.id == TypeId::kDecimal || (typenum >= 0 && type.id != TypeId::kBoolean)) {
    return FloatCopy(vector, rows);
  }
  return ObjectCopy(vector, rows);
}

PyObject* CallBridge(const char* function, PyObject* args_tuple) {
  PyRef module(PyImport_ImportModule("sqlflow.udfs.bridge"));
  if (!module) return nullptr;
  PyRef callable(PyObject_GetAttrString(module.get(), function));
  if (!callable) return nullptr;
  return PyObject_Call(callable.get(), args_tuple, nullptr);
}

Status WriteNormalized(PyObject* pair, size_t rows, const ColumnType& type, ValueSink& sink) {
  PyObject* values = nullptr;
  PyObject* mask = nullptr;
  if (!PyArg_ParseTuple(pair, "OO", &values, &mask) || !PyArray_Check(values)) {
    PyErr_Clear();
    return Status::Internal("sqlflow.udfs.bridge returned no (array, mask) pair");
  }
  auto* array = reinterpret_cast<PyArrayObject*>(values);
  const bool* null_at = nullptr;
  if (mask != Py_None) {
    if (!PyArray_Check(mask) || PyArray_TYPE(reinterpret_cast<PyArrayObject*>(mask)) != NPY_BOOL) {
      return Status::Internal("sqlflow.udfs.bridge returned a mask that is not a bool array");
    }
    null_at = static_cast<const bool*>(PyArray_DATA(reinterpret_cast<PyArrayObject*>(mask)));
  }
  if (PyArray_DIM(array, 0) != static_cast<npy_intp>(rows)) {
    return Status::Internal("sqlflow.udfs.bridge returned a column of the wrong length");
  }
  if (PyArray_TYPE(array) == NPY_OBJECT) {
    auto* items = static_cast<PyObject**>(PyArray_DATA(array));
    for (size_t row = 0; row < rows; ++row) {
      if (null_at != nullptr && null_at[row]) {
        sink.SetNull(row);
        continue;
      }
      Status st = FromPython(items[row], type, sink, row);
      if (!st.ok()) return Status::Invalid("row " + std::to_string(row + 1) + ": " + st.message());
    }
    return Status::OK();
  }
  if (static_cast<size_t>(PyArray_ITEMSIZE(array)) != StorageWidth(type) ||
      !PyArray_IS_C_CONTIGUOUS(array)) {
    return Status::Internal("sqlflow.udfs.bridge returned an array of the wrong storage for " +
                            type.name);
  }
  std::memcpy(sink.data(), PyArray_DATA(array), rows * StorageWidth(type));
  for (size_t row = 0; null_at != nullptr && row < rows; ++row) {
    if (null_at[row]) sink.SetNull(row);
  }
  return Status::OK();
}

Status WriteColumn(PyObject* values, size_t rows, const ColumnType& type, ValueSink& sink) {
  if (PyArrayObject* exact = ExactArray(values, rows, NumpyTypeNum(type))) {
    CopyFixed(exact, rows, type, sink);
    return Status::OK();
  }
  if (NumpyTypeNum(type) < 0 && !IsDateTime(type.id)) {
    if (std::optional<Status> written = WriteObjects(values, rows, type, sink)) return *written;
  }
  PyRef args(Py_BuildValue("(Ons)", values, static_cast<Py_ssize_t>(rows), StorageName(type)));
  PyRef pair(args ? CallBridge("normalize", args.get()) : nullptr);
  if (!pair) return Status::Invalid(TakeExceptionSummary());
  return WriteNormalized(pair.get(), rows, type, sink);
}

}  // namespace sqlflow
