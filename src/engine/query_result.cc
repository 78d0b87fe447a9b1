#include "engine/query_result.h"

#include <cassert>
#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {

struct QueryResult::Rep {
  duckdb_result result;
  duckdb_connection connection = nullptr;  // not owned
  std::vector<std::string> names;
  std::vector<ColumnType> types;
  uint64_t rows_changed = 0;
  // A streaming result's statement, kept (and destroyed) with the result that still runs it.
  duckdb_prepared_statement statement = nullptr;

  explicit Rep(duckdb_result r) : result(r) {}
  ~Rep() {
    duckdb_destroy_result(&result);
    if (statement != nullptr) duckdb_destroy_prepare(&statement);
  }
  Rep(const Rep&) = delete;
  Rep& operator=(const Rep&) = delete;
};

namespace engine_internal {

QueryResult WrapResult(duckdb_result result, duckdb_connection connection,
                       duckdb_prepared_statement statement) {
  auto rep = std::make_unique<QueryResult::Rep>(result);
  rep->connection = connection;
  rep->statement = statement;
  idx_t count = duckdb_column_count(&rep->result);
  for (idx_t i = 0; i < count; ++i) {
    const char* name = duckdb_column_name(&rep->result, i);
    rep->names.emplace_back(name ? name : "");
    duckdb_logical_type type = duckdb_column_logical_type(&rep->result, i);
    rep->types.push_back(DescribeType(type));
    duckdb_destroy_logical_type(&type);
  }
  rep->rows_changed = duckdb_rows_changed(&rep->result);
  return QueryResult(std::move(rep));
}

Status TakeResultError(duckdb_result* result) {
  std::string message = CleanMessage(duckdb_result_error(result), "query failed");
  duckdb_destroy_result(result);
  return Status::EngineError(std::move(message));
}

}  // namespace engine_internal

namespace {

// Column types of `result` as DuckDB handles, destroyed with the guard.
class LogicalTypes {
 public:
  explicit LogicalTypes(duckdb_result* result) {
    for (idx_t i = 0; i < duckdb_column_count(result); ++i) {
      types_.push_back(duckdb_column_logical_type(result, i));
    }
  }
  ~LogicalTypes() {
    for (auto& type : types_) duckdb_destroy_logical_type(&type);
  }
  LogicalTypes(const LogicalTypes&) = delete;
  LogicalTypes& operator=(const LogicalTypes&) = delete;
  duckdb_logical_type* data() { return types_.data(); }
  idx_t size() const { return types_.size(); }

