#include "connectors/files/file_source_report.h"

#include <algorithm>
#include <vector>

#include "connectors/files/file_error.h"
#include "connectors/files/file_match.h"
#include "connectors/files/rejected_rows.h"

namespace sqlflow {

namespace {

constexpr size_t kMaxListedFiles = 5;

struct Column {
  std::string name;
  std::string type;
  std::string non_null;  // empty when not counted
};

// Runs `sql` and returns its rows as text, with reader errors explained.
Result<StringRows> Rows(Connection& connection, const FileRelation& relation,
                        const std::string& sql) {
  Result<QueryResult> result = connection.Query(sql);
  if (!result.ok()) return ExplainFileError(result.status(), relation, relation.label);
  Result<StringRows> rows = result->FetchAllAsStrings();
  if (!rows.ok()) return ExplainFileError(rows.status(), relation, relation.label);
  return std::move(rows).value();
}

Result<std::vector<Column>> DescribeColumns(Connection& connection, const FileRelation& relation) {
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows,
                           Rows(connection, relation, "DESCRIBE SELECT * FROM " + relation.sql));
  std::vector<Column> columns;
  for (const auto& row : rows) columns.push_back({row[0].value_or(""), row[1].value_or(""), ""});
  return columns;
}

// The row count; for CSV and JSON also each column's non-null count, which makes the reader
// convert every value (and so meet every bad one).
Result<std::string> CountRows(Connection& connection, const FileRelation& relation,
                              std::vector<Column>& columns) {
  bool per_column = relation.connector_type != "PARQUET";
  std::string sql = per_column ? "SELECT count(*), count(COLUMNS(*)) FROM " + relation.sql
                               : "SELECT count(*) FROM " + relation.sql;
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, Rows(connection, relation, sql));
  if (rows.size() != 1) return Status::Internal(relation.label + ": row count returned no row");
  const auto& row = rows.front();
  for (size_t i = 0; per_column && i < columns.size() && i + 1 < row.size(); ++i) {
    columns[i].non_null = row[i + 1].value_or("0") + " non-null";
  }
  return row[0].value_or("0");
}

std::string FormatFiles(const FileRelation& relation) {
  const std::vector<std::string>& files = relation.files;
  std::string out = "files: " + std::to_string(files.size()) + "\n";
  for (size_t i = 0; i < files.size() && i < kMaxListedFiles; ++i) {
    out += "  " + ShownPath(relation, files[i]) + "\n";
  }
  if (files.size() > kMaxListedFiles) {
    out += "  … and " + std::to_string(files.size() - kMaxListedFiles) + " more\n";
  }
  return out;
}

std::string Pad(const std::string& text, size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

std::string FormatColumns(const std::vector<Column>& columns) {
  size_t name_width = 0;
  size_t type_width = 0;
  for (const Column& c : columns) {
    name_width = std::max(name_width, c.name.size());
    type_width = std::max(type_width, c.type.size());
  }
  std::string out = "columns: " + std::to_string(columns.size()) + "\n";
  for (const Column& c : columns) {
    std::string line = "  " + Pad(c.name, name_width) + "  " + Pad(c.type, type_width);
    if (!c.non_null.empty()) line += "  " + c.non_null;
    while (line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

Result<std::string> DescribeFileSource(Connection& connection, const FileRelation& relation) {
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<Column> columns, DescribeColumns(connection, relation));
  SQLFLOW_ASSIGN_OR_RETURN(std::string rows, CountRows(connection, relation, columns));
  std::string out = FormatFiles(relation) + FormatColumns(columns) + "rows: " + rows + "\n";
  SQLFLOW_ASSIGN_OR_RETURN(RejectedRows rejected, TakeRejectedRows(connection, relation));
  if (rejected.count > 0) {
    out += "rejected rows: " + std::to_string(rejected.count) + " (skipped by ignore_errors)\n";
    for (const std::string& example : rejected.examples) out += "  " + example + "\n";
  }
  return out;
}

}  // namespace sqlflow
