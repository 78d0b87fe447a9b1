#include "engine/table_function.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <set>
#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {
namespace {

using engine_internal::CreateLogicalType;
using engine_internal::DescribeType;
using engine_internal::LogicalType;
using engine_internal::RunGuarded;

// The function's extra_info: owned by DuckDB, deleted through DeleteFunctionState.
struct FunctionState {
  TableFunctionSpec spec;
};

// The scans of every bound call not yet destroyed, so that an interrupt can cancel those whose
// workers wait on I/O (DuckDB's interrupt is only seen between chunks).
std::mutex live_scans_mutex;
std::set<TableScan*> live_scans;  // guarded by live_scans_mutex

// One call's bind data: the scan lives as long as DuckDB may plan or run the call.
struct BindState {
  explicit BindState(std::shared_ptr<TableScan> bound) : scan(std::move(bound)) {
    std::lock_guard<std::mutex> lock(live_scans_mutex);
    live_scans.insert(scan.get());
  }
  ~BindState() {
    std::lock_guard<std::mutex> lock(live_scans_mutex);
    live_scans.erase(scan.get());
  }
  BindState(const BindState&) = delete;
  BindState& operator=(const BindState&) = delete;

  std::shared_ptr<TableScan> scan;
  std::vector<ColumnType> types;  // every column of the scan
};

// One execution of a call.
struct GlobalState {
  std::atomic<bool> cancelled{false};
};

// The columns DuckDB asks for, in chunk order.
struct Projection {
  std::vector<size_t> columns;    // indexes into the scan's columns
  std::vector<ColumnType> types;  // their types
  // Columns after them that the scan does not have (DuckDB's row-id column, asked for by
  // count(*)): filled with NULLs.
  size_t virtual_columns = 0;
};

// One DuckDB thread's share of an execution.
struct LocalState {
  Projection projection;
  std::unique_ptr<TableScanWorker> worker;
  bool done = false;
};

template <typename T>
void Delete(void* state) {
  delete static_cast<T*>(state);
}

// A parameter's type: ColumnType{kOther, "ANY"} accepts an argument of any type.
Result<LogicalType> ParameterType(const ColumnType& type) {
  if (type.id == TypeId::kOther && type.name == "ANY") {
    return LogicalType(duckdb_create_logical_type(DUCKDB_TYPE_ANY));
  }
  return CreateLogicalType(type);
}

// Describes `value` and destroys it.
ArgumentValue TakeArgument(duckdb_value value) {
  ArgumentValue out;
  out.type = DescribeType(duckdb_get_value_type(value));
  out.is_null = duckdb_is_null_value(value);
  if (!out.is_null) {
    char* text = duckdb_get_varchar(value);
    out.text = text ? text : "";
    duckdb_free(text);
  }
  duckdb_destroy_value(&value);
  return out;
}

BindInput ReadBindInput(duckdb_bind_info info, const TableFunctionSpec& spec) {
  BindInput input;
  idx_t count = duckdb_bind_get_parameter_count(info);
  for (idx_t i = 0; i < count; ++i) {
    input.arguments.push_back(TakeArgument(duckdb_bind_get_parameter(info, i)));
  }
  for (const auto& [name, type] : spec.named_parameters) {
    duckdb_value value = duckdb_bind_get_named_parameter(info, name.c_str());
    if (value != nullptr) input.named[name] = TakeArgument(value);
  }
  return input;
}

Status DeclareColumns(duckdb_bind_info info, const std::string& function, const TableScan& scan) {
  if (scan.columns().empty()) {
    return Status::Internal("table function '" + function + "' returned a scan without columns");
  }
  for (const ColumnSpec& column : scan.columns()) {
    Result<LogicalType> type = CreateLogicalType(column.type);
    if (!type.ok()) {
      return Status::Invalid("table function '" + function + "', column '" + column.name +
                             "': " + type.status().message());
    }
    duckdb_bind_add_result_column(info, column.name.c_str(), type->get());
  }
  return Status::OK();
}

Status BindCall(duckdb_bind_info info) {
  const auto& function = *static_cast<FunctionState*>(duckdb_bind_get_extra_info(info));
  BindInput input = ReadBindInput(info, function.spec);
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<TableScan> scan, function.spec.bind(input));
  if (scan == nullptr) {
    return Status::Internal("table function '" + function.spec.name + "' bound no scan");
  }
  SQLFLOW_RETURN_IF_ERROR(DeclareColumns(info, function.spec.name, *scan));
  auto state = std::make_unique<BindState>(std::move(scan));
  for (const ColumnSpec& column : state->scan->columns()) state->types.push_back(column.type);
  duckdb_bind_set_bind_data(info, state.release(), Delete<BindState>);
  return Status::OK();
}

