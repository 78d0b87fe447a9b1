#include "state/schema_snapshots.h"

#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "engine/schema_diff.h"
#include "state/state_tables.h"

namespace sqlflow {

namespace {

constexpr const char* kCreateTable = R"sql(
CREATE SCHEMA IF NOT EXISTS sqlflow;
CREATE TABLE IF NOT EXISTS sqlflow.schema_snapshots (
  pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, version INTEGER NOT NULL,
  fingerprint VARCHAR NOT NULL, columns VARCHAR NOT NULL, changes VARCHAR NOT NULL,
  reason VARCHAR NOT NULL, captured_at TIMESTAMP NOT NULL);
)sql";

constexpr const char* kSelect =
    "SELECT pipeline, source, version, fingerprint, columns, changes, reason, "
    "CAST(captured_at AS VARCHAR) FROM sqlflow.schema_snapshots "
    "WHERE pipeline = $1 AND source = $2 ";

Result<bool> TableExists(EngineSession& session) {
  return StateTableExists(session, "schema_snapshots");
}

Result<std::vector<std::string>> ParseChanges(const std::string& json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (!doc.is_array()) return Status::Invalid("schema snapshot changes are not a JSON array");
  std::vector<std::string> out;
  for (const auto& line : doc) {
    if (line.is_string()) out.push_back(line.get<std::string>());
  }
  return out;
}

Result<SchemaSnapshot> SnapshotFromRow(const std::vector<std::optional<std::string>>& row) {
  SchemaSnapshot s;
  s.pipeline = row[0].value_or("");
  s.source = row[1].value_or("");
  s.version = std::stoi(row[2].value_or("0"));
  s.fingerprint = row[3].value_or("");
  SQLFLOW_ASSIGN_OR_RETURN(s.columns, ParseColumnsJson(row[4].value_or("")));
  SQLFLOW_ASSIGN_OR_RETURN(s.changes, ParseChanges(row[5].value_or("")));
  s.reason = row[6].value_or("");
  s.captured_at = row[7] ? IsoSeconds(row[7]) + "Z" : "";
  return s;
}

// The rows of `sql` (kSelect + an ORDER BY / LIMIT) for (pipeline, source), as snapshots.
Result<std::vector<SchemaSnapshot>> SelectSnapshots(EngineSession& session, const std::string& sql,
                                                    const std::string& pipeline,
                                                    const std::string& source) {
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(session));
  if (!exists) return std::vector<SchemaSnapshot>{};
  SQLFLOW_ASSIGN_OR_RETURN(SqlRows rows, session.QueryRows(sql, {pipeline, ToLowerAscii(source)}));
  std::vector<SchemaSnapshot> out;
  for (const auto& row : rows) {
    SQLFLOW_ASSIGN_OR_RETURN(SchemaSnapshot s, SnapshotFromRow(row));
    out.push_back(std::move(s));
  }
  return out;
}

Status InsertSnapshot(EngineSession& session, const SchemaSnapshot& s) {
  return session
      .ExecuteCounting(
          "INSERT INTO sqlflow.schema_snapshots VALUES ($1, $2, $3, $4, $5, $6, $7, "
          "timezone('UTC', now()))",
          {s.pipeline, s.source, int64_t{s.version}, s.fingerprint, ColumnsToJson(s.columns),
           nlohmann::json(s.changes).dump(), s.reason})
      .status();
}

}  // namespace

const char* ToString(SnapshotReason reason) {
  return reason == SnapshotReason::kAccept ? "accept" : "load";
}

std::string SchemaFingerprint(const std::vector<ColumnInfo>& columns) {
  std::string canonical;
  for (const ColumnInfo& c : columns) {
    canonical += ToLowerAscii(c.name) + "\t" + ToUpperAscii(c.type) + "\t" +
                 (c.nullable ? "NULL" : "NOT NULL") + "\n";
  }
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (unsigned char ch : canonical) {
    hash ^= ch;
    hash *= 0x100000001b3ULL;  // FNV prime
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016" PRIx64, hash);
  return hex;
}

std::string ColumnsToJson(const std::vector<ColumnInfo>& columns) {
  nlohmann::json out = nlohmann::json::array();
  for (const ColumnInfo& c : columns) {
    out.push_back({{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}});
  }
  return out.dump();
}

Result<std::vector<ColumnInfo>> ParseColumnsJson(const std::string& json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (!doc.is_array()) return Status::Invalid("schema snapshot columns are not a JSON array");
  std::vector<ColumnInfo> out;
  for (const auto& c : doc) {
    if (!c.is_object() || !c.value("name", nlohmann::json()).is_string() ||
        !c.value("type", nlohmann::json()).is_string()) {
      return Status::Invalid("schema snapshot column without a name and a type: " + c.dump());
    }
    auto nullable = c.find("nullable");
    out.push_back({c["name"].get<std::string>(), c["type"].get<std::string>(),
                   nullable == c.end() || !nullable->is_boolean() || nullable->get<bool>()});
  }
  return out;
}

Status EnsureSchemaSnapshotTable(EngineSession& session) {
  SQLFLOW_ASSIGN_OR_RETURN(bool exists, TableExists(session));
  return exists ? Status::OK() : session.Execute(kCreateTable);
}

Result<std::optional<SchemaSnapshot>> ReadLatestSnapshot(EngineSession& session,
                                                         const std::string& pipeline,
                                                         const std::string& source) {
  SQLFLOW_ASSIGN_OR_RETURN(
      std::vector<SchemaSnapshot> rows,
      SelectSnapshots(session, std::string(kSelect) + "ORDER BY version DESC LIMIT 1", pipeline,
                      source));
  if (rows.empty()) return std::optional<SchemaSnapshot>();
  return std::optional<SchemaSnapshot>(std::move(rows[0]));
}

Result<std::vector<SchemaSnapshot>> ReadSnapshotHistory(EngineSession& session,
                                                        const std::string& pipeline,
                                                        const std::string& source) {
  return SelectSnapshots(session, std::string(kSelect) + "ORDER BY version", pipeline, source);
}

Result<RecordedSnapshot> RecordSchemaSnapshot(EngineSession& session, const std::string& pipeline,
                                              const std::string& source,
                                              const std::vector<ColumnInfo>& columns,
                                              SnapshotReason reason) {
  SQLFLOW_RETURN_IF_ERROR(EnsureSchemaSnapshotTable(session));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<SchemaSnapshot> latest,
                           ReadLatestSnapshot(session, pipeline, source));
  std::string fingerprint = SchemaFingerprint(columns);
  if (latest && latest->fingerprint == fingerprint) return RecordedSnapshot{*latest, false};
  SchemaSnapshot s;
  s.pipeline = pipeline;
  s.source = ToLowerAscii(source);
  s.version = latest ? latest->version + 1 : 1;
  s.fingerprint = fingerprint;
  s.columns = columns;
  if (latest) {
    for (const SchemaChange& c : DiffSchemas(latest->columns, columns)) {
      s.changes.push_back(c.Describe());
    }
  }
  s.reason = ToString(reason);
  SQLFLOW_RETURN_IF_ERROR(InsertSnapshot(session, s));
  SQLFLOW_ASSIGN_OR_RETURN(latest, ReadLatestSnapshot(session, pipeline, source));
  return RecordedSnapshot{std::move(*latest), true};
}

}  // namespace sqlflow
