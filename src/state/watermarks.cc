#include "state/watermarks.h"

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

Result<bool> TableExists(EngineSession& session) { return StateTableExists(session, "watermarks"); }

Watermark FromRow(const std::vector<std::optional<std::string>>& row) {
  auto text = [&](size_t i) { return row[i].value_or(""); };
  return Watermark{{text(0), text(1), text(2)}, text(3), text(4), text(5), IsoSeconds(row[6])};
}

constexpr const char* kSelect =
    "SELECT pipeline, source, target, cursor_field, value_type, value, "
    "CAST(updated_at AS VARCHAR) FROM sqlflow.watermarks ";

}  // namespace

Status EnsureWatermarkTable(EngineSession& session) { return session.Execute(kCreateTable); }

Result<std::optional<Watermark>> ReadWatermark(EngineSession& session, const WatermarkKey& key) {
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(session));
  if (!exists) return std::optional<Watermark>();
  SQLFLOW_ASSIGN_OR_RETURN(
      SqlRows rows, session.QueryRows(std::string(kSelect) +
                                          "WHERE pipeline = $1 AND source = $2 AND target = $3",
                                      {key.pipeline, key.source, key.target}));
  if (rows.empty()) return std::optional<Watermark>();
  return std::optional<Watermark>(FromRow(rows[0]));
}

Status WriteWatermark(EngineSession& session, const Watermark& watermark) {
  const WatermarkKey& key = watermark.key;
  return session
      .ExecuteCounting(
          "INSERT INTO sqlflow.watermarks VALUES ($1, $2, $3, $4, $5, $6, "
          "CAST(now() AS TIMESTAMP)) ON CONFLICT (pipeline, source, target) DO UPDATE SET "
          "cursor_field = excluded.cursor_field, value_type = excluded.value_type, "
          "value = excluded.value, updated_at = excluded.updated_at",
          {key.pipeline, key.source, key.target, watermark.cursor_field, watermark.value_type,
           watermark.value})
      .status();
}

Result<std::vector<Watermark>> ListWatermarks(EngineSession& session, const std::string& pipeline) {
  std::vector<Watermark> out;
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(session));
  if (!exists) return out;
  SQLFLOW_ASSIGN_OR_RETURN(
      SqlRows rows,
      session.QueryRows(
          std::string(kSelect) + "WHERE $1 = '' OR pipeline = $1 ORDER BY pipeline, source, target",
          {pipeline}));
  for (const auto& row : rows) out.push_back(FromRow(row));
  return out;
}

Result<int64_t> DeleteWatermarks(EngineSession& session, const std::string& pipeline,
                                 const std::string& source) {
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(session));
  if (!exists) return int64_t{0};
  return session.ExecuteCounting(
      "DELETE FROM sqlflow.watermarks WHERE pipeline = $1 AND ($2 = '' OR source = $2)",
      {pipeline, source});
}

}  // namespace sqlflow