void Bind(duckdb_bind_info info) {
  Status status = RunGuarded("table function bind", [&] { return BindCall(info); });
  if (!status.ok()) duckdb_bind_set_error(info, status.message().c_str());
}

void InitGlobal(duckdb_init_info info) {
  Status status = RunGuarded("table function init", [&] {
    const auto& bind = *static_cast<BindState*>(duckdb_init_get_bind_data(info));
    size_t threads = bind.scan->max_threads();
    duckdb_init_set_max_threads(info, threads == 0 ? 1 : threads);
    duckdb_init_set_init_data(info, new GlobalState(), Delete<GlobalState>);
    return Status::OK();
  });
  if (!status.ok()) duckdb_init_set_error(info, status.message().c_str());
}

Result<Projection> ReadProjection(duckdb_init_info info, const BindState& bind) {
  Projection projection;
  idx_t count = duckdb_init_get_column_count(info);
  for (idx_t i = 0; i < count; ++i) {
    idx_t column = duckdb_init_get_column_index(info, i);
    if (column >= bind.types.size()) {
      ++projection.virtual_columns;
      continue;
    }
    if (projection.virtual_columns > 0) {
      return Status::Internal("DuckDB asked a table function for a row-id column before column " +
                              std::to_string(column) + ", which is not supported");
    }
    projection.columns.push_back(column);
    projection.types.push_back(bind.types[column]);
  }
  return projection;
}

Status OpenWorker(duckdb_init_info info) {
  const auto& bind = *static_cast<BindState*>(duckdb_init_get_bind_data(info));
  auto state = std::make_unique<LocalState>();
  SQLFLOW_ASSIGN_OR_RETURN(state->projection, ReadProjection(info, bind));
  SQLFLOW_ASSIGN_OR_RETURN(state->worker, bind.scan->OpenWorker(state->projection.columns));
  if (state->worker == nullptr) return Status::Internal("table scan opened no worker");
  duckdb_init_set_init_data(info, state.release(), Delete<LocalState>);
  return Status::OK();
}

void InitLocal(duckdb_init_info info) {
  Status status = RunGuarded("table function worker", [&] { return OpenWorker(info); });
  if (!status.ok()) duckdb_init_set_error(info, status.message().c_str());
}

// NULLs in the trailing columns the scan does not have.
void FillVirtualColumns(duckdb_data_chunk output, const Projection& projection, size_t rows) {
  size_t first = projection.columns.size();
  for (size_t i = first; i < first + projection.virtual_columns; ++i) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(output, i);
    duckdb_vector_ensure_validity_writable(vector);
    uint64_t* validity = duckdb_vector_get_validity(vector);
    std::memset(validity, 0, (rows + 63) / 64 * sizeof(uint64_t));
  }
}

Status FillChunk(LocalState& local, duckdb_data_chunk output) {
  duckdb_data_chunk_set_size(output, 0);
  if (local.done) return Status::OK();
  OutputChunk chunk(output, &local.projection.types);
  SQLFLOW_ASSIGN_OR_RETURN(size_t rows, local.worker->Fill(chunk));
  if (rows > chunk.capacity()) {
    return Status::Internal("table scan worker wrote " + std::to_string(rows) +
                            " rows into a chunk of " + std::to_string(chunk.capacity()));
  }
  duckdb_data_chunk_set_size(output, rows);
  FillVirtualColumns(output, local.projection, rows);
  local.done = rows == 0;
  return Status::OK();
}

