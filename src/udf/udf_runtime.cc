#include "udf/udf_runtime.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <set>

#include "common/edit_distance.h"
#include "engine/scalar_function.h"
#include "engine/sql_quote.h"
#include "engine/table_function.h"
#include "udf/python_api.h"
#include "udf/python_function.h"
#include "udf/python_interpreter.h"
#include "udf/scalar_udf.h"
#include "udf/sql_type_name.h"
#include "udf/table_udf.h"

namespace sqlflow {

struct UdfRuntime::State {
  std::vector<UdfInfo> udfs;
  std::map<std::string, std::shared_ptr<PythonFunction>> functions;  // by qualified name
};

namespace {

std::mutex g_runtimes_mutex;
std::map<std::string, std::unique_ptr<UdfRuntime>>& Runtimes() {
  static auto* runtimes = new std::map<std::string, std::unique_ptr<UdfRuntime>>();
  return *runtimes;
}
std::mutex g_register_mutex;  // the check-then-register of Register()
// (database, lower-cased SQL name) pairs Register() has created. A database's address may be
// reused after it closes; the catalog check in Register() keeps that harmless.
std::set<std::pair<const Database*, std::string>>& Registered() {
  static auto* registered = new std::set<std::pair<const Database*, std::string>>();
  return *registered;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// ---- reading discovery's dicts (GIL held) ------------------------------------------------

std::string Text(PyObject* dict, const char* key) {
  PyObject* value = PyDict_GetItemString(dict, key);  // borrowed
  return value == nullptr || value == Py_None ? "" : PyStr(value);
}
bool Flag(PyObject* dict, const char* key) {
  PyObject* value = PyDict_GetItemString(dict, key);
  return value != nullptr && PyObject_IsTrue(value) == 1;
}

UdfParameter ReadParameter(PyObject* dict) {
  UdfParameter p;
  p.name = Text(dict, "name");
  p.annotation = Text(dict, "annotation");
  p.sql_type = Text(dict, "sql_type");
  p.has_default = Flag(dict, "has_default");
  p.default_repr = Text(dict, "default_repr");
  p.keyword_only = Flag(dict, "keyword_only");
  p.nullable = Flag(dict, "nullable");
  return p;
}

UdfInfo ReadInfo(PyObject* dict) {
  UdfInfo info;
  info.qualified_name = Text(dict, "qualified_name");
  info.function_name = Text(dict, "function_name");
  std::string kind = Text(dict, "kind");
  info.kind = kind == "table"        ? UdfKind::kTable
              : kind == "vectorized" ? UdfKind::kVectorized
                                     : UdfKind::kScalar;
  info.return_sql_type = Text(dict, "return_sql_type");
  info.infer_schema = Flag(dict, "infer_schema");
  info.file = Text(dict, "file");
  PyObject* line = PyDict_GetItemString(dict, "line");
  info.line = line != nullptr ? static_cast<int>(PyLong_AsLong(line)) : 0;
  info.docstring = Text(dict, "docstring");
  PyObject* params = PyDict_GetItemString(dict, "parameters");
  for (Py_ssize_t i = 0; params != nullptr && i < PyList_Size(params); ++i) {
    info.parameters.push_back(ReadParameter(PyList_GetItem(params, i)));
  }
  PyObject* schema = PyDict_GetItemString(dict, "output_schema");
  for (Py_ssize_t i = 0; schema != nullptr && i < PyList_Size(schema); ++i) {
    PyObject* pair = PyList_GetItem(schema, i);
    info.output_schema.emplace_back(PyStr(PyList_GetItem(pair, 0)), PyStr(PyList_GetItem(pair, 1)));
  }
  return info;
}

// The SQL types a UDF declares, checked once at start-up so that errors name the UDF early.
Status CheckTypes(const UdfInfo& info) {
  std::string label = "UDF " + info.ShortName() + " (" + info.Place() + ")";
  auto check = [&](const std::string& type, const std::string& what) -> Status {
    Result<ColumnType> parsed = ParseSqlTypeName(type);
    if (!parsed.ok())
      return Status::Invalid(label + ": " + what + ": " + parsed.status().message());
    return Status::OK();
  };
  for (size_t i = info.kind == UdfKind::kTable ? 1 : 0; i < info.parameters.size(); ++i) {
    SQLFLOW_RETURN_IF_ERROR(
        check(info.parameters[i].sql_type, "parameter '" + info.parameters[i].name + "'"));
  }
  if (info.kind != UdfKind::kTable) return check(info.return_sql_type, "the return value");
  for (const auto& [name, type] : info.output_schema) {
    SQLFLOW_RETURN_IF_ERROR(check(type, "output_schema column '" + name + "'"));
  }
  return Status::OK();
}

std::string ProblemsMessage(const std::vector<std::string>& problems) {
  std::string message = problems.size() == 1
                            ? "a Python UDF file has a problem:\n"
                            : std::to_string(problems.size()) + " Python UDF problems:\n";
  for (const std::string& p : problems) message += p + "\n";
  return message + "fix the files in python_udfs/ (sqlflow udf list checks them)";
}

}  // namespace

UdfRuntime::UdfRuntime(std::unique_ptr<State> state) : state_(std::move(state)) {}
UdfRuntime::~UdfRuntime() = default;

const std::vector<UdfInfo>& UdfRuntime::udfs() const { return state_->udfs; }

namespace {

Result<std::unique_ptr<UdfRuntime::State>> Discover(const std::string& project_root);

}  // namespace

Result<UdfRuntime*> UdfRuntime::Start(const std::string& project_root) {
  std::lock_guard<std::mutex> lock(g_runtimes_mutex);
  auto it = Runtimes().find(project_root);
  if (it != Runtimes().end()) return it->second.get();
  SQLFLOW_RETURN_IF_ERROR(StartPython());
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<State> state, Discover(project_root));
  auto runtime = std::unique_ptr<UdfRuntime>(new UdfRuntime(std::move(state)));
  UdfRuntime* raw = runtime.get();
  Runtimes()[project_root] = std::move(runtime);
  return raw;
}

namespace {

Result<std::unique_ptr<UdfRuntime::State>> Discover(const std::string& project_root) {
  GilLock gil;
  PyRef module(PyImport_ImportModule("sqlflow.udfs.discovery"));
  PyRef found(module ? PyObject_CallMethod(module.get(), "discover", "s", project_root.c_str())
                     : nullptr);
  if (!found) {
    return Status::Internal("cannot load the sqlflow Python package to find UDFs: " +
                            TakeExceptionTraceback());
  }
  std::vector<std::string> problems;
  PyObject* errors = PyDict_GetItemString(found.get(), "errors");
  for (Py_ssize_t i = 0; errors != nullptr && i < PyList_Size(errors); ++i) {
    problems.push_back(PyStr(PyList_GetItem(errors, i)));
  }
  auto state = std::make_unique<UdfRuntime::State>();
  PyObject* udfs = PyDict_GetItemString(found.get(), "udfs");
  for (Py_ssize_t i = 0; udfs != nullptr && i < PyList_Size(udfs); ++i) {
    PyObject* dict = PyList_GetItem(udfs, i);
    UdfInfo info = ReadInfo(dict);
    Status types = CheckTypes(info);
    if (!types.ok()) {
      problems.push_back(types.message());
      continue;
    }
    state->functions[info.qualified_name] =
        std::make_shared<PythonFunction>(PyDict_GetItemString(dict, "callable"), info);
    state->udfs.push_back(std::move(info));
  }
  if (!problems.empty()) return Status::Invalid(ProblemsMessage(problems));
  std::sort(state->udfs.begin(), state->udfs.end(),
            [](const UdfInfo& a, const UdfInfo& b) { return a.qualified_name < b.qualified_name; });
  return state;
}

bool Matches(const UdfInfo& info, const std::string& name) {
  const std::string& q = info.qualified_name;
  if (q == name || q == "python_udfs." + name || info.function_name == name) return true;
  return q.size() > name.size() && q.compare(q.size() - name.size(), name.size(), name) == 0 &&
         q[q.size() - name.size() - 1] == '.';
}

}  // namespace

Result<const UdfInfo*> UdfRuntime::Resolve(const std::string& name) const {
  for (const UdfInfo& info : state_->udfs) {
    if (info.qualified_name == name || info.qualified_name == "python_udfs." + name) return &info;
  }
  std::vector<const UdfInfo*> candidates;
  for (const UdfInfo& info : state_->udfs) {
    if (Matches(info, name)) candidates.push_back(&info);
  }
  if (candidates.size() == 1) return candidates[0];
  if (candidates.size() > 1) {
    std::string message = "UDF name '" + name + "' is ambiguous; it could be:";
    for (const UdfInfo* c : candidates)
      message += "\n  " + c->ShortName() + " (" + c->Place() + ")";
    return Status::Invalid(message + "\nuse one of these longer names");
  }
  std::vector<std::string> names;
  for (const UdfInfo& info : state_->udfs) {
    names.push_back(info.ShortName());
    names.push_back(info.function_name);
  }
  std::string message = "no Python UDF named '" + name + "' in python_udfs/";
  if (std::optional<std::string> close = SuggestClosest(name, names)) {
    message += "; did you mean '" + *close + "'?";
  }
  return Status::NotFound(message + " (sqlflow udf list shows every UDF)");
}

Status UdfRuntime::Register(Database& db, Connection& conn, const UdfInfo& udf,
                            const std::string& sql_name) {
  auto it = state_->functions.find(udf.qualified_name);
  if (it == state_->functions.end()) {
    return Status::Internal("UDF " + udf.qualified_name + " is not from this runtime");
  }
  std::lock_guard<std::mutex> lock(g_register_mutex);
  SQLFLOW_ASSIGN_OR_RETURN(
      QueryResult existing,
      conn.Query("SELECT count(*) FROM duckdb_functions() WHERE lower(function_name) = lower(" +
                 QuoteString(sql_name) + ")"));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, existing.NextChunk());
  auto key = std::make_pair(static_cast<const Database*>(&db), Lower(sql_name));
  if (chunk && chunk->row_count() > 0 && chunk->GetInt64(0, 0) > 0) {
    if (Registered().count(key) > 0) return Status::OK();
    return Status::Invalid("UDF " + udf.ShortName() + " (" + udf.Place() + "): '" + sql_name +
                           "' is already a DuckDB function; call the UDF by a longer name, " +
                           (udf.kind == UdfKind::kTable
                                ? "PYTHON_FUNC('" + udf.ShortName() + "', ...) in FROM"
                                : "PYTHON_FUNC('" + udf.ShortName() + "', ...)") +
                           ", or rename it with name=...");
  }
  Status st;
  if (udf.kind == UdfKind::kTable) {
    SQLFLOW_ASSIGN_OR_RETURN(TableFunctionSpec spec,
                             MakeTableFunctionSpec(it->second, db, sql_name));
    st = RegisterTableFunction(conn, std::move(spec));
  } else {
    SQLFLOW_ASSIGN_OR_RETURN(ScalarFunctionSpec spec, MakeScalarFunctionSpec(it->second, sql_name));
    st = RegisterScalarFunction(conn, std::move(spec));
  }
  if (st.ok()) Registered().insert(key);
  return st;
}

void ShutdownUdfRuntime() {
  std::lock_guard<std::mutex> lock(g_runtimes_mutex);
  Runtimes().clear();
  StopPython();
}

}  // namespace sqlflow
