#include "udf/scalar_udf.h"

#include <vector>

#include "udf/numpy_columns.h"
#include "udf/sql_type_name.h"
#include "udf/value_codec.h"

namespace sqlflow {

namespace {

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

// Builds the arguments of `row`; false when a NULL reaches a parameter that is not Optional
// (then nothing is built). A conversion failure leaves `*error` set.
bool BuildRowArgs(const ScalarPlan& plan, const std::vector<InputVector>& columns, size_t row,
                  PyObject** args, Status* error) {
  size_t arity = columns.size();
  for (size_t i = 0; i < arity; ++i) {
    if (!plan.nullable[i] && !columns[i].IsValid(row)) return false;
  }
  for (size_t i = 0; i < arity; ++i) {
    args[i] = columns[i].IsValid(row) ? ToPython(columns[i], row) : Py_NewRef(Py_None);
    if (args[i] == nullptr) {
      *error =
          Status::Invalid(plan.function->Label() + " cannot receive argument '" + plan.names[i] +
                          "' of row " + std::to_string(row + 1) + ": " + TakeExceptionSummary());
      for (size_t j = 0; j < i; ++j) Py_DECREF(args[j]);
      return false;
    }
  }
  return true;
}

Status InvokeRows(const ScalarPlan& plan, size_t arity, const InputChunk& chunk,
                  OutputVector& result) {
  std::vector<InputVector> columns;
  for (size_t i = 0; i < arity; ++i) columns.push_back(chunk.column(i));
  OutputVectorSink sink(result);
  std::vector<PyObject*> args(arity + 1, nullptr);
  PyObject* callable = plan.function->get();
  GilLock gil;
  for (size_t row = 0; row < chunk.size(); ++row) {
    Status error;
    if (!BuildRowArgs(plan, columns, row, args.data(), &error)) {
      if (!error.ok()) return error;
      sink.SetNull(row);
      continue;
    }
    PyObject* out = PyObject_Vectorcall(callable, args.data(), arity, nullptr);
    Status st;
    if (out == nullptr) {
      std::string raised = TakeExceptionSummary();
      st = Status::Invalid(plan.function->Label() + " raised " + raised +
                           " (input row: " + RowText(plan, args.data(), arity) + ")");
    } else {
      st = FromPython(out, plan.result, sink, row);
      if (!st.ok()) {
        st = Status::Invalid(plan.function->Label() + " returned a bad value: " + st.message() +
                             " (input row: " + RowText(plan, args.data(), arity) + ")");
      }
      Py_DECREF(out);
    }
    for (size_t i = 0; i < arity; ++i) Py_DECREF(args[i]);
    if (!st.ok()) return st;
  }
  return Status::OK();
}

Status InvokeVectorized(const ScalarPlan& plan, size_t arity, const InputChunk& chunk,
                        OutputVector& result) {
  size_t rows = chunk.size();
  std::vector<InputVector> columns;
  for (size_t i = 0; i < arity; ++i) columns.push_back(chunk.column(i));
  OutputVectorSink sink(result);
  GilLock gil;
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
