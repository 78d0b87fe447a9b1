#include "connectors/files/file_columns.h"

#include <map>

#include "common/strings.h"
#include "connectors/files/file_shape.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

Result<std::vector<ParquetSchemaElement>> ReadParquetSchema(Connection& connection,
                                                            const std::vector<std::string>& files) {
  std::vector<std::string> quoted;
  for (const std::string& f : files) quoted.push_back(QuoteString(f));
  SQLFLOW_ASSIGN_OR_RETURN(
      QueryResult result,
      connection.Query("SELECT file_name, name, repetition_type, coalesce(num_children, 0) "
                       "FROM parquet_schema([" +
                       Join(quoted) + "])"));
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result.FetchAllAsStrings());
  std::vector<ParquetSchemaElement> out;
  for (const auto& row : rows) {
    out.push_back({row[0].value_or(""), row[1].value_or(""), row[2].value_or(""),
                   static_cast<size_t>(std::stoull(row[3].value_or("0")))});
  }
  return out;
}

}  // namespace

Result<std::vector<ColumnInfo>> ReadFileColumns(Connection& connection,
                                                const FileRelation& relation) {
  Result<std::vector<ColumnInfo>> columns = DescribeFileRelation(connection, relation);
  if (!columns.ok() || relation.connector_type != "PARQUET") return columns;
  Result<std::vector<ParquetSchemaElement>> elements =
      ReadParquetSchema(connection, relation.files);
  if (!elements.ok()) {
    return Status(elements.status().code(), relation.label + ": " + elements.status().message());
  }
  std::set<std::string> required = RequiredParquetColumns(*elements);
  for (ColumnInfo& c : *columns) c.nullable = required.count(ToLowerAscii(c.name)) == 0;
  return columns;
}

std::set<std::string> RequiredParquetColumns(const std::vector<ParquetSchemaElement>& elements) {
  std::map<std::string, std::set<std::string>> required_by_file;
  size_t i = 0;
  while (i < elements.size()) {
    const ParquetSchemaElement& root = elements[i++];
    std::set<std::string>& required = required_by_file[root.file];
    for (size_t c = 0; c < root.children && i < elements.size(); ++c) {
      const ParquetSchemaElement& column = elements[i];
      if (column.repetition == "REQUIRED") required.insert(ToLowerAscii(column.name));
      size_t pending = 1;  // elements of this column's subtree still to skip
      while (pending > 0 && i < elements.size()) pending = pending - 1 + elements[i++].children;
    }
  }
  std::set<std::string> out;
  bool first = true;
  for (const auto& [file, required] : required_by_file) {
    if (first) {
      out = required;
      first = false;
      continue;
    }
    std::set<std::string> both;
    for (const std::string& name : out) {
      if (required.count(name)) both.insert(name);
    }
    out = std::move(both);
  }
  return out;
}

}  // namespace sqlflow
