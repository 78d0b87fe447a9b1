#include "connectors/files/rejected_rows.h"

#include "connectors/files/file_error.h"
#include "connectors/files/file_match.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

std::string RejectsTable(const FileRelation& relation, const std::string& suffix = "") {
  return QuoteQualified({"temp", "main", relation.rejects_table + suffix});
}

Result<int64_t> QueryCount(Connection& connection, const FileRelation& relation) {
  return connection.QueryBigInt(
      "SELECT count(*) FROM (SELECT DISTINCT scan_id, file_id, line FROM " +
      RejectsTable(relation) + ")");
}

// One example per rejected line: the first problem DuckDB recorded on it.
Result<std::vector<std::string>> QueryExamples(Connection& connection,
                                               const FileRelation& relation) {
  std::string sql =
      "SELECT s.file_path, e.line, first(e.error_message ORDER BY e.column_idx) "
      "FROM " +
      RejectsTable(relation) + " e JOIN " + RejectsTable(relation, "_scans") +
      " s USING (scan_id, file_id) GROUP BY ALL ORDER BY s.file_path, e.line LIMIT " +
      std::to_string(kMaxRejectExamples);
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, connection.Query(sql));
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result.FetchAllAsStrings());
  std::vector<std::string> examples;
  for (const auto& row : rows) {
    std::string problem = DescribeCsvRowProblem(row[2].value_or(""));
    std::string sep = problem.starts_with("column ") ? ", " : ": ";
    examples.push_back(ShownPath(relation, row[0].value_or("")) + " line " + row[1].value_or("?") +
                       sep + problem);
  }
  return examples;
}

}  // namespace

Result<RejectedRows> TakeRejectedRows(Connection& connection, const FileRelation& relation) {
  RejectedRows rejected;
  if (!relation.ignore_errors || relation.rejects_table.empty()) return rejected;
  Result<int64_t> count = QueryCount(connection, relation);
  if (!count.ok()) {
    if (count.status().message().find("does not exist") != std::string::npos) {
      return Status::Internal(relation.label +
                              ": rejected rows asked for before the source was read");
    }
    return count.status();
  }
  rejected.count = *count;
  if (rejected.count > 0) {
    SQLFLOW_ASSIGN_OR_RETURN(rejected.examples, QueryExamples(connection, relation));
  }
  SQLFLOW_RETURN_IF_ERROR(connection.Execute("DROP TABLE IF EXISTS " + RejectsTable(relation) +
                                             "; DROP TABLE IF EXISTS " +
                                             RejectsTable(relation, "_scans")));
  return rejected;
}

}  // namespace sqlflow
