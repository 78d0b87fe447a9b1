#include "udf/table_udf.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "engine/connection.h"
#include "engine/sql_quote.h"
#include "udf/numpy_columns.h"
#include "udf/sql_type_name.h"
#include "udf/value_codec.h"

namespace sqlflow {

namespace {

// One column held in C++: fixed-width values in `data`, or strings; NULLs in `nulls`.
struct ColumnBuffer : ValueSink {
  std::string name;
  ColumnType type;
  size_t width = 0;  // bytes per value; 0 for strings
  std::vector<uint8_t> bytes;
  std::vector<std::string> strings;
  std::vector<uint8_t> nulls;

  void Resize(size_t rows) {
    bytes.resize(rows * width);
    if (width == 0) strings.resize(rows);
    nulls.resize(rows, 0);
  }
  void* data() override { return bytes.data(); }
  void SetNull(size_t row) override { nulls[row] = 1; }
  void SetString(size_t row, std::string_view value) override { strings[row] = value; }
};

// ---- the input query, read into buffers -------------------------------------------------

// Input columns are kept in the numpy dtype the DataFrame gets: DECIMAL as float64,
// TIMESTAMP variants as int64 microseconds, DATE as int32 days.
bool ReadDirectly(TypeId id) {
  switch (id) {
    case TypeId::kHugeInt:
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

size_t InputWidth(const ColumnType& type) {
  if (type.id == TypeId::kDecimal) return 8;
  return StorageWidth(type);
}

Result<QueryResult> RunInputQuery(Connection& conn, const std::string& query) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, conn.Query(query));
  bool needs_cast = false;
  for (size_t c = 0; c < result.column_count(); ++c) {
    needs_cast = needs_cast || !ReadDirectly(result.column_type(c).id);
  }
  if (!needs_cast) return result;
  // Types the DataFrame cannot hold natively (TIME, INTERVAL, UUID, LIST, …) arrive as text.
  std::string select;
  for (size_t c = 0; c < result.column_count(); ++c) {
    std::string column = QuoteIdentifier(result.column_name(c));
    if (!select.empty()) select += ", ";
    select += ReadDirectly(result.column_type(c).id)
                  ? column
                  : "CAST(" + column + " AS VARCHAR) AS " + column;
  }
  return conn.Query("SELECT " + select + " FROM " + ParenthesizeQuery(query) + " AS q");
}

void ReadValue(const DataChunk& chunk, size_t c, size_t row, ColumnBuffer& out, size_t at) {
  uint8_t* slot = out.bytes.data() + at * out.width;
  auto put = [slot](auto value) { std::memcpy(slot, &value, sizeof(value)); };
  switch (out.type.id) {
    case TypeId::kBoolean:
      put(chunk.GetBool(c, row));
      break;
    case TypeId::kTinyInt:
      put(chunk.GetInt8(c, row));
      break;
    case TypeId::kSmallInt:
      put(chunk.GetInt16(c, row));
      break;
    case TypeId::kInteger:
      put(chunk.GetInt32(c, row));
      break;
    case TypeId::kBigInt:
      put(chunk.GetInt64(c, row));
      break;
    case TypeId::kUTinyInt:
      put(chunk.GetUInt8(c, row));
      break;
    case TypeId::kUSmallInt:
      put(chunk.GetUInt16(c, row));
      break;
    case TypeId::kUInteger:
      put(chunk.GetUInt32(c, row));
      break;
    case TypeId::kUBigInt:
      put(chunk.GetUInt64(c, row));
      break;
    case TypeId::kFloat:
      put(chunk.GetFloat(c, row));
      break;
    case TypeId::kDouble:
      put(chunk.GetDouble(c, row));
      break;
    case TypeId::kDecimal:
      put(std::strtod(chunk.GetDecimalString(c, row).c_str(), nullptr));
      break;
    case TypeId::kDate:
      put(chunk.GetDate(c, row));
      break;
    case TypeId::kTimestampSec:
      put(chunk.GetTimestamp(c, row) * 1000000);
      break;
    case TypeId::kTimestampMs:
      put(chunk.GetTimestamp(c, row) * 1000);
      break;
    case TypeId::kTimestampNs:
      put(chunk.GetTimestamp(c, row) / 1000);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      put(chunk.GetTimestamp(c, row));
      break;
    default:
      out.strings[at] = std::string(chunk.GetString(c, row));
  }
}

Result<std::vector<ColumnBuffer>> ReadInput(QueryResult& result) {
  std::vector<ColumnBuffer> columns(result.column_count());
  for (size_t c = 0; c < columns.size(); ++c) {
    columns[c].name = result.column_name(c);
    columns[c].type = result.column_type(c);
    columns[c].width = InputWidth(columns[c].type);
  }
  size_t rows = 0;
  while (true) {
    SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
    if (!chunk) break;
    for (size_t c = 0; c < columns.size(); ++c) {
      columns[c].Resize(rows + chunk->row_count());
      for (size_t r = 0; r < chunk->row_count(); ++r) {
        if (chunk->IsNull(c, r)) {
          columns[c].nulls[rows + r] = 1;
        } else {
          ReadValue(*chunk, c, r, columns[c], rows + r);
        }
      }
    }
    rows += chunk->row_count();
  }
  return columns;
}

// ---- buffers -> DataFrame (GIL held) ----------------------------------------------------

const char* InputKind(TypeId id) {
  switch (id) {
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampSec:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
      return "timestamp";
    default:
      return "plain";
  }
}

int InputTypeNum(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
      return NPY_BOOL;
    case TypeId::kTinyInt:
      return NPY_INT8;
    case TypeId::kSmallInt:
      return NPY_INT16;
    case TypeId::kInteger:
    case TypeId::kDate:
      return NPY_INT32;
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
    case TypeId::kDecimal:
      return NPY_FLOAT64;
    case TypeId::kVarchar:
    case TypeId::kBlob:
      return NPY_OBJECT;
    default:
      return NPY_INT64;
  }
}

PyObject* ColumnArray(const ColumnBuffer& column) {
  size_t rows = column.nulls.size();
  npy_intp dims[1] = {static_cast<npy_intp>(rows)};
  int typenum = InputTypeNum(column.type);
  PyObject* array = PyArray_SimpleNew(1, dims, typenum);
  if (array == nullptr) return nullptr;
  void* data = PyArray_DATA(reinterpret_cast<PyArrayObject*>(array));
  if (typenum != NPY_OBJECT) {
    if (rows > 0) std::memcpy(data, column.bytes.data(), rows * column.width);
    return array;
  }
  auto* items = static_cast<PyObject**>(data);
  bool blob = column.type.id == TypeId::kBlob;
  for (size_t r = 0; r < rows; ++r) {
    const std::string& s = column.strings[r];
    PyObject* value =
        column.nulls[r] ? Py_NewRef(Py_None)
        : blob          ? PyBytes_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size()))
               : PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    if (value == nullptr) {
      Py_DECREF(array);
      return nullptr;
    }
    Py_XDECREF(items[r]);
    items[r] = value;
  }
  return array;
}

