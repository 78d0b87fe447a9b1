#include "state/run_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sqlflow {

namespace {

constexpr const char* kCreateTables = R"sql(
CREATE SCHEMA IF NOT EXISTS sqlflow;
CREATE TABLE IF NOT EXISTS sqlflow.runs (
  run_id VARCHAR PRIMARY KEY, pipeline VARCHAR, profile VARCHAR, status VARCHAR,
  started_at TIMESTAMP, finished_at TIMESTAMP, seconds FLOAT8);
CREATE TABLE IF NOT EXISTS sqlflow.run_steps (
  run_id VARCHAR, step_id VARCHAR, kind VARCHAR, status VARCHAR, rows_read BIGINT,
  rows_written BIGINT, seconds FLOAT8, error VARCHAR);
)sql";

// A count, or NULL when it is unknown (negative).
SqlValue OptionalCount(int64_t value) { return value < 0 ? SqlValue() : SqlValue(value); }

Status InsertRun(EngineSession& session, const RunRecord& run) {
  // ISO-8601 with a trailing Z: DuckDB's TIMESTAMP cast wants it without the zone letter.
  return session
      .ExecuteCounting(
          "INSERT INTO sqlflow.runs VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMP), "
          "CAST($6 AS TIMESTAMP), $7)",
          {run.run_id, run.pipeline, run.profile, run.status, run.started_at.substr(0, 23),
           run.finished_at.substr(0, 23), run.seconds})
      .status();
}

Status InsertSteps(EngineSession& session, const RunRecord& run) {
  for (const StepRecord& s : run.steps) {
    SQLFLOW_RETURN_IF_ERROR(
        session
            .ExecuteCounting(
                "INSERT INTO sqlflow.run_steps VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {run.run_id, s.id, s.kind, s.status, OptionalCount(s.rows_read),
                 OptionalCount(s.rows_written), s.seconds,
                 s.error.empty() ? SqlValue() : SqlValue(s.error)})
            .status());
  }
  return Status::OK();
}

// A field's value, or `fallback` when it is missing, null or of another type.
template <typename T>
T Field(const nlohmann::json& obj, const char* key, T fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    return it->is_string() ? it->template get<std::string>() : fallback;
  } else {
    return it->is_number() ? it->template get<T>() : fallback;
  }
}

}  // namespace

Status WriteRunFile(FileSystem& fs, const std::string& runs_dir, const RunRecord& run,
                    const std::string& json) {
  return fs.WriteFileAtomic(runs_dir + "/" + run.run_id + "/run.json", json);
}

Status RecordRunInDatabase(EngineSession& session, const RunRecord& run) {
  SQLFLOW_RETURN_IF_ERROR(session.Execute(kCreateTables));
  return ExecuteInTransaction(session, [&] {
    SQLFLOW_RETURN_IF_ERROR(InsertRun(session, run));
    return InsertSteps(session, run);
  });
}

Result<RunRecord> ParseRunJson(const std::string& json) {
  auto doc = nlohmann::json::parse(json, nullptr, false);
  if (!doc.is_object()) return Status::Invalid("run.json is not a JSON object");
  RunRecord run;
  run.run_id = Field<std::string>(doc, "run_id", "");
  run.pipeline = Field<std::string>(doc, "pipeline", "");
  run.profile = Field<std::string>(doc, "profile", "");
  run.status = Field<std::string>(doc, "status", "");
  run.started_at = Field<std::string>(doc, "started_at", "");
  run.finished_at = Field<std::string>(doc, "finished_at", "");
  run.seconds = Field<double>(doc, "seconds", 0.0);
  if (doc.contains("steps") && doc["steps"].is_array()) {
    for (const auto& s : doc["steps"]) {
      if (!s.is_object()) continue;
      StepRecord step;
      step.id = Field<std::string>(s, "id", "");
      step.kind = Field<std::string>(s, "kind", "");
      step.status = Field<std::string>(s, "status", "");
      step.rows_read = Field<int64_t>(s, "rows_read", -1);
      step.rows_written = Field<int64_t>(s, "rows_written", -1);
      step.seconds = Field<double>(s, "seconds", 0.0);
      step.error = Field<std::string>(s, "error", "");
      run.steps.push_back(std::move(step));
    }
  }
  if (run.run_id.empty()) return Status::Invalid("run.json has no run_id");
  return run;
}

std::vector<RunRecord> ListRunFiles(const FileSystem& fs, const std::string& runs_dir,
                                    size_t limit) {
  std::vector<std::string> ids = fs.ListDirectories(runs_dir);
  std::reverse(ids.begin(), ids.end());  // ids sort by time: newest first
  std::vector<RunRecord> out;
  for (const std::string& id : ids) {
    if (out.size() >= limit) break;
    Result<std::string> text = fs.ReadFile(runs_dir + "/" + id + "/run.json");
    if (!text.ok()) continue;
    Result<RunRecord> run = ParseRunJson(*text);
    if (run.ok()) out.push_back(std::move(run).value());
  }
  return out;
}

Result<std::string> ReadRunFile(const FileSystem& fs, const std::string& runs_dir,
                                const std::string& run_id) {
  Result<std::string> text = fs.ReadFile(runs_dir + "/" + run_id + "/run.json");
  if (text.ok()) return text;
  std::vector<std::string> ids = fs.ListDirectories(runs_dir);
  std::string recent;
  for (size_t i = ids.size(), n = 0; i > 0 && n < 5; --i, ++n) {
    recent += (n ? ", " : "") + ids[i - 1];
  }
  return Status::NotFound(
      "no run '" + run_id + "' in target/runs" +
      (recent.empty() ? std::string(" (no runs yet)") : "; recent runs: " + recent));
}

}  // namespace sqlflow
