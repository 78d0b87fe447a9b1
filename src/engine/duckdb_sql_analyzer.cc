#include "engine/duckdb_sql_analyzer.h"

#include <utility>

#include "engine/duckdb_internal.h"
#include "engine/serialized_sql.h"

namespace sqlflow {
namespace {

// The span of byte `offset` in `sql`, relative to `sql` (the caller knows the file).
SourceSpan SpanInSql(const std::string& sql, uint32_t offset) {
  SourceSpan span;
  span.offset = offset;
  span.length = 1;
  span.line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < sql.size(); ++i) {
    if (sql[i] == '\n') {
      ++span.line;
      line_start = i + 1;
    }
  }
  span.column = static_cast<uint32_t>(offset - line_start + 1);
  return span;
}

// Functions DuckDB's binder handles itself, which duckdb_functions() does not list.
constexpr const char* kBinderFunctions[] = {"unlist", "grouping", "grouping_id"};

Status StatementCountError(size_t count) {
  if (count == 0) return Status::Invalid("no SQL statement found");
  return Status::Invalid("expected one SQL statement, found " + std::to_string(count));
}

}  // namespace

Result<std::unique_ptr<DuckDbSqlAnalyzer>> DuckDbSqlAnalyzer::Open() {
  DatabaseOptions options;
  options.threads = 1;
  SQLFLOW_ASSIGN_OR_RETURN(Database database, Database::Open(options));
  SQLFLOW_ASSIGN_OR_RETURN(Connection connection, Connection::Open(database));
  SQLFLOW_ASSIGN_OR_RETURN(PreparedStatement serialize,
                           connection.Prepare("SELECT json_serialize_sql(?::VARCHAR)"));
  SQLFLOW_ASSIGN_OR_RETURN(PreparedStatement deserialize,
                           connection.Prepare("SELECT json_deserialize_sql(?::JSON)"));
  return std::unique_ptr<DuckDbSqlAnalyzer>(new DuckDbSqlAnalyzer(
      std::move(database), std::move(connection), std::move(serialize), std::move(deserialize)));
}

DuckDbSqlAnalyzer::DuckDbSqlAnalyzer(Database database, Connection connection,
                                     PreparedStatement serialize, PreparedStatement deserialize)
    : database_(std::move(database)),
      connection_(std::move(connection)),
      serialize_(std::move(serialize)),
      deserialize_(std::move(deserialize)) {}

Result<SqlTables> DuckDbSqlAnalyzer::AnalyzeQuery(const std::string& sql) { return Analyze(sql); }

Result<SqlTables> DuckDbSqlAnalyzer::AnalyzeStatement(const std::string& sql) {
  return Analyze(sql);
}

Result<SqlTables> DuckDbSqlAnalyzer::Analyze(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string json, SerializeToJson(sql));
  Result<SerializedSql> read =
      ReadSerializedSql(json, [this](const std::string& tree) { return DeserializeToSql(tree); });
  if (!read.ok()) {
    // A bad PYTHON_FUNC call: the walker knows only its offset.
    const auto& where = read.status().span();
    if (!where) return read.status();
    return Status(read.status().code(), read.status().message(), SpanInSql(sql, where->offset));
  }
  SerializedSql& parsed = *read;
  if (!parsed.error) {
    if (parsed.statements.size() != 1) return StatementCountError(parsed.statements.size());
    SQLFLOW_RETURN_IF_ERROR(DropKnownFunctions(&parsed.statements[0]));
    return std::move(parsed.statements[0]);
  }
  if (parsed.error_type == "parser") {
    std::optional<SourceSpan> span;
    if (parsed.error_position) span = SpanInSql(sql, *parsed.error_position);
    return Status::Invalid("Parser Error: " + parsed.error_message, std::move(span));
  }
  // json_serialize_sql serialises SELECT statements only. Whatever else it refused, DuckDB's
  // parser decides whether the text is valid SQL.
  SQLFLOW_RETURN_IF_ERROR(CheckParses(sql));
  SqlTables tables;
  tables.determined = false;
  return tables;
}

Result<std::string> DuckDbSqlAnalyzer::SerializeToJson(const std::string& sql) {
  SQLFLOW_RETURN_IF_ERROR(serialize_.BindString(1, sql));
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, serialize_.Execute());
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
  if (!chunk || chunk->row_count() != 1 || chunk->IsNull(0, 0)) {
    return Status::Internal("json_serialize_sql returned no value");
  }
  return std::string(chunk->GetString(0, 0));
}

Result<std::string> DuckDbSqlAnalyzer::DeserializeToSql(const std::string& json) {
  SQLFLOW_RETURN_IF_ERROR(deserialize_.BindString(1, json));
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, deserialize_.Execute());
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
  if (!chunk || chunk->row_count() != 1 || chunk->IsNull(0, 0)) {
    return Status::Internal("json_deserialize_sql returned no value");
  }
  return std::string(chunk->GetString(0, 0));
}

Status DuckDbSqlAnalyzer::DropKnownFunctions(SqlTables* tables) {
  auto& names = tables->unknown_functions;
  if (!list_unknown_functions_) names.clear();
  if (names.empty()) return Status::OK();
  if (!known_functions_) {
    SQLFLOW_ASSIGN_OR_RETURN(
        QueryResult result,
        connection_.Query("SELECT DISTINCT lower(function_name) FROM duckdb_functions()"));
    std::set<std::string> known(std::begin(kBinderFunctions), std::end(kBinderFunctions));
    while (true) {
      SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
      if (!chunk) break;
      for (size_t row = 0; row < chunk->row_count(); ++row) {
        if (!chunk->IsNull(0, row)) known.emplace(chunk->GetString(0, row));
      }
    }
    known_functions_ = std::move(known);
  }
  std::erase_if(names, [this](const std::string& name) { return known_functions_->count(name); });
  return Status::OK();
}

Status DuckDbSqlAnalyzer::CheckParses(const std::string& sql) {
  duckdb_extracted_statements extracted = nullptr;
  idx_t count = duckdb_extract_statements(connection_.handle_, sql.c_str(), &extracted);
  Status status;
  if (count == 0) {
    const char* error = duckdb_extract_statements_error(extracted);
    status = error ? Status::Invalid(FirstLine(error)) : StatementCountError(0);
  }
  duckdb_destroy_extracted(&extracted);
  return status;
}

Result<DuckDbSqlAnalyzer*> LazyDuckDbSqlAnalyzer::Get() {
  if (analyzer_ == nullptr) {
    SQLFLOW_ASSIGN_OR_RETURN(analyzer_, DuckDbSqlAnalyzer::Open());
    analyzer_->set_list_unknown_functions(list_unknown_functions_);
  }
  return analyzer_.get();
}

Result<SqlTables> LazyDuckDbSqlAnalyzer::AnalyzeQuery(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(DuckDbSqlAnalyzer * analyzer, Get());
  return analyzer->AnalyzeQuery(sql);
}

Result<SqlTables> LazyDuckDbSqlAnalyzer::AnalyzeStatement(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(DuckDbSqlAnalyzer * analyzer, Get());
  return analyzer->AnalyzeStatement(sql);
}

void LazyDuckDbSqlAnalyzer::set_list_unknown_functions(bool on) {
  list_unknown_functions_ = on;
  if (analyzer_ != nullptr) analyzer_->set_list_unknown_functions(on);
}

}  // namespace sqlflow