PyObject* NullMask(const ColumnBuffer& column) {
  bool any = false;
  for (uint8_t n : column.nulls) any = any || n;
  if (!any) return Py_NewRef(Py_None);
  npy_intp dims[1] = {static_cast<npy_intp>(column.nulls.size())};
  PyObject* mask = PyArray_SimpleNew(1, dims, NPY_BOOL);
  if (mask != nullptr && !column.nulls.empty()) {
    std::memcpy(PyArray_DATA(reinterpret_cast<PyArrayObject*>(mask)), column.nulls.data(),
                column.nulls.size());
  }
  return mask;
}

PyObject* MakeDataFrame(const std::vector<ColumnBuffer>& columns) {
  PyRef names(PyList_New(0));
  PyRef specs(PyList_New(0));
  if (!names || !specs) return nullptr;
  for (const ColumnBuffer& column : columns) {
    PyRef name(PyUnicode_FromString(column.name.c_str()));
    PyRef array(ColumnArray(column));
    PyRef mask(array ? NullMask(column) : nullptr);
    if (!name || !mask) return nullptr;
    PyRef spec(Py_BuildValue("(sOO)", InputKind(column.type.id), array.get(), mask.get()));
    if (!spec || PyList_Append(names.get(), name.get()) < 0 ||
        PyList_Append(specs.get(), spec.get()) < 0) {
      return nullptr;
    }
  }
  PyRef args(Py_BuildValue("(OO)", names.get(), specs.get()));
  return args ? CallBridge("make_dataframe", args.get()) : nullptr;
}

// ---- the call and its result (GIL held) -------------------------------------------------

struct TablePlan {
  std::shared_ptr<PythonFunction> function;
  Database* database = nullptr;
  std::vector<std::pair<std::string, ColumnType>> keywords;  // the UDF's keyword parameters
  std::vector<std::string> required;                         // keywords without a default
  std::vector<ColumnSpec> declared;                          // output_schema; empty: infer
};

