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
  return std::unique_ptr<DuckDbSqlAnalyzer>(
      new DuckDbSqlAnalyzer(std::move(database), std::move(connection), std::move(serialize)));
}

DuckDbSqlAnalyzer::DuckDbSqlAnalyzer(Database database, Connection connection,
                                     PreparedStatement serialize)
    : database_(std::move(database)),
      connection_(std::move(connection)),
      serialize_(std::move(serialize)) {}

Result<SqlTables> DuckDbSqlAnalyzer::AnalyzeQuery(const std::string& sql) { return Analyze(sql); }

Result<SqlTables> DuckDbSqlAnalyzer::AnalyzeStatement(const std::string& sql) {
  return Analyze(sql);
}

Result<SqlTables> DuckDbSqlAnalyzer::Analyze(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string json, SerializeToJson(sql));
  SQLFLOW_ASSIGN_OR_RETURN(SerializedSql parsed, ReadSerializedSql(json));
  if (!parsed.error) {
    if (parsed.statements.size() != 1) return StatementCountError(parsed.statements.size());
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

}  // namespace sqlflow