void Scan(duckdb_function_info info, duckdb_data_chunk output) {
  auto& local = *static_cast<LocalState*>(duckdb_function_get_local_init_data(info));
  Status status = RunGuarded("table scan", [&] { return FillChunk(local, output); });
  if (status.ok()) return;
  duckdb_data_chunk_set_size(output, 0);
  duckdb_function_set_error(info, status.message().c_str());
  auto& global = *static_cast<GlobalState*>(duckdb_function_get_init_data(info));
  if (global.cancelled.exchange(true)) return;
  auto& bind = *static_cast<BindState*>(duckdb_function_get_bind_data(info));
  (void)RunGuarded("table scan cancel", [&] {
    bind.scan->Cancel();
    return Status::OK();
  });
}

// Owns a duckdb_table_function while it is being built.
class FunctionHandle {
 public:
  FunctionHandle() : handle_(duckdb_create_table_function()) {}
  ~FunctionHandle() { duckdb_destroy_table_function(&handle_); }
  FunctionHandle(const FunctionHandle&) = delete;
  FunctionHandle& operator=(const FunctionHandle&) = delete;
  duckdb_table_function get() const { return handle_; }

 private:
  duckdb_table_function handle_;
};

Status AddParameters(duckdb_table_function function, const TableFunctionSpec& spec) {
  for (size_t i = 0; i < spec.parameters.size(); ++i) {
    Result<LogicalType> type = ParameterType(spec.parameters[i]);
    if (!type.ok()) {
      return Status::Invalid("table function '" + spec.name + "', parameter " +
                             std::to_string(i + 1) + ": " + type.status().message());
    }
    duckdb_table_function_add_parameter(function, type->get());
  }
  for (const auto& [name, column_type] : spec.named_parameters) {
    Result<LogicalType> type = ParameterType(column_type);
    if (!type.ok()) {
      return Status::Invalid("table function '" + spec.name + "', parameter '" + name +
                             "': " + type.status().message());
    }
    duckdb_table_function_add_named_parameter(function, name.c_str(), type->get());
  }
  return Status::OK();
}

}  // namespace

OutputChunk::OutputChunk(_duckdb_data_chunk* handle, const std::vector<ColumnType>* types)
    : handle_(handle), types_(types) {}

size_t OutputChunk::capacity() const { return duckdb_vector_size(); }

size_t OutputChunk::column_count() const { return types_->size(); }

OutputVector OutputChunk::column(size_t index) {
  return OutputVector(duckdb_data_chunk_get_vector(handle_, index), (*types_)[index]);
}

void OutputChunk::SetSize(size_t rows) { duckdb_data_chunk_set_size(handle_, rows); }

Status RegisterTableFunction(Connection& connection, TableFunctionSpec spec) {
  if (connection.handle_ == nullptr) {
    return Status::Internal("RegisterTableFunction on a closed Connection");
  }
  if (spec.name.empty() || !spec.bind) {
    return Status::Internal("RegisterTableFunction needs a name and a bind function");
  }
  FunctionHandle function;
  SQLFLOW_RETURN_IF_ERROR(AddParameters(function.get(), spec));
  std::string name = spec.name;
  duckdb_table_function_set_name(function.get(), name.c_str());
  duckdb_table_function_set_extra_info(function.get(), new FunctionState{std::move(spec)},
                                       Delete<FunctionState>);
  duckdb_table_function_set_bind(function.get(), Bind);
  duckdb_table_function_set_init(function.get(), InitGlobal);
  duckdb_table_function_set_local_init(function.get(), InitLocal);
  duckdb_table_function_set_function(function.get(), Scan);
  duckdb_table_function_supports_projection_pushdown(function.get(), true);
  if (duckdb_register_table_function(connection.handle_, function.get()) == DuckDBError) {
    return Status::EngineError("cannot register table function '" + name +
                               "': DuckDB refused it (is the name already taken?)");
  }
  return Status::OK();
}

void CancelLiveTableScans() {
  std::lock_guard<std::mutex> lock(live_scans_mutex);
  for (TableScan* scan : live_scans) {
    (void)RunGuarded("table scan cancel", [&] {
      scan->Cancel();
      return Status::OK();
    });
  }
}

}  // namespace sqlflow