Result<PyRef> KeywordArguments(const TablePlan& plan, const BindInput& input) {
  PyRef kwargs(PyDict_New());
  for (const std::string& name : plan.required) {
    if (input.named.count(name) == 0) {
      return Status::Invalid(plan.function->Label() + " needs the argument " + name + " := value");
    }
  }
  for (const auto& [name, type] : plan.keywords) {
    auto it = input.named.find(name);
    if (it == input.named.end()) continue;
    PyRef value;
    if (it->second.is_null) {
      value = PyRef::Borrow(Py_None);
    } else {
      PyRef args(Py_BuildValue("(ss)", type.name.c_str(), it->second.text.c_str()));
      value = PyRef(args ? CallBridge("from_text", args.get()) : nullptr);
    }
    if (!value || PyDict_SetItemString(kwargs.get(), name.c_str(), value.get()) < 0) {
      return Status::Invalid(plan.function->Label() + ": argument " + name + " := '" +
                             it->second.text + "' is not a valid " + type.name + ": " +
                             TakeExceptionSummary());
    }
  }
  return kwargs;
}

Result<std::vector<ColumnSpec>> ResultSchema(const TablePlan& plan, PyObject* frame) {
  if (!plan.declared.empty()) return plan.declared;
  PyRef args(Py_BuildValue("(O)", frame));
  PyRef inferred(args ? CallBridge("infer_schema", args.get()) : nullptr);
  if (!inferred) return Status::Invalid(TakeExceptionSummary());
  std::vector<ColumnSpec> columns;
  for (Py_ssize_t i = 0; i < PyList_Size(inferred.get()); ++i) {
    PyObject* pair = PyList_GetItem(inferred.get(), i);  // borrowed
    std::string name = PyStr(PyList_GetItem(pair, 0));
    SQLFLOW_ASSIGN_OR_RETURN(ColumnType type, ParseSqlTypeName(PyStr(PyList_GetItem(pair, 1))));
    columns.push_back({name, type});
  }
  return columns;
}

Result<std::vector<ColumnBuffer>> ConvertResult(const TablePlan& plan, PyObject* frame) {
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnSpec> schema, ResultSchema(plan, frame));
  Py_ssize_t length = PyObject_Length(frame);
  if (length < 0) return Status::Invalid(TakeExceptionSummary());
  std::vector<ColumnBuffer> columns(schema.size());
  for (size_t c = 0; c < schema.size(); ++c) {
    ColumnBuffer& column = columns[c];
    column.name = schema[c].name;
    column.type = schema[c].type;
    column.width = StorageWidth(column.type);
    column.Resize(static_cast<size_t>(length));
    PyRef args(Py_BuildValue("(Oss)", frame, column.name.c_str(), StorageName(column.type)));
    PyRef pair(args ? CallBridge("table_column", args.get()) : nullptr);
    if (!pair) return Status::Invalid(TakeExceptionSummary());
    Status st = WriteNormalized(pair.get(), static_cast<size_t>(length), column.type, column);
    if (!st.ok()) {
      return Status::Invalid("column '" + column.name + "' (" + column.type.name +
                             "): " + st.message());
    }
  }
  return columns;
}

Result<std::vector<ColumnBuffer>> CallPython(const TablePlan& plan, const BindInput& input,
                                             const std::vector<ColumnBuffer>& rows) {
  const std::string label = plan.function->Label();
  GilLock gil;
  PyRef frame(MakeDataFrame(rows));
  if (!frame) {
    return Status::Invalid(label + ": cannot build the input DataFrame: " + TakeExceptionSummary());
  }
  SQLFLOW_ASSIGN_OR_RETURN(PyRef kwargs, KeywordArguments(plan, input));
  PyRef args(PyTuple_Pack(1, frame.get()));
  PyRef result(args ? PyObject_Call(plan.function->get(), args.get(), kwargs.get()) : nullptr);
  if (!result) return Status::Invalid(label + " raised " + TakeExceptionSummary());
  Result<std::vector<ColumnBuffer>> columns = ConvertResult(plan, result.get());
  if (!columns.ok()) {
    return Status::Invalid(label + " returned a bad result: " + columns.status().message());
  }
  return columns;
}

// ---- the scan -----------------------------------------------------------------------------

class BufferScan;

class BufferWorker : public TableScanWorker {
 public:
  BufferWorker(std::shared_ptr<const std::vector<ColumnBuffer>> columns,
               std::vector<size_t> projected)
      : columns_(std::move(columns)), projected_(std::move(projected)) {}

