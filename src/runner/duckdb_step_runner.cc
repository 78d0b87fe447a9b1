#include "runner/duckdb_step_runner.h"

#include <nlohmann/json.hpp>

#include "connectors/files/file_error.h"
#include "connectors/files/file_match.h"
#include "connectors/files/rejected_rows.h"
#include "engine/file_export.h"
#include "engine/load_writer.h"
#include "engine/sql_quote.h"
#include "runner/incremental_load.h"
#include "runner/step_labels.h"
#include "state/watermarks.h"

namespace sqlflow {

namespace {

StepOutcome Failed(Status status) {
  StepOutcome out;
  out.status = std::move(status);
  return out;
}

bool IsFileConnector(const std::string& type) {
  return type == "CSV" || type == "PARQUET" || type == "JSON";
}

// The load writer's errors start with the step's label; reader errors (a CSV row that does not
// parse) are then put in the file's terms, which also start with the label.
Status ExplainLoadError(const Status& error, const FileRelation& relation,
                        const std::string& label) {
  std::string prefix = label + ": ";
  if (error.message().rfind(prefix, 0) != 0) return ExplainFileError(error, relation, label);
  Status bare(error.code(), error.message().substr(prefix.size()));
  Status explained = ExplainFileError(bare, relation, label);
  // Not a reader error: keep the writer's whole message (it may span lines).
  if (explained.message() == prefix + bare.message().substr(0, bare.message().find('\n'))) {
    return error;
  }
  // A reader error: say where the SOURCE that read the file is defined, too.
  return Status(explained.code(), explained.message() + "\n(read by " + relation.label + ")");
}

// What the load writer needs to write a LOAD's or a CREATE TABLE's target from `source_sql`.
LoadRequest LoadRequestFor(const Step& step, std::string source_sql) {
  LoadRequest request;
  request.target = TableName{step.target_schema, step.target_name};
  request.source_sql = std::move(source_sql);
  request.mode = ToLoadMode(step.mode);
  request.keys = step.keys;
  request.label = StepLabel(step);
  return request;
}

}  // namespace

Result<std::unique_ptr<DuckDbStepRunner>> DuckDbStepRunner::Open(Database& db, size_t workers,
                                                                 StepRunnerOptions options) {
  std::vector<Connection> connections;
  for (size_t i = 0; i < std::max<size_t>(1, workers); ++i) {
    SQLFLOW_ASSIGN_OR_RETURN(Connection conn, Connection::Open(db));
    // DuckDB tracks a query's progress only with its progress bar on; we read it, never print it.
    SQLFLOW_RETURN_IF_ERROR(
        conn.Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false"));
    connections.push_back(std::move(conn));
  }
  // State tables exist before any step's transaction starts: a table created meanwhile would
  // be invisible to transactions already open.
  SQLFLOW_RETURN_IF_ERROR(EnsureWatermarkTable(connections[0]));
  return std::unique_ptr<DuckDbStepRunner>(
      new DuckDbStepRunner(std::move(connections), std::move(options)));
}

DuckDbStepRunner::DuckDbStepRunner(std::vector<Connection> connections, StepRunnerOptions options)
    : connections_(std::move(connections)),
      options_(std::move(options)),
      views_(connections_.size()),
      running_(new std::atomic<const Step*>[connections_.size()]) {
  for (size_t i = 0; i < connections_.size(); ++i) running_[i].store(nullptr);
}

DuckDbStepRunner::~DuckDbStepRunner() {
  StopProgress();
  if (interrupt_thread_.joinable()) interrupt_thread_.join();
}

void DuckDbStepRunner::SetProgress(StepProgress* progress) {
  StopProgress();
  if (progress == nullptr) return;
  progress_ = progress;
  progress_stop_ = false;
  progress_thread_ = std::thread([this] { PollProgress(); });
}

void DuckDbStepRunner::StopProgress() {
  if (!progress_thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(progress_mu_);
    progress_stop_ = true;
  }
  progress_cv_.notify_all();
  progress_thread_.join();
  progress_ = nullptr;
}

void DuckDbStepRunner::PollProgress() {
  std::unique_lock<std::mutex> lock(progress_mu_);
  while (!progress_cv_.wait_for(lock, std::chrono::milliseconds(250),
                                [this] { return progress_stop_; })) {
    for (size_t i = 0; i < connections_.size(); ++i) {
      const Step* step = running_[i].load();
      if (step == nullptr) continue;
      int64_t rows = connections_[i].RowsProcessed();
      if (rows > 0) progress_->OnRows(*step, rows);
    }
  }
}

// DuckDB forgets an interrupt that arrives just before a query starts, so the interrupt is
// repeated until every worker is idle.
void DuckDbStepRunner::Interrupt() {
  if (interrupted_.exchange(true)) return;
  interrupt_thread_ = std::thread([this] {
    while (true) {
      bool busy = false;
      for (size_t i = 0; i < connections_.size(); ++i) {
        if (running_[i].load() == nullptr) continue;
        busy = true;
        connections_[i].Interrupt();
      }
      if (!busy) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

StepOutcome DuckDbStepRunner::Run(const Step& step, size_t worker) {
  worker %= connections_.size();
  Connection& conn = connections_[worker];
  // Marked running before the check, so that Interrupt() either sees this step running (and
  // keeps interrupting it) or this check sees the interrupt.
  running_[worker].store(&step);
  if (interrupted_.load()) {
    running_[worker].store(nullptr);
    return Failed(Status::Internal("interrupted before it started"));
  }
  StepOutcome out = Failed(Status::Internal("unknown step kind"));
  switch (step.kind) {
    case StepKind::kSource:
      out = RunSource(step);
      break;
    case StepKind::kLoad:
      out = RunLoad(step, conn, worker);
      break;
    case StepKind::kTransform:
      out = RunTransform(step, conn, worker);
      break;
    case StepKind::kSql:
      out = RunSql(step, conn, worker);
      break;
    case StepKind::kExport:
      out = RunExport(step, conn, worker);
      break;
  }
  running_[worker].store(nullptr);
  return out;
}

// A source step turns the SOURCE's params into a relation (checking that its files exist).
StepOutcome DuckDbStepRunner::RunSource(const Step& step) {
  std::string label = StepLabel(step);
  if (!IsFileConnector(step.connector_type)) {
    return Failed(Status::Invalid(label + ": the " + step.connector_type +
                                  " connector is not available in this build yet"));
  }
  FileSourceRequest request{step.connector_type, step.params_json, options_.project_root, label};
  Result<FileRelation> relation = PlanFileSource(request, *options_.fs);
  if (!relation.ok()) return Failed(relation.status());
  std::lock_guard<std::mutex> lock(mu_);
  relations_[TableKey(step.source_name)] = std::move(relation).value();
  source_steps_[TableKey(step.source_name)] = &step;
  return StepOutcome{};
}

bool DuckDbStepRunner::FindRelation(const std::string& source_key, FileRelation* out,
                                    const Step** source_step) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = relations_.find(source_key);
  if (it == relations_.end()) return false;
  *out = it->second;
  if (source_step != nullptr) *source_step = source_steps_[source_key];
  return true;
}

Status DuckDbStepRunner::DefineSourceViews(const Step& step, Connection& conn, size_t worker) {
  for (const std::string& key : step.reads) {
    FileRelation relation;
    if (!FindRelation(key, &relation)) continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!views_[worker].insert(key).second) continue;
    }
    SQLFLOW_RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE TEMP VIEW " + QuoteIdentifier(key) +
                                         " AS SELECT * FROM " + relation.sql));
  }
  return Status::OK();
}

StepOutcome DuckDbStepRunner::RunLoad(const Step& step, Connection& conn, size_t worker) {
  FileRelation relation;
  const Step* source = nullptr;
  if (!FindRelation(TableKey(step.source_name), &relation, &source)) {
    return Failed(
        Status::Internal(StepLabel(step) + ": source '" + step.source_name + "' was not prepared"));
  }
  if (source != nullptr && source->incremental) {
    return RunIncrementalLoad(step, *source, relation, conn);
  }
  LoadRequest request = LoadRequestFor(step, "SELECT * FROM " + relation.sql);
  Result<LoadResult> loaded = ExecuteLoad(conn, request);
  StepOutcome out;
  out.sql.push_back(request.source_sql);
  if (!loaded.ok()) {
    out.status = ExplainLoadError(loaded.status(), relation, request.label);
    return out;
  }
  out.rows_read = loaded->rows_in_source;
  out.rows_written = loaded->rows_written;
  if (relation.ignore_errors) {
    Result<RejectedRows> rejected = TakeRejectedRows(conn, relation);
    if (rejected.ok() && rejected->count > 0) {
      int64_t n = rejected->count;
      out.warnings.push_back(std::to_string(n) + (n == 1 ? " row" : " rows") +
                             " could not be read and " + (n == 1 ? "was" : "were") +
                             " skipped (ignore_errors)");
      for (const std::string& example : rejected->examples) out.warnings.push_back(example);
    }
  }
  return out;
}

StepOutcome DuckDbStepRunner::RunTransform(const Step& step, Connection& conn, size_t worker) {
  Status views = DefineSourceViews(step, conn, worker);
  if (!views.ok()) return Failed(views);
  if (step.mode == WriteMode::kIncremental) return RunIncrementalTransform(step, conn);
  LoadRequest request = LoadRequestFor(step, step.sql);
  Result<LoadResult> loaded = ExecuteLoad(conn, request);
  StepOutcome out;
  out.sql.push_back(step.sql);
  if (!loaded.ok()) {
    out.status = loaded.status();
    return out;
  }
  out.rows_read = loaded->rows_in_source;
  out.rows_written = loaded->rows_written;
  return out;
}

StepOutcome DuckDbStepRunner::RunIncrementalLoad(const Step& step, const Step& source,
                                                 const FileRelation& relation, Connection& conn) {
  nlohmann::json params = nlohmann::json::parse(source.params_json, nullptr, false);
  IncrementalLoadRequest request;
  request.load = LoadRequestFor(step, "");
  request.key = WatermarkKey{options_.pipeline, step.source_name, request.load.target.ToString()};
  request.cursor_field = params.value("cursor_field", "");
  auto key = params.find("primary_key");
  if (key != params.end() && key->is_string()) request.primary_key.push_back(*key);
  if (key != params.end() && key->is_array()) {
    for (const auto& k : *key) request.primary_key.push_back(k.get<std::string>());
  }
  request.lookback_window = params.value("lookback_window", "");
  request.full_refresh = options_.full_refresh;
  // Files are filtered in DuckDB (RunIncrementalLoad adds the WHERE).
  request.source_sql = [&](const std::optional<CursorBound>&) -> Result<std::string> {
    return "SELECT * FROM " + relation.sql;
  };
  Result<IncrementalLoadResult> loaded = sqlflow::RunIncrementalLoad(conn, request);
  StepOutcome out;
  if (!loaded.ok()) {
    out.status = ExplainLoadError(loaded.status(), relation, request.load.label);
    return out;
  }
  out.sql = loaded->sql;
  out.rows_read = loaded->load.rows_in_source;
  out.rows_written = loaded->load.rows_written;
  return out;
}

StepOutcome DuckDbStepRunner::RunIncrementalTransform(const Step& step, Connection& conn) {
  IncrementalTransformRequest request;
  request.target = TableName{step.target_schema, step.target_name};
  request.query = step.sql;
  request.column = step.incremental_column;
  request.lookback = step.lookback;
  request.key = WatermarkKey{options_.pipeline, "", request.target.ToString()};
  request.full_refresh = options_.full_refresh;
  request.label = StepLabel(step);
  Result<IncrementalLoadResult> loaded = sqlflow::RunIncrementalTransform(conn, request);
  StepOutcome out;
  if (!loaded.ok()) return Failed(loaded.status());
  out.sql = loaded->sql;
  out.rows_read = loaded->load.rows_in_source;
  out.rows_written = loaded->load.rows_written;
  return out;
}

StepOutcome DuckDbStepRunner::RunSql(const Step& step, Connection& conn, size_t worker) {
  Status views = DefineSourceViews(step, conn, worker);
  if (!views.ok()) return Failed(views);
  StepOutcome out;
  out.sql.push_back(step.sql);
  Result<QueryResult> result = conn.Query(step.sql);
  if (!result.ok()) {
    out.status = Status(result.status().code(), StepLabel(step) + ": " + result.status().message());
    return out;
  }
  int64_t changed = static_cast<int64_t>(result->rows_changed());
  if (changed > 0) out.rows_written = changed;
  return out;
}

StepOutcome DuckDbStepRunner::RunExport(const Step& step, Connection& conn, size_t worker) {
  std::string label = StepLabel(step);
  if (step.format == "POSTGRES") {
    return Failed(Status::Invalid(label + ": EXPORT TYPE POSTGRES is not available in this build "
                                          "yet"));
  }
  if (step.destination.rfind("s3://", 0) == 0) {
    return Failed(Status::Invalid(label + ": exporting to s3:// is not available in this build "
                                          "yet; write a local path"));
  }
  Status views = DefineSourceViews(step, conn, worker);
  if (!views.ok()) return Failed(views);
  FileExportRequest request;
  request.query = step.sql;
  request.path = ResolvePath(step.destination, options_.project_root);
  request.format = step.format;
  request.options_json = step.options_json;
  request.label = label;
  Result<ExportResult> exported = ExportToFile(conn, request);
  StepOutcome out;
  out.sql.push_back(step.sql);
  if (!exported.ok()) {
    out.status = exported.status();
    return out;
  }
  out.rows_written = exported->rows;
  out.bytes_written = exported->bytes;
  return out;
}

}  // namespace sqlflow
