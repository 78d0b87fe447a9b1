#include "state/watermarks.h"

#include "engine/prepared_statement.h"
#include "state/state_tables.h"

namespace sqlflow {

namespace {

constexpr const char* kCreateTable = R"sql(
CREATE SCHEMA IF NOT EXISTS sqlflow;
CREATE TABLE IF NOT EXISTS sqlflow.watermarks (
  pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, target VARCHAR NOT NULL,
  cursor_field VARCHAR, value_type VARCHAR, value VARCHAR, updated_at TIMESTAMP,
  PRIMARY KEY (pipeline, source, target));
)sql";

Result<bool> TableExists(Connection& conn) { return StateTableExists(conn, "watermarks"); }

Watermark FromRow(const std::vector<std::optional<std::string>>& row) {
  auto text = [&](size_t i) { return row[i].value_or(""); };
  return Watermark{{text(0), text(1), text(2)}, text(3), text(4), text(5), text(6)};
}

constexpr const char* kSelect =
    "SELECT pipeline, source, target, cursor_field, value_type, value, "
    "strftime(updated_at, '%Y-%m-%dT%H:%M:%S') FROM sqlflow.watermarks ";

}  // namespace

Status EnsureWatermarkTable(Connection& conn) { return conn.Execute(kCreateTable); }

Result<std::optional<Watermark>> ReadWatermark(Connection& conn, const WatermarkKey& key) {
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(conn));
  if (!exists) return std::optional<Watermark>();
  SQLFLOW_ASSIGN_OR_RETURN(
      PreparedStatement stmt,
      conn.Prepare(std::string(kSelect) + "WHERE pipeline = ? AND source = ? AND target = ?"));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(1, key.pipeline));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(2, key.source));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(3, key.target));
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, stmt.Execute());
  SQLFLOW_ASSIGN_OR_RETURN(auto rows, result.FetchAllAsStrings());
  if (rows.empty()) return std::optional<Watermark>();
  return std::optional<Watermark>(FromRow(rows[0]));
}

Status WriteWatermark(Connection& conn, const Watermark& watermark) {
  SQLFLOW_ASSIGN_OR_RETURN(
      PreparedStatement stmt,
      conn.Prepare("INSERT OR REPLACE INTO sqlflow.watermarks VALUES (?, ?, ?, ?, ?, ?, "
                   "CAST(now() AS TIMESTAMP))"));
  const WatermarkKey& key = watermark.key;
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(1, key.pipeline));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(2, key.source));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(3, key.target));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(4, watermark.cursor_field));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(5, watermark.value_type));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(6, watermark.value));
  return stmt.Execute().status();
}

Result<std::vector<Watermark>> ListWatermarks(Connection& conn, const std::string& pipeline) {
  std::vector<Watermark> out;
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(conn));
  if (!exists) return out;
  SQLFLOW_ASSIGN_OR_RETURN(
      PreparedStatement stmt,
      conn.Prepare(std::string(kSelect) +
                   "WHERE ? = '' OR pipeline = ? ORDER BY pipeline, source, target"));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(1, pipeline));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(2, pipeline));
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, stmt.Execute());
  SQLFLOW_ASSIGN_OR_RETURN(auto rows, result.FetchAllAsStrings());
  for (const auto& row : rows) out.push_back(FromRow(row));
  return out;
}

Result<int64_t> DeleteWatermarks(Connection& conn, const std::string& pipeline,
                                 const std::string& source) {
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(conn));
  if (!exists) return int64_t{0};
  SQLFLOW_ASSIGN_OR_RETURN(PreparedStatement stmt,
                           conn.Prepare("DELETE FROM sqlflow.watermarks WHERE pipeline = ? AND "
                                        "(? = '' OR source = ?)"));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(1, pipeline));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(2, source));
  SQLFLOW_RETURN_IF_ERROR(stmt.BindString(3, source));
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, stmt.Execute());
  return static_cast<int64_t>(result.rows_changed());
}

}  // namespace sqlflow