  Result<size_t> Fill(OutputChunk& out) override {
    size_t total = columns_->empty() ? 0 : columns_->front().nulls.size();
    size_t rows = std::min(out.capacity(), total - position_);
    for (size_t j = 0; j < projected_.size(); ++j) {
      const ColumnBuffer& column = (*columns_)[projected_[j]];
      OutputVector vector = out.column(j);
      if (column.width > 0 && rows > 0) {
        std::memcpy(vector.raw_data(), column.bytes.data() + position_ * column.width,
                    rows * column.width);
      }
      for (size_t r = 0; r < rows; ++r) {
        if (column.nulls[position_ + r]) {
          vector.SetNull(r);
        } else if (column.width == 0) {
          vector.SetString(r, column.strings[position_ + r]);
        }
      }
    }
    position_ += rows;
    out.SetSize(rows);
    return rows;
  }

 private:
  std::shared_ptr<const std::vector<ColumnBuffer>> columns_;
  std::vector<size_t> projected_;
  size_t position_ = 0;
};

class BufferScan : public TableScan {
 public:
  explicit BufferScan(std::vector<ColumnBuffer> columns)
      : columns_(std::make_shared<const std::vector<ColumnBuffer>>(std::move(columns))) {
    for (const ColumnBuffer& c : *columns_) specs_.push_back({c.name, c.type});
  }
  const std::vector<ColumnSpec>& columns() const override { return specs_; }
  Result<std::unique_ptr<TableScanWorker>> OpenWorker(
      const std::vector<size_t>& projected) override {
    return std::unique_ptr<TableScanWorker>(new BufferWorker(columns_, projected));
  }

 private:
  std::shared_ptr<const std::vector<ColumnBuffer>> columns_;
  std::vector<ColumnSpec> specs_;
};

// 'customers' (a bare name) is read as SELECT * FROM customers.
std::string InputQuery(const std::string& text) {
  bool bare = !text.empty() && text.find_first_of(" \t\n\r(") == std::string::npos;
  return bare ? "SELECT * FROM " + text : text;
}

Result<std::shared_ptr<TableScan>> Bind(const TablePlan& plan, const BindInput& input) {
  const std::string label = plan.function->Label();
  if (input.arguments.empty() || input.arguments[0].is_null) {
    return Status::Invalid(label +
                           " needs its input rows as the first argument: a query text "
                           "or a table name");
  }
  // The input query runs without the GIL: it may call Python UDFs on DuckDB's threads.
  std::vector<ColumnBuffer> rows;
  {
    SQLFLOW_ASSIGN_OR_RETURN(Connection conn, Connection::Open(*plan.database));
    Result<QueryResult> result = RunInputQuery(conn, InputQuery(input.arguments[0].text));
    if (!result.ok()) {
      return Status::Invalid(label + ": its input query failed: " + result.status().message());
    }
    SQLFLOW_ASSIGN_OR_RETURN(rows, ReadInput(*result));
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnBuffer> output, CallPython(plan, input, rows));
  if (output.empty()) return Status::Invalid(label + " returned a DataFrame without columns");
  return std::shared_ptr<TableScan>(new BufferScan(std::move(output)));
}

}  // namespace

Result<TableFunctionSpec> MakeTableFunctionSpec(std::shared_ptr<PythonFunction> function,
                                                Database& database, const std::string& sql_name) {
  const UdfInfo& info = function->info();
  auto plan = std::make_shared<TablePlan>();
  plan->function = function;
  plan->database = &database;
  for (size_t i = 1; i < info.parameters.size(); ++i) {
    const UdfParameter& p = info.parameters[i];
    Result<ColumnType> type = ParseSqlTypeName(p.sql_type);
    if (!type.ok()) {
      return Status::Invalid(function->Label() + ": parameter '" + p.name +
                             "': " + type.status().message());
    }
    plan->keywords.emplace_back(p.name, *type);
    if (!p.has_default) plan->required.push_back(p.name);
  }
  for (const auto& [name, sql_type] : info.output_schema) {
    Result<ColumnType> type = ParseSqlTypeName(sql_type);
    if (!type.ok() || !IsConvertible(*type)) {
      return Status::Invalid(
          function->Label() + ": output_schema column '" + name +
          "': " + (type.ok() ? sql_type + " cannot come from Python" : type.status().message()));
    }
    plan->declared.push_back({name, *type});
  }
  TableFunctionSpec spec;
  spec.name = sql_name;
  spec.parameters = {ColumnType::Of(TypeId::kVarchar)};
  spec.named_parameters = plan->keywords;
  spec.bind = [plan](const BindInput& input) { return Bind(*plan, input); };
  return spec;
}

}  // namespace sqlflow
