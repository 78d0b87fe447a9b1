#include "engine/duckdb_session.h"

#include "engine/prepared_statement.h"

namespace sqlflow {

Result<QueryResult> DuckDbSession::Run(const std::string& sql,
                                       const std::vector<SqlValue>& params) {
  if (params.empty()) return connection_.Query(sql);
  SQLFLOW_ASSIGN_OR_RETURN(PreparedStatement statement, connection_.Prepare(sql));
  for (size_t i = 0; i < params.size(); ++i) {
    const SqlValue& value = params[i];
    Status bound = std::holds_alternative<std::monostate>(value) ? statement.BindNull(i + 1)
                   : std::holds_alternative<int64_t>(value)
                       ? statement.BindInt64(i + 1, std::get<int64_t>(value))
                   : std::holds_alternative<double>(value)
                       ? statement.BindDouble(i + 1, std::get<double>(value))
                       : statement.BindString(i + 1, std::get<std::string>(value));
    SQLFLOW_RETURN_IF_ERROR(bound);
  }
  return statement.Execute();
}

Result<SqlRows> DuckDbSession::QueryRows(const std::string& sql,
                                         const std::vector<SqlValue>& params) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, Run(sql, params));
  return result.FetchAllAsStrings();
}

Result<int64_t> DuckDbSession::ExecuteCounting(const std::string& sql,
                                               const std::vector<SqlValue>& params) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, Run(sql, params));
  return static_cast<int64_t>(result.rows_changed());
}

Result<bool> DuckDbSession::TableExists(const std::string& schema, const std::string& table) {
  // LIMIT 0 reads nothing; a missing table (or schema) is DuckDB's catalog error.
  SQLFLOW_ASSIGN_OR_RETURN(
      std::optional<QueryResult> probe,
      connection_.QueryUnlessMissing("SELECT * FROM " + schema + "." + table + " LIMIT 0"));
  return probe.has_value();
}

}  // namespace sqlflow
