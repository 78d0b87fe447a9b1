#include "connectors/postgres/pg_session.h"

#include <cstdio>

#include "connectors/postgres/pg_catalog.h"
#include "connectors/postgres/postgres_types.h"

namespace sqlflow {
namespace {

std::optional<std::string> ParamText(const SqlValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  if (std::holds_alternative<int64_t>(value)) return std::to_string(std::get<int64_t>(value));
  if (std::holds_alternative<double>(value)) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", std::get<double>(value));
    return std::string(text);
  }
  return std::get<std::string>(value);
}

Status AsEngineError(const Status& status) {
  return status.ok() ? status : Status::EngineError(status.message());
}

}  // namespace

Status PgSession::Execute(const std::string& sql) { return AsEngineError(connection_.Exec(sql)); }

Result<PgResult> PgSession::Run(const std::string& sql, const std::vector<SqlValue>& params) {
  std::vector<std::optional<std::string>> texts;
  for (const SqlValue& value : params) texts.push_back(ParamText(value));
  Result<PgResult> result = connection_.QueryNullable(sql, texts);
  if (!result.ok()) return AsEngineError(result.status());
  return result;
}

Result<SqlRows> PgSession::QueryRows(const std::string& sql, const std::vector<SqlValue>& params) {
  SQLFLOW_ASSIGN_OR_RETURN(PgResult result, Run(sql, params));
  SqlRows rows;
  for (int r = 0; r < result.rows(); ++r) {
    std::vector<std::optional<std::string>> row;
    for (int c = 0; c < result.columns(); ++c) {
      if (result.IsNull(r, c)) {
        row.emplace_back();
      } else {
        row.emplace_back(std::string(result.Get(r, c)));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<int64_t> PgSession::ExecuteCounting(const std::string& sql,
                                           const std::vector<SqlValue>& params) {
  SQLFLOW_ASSIGN_OR_RETURN(PgResult result, Run(sql, params));
  return result.AffectedRows();
}

Result<bool> PgSession::TableExists(const std::string& schema, const std::string& table) {
  // to_regclass is NULL for a missing table and for a missing schema alike.
  SQLFLOW_ASSIGN_OR_RETURN(SqlRows rows,
                           QueryRows("SELECT to_regclass($1) IS NOT NULL",
                                     {QuotePgIdentifier(schema) + "." + QuotePgIdentifier(table)}));
  return !rows.empty() && rows[0][0] == "t";
}

Result<std::vector<ColumnInfo>> PgSession::Mapped(const std::vector<PgColumn>& columns) {
  Result<PgTypeCatalog> types = LoadTypes(connection_, columns);
  if (!types.ok()) return AsEngineError(types.status());
  std::vector<ColumnInfo> out;
  std::vector<std::string> warnings;  // the columns read as text: their type says so already
  for (const PgColumn& column : columns) {
    PgColumnPlan plan = MapColumn(column, *types, &warnings);
    out.push_back({plan.spec.name, plan.spec.type.name, plan.nullable});
  }
  return out;
}

Result<std::optional<std::vector<ColumnInfo>>> PgSession::DescribeTable(const TableName& name) {
  std::string regclass = name.schema.empty()
                             ? QuotePgIdentifier(name.table)
                             : QuotePgIdentifier(name.schema) + "." + QuotePgIdentifier(name.table);
  SQLFLOW_ASSIGN_OR_RETURN(SqlRows found,
                           QueryRows("SELECT CAST(to_regclass($1) AS oid)", {regclass}));
  if (found.empty() || !found[0][0]) return std::optional<std::vector<ColumnInfo>>();
  uint32_t oid = static_cast<uint32_t>(std::stoul(*found[0][0]));
  Result<std::vector<PgColumn>> columns = ReadTableColumns(connection_, oid);
  if (!columns.ok()) return AsEngineError(columns.status());
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> mapped, Mapped(*columns));
  return std::optional<std::vector<ColumnInfo>>(std::move(mapped));
}

Result<std::vector<ColumnInfo>> PgSession::DescribeQuery(const std::string& query) {
  Result<std::vector<PgColumn>> columns = DescribeQueryColumns(connection_, query);
  if (!columns.ok()) return AsEngineError(columns.status());
  return Mapped(*columns);
}

}  // namespace sqlflow
