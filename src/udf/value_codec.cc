#include "udf/value_codec.h"

#include <datetime.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace sqlflow {

namespace {

using Int128 = __int128;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

// datetime's C API table is per translation unit (datetime.h), loaded on first use.
bool DateTimeApiReady() {
  if (PyDateTimeAPI == nullptr) PyDateTime_IMPORT;
  return PyDateTimeAPI != nullptr;
}

// decimal.Decimal, imported once and kept for the life of the interpreter.
PyObject* DecimalClass() {
  static PyObject* decimal_class = nullptr;
  if (decimal_class == nullptr) {
    PyRef module(PyImport_ImportModule("decimal"));
    if (module) decimal_class = PyObject_GetAttrString(module.get(), "Decimal");
  }
  return decimal_class;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string Int128ToString(Int128 value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  std::string digits;
  while (value != 0) {
    int digit = static_cast<int>(value % 10);
    digits.push_back(static_cast<char>('0' + (negative ? -digit : digit)));
    value /= 10;
  }
  if (negative) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

Int128 ReadUnscaled(const ColumnType& type, const void* value) {
  switch (type.decimal_storage) {
    case TypeId::kSmallInt:
      return *static_cast<const int16_t*>(value);
    case TypeId::kInteger:
      return *static_cast<const int32_t*>(value);
    case TypeId::kBigInt:
      return *static_cast<const int64_t*>(value);
    default: {
      const auto* huge = static_cast<const HugeInt*>(value);
      return (static_cast<Int128>(huge->upper) << 64) | static_cast<Int128>(huge->lower);
    }
  }
}

PyObject* DecimalToPython(const ColumnType& type, const void* value) {
  std::string digits = Int128ToString(ReadUnscaled(type, value));
  bool negative = digits[0] == '-';
  if (negative) digits.erase(0, 1);
  size_t scale = type.decimal_scale;
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  if (scale > 0) digits.insert(digits.size() - scale, ".");
  if (negative) digits.insert(0, "-");
  PyObject* decimal_class = DecimalClass();
  if (decimal_class == nullptr) return nullptr;
  return PyObject_CallFunction(decimal_class, "s", digits.c_str());
}

PyObject* TimestampToPython(int64_t micros, bool utc_aware) {
  if (!DateTimeApiReady()) return nullptr;
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  int year, month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 1 || year > 9999) {
    PyErr_Format(PyExc_OverflowError, "timestamp year %d is outside Python's range 1..9999", year);
    return nullptr;
  }
  int hour = static_cast<int>(rest / 3600000000LL);
  int minute = static_cast<int>(rest / 60000000LL % 60);
  int second = static_cast<int>(rest / 1000000LL % 60);
  int usecond = static_cast<int>(rest % 1000000LL);
  PyObject* tz = utc_aware ? PyDateTime_TimeZone_UTC : Py_None;
  return PyDateTimeAPI->DateTime_FromDateAndTime(year, month, day, hour, minute, second, usecond,
                                                 tz, PyDateTimeAPI->DateTimeType);
}

PyObject* DateToPython(int32_t days) {
  if (!DateTimeApiReady()) return nullptr;
  int year, month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 1 || year > 9999) {
    PyErr_Format(PyExc_OverflowError, "date year %d is outside Python's range 1..9999", year);
    return nullptr;
  }
  return PyDate_FromDate(year, month, day);
}

int64_t TimestampMicros(const ColumnType& type, int64_t raw) {
  switch (type.id) {
    case TypeId::kTimestampSec:
      return raw * 1000000LL;
    case TypeId::kTimestampMs:
      return raw * 1000LL;
    case TypeId::kTimestampNs:
      return FloorDiv(raw, 1000);
    default:
      return raw;
  }
}

std::string Got(PyObject* obj) {
  std::string repr = PyRepr(obj);
  if (repr.size() > 60) repr = repr.substr(0, 57) + "...";
  return std::string(Py_TYPE(obj)->tp_name) + " " + repr;
}

Status Mismatch(const char* expected, const ColumnType& type, PyObject* obj) {
  return Status::Invalid(std::string("expected ") + expected + " for " + type.name + ", got " +
                         Got(obj));
}

template <typename T>
Status WriteInteger(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  bool is_int = PyLong_Check(obj) || PyArray_IsScalar(obj, Integer) || PyArray_IsScalar(obj, Bool);
  if (!is_int) return Mismatch("int", type, obj);
  int overflow = 0;
  long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (value == -1 && PyErr_Occurred()) {
    PyErr_Clear();
    return Mismatch("int", type, obj);
  }
  bool in_range = overflow == 0;
  if constexpr (std::is_signed_v<T>) {
    in_range = in_range && value >= std::numeric_limits<T>::min() &&
               value <= std::numeric_limits<T>::max();
  } else {
    in_range = in_range && value >= 0 &&
               static_cast<unsigned long long>(value) <= std::numeric_limits<T>::max();
  }
  if (!in_range) return Status::Invalid("int " + PyRepr(obj) + " is out of range for " + type.name);
  static_cast<T*>(sink.data())[row] = static_cast<T>(value);
  return Status::OK();
}

Status WriteUBigInt(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (!PyLong_Check(obj) && !PyArray_IsScalar(obj, Integer)) return Mismatch("int", type, obj);
  PyRef as_int(PyNumber_Index(obj));
  unsigned long long value = as_int ? PyLong_AsUnsignedLongLong(as_int.get()) : 0;
  if (PyErr_Occurred()) {
    PyErr_Clear();
    return Status::Invalid("int " + PyRepr(obj) + " is out of range for " + type.name);
  }
  static_cast<uint64_t*>(sink.data())[row] = value;
  return Status::OK();
}

template <typename T>
Status WriteFloat(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (PyFloat_CheckExact(obj)) {
    static_cast<T*>(sink.data())[row] = static_cast<T>(PyFloat_AS_DOUBLE(obj));
    return Status::OK();
  }
  if (PyUnicode_Check(obj) || PyBytes_Check(obj) || !PyNumber_Check(obj)) {
    return Mismatch("float", type, obj);
  }
  double value = PyFloat_AsDouble(obj);
  if (value == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    return Mismatch("float", type, obj);
  }
  static_cast<T*>(sink.data())[row] = static_cast<T>(value);
  return Status::OK();
}

Status WriteText(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (type.id == TypeId::kBlob && (PyBytes_Check(obj) || PyByteArray_Check(obj))) {
    char* data = PyBytes_Check(obj) ? PyBytes_AS_STRING(obj) : PyByteArray_AS_STRING(obj);
    Py_ssize_t size = PyBytes_Check(obj) ? PyBytes_GET_SIZE(obj) : PyByteArray_GET_SIZE(obj);
    sink.SetString(row, std::string_view(data, static_cast<size_t>(size)));
    return Status::OK();
  }
  if (type.id == TypeId::kBlob || !PyUnicode_Check(obj)) {
    return Mismatch(type.id == TypeId::kBlob ? "bytes" : "str", type, obj);
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(obj, &size);
  if (data == nullptr) {
    return Status::Invalid("a str that is not valid UTF-8 for " + type.name + ": " +
                           TakeExceptionSummary());
  }
  sink.SetString(row, std::string_view(data, static_cast<size_t>(size)));
  return Status::OK();
}

Status WriteDate(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (!DateTimeApiReady() || !PyDate_Check(obj)) return Mismatch("datetime.date", type, obj);
  int64_t days =
      DaysFromCivil(PyDateTime_GET_YEAR(obj), PyDateTime_GET_MONTH(obj), PyDateTime_GET_DAY(obj));
  static_cast<int32_t*>(sink.data())[row] = static_cast<int32_t>(days);
  return Status::OK();
}

Status WriteTimestamp(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (!DateTimeApiReady() || !PyDate_Check(obj)) {
    return Mismatch("datetime.datetime", type, obj);
  }
  int64_t days =
      DaysFromCivil(PyDateTime_GET_YEAR(obj), PyDateTime_GET_MONTH(obj), PyDateTime_GET_DAY(obj));
  int64_t micros = days * kMicrosPerDay;
  if (PyDateTime_Check(obj)) {
    micros += (PyDateTime_DATE_GET_HOUR(obj) * 3600LL + PyDateTime_DATE_GET_MINUTE(obj) * 60LL +
               PyDateTime_DATE_GET_SECOND(obj)) *
                  1000000LL +
              PyDateTime_DATE_GET_MICROSECOND(obj);
    PyRef offset(PyObject_CallMethod(obj, "utcoffset", nullptr));
    if (!offset) return Status::Invalid("cannot read the time zone of " + Got(obj));
    if (offset.get() != Py_None && PyDelta_Check(offset.get())) {
      micros -= (PyDateTime_DELTA_GET_DAYS(offset.get()) * 86400LL +
                 PyDateTime_DELTA_GET_SECONDS(offset.get())) *
                    1000000LL +
                PyDateTime_DELTA_GET_MICROSECONDS(offset.get());
    }
  }
  int64_t stored = micros;
  if (type.id == TypeId::kTimestampSec) stored = FloorDiv(micros, 1000000);
  if (type.id == TypeId::kTimestampMs) stored = FloorDiv(micros, 1000);
  if (type.id == TypeId::kTimestampNs) stored = micros * 1000;
  static_cast<int64_t*>(sink.data())[row] = stored;
  return Status::OK();
}

// Decimal(obj).scaleb(scale).to_integral_value() as an exact integer.
Status UnscaledDecimal(PyObject* obj, const ColumnType& type, Int128* out) {
  PyObject* decimal_class = DecimalClass();
  if (decimal_class == nullptr) return Status::Internal("cannot import decimal");
  bool numeric = PyObject_IsInstance(obj, decimal_class) == 1 || PyLong_Check(obj) ||
                 PyFloat_Check(obj) || PyArray_IsScalar(obj, Number);
  if (!numeric || PyBool_Check(obj)) return Mismatch("Decimal", type, obj);
  PyRef as_decimal(PyObject_CallFunctionObjArgs(decimal_class, obj, nullptr));
  PyRef scaled(as_decimal ? PyObject_CallMethod(as_decimal.get(), "scaleb", "i",
                                                static_cast<int>(type.decimal_scale))
                          : nullptr);
  PyRef integral(scaled ? PyObject_CallMethod(scaled.get(), "to_integral_value", nullptr)
                        : nullptr);
  PyRef as_int(integral ? PyNumber_Long(integral.get()) : nullptr);
  if (!as_int)
    return Status::Invalid("cannot store " + Got(obj) + " as " + type.name + ": " +
                           TakeExceptionSummary());
  std::string digits = PyStr(as_int.get());
  bool negative = !digits.empty() && digits[0] == '-';
  size_t first = negative ? 1 : 0;
  if (digits.size() - first > type.decimal_width) {
    return Status::Invalid("Decimal " + PyStr(obj) + " is out of range for " + type.name);
  }
  Int128 value = 0;
  for (size_t i = first; i < digits.size(); ++i) value = value * 10 + (digits[i] - '0');
  *out = negative ? -value : value;
  return Status::OK();
}

Status WriteDecimal(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  Int128 value = 0;
  SQLFLOW_RETURN_IF_ERROR(UnscaledDecimal(obj, type, &value));
  switch (type.decimal_storage) {
    case TypeId::kSmallInt:
      static_cast<int16_t*>(sink.data())[row] = static_cast<int16_t>(value);
      break;
    case TypeId::kInteger:
      static_cast<int32_t*>(sink.data())[row] = static_cast<int32_t>(value);
      break;
    case TypeId::kBigInt:
      static_cast<int64_t*>(sink.data())[row] = static_cast<int64_t>(value);
      break;
    default: {
      HugeInt& huge = static_cast<HugeInt*>(sink.data())[row];
      huge.lower = static_cast<uint64_t>(value);
      huge.upper = static_cast<int64_t>(value >> 64);
    }
  }
  return Status::OK();
}

Status WriteHugeInt(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (!PyLong_Check(obj) && !PyArray_IsScalar(obj, Integer)) return Mismatch("int", type, obj);
  ColumnType as_decimal = ColumnType::Decimal(38, 0);
  as_decimal.name = type.name;
  Int128 value = 0;
  SQLFLOW_RETURN_IF_ERROR(UnscaledDecimal(obj, as_decimal, &value));
  HugeInt& huge = static_cast<HugeInt*>(sink.data())[row];
  huge.lower = static_cast<uint64_t>(value);
  huge.upper = static_cast<int64_t>(value >> 64);
  return Status::OK();
}

}  // namespace

void CivilFromDays(int64_t days, int* year, int* month, int* day) {
  // Howard Hinnant's days_from_civil inverse.
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(y + (*month <= 2));
}

int64_t DaysFromCivil(int year, int month, int day) {
  int64_t y = static_cast<int64_t>(year) - (month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

size_t StorageWidth(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kUTinyInt:
      return 1;
    case TypeId::kSmallInt:
    case TypeId::kUSmallInt:
      return 2;
    case TypeId::kInteger:
    case TypeId::kUInteger:
    case TypeId::kFloat:
    case TypeId::kDate:
      return 4;
    case TypeId::kHugeInt:
    case TypeId::kUuid:
    case TypeId::kInterval:
      return 16;
    case TypeId::kVarchar:
    case TypeId::kBlob:
    case TypeId::kList:
    case TypeId::kOther:
      return 0;
    case TypeId::kDecimal:
      switch (type.decimal_storage) {
        case TypeId::kSmallInt:
          return 2;
        case TypeId::kInteger:
          return 4;
        case TypeId::kBigInt:
          return 8;
        default:
          return 16;
      }
    default:
      return 8;
  }
}

bool IsConvertible(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kTime:
    case TypeId::kInterval:
    case TypeId::kUuid:
    case TypeId::kList:
    case TypeId::kOther:
      return false;
    default:
      return true;
  }
}

PyObject* ToPythonValue(const ColumnType& type, const void* value) {
  switch (type.id) {
    case TypeId::kBoolean:
      return PyBool_FromLong(*static_cast<const bool*>(value));
    case TypeId::kTinyInt:
      return PyLong_FromLong(*static_cast<const int8_t*>(value));
    case TypeId::kSmallInt:
      return PyLong_FromLong(*static_cast<const int16_t*>(value));
    case TypeId::kInteger:
      return PyLong_FromLong(*static_cast<const int32_t*>(value));
    case TypeId::kBigInt:
      return PyLong_FromLongLong(*static_cast<const int64_t*>(value));
    case TypeId::kUTinyInt:
      return PyLong_FromUnsignedLong(*static_cast<const uint8_t*>(value));
    case TypeId::kUSmallInt:
      return PyLong_FromUnsignedLong(*static_cast<const uint16_t*>(value));
    case TypeId::kUInteger:
      return PyLong_FromUnsignedLong(*static_cast<const uint32_t*>(value));
    case TypeId::kUBigInt:
      return PyLong_FromUnsignedLongLong(*static_cast<const uint64_t*>(value));
    case TypeId::kHugeInt: {
      ColumnType as_decimal = ColumnType::Decimal(38, 0);
      std::string digits = Int128ToString(ReadUnscaled(as_decimal, value));
      return PyLong_FromString(digits.c_str(), nullptr, 10);
    }
    case TypeId::kFloat:
      return PyFloat_FromDouble(*static_cast<const float*>(value));
    case TypeId::kDouble:
      return PyFloat_FromDouble(*static_cast<const double*>(value));
    case TypeId::kDecimal:
      return DecimalToPython(type, value);
    case TypeId::kDate:
      return DateToPython(*static_cast<const int32_t*>(value));
    case TypeId::kTimestamp:
    case TypeId::kTimestampSec:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
      return TimestampToPython(TimestampMicros(type, *static_cast<const int64_t*>(value)), false);
    case TypeId::kTimestampTz:
      return TimestampToPython(*static_cast<const int64_t*>(value), true);
    default:
      PyErr_Format(PyExc_TypeError, "SQL type %s has no Python conversion", type.name.c_str());
      return nullptr;
  }
}

PyObject* ToPython(const InputVector& vector, size_t row) {
  const ColumnType& type = vector.type();
  switch (type.id) {
    case TypeId::kDouble:
      return PyFloat_FromDouble(vector.data<double>()[row]);
    case TypeId::kBigInt:
      return PyLong_FromLongLong(vector.data<int64_t>()[row]);
    case TypeId::kVarchar: {
      std::string_view text = vector.GetString(row);
      return PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
    }
    case TypeId::kBlob: {
      std::string_view bytes = vector.GetString(row);
      return PyBytes_FromStringAndSize(bytes.data(), static_cast<Py_ssize_t>(bytes.size()));
    }
    default:
      break;
  }
  size_t width = StorageWidth(type);
  return ToPythonValue(type, static_cast<const char*>(vector.raw_data()) + row * width);
}

Status FromPython(PyObject* obj, const ColumnType& type, ValueSink& sink, size_t row) {
  if (obj == Py_None) {
    sink.SetNull(row);
    return Status::OK();
  }
  switch (type.id) {
    case TypeId::kDouble:
      return WriteFloat<double>(obj, type, sink, row);
    case TypeId::kFloat:
      return WriteFloat<float>(obj, type, sink, row);
    case TypeId::kBigInt:
      return WriteInteger<int64_t>(obj, type, sink, row);
    case TypeId::kInteger:
      return WriteInteger<int32_t>(obj, type, sink, row);
    case TypeId::kSmallInt:
      return WriteInteger<int16_t>(obj, type, sink, row);
    case TypeId::kTinyInt:
      return WriteInteger<int8_t>(obj, type, sink, row);
    case TypeId::kUInteger:
      return WriteInteger<uint32_t>(obj, type, sink, row);
    case TypeId::kUSmallInt:
      return WriteInteger<uint16_t>(obj, type, sink, row);
    case TypeId::kUTinyInt:
      return WriteInteger<uint8_t>(obj, type, sink, row);
    case TypeId::kUBigInt:
      return WriteUBigInt(obj, type, sink, row);
    case TypeId::kHugeInt:
      return WriteHugeInt(obj, type, sink, row);
    case TypeId::kBoolean:
      if (!PyBool_Check(obj) && !PyArray_IsScalar(obj, Bool)) return Mismatch("bool", type, obj);
      static_cast<bool*>(sink.data())[row] = PyObject_IsTrue(obj) == 1;
      return Status::OK();
    case TypeId::kVarchar:
    case TypeId::kBlob:
      return WriteText(obj, type, sink, row);
    case TypeId::kDate:
      return WriteDate(obj, type, sink, row);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampSec:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
      return WriteTimestamp(obj, type, sink, row);
    case TypeId::kDecimal:
      return WriteDecimal(obj, type, sink, row);
    default:
      return Status::Invalid("SQL type " + type.name + " cannot be returned from Python");
  }
}

}  // namespace sqlflow
