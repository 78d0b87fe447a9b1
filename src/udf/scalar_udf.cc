#include "udf/scalar_udf.h"

#include <mutex>
#include <vector>

#include "udf/numpy_columns.h"
#include "udf/sql_type_name.h"
#include "udf/value_codec.h"

namespace sqlflow {

namespace {

// Holds the GIL for one chunk's calls, after queueing on a plain mutex. DuckDB calls UDFs from
// several worker threads, and only one of them can run Python at a time; letting them queue on
// a mutex rather than contend for the GIL itself measured faster with DuckDB threads=2
// (bench/udf_bench: vectorized numeric median 82 vs 61 M rows/s; no change with one thread).
// REQUIRES: not held already by this thread (the mutex is not recursive).
class UdfCallLock {
 public:
  UdfCallLock() : queue_(Mutex()) {}

 private:
  static std::mutex& Mutex() {
    static std::mutex mutex;
    return mutex;
  }
  std::lock_guard<std::mutex> queue_;
  GilLock gil_;
};

// What every call of one registered scalar UDF needs.
struct ScalarPlan {
  std::shared_ptr<PythonFunction> function;
  std::vector<std::string> names;  // positional parameters
  std::vector<ColumnType> types;
  std::vector<bool> nullable;
  ColumnType result;
  size_t min_arity = 0;
};

// "price=3.5, pct=0" from the arguments of the failing row.
std::string RowText(const ScalarPlan& plan, PyObject* const* args, size_t arity) {
  std::string text;
  for (size_t i = 0; i < arity; ++i) {
    if (i > 0) text += ", ";
    std::string repr = PyRepr(args[i]);
    if (repr.size() > 80) repr = repr.substr(0, 77) + "...";
    text += plan.names[i] + "=" + repr;
  }
  return text;
}

// One argument column for the row loop: the data pointer and type are read once per chunk so
// that the common types convert without calls into the engine.
struct ArgColumn {
  const InputVector* vector;
  const void* data;
  TypeId id;
  bool nullable;  // Optional[...]: NULL arrives as None instead of skipping the row
};

PyObject* ArgToPython(const ArgColumn& column, size_t row) {
  switch (column.id) {
    case TypeId::kDouble:
      return PyFloat_FromDouble(static_cast<const double*>(column.data)[row]);
    case TypeId::kBigInt:
      return PyLong_FromLongLong(static_cast<const int64_t*>(column.data)[row]);
    case TypeId::kInteger:
      return PyLong_FromLong(static_cast<const int32_t*>(column.data)[row]);
    default:
      return ToPython(*column.vector, row);
  }
}

// Stores `out` for the result types most UDFs return (float, int, bool), without the generic
// conversion; false when FromPython must handle it (other types, overflow, a wrong type).
bool WriteCommonResult(PyObject* out, TypeId id, void* data, size_t row) {
  switch (id) {
    case TypeId::kDouble:
      if (!PyFloat_CheckExact(out)) return false;
      static_cast<double*>(data)[row] = PyFloat_AS_DOUBLE(out);
      return true;
    case TypeId::kBigInt: {
      if (!PyLong_CheckExact(out)) return false;
      int overflow = 0;
      long long value = PyLong_AsLongLongAndOverflow(out, &overflow);
      if (overflow != 0) return false;
      static_cast<int64_t*>(data)[row] = value;
      return true;
    }
    case TypeId::kBoolean:
      if (out != Py_True && out != Py_False) return false;
      static_cast<bool*>(data)[row] = out == Py_True;
      return true;
    default:
      return false;
  }
}

// True when a column from `first` on is NULL at `row` for a parameter that is not Optional: the
// row's result is NULL whatever the other arguments hold.
bool HasNullForNonOptional(const std::vector<ArgColumn>& columns, size_t row, size_t first) {
  for (size_t i = first; i < columns.size(); ++i) {
    if (!columns[i].nullable && !columns[i].vector->IsValid(row)) return true;
  }
  return false;
}

// Builds the arguments of `row` into `args`. Returns false when a NULL reaches a parameter that
// is not Optional (nothing is built: the result is NULL), or when a conversion fails (then
// `*error` is set).
bool BuildRowArgs(const ScalarPlan& plan, const std::vector<ArgColumn>& columns, size_t row,
                  PyObject** args, Status* error) {
  size_t arity = columns.size();
  size_t built = 0;
  for (; built < arity; ++built) {
    const ArgColumn& column = columns[built];
    if (!column.vector->IsValid(row)) {
      if (!column.nullable) break;
      args[built] = Py_NewRef(Py_None);
      continue;
    }
    args[built] = ArgToPython(column, row);
    if (args[built] == nullptr) {
      std::string why = TakeExceptionSummary();
      if (!HasNullForNonOptional(columns, row, built + 1)) {
        *error =
            Status::Invalid(plan.function->Label() + " cannot receive argument '" +
                            plan.names[built] + "' of row " + std::to_string(row + 1) + ": " + why);
      }
      break;
    }
  }
  if (built == arity) return true;
  for (size_t j = 0; j < built; ++j) Py_DECREF(args[j]);
  return false;
}

// The error of a row whose call raised (`out` null) or returned a value FromPython refused.
Status RowError(const ScalarPlan& plan, PyObject* out, PyObject* const* args, size_t arity,
                OutputVectorSink& sink, size_t row) {
  if (out == nullptr) {
    std::string raised = TakeExceptionSummary();
    return Status::Invalid(plan.function->Label() + " raised " + raised +
                           " (input row: " + RowText(plan, args, arity) + ")");
  }
  Status st = FromPython(out, plan.result, sink, row);
  if (st.ok()) return st;
  return Status::Invalid(plan.function->Label() + " returned a bad value: " + st.message() +
                         " (input row: " + RowText(plan, args, arity) + ")");
}

// Calls the UDF once per row. The loop avoids per-row allocations and engine calls for the
// common argument and result types: it is what row UDF throughput comes down to.
Status InvokeRows(const ScalarPlan& plan, size_t arity, const InputChunk& chunk,
                  OutputVector& result) {
  std::vector<InputVector> vectors;
  vectors.reserve(arity);
  for (size_t i = 0; i < arity; ++i) vectors.push_back(chunk.column(i));
  std::vector<ArgColumn> columns;
  columns.reserve(arity);
  for (size_t i = 0; i < arity; ++i) {
    columns.push_back({&vectors[i], vectors[i].raw_data(), vectors[i].type().id, plan.nullable[i]});
  }
  OutputVectorSink sink(result);
  void* out_data = result.raw_data();
  TypeId out_type = plan.result.id;
  std::vector<PyObject*> args(arity + 1, nullptr);
  PyObject* callable = plan.function->get();
  Status error;
  UdfCallLock lock;
  for (size_t row = 0; row < chunk.size(); ++row) {
    if (!BuildRowArgs(plan, columns, row, args.data(), &error)) {
      if (!error.ok()) return error;
      sink.SetNull(row);
      continue;
    }
    PyObject* out = PyObject_Vectorcall(callable, args.data(), arity, nullptr);
    if (out == Py_None) {
      sink.SetNull(row);
    } else if (out == nullptr || !WriteCommonResult(out, out_type, out_data, row)) {
      error = RowError(plan, out, args.data(), arity, sink, row);
    }
    Py_XDECREF(out);
    for (size_t i = 0; i < arity; ++i) Py_DECREF(args[i]);
    if (!error.ok()) return error;
  }
  return Status::OK();
}

Status InvokeVectorized(const ScalarPlan& plan, size_t arity, const InputChunk& chunk,
                        OutputVector& result) {
  size_t rows = chunk.size();
  std::vector<InputVector> columns;
  for (size_t i = 0; i < arity; ++i) columns.push_back(chunk.column(i));
  OutputVectorSink sink(result);
  UdfCallLock lock;
  std::vector<PyRef> arrays;
  std::vector<PyObject*> args;
  for (size_t i = 0; i < arity; ++i) {
    arrays.emplace_back(VectorToArray(columns[i], rows));
    if (!arrays.back()) {
      return Status::Invalid(plan.function->Label() + " cannot receive argument '" + plan.names[i] +
                             "': " + TakeExceptionSummary());
    }
    args.push_back(arrays.back().get());
  }
  PyRef out(PyObject_Vectorcall(plan.function->get(), args.data(), arity, nullptr));
  if (!out) {
    return Status::Invalid(plan.function->Label() + " raised " + TakeExceptionSummary() +
                           " (on a batch of " + std::to_string(rows) + " rows)");
  }
  Status st = WriteColumn(out.get(), rows, plan.result, sink);
  if (!st.ok()) {
    return Status::Invalid(plan.function->Label() + " returned a bad result: " + st.message());
  }
  return Status::OK();
}

Result<ColumnType> TypeOf(const PythonFunction& function, const std::string& sql_type,
                          const std::string& what) {
  Result<ColumnType> type = ParseSqlTypeName(sql_type);
  if (!type.ok()) {
    return Status::Invalid(function.Label() + ": " + what + ": " + type.status().message());
  }
  if (!IsConvertible(*type)) {
    return Status::Invalid(function.Label() + ": " + what + " has type " + sql_type +
                           ", which Python UDFs cannot exchange");
  }
  return type;
}

}  // namespace

Result<ScalarFunctionSpec> MakeScalarFunctionSpec(std::shared_ptr<PythonFunction> function,
                                                  const std::string& sql_name) {
  const UdfInfo& info = function->info();
  auto plan = std::make_shared<ScalarPlan>();
  plan->function = function;
  for (const UdfParameter& p : info.parameters) {
    if (p.keyword_only) continue;  // SQL passes arguments by position; these keep defaults
    SQLFLOW_ASSIGN_OR_RETURN(ColumnType type,
                             TypeOf(*function, p.sql_type, "parameter '" + p.name + "'"));
    plan->names.push_back(p.name);
    plan->types.push_back(type);
    plan->nullable.push_back(p.nullable);
    if (!p.has_default) plan->min_arity = plan->names.size();
  }
  SQLFLOW_ASSIGN_OR_RETURN(plan->result,
                           TypeOf(*function, info.return_sql_type, "the return value"));
  ScalarFunctionSpec spec;
  spec.name = sql_name;
  for (size_t arity = plan->min_arity; arity <= plan->types.size(); ++arity) {
    spec.overloads.push_back(
        {std::vector<ColumnType>(plan->types.begin(), plan->types.begin() + arity), plan->result});
  }
  bool vectorized = info.kind == UdfKind::kVectorized;
  spec.invoke = [plan, vectorized](size_t overload, const InputChunk& args,
                                   OutputVector& result) -> Status {
    size_t arity = plan->min_arity + overload;
    return vectorized ? InvokeVectorized(*plan, arity, args, result)
                      : InvokeRows(*plan, arity, args, result);
  };
  // Python functions may be impure (random, clocks); never fold them into constants.
  spec.is_volatile = true;
  return spec;
}

}  // namespace sqlflow