 private:
  std::vector<duckdb_logical_type> types_;
};

// Appends the remaining rows of `result`, whose columns are all VARCHAR, to `rows`.
Status ReadVarcharRows(QueryResult& result, StringRows* rows) {
  while (true) {
    SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
    if (!chunk) return Status::OK();
    for (size_t row = 0; row < chunk->row_count(); ++row) {
      std::vector<std::optional<std::string>> values;
      values.reserve(chunk->column_count());
      for (size_t col = 0; col < chunk->column_count(); ++col) {
        if (chunk->IsNull(col, row)) {
          values.emplace_back(std::nullopt);
        } else {
          values.emplace_back(std::string(chunk->GetString(col, row)));
        }
      }
      rows->push_back(std::move(values));
    }
  }
}

Status RunOn(duckdb_connection connection, const std::string& sql) {
  duckdb_result result;
  if (duckdb_query(connection, sql.c_str(), &result) == DuckDBError) {
    return engine_internal::TakeResultError(&result);
  }
  duckdb_destroy_result(&result);
  return Status::OK();
}

constexpr const char* kRenderTable = "temp.main.sqlflow_render_strings";

// Pushes every remaining chunk of `result` through an appender whose query casts each column
// to VARCHAR into the render table.
Status CastIntoRenderTable(duckdb_connection connection, duckdb_result* result) {
  LogicalTypes types(result);
  std::string insert = std::string("INSERT INTO ") + kRenderTable +
                       " SELECT CAST(COLUMNS(*) AS VARCHAR) FROM appended_data";
  duckdb_appender appender = nullptr;
  Status status;
  if (duckdb_appender_create_query(connection, insert.c_str(), types.size(), types.data(), nullptr,
                                   nullptr, &appender) == DuckDBError) {
    status = Status::EngineError(
        engine_internal::CleanMessage(duckdb_appender_error(appender), "cannot render the result"));
  }
  while (status.ok()) {
    duckdb_data_chunk chunk = duckdb_fetch_chunk(*result);
    if (chunk == nullptr) break;
    if (duckdb_append_data_chunk(appender, chunk) == DuckDBError) {
      status = Status::EngineError(engine_internal::CleanMessage(duckdb_appender_error(appender),
                                                                 "cannot render the result"));
    }
    duckdb_destroy_data_chunk(&chunk);
  }
  if (status.ok() && duckdb_appender_close(appender) == DuckDBError) {
    status = Status::EngineError(
        engine_internal::CleanMessage(duckdb_appender_error(appender), "cannot render the result"));
  }
  duckdb_appender_destroy(&appender);
  return status;
}

// The C API offers no vector cast and its value accessors return NULL for nested and several
// other types, so DuckDB itself does the casting: the chunks go through an appender query into
// a temporary all-VARCHAR table on the result's connection, which is then read back in order.
Result<StringRows> RenderThroughDuckDb(duckdb_connection connection, duckdb_result* result,
                                       size_t column_count) {
  std::string create = "CREATE OR REPLACE TEMP TABLE sqlflow_render_strings (";
  for (size_t i = 0; i < column_count; ++i) {
    create += (i > 0 ? ", c" : "c") + std::to_string(i) + " VARCHAR";
  }
  SQLFLOW_RETURN_IF_ERROR(RunOn(connection, create + ")"));
  Status status = CastIntoRenderTable(connection, result);
  StringRows rows;
  if (status.ok()) {
    duckdb_result rendered;
    std::string select = std::string("SELECT * FROM ") + kRenderTable + " ORDER BY rowid";
    if (duckdb_query(connection, select.c_str(), &rendered) == DuckDBError) {
      status = engine_internal::TakeResultError(&rendered);
    } else {
      QueryResult wrapped = engine_internal::WrapResult(rendered, connection);
      status = ReadVarcharRows(wrapped, &rows);
    }
  }
  Status dropped = RunOn(connection, std::string("DROP TABLE IF EXISTS ") + kRenderTable);
  if (!status.ok()) return status;
  if (!dropped.ok()) return dropped;
  return rows;
}

}  // namespace

QueryResult::QueryResult(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
QueryResult::QueryResult(QueryResult&& other) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&& other) noexcept = default;
QueryResult::~QueryResult() = default;

size_t QueryResult::column_count() const {
  assert(rep_ && "use of a moved-from QueryResult");
  return rep_->types.size();
}

const std::string& QueryResult::column_name(size_t column) const {
  assert(rep_ && column < rep_->names.size());
  return rep_->names[column];
}

const ColumnType& QueryResult::column_type(size_t column) const {
  assert(rep_ && column < rep_->types.size());
  return rep_->types[column];
}

const std::vector<std::string>& QueryResult::column_names() const {
  assert(rep_ && "use of a moved-from QueryResult");
  return rep_->names;
}

uint64_t QueryResult::rows_changed() const {
  assert(rep_ && "use of a moved-from QueryResult");
  return rep_->rows_changed;
}

Result<std::optional<DataChunk>> QueryResult::NextChunk() {
  if (!rep_) return Status::Internal("NextChunk on a moved-from QueryResult");
  duckdb_data_chunk chunk = duckdb_fetch_chunk(rep_->result);
  if (chunk == nullptr) {
    // No chunk: the end of the rows, or a streaming result's statement failed on the way.
    const char* error = duckdb_result_error(&rep_->result);
    if (error != nullptr && *error != '\0') {
      return Status::EngineError(engine_internal::CleanMessage(error, "query failed"));
    }
    return std::optional<DataChunk>();
  }
  return std::optional<DataChunk>(DataChunk(chunk, rep_->types));
}

Result<StringRows> QueryResult::FetchAllAsStrings() {
  if (!rep_) return Status::Internal("FetchAllAsStrings on a moved-from QueryResult");
  bool all_varchar = true;
  for (const ColumnType& type : rep_->types) all_varchar &= type.id == TypeId::kVarchar;
  StringRows rows;
  if (all_varchar) {
    SQLFLOW_RETURN_IF_ERROR(ReadVarcharRows(*this, &rows));
    return rows;
  }
  if (rep_->connection == nullptr) return Status::Internal("result has no connection to render");
  return RenderThroughDuckDb(rep_->connection, &rep_->result, rep_->types.size());
}

}  // namespace sqlflow
