#include "runner/duckdb_step_runner.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "connectors/param_values.h"
#include "engine/duckdb_session.h"
#include "engine/load_writer.h"
#include "engine/scalar_function.h"
#include "engine/sql_quote.h"
#include "runner/incremental_load.h"
#include "runner/source_open_ahead.h"
#include "runner/source_schema.h"
#include "runner/step_labels.h"
#include "state/schema_snapshots.h"
#include "state/watermarks.h"
#include "udf/udf_runtime.h"

namespace sqlflow {

namespace {

StepOutcome Failed(Status status) {
  StepOutcome out;
  out.status = std::move(status);
  return out;
}

// While alive, DuckDB may insert `conn`'s rows in any order. A source without a row order to keep
// (SourceCapabilities::keeps_row_order) gets this: to keep a source's order DuckDB inserts on one
// thread, the one that decodes, compresses and writes, while another spins waiting for work. The
// setting is the session's, not the database's (other steps may run at the same time), and is reset
// to the profile's value afterwards.
class UnorderedInsertScope {
 public:
  UnorderedInsertScope(Connection& conn, bool active) : conn_(conn), active_(active) {
    if (active_) active_ = conn_.Execute("SET SESSION preserve_insertion_order = false").ok();
  }
  ~UnorderedInsertScope() {
    if (active_) (void)conn_.Execute("RESET SESSION preserve_insertion_order");
  }
  UnorderedInsertScope(const UnorderedInsertScope&) = delete;
  UnorderedInsertScope& operator=(const UnorderedInsertScope&) = delete;

 private:
  Connection& conn_;
  bool active_;
};

// What the load writer needs to write a LOAD's or a CREATE TABLE's target from `source_sql`.
// The load of `step`; with its `source`, the source's hints on how to store the rows.
LoadRequest LoadRequestFor(const Step& step, std::string source_sql,
                           const PreparedSource* source = nullptr) {
  LoadRequest request;
  if (source != nullptr) {
    request.mostly_distinct_text_columns = source->source->MostlyDistinctTextColumns();
  }
  request.target = TableName{step.target_schema, step.target_name};
  request.source_sql = std::move(source_sql);
  request.mode = ToLoadMode(step.mode);
  request.keys = step.keys;
  request.label = StepLabel(step);
  return request;
}

constexpr const char* kPythonFuncOutsideAQuery =
    "PYTHON_FUNC works in queries only: CREATE TABLE … AS SELECT and EXPORT SELECT. An INSERT, "
    "UPDATE, DELETE or MERGE statement cannot call a Python UDF; write the rows with a transform "
    "(CREATE TABLE x MODE APPEND AS SELECT …, or MODE MERGE KEY …) instead";

// The SELECT a LOAD writes after its schema check: without the columns permissive leaves out,
// with the ones it casts to a narrower target column's type, and for a REPLACE with the columns
// evolve keeps as NULL.
std::string SchemaCheckedSource(const std::string& relation, const SchemaCheckResult& checked,
                                LoadMode mode) {
  std::string select = "SELECT *";
  if (!checked.excluded_columns.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& c : checked.excluded_columns) quoted.push_back(QuoteIdentifier(c));
    select += " EXCLUDE (" + Join(quoted) + ")";
  }
  if (!checked.target_type_columns.empty()) {
    std::vector<std::string> casts;
    for (const ColumnInfo& c : checked.target_type_columns) {
      std::string name = QuoteIdentifier(c.name);
      std::string cast = "CAST(" + name + " AS " + c.type + ")";
      // A value the cast cannot take fails the load with what to do, not only DuckDB's words.
      std::string overflow =
          QuoteString("column '" + c.name + "': ") + " || " + name + "::VARCHAR || " +
          QuoteString(" does not fit " + c.type +
                      ", the target column's type, which schema_policy permissive keeps; set "
                      "\"schema_policy\": \"evolve\" on the SOURCE to widen the column");
      casts.push_back("CASE WHEN " + name + " IS NOT NULL AND TRY_" + cast +
                      " IS NULL THEN error(" + overflow + ") ELSE " + cast + " END AS " + name);
    }
    select += " REPLACE (" + Join(casts) + ")";
  }
  if (mode == LoadMode::kReplace) {
    for (const ColumnInfo& c : checked.null_columns) {
      select += ", NULL::" + c.type + " AS " + QuoteIdentifier(c.name);
    }
  }
  return select + " FROM " + relation;
}

}  // namespace

Result<std::unique_ptr<DuckDbStepRunner>> DuckDbStepRunner::Open(Database& db, size_t workers,
                                                                 StepRunnerOptions options) {
  std::vector<Connection> connections;
  for (size_t i = 0; i < std::max<size_t>(1, workers); ++i) {
    SQLFLOW_ASSIGN_OR_RETURN(Connection conn, Connection::Open(db));
    // DuckDB tracks a query's progress only with its progress bar on (SetProgress turns it on);
    // we read it, never print it.
    SQLFLOW_RETURN_IF_ERROR(
        conn.Execute("SET enable_progress_bar = false; SET enable_progress_bar_print = false"));
    connections.push_back(std::move(conn));
  }
  // State tables exist before any step's transaction starts: a table created meanwhile would
  // be invisible to transactions already open.
  DuckDbSession first(connections[0]);
  SQLFLOW_RETURN_IF_ERROR(EnsureWatermarkTable(first));
  SQLFLOW_RETURN_IF_ERROR(EnsureSchemaSnapshotTable(first));
  std::unique_ptr<DuckDbStepRunner> runner(
      new DuckDbStepRunner(db, std::move(connections), std::move(options)));
  SQLFLOW_RETURN_IF_ERROR(runner->sources_.RegisterTableFunction(runner->connections_[0]));
  // The plan rewrites PYTHON_FUNC in queries only (DuckDB serialises no other statement): one left
  // in an INSERT, UPDATE, DELETE or MERGE fails with what to do instead.
  SQLFLOW_RETURN_IF_ERROR(
      RegisterFailingFunction(runner->connections_[0], "python_func", kPythonFuncOutsideAQuery));
  return runner;
}

DuckDbStepRunner::DuckDbStepRunner(Database& db, std::vector<Connection> connections,
                                   StepRunnerOptions options)
    : db_(db),
      connections_(std::move(connections)),
      options_(std::move(options)),
      views_(connections_.size()),
      running_(new std::atomic<const Step*>[connections_.size()]) {
  for (size_t i = 0; i < connections_.size(); ++i) running_[i].store(nullptr);
  if (options_.threads_configured) engine_threads_.Pin();
}

DuckDbStepRunner::~DuckDbStepRunner() {
  StopProgress();
  if (interrupt_thread_.joinable()) interrupt_thread_.join();
}

void DuckDbStepRunner::SetProgress(StepProgress* progress) {
  StopProgress();
  // Tracking costs DuckDB's threads a few per cent (each task asks every pipeline for its
  // progress), so it is on only while someone reads it. No step runs now: the connections are
  // idle. A failure only loses the live row counts.
  std::string track = progress ? "true" : "false";
  for (Connection& conn : connections_) (void)conn.Execute("SET enable_progress_bar = " + track);
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
  // DuckDB sees an interrupt between chunks; a scan waiting on its source gives up when cancelled;
  // a source downloading before DuckDB reads stops its requests.
  CancelLiveTableScans();
  sources_.CancelAll();
  interrupt_thread_ = std::thread([this] {
    for (int round = 1;; ++round) {
      bool busy = false;
      for (size_t i = 0; i < connections_.size(); ++i) {
        if (running_[i].load() == nullptr) continue;
        busy = true;
        connections_[i].Interrupt();
      }
      if (!busy) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (round % 25 == 0) CancelLiveTableScans();  // scans bound since
    }
  });
}

void DuckDbStepRunner::PrepareUdfs(const Plan& plan) {
  std::vector<std::string> called;  // PYTHON_FUNC names: must resolve
  std::vector<std::string> maybe;   // unknown functions: UDFs when a UDF has that bare name
  for (const Step& step : plan.steps) {
    called.insert(called.end(), step.python_udfs.begin(), step.python_udfs.end());
    called.insert(called.end(), step.python_table_udfs.begin(), step.python_table_udfs.end());
    maybe.insert(maybe.end(), step.unknown_functions.begin(), step.unknown_functions.end());
  }
  bool has_udf_folder = options_.fs->IsDirectory(options_.project_root + "/python_udfs");
  if (called.empty() && (maybe.empty() || !has_udf_folder)) return;  // Python is not started
  Result<UdfRuntime*> runtime = UdfRuntime::Start(options_.project_root);
  for (const std::string& name : called) {
    if (!runtime.ok()) {
      udf_errors_[name] = runtime.status();
      continue;
    }
    Result<const UdfInfo*> udf = (*runtime)->Resolve(name);
    Status status =
        udf.ok() ? (*runtime)->Register(db_, connections_[0], **udf, name) : udf.status();
    if (!status.ok()) udf_errors_[name] = status;
  }
  for (const std::string& name : maybe) {
    if (!runtime.ok()) {
      udf_errors_[name] = runtime.status();
      continue;
    }
    Result<const UdfInfo*> udf = (*runtime)->Resolve(name);
    if (!udf.ok()) {
      // Not a UDF: DuckDB reports the unknown function itself. Ambiguous: say which ones.
      if (udf.status().code() != StatusCode::kNotFound) udf_errors_[name] = udf.status();
      continue;
    }
    Status status = (*runtime)->Register(db_, connections_[0], **udf, name);
    if (!status.ok()) udf_errors_[name] = status;
  }
  if (runtime.ok() && !options_.threads_configured) {
    (void)connections_[0].Execute("SET threads = 1");  // a setting of the whole database
    engine_threads_.Pin();
  }
}

Status DuckDbStepRunner::UdfError(const Step& step) const {
  for (const auto* names : {&step.python_udfs, &step.python_table_udfs, &step.unknown_functions}) {
    for (const std::string& name : *names) {
      auto it = udf_errors_.find(name);
      if (it != udf_errors_.end()) {
        return Status(it->second.code(), StepLabel(step) + ": UDF '" + name +
                                             "' is not available: " + it->second.message());
      }
    }
  }
  return Status::OK();
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
  if (Status udf = UdfError(step); !udf.ok()) {
    running_[worker].store(nullptr);
    return Failed(udf);
  }
  switch (step.kind) {
    case StepKind::kSource:
      out = RunSource(step);
      break;
    case StepKind::kLoad:
      out = RunLoad(step, conn, worker);
      break;
    case StepKind::kTransform:
    case StepKind::kSql:
    case StepKind::kExport: {
      // A step that reads SOURCEs directly (through their views) records what reading them took.
      std::vector<Metric> before = MetricsOfSourcesRead(step);
      out = step.kind == StepKind::kTransform ? RunTransform(step, conn, worker)
            : step.kind == StepKind::kSql     ? RunSql(step, conn, worker)
                                              : RunExport(step, conn, worker);
      std::vector<Metric> read = MetricsAdded(before, MetricsOfSourcesRead(step));
      out.metrics.insert(out.metrics.end(), read.begin(), read.end());
      break;
    }
  }
  running_[worker].store(nullptr);
  return out;
}

// A source step opens the SOURCE through its connector: a file source matches its files, a
// network source connects and reads its catalog (or takes what was opened ahead).
StepOutcome DuckDbStepRunner::RunSource(const Step& step) {
  std::string label = StepLabel(step);
  const SourceConnector* connector = connectors_.Find(step.connector_type);
  if (connector == nullptr) {
    return Failed(Status::Invalid(label + ": the " + step.connector_type +
                                  " connector is not available in this build yet"));
  }
  std::optional<Result<std::shared_ptr<Source>>> ahead;
  if (options_.open_ahead != nullptr) ahead = options_.open_ahead->Take(step.id);
  if (!ahead) {
    SourceContext context{options_.project_root, options_.fs, label};
    Result<std::unique_ptr<Source>> opened = connector->open(step.params_json, context);
    ahead = opened.ok() ? Result<std::shared_ptr<Source>>(std::move(opened).value())
                        : Result<std::shared_ptr<Source>>(opened.status());
  }
  if (!ahead->ok()) return Failed(ahead->status());
  PreparedSource prepared;
  prepared.step = &step;
  prepared.source = std::move(*ahead).value();
  prepared.schema_name = step.source_name;
  StepOutcome out;
  out.warnings = prepared.source->warnings();
  // What opening it took (a listing, a catalog read), if anything.
  out.metrics = MetricsAdded({}, prepared.source->Metrics());
  sources_.Add(TableKey(step.source_name), std::move(prepared));
  return out;
}

std::vector<Metric> DuckDbStepRunner::MetricsOfSourcesRead(const Step& step) const {
  std::vector<Metric> sum;
  for (const std::string& key : step.sources_read) {
    std::optional<PreparedSource> source = sources_.Find(key);
    if (!source) continue;
    for (const Metric& m : source->source->Metrics()) {
      auto it =
          std::find_if(sum.begin(), sum.end(), [&](const Metric& s) { return s.name == m.name; });
      if (it == sum.end()) {
        sum.push_back(m);
      } else {
        it->value += m.value;
      }
    }
  }
  return sum;
}

// For a read that found no rows and so no columns (an API that returned no records): an empty
// relation of the columns `source_name` had when last loaded, or nullopt when none was recorded.
Result<std::optional<DuckDbStepRunner::EmptyRead>> DuckDbStepRunner::EmptyReadOfLastColumns(
    const std::string& source_name, Connection& conn) {
  DuckDbSession session(conn);
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<SchemaSnapshot> last,
                           ReadLatestSnapshot(session, options_.pipeline, source_name));
  if (!last || last->columns.empty()) return std::optional<EmptyRead>();
  std::string select;
  for (const ColumnInfo& c : last->columns) {
    select += (select.empty() ? "" : ", ") + std::string("CAST(NULL AS ") + c.type + ") AS " +
              QuoteIdentifier(c.name);
  }
  return std::optional<EmptyRead>(EmptyRead{"SELECT " + select + " LIMIT 0", last->columns});
}

// A source whose columns come from its reads is told the columns its last load recorded, so
// that a read with only nulls in a column keeps the column's type (Source::SetRecordedColumns).
Status DuckDbStepRunner::TellRecordedColumns(const PreparedSource& source, Connection& conn) {
  if (!source.source->capabilities().columns_from_read) return Status::OK();
  DuckDbSession session(conn);
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<SchemaSnapshot> last,
                           ReadLatestSnapshot(session, options_.pipeline, source.schema_name));
  if (last) source.source->SetRecordedColumns(last->columns);
  return Status::OK();
}

// A LOAD whose source found no rows and whose columns were never recorded: nothing to load.
static StepOutcome NothingToLoad(const Step& step) {
  StepOutcome out;
  out.rows_read = 0;
  out.rows_written = 0;
  out.warnings.push_back("SOURCE " + step.source_name + " returned no records and no earlier " +
                         "load recorded its columns: nothing was loaded, and " + step.target_table +
                         " was not created");
  return out;
}

// The source's columns `step` may read, when the source fetches less for fewer columns and the
// planner could tell which (unset: every column).
Result<std::optional<std::vector<std::string>>> DuckDbStepRunner::ColumnsNeeded(
    const Step& step, const PreparedSource& source, Connection& conn) {
  if (!step.columns_read || !source.source->capabilities().reads_needed_columns) {
    return std::optional<std::vector<std::string>>();
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> all, source.source->Columns(conn));
  std::vector<std::string> needed;
  for (const ColumnInfo& c : all) {
    const std::vector<std::string>& read = *step.columns_read;
    if (std::find(read.begin(), read.end(), ToLowerAscii(c.name)) != read.end()) {
      needed.push_back(c.name);
    }
  }
  return std::optional<std::vector<std::string>>(std::move(needed));
}

// Defines the views of the sources `step` reads on this worker's connection, and drops the
// views of the others: a table of a source's name written since (`LOAD orders FROM orders`)
// must not stay hidden behind the view an earlier step used.
Status DuckDbStepRunner::DefineSourceViews(const Step& step, Connection& conn, size_t worker) {
  std::vector<std::string> stale;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, every_column] : views_[worker]) {
      auto& read = step.sources_read;
      if (std::find(read.begin(), read.end(), key) == read.end()) stale.push_back(key);
    }
    for (const std::string& key : stale) views_[worker].erase(key);
  }
  for (const std::string& key : stale) {
    SQLFLOW_RETURN_IF_ERROR(conn.Execute("DROP VIEW IF EXISTS temp.main." + QuoteIdentifier(key)));
  }
  for (const std::string& key : step.sources_read) {
    std::optional<PreparedSource> source = sources_.Find(key);
    if (!source) continue;
    SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> columns,
                             ColumnsNeeded(step, *source, conn));
    {
      // A view of every column serves each later step on this worker; one of some columns
      // serves this step only.
      std::lock_guard<std::mutex> lock(mu_);
      auto defined = views_[worker].find(key);
      if (!columns && defined != views_[worker].end() && defined->second) continue;
      views_[worker][key] = !columns.has_value();
    }
    SQLFLOW_ASSIGN_OR_RETURN(std::string query,
                             sources_.QueryFor("view:" + key, *source, std::nullopt, columns));
    if (query.empty()) {
      SQLFLOW_ASSIGN_OR_RETURN(std::optional<EmptyRead> empty, EmptyReadOfLastColumns(key, conn));
      if (!empty) {
        return Status::NotFound(StepLabel(step) + ": SOURCE " + key + " returned no records, " +
                                "so its columns are not known and a query cannot name it; LOAD " +
                                "it when it has records (later runs then know its columns)");
      }
      query = empty->sql;
    }
    SQLFLOW_RETURN_IF_ERROR(
        conn.Execute("CREATE OR REPLACE TEMP VIEW " + QuoteIdentifier(key) + " AS " + query));
  }
  return Status::OK();
}

StepOutcome DuckDbStepRunner::RunLoad(const Step& step, Connection& conn, size_t worker) {
  std::optional<PreparedSource> source = sources_.Find(TableKey(step.source_name));
  if (!source) {
    return Failed(
        Status::Internal(StepLabel(step) + ": source '" + step.source_name + "' was not prepared"));
  }
  // A source of several streams gives the one this LOAD reads.
  Result<std::optional<SourceStream>> stream = source->source->Stream(step.target_name);
  if (!stream.ok()) {
    return Failed(
        Status(stream.status().code(), StepLabel(step) + ": " + stream.status().message()));
  }
  if (*stream) {
    source->source = (*stream)->source;
    source->schema_name = step.source_name + "." + (*stream)->name;
  }
  // The source's requests and bytes are the LOAD's that read them, failed or not.
  std::vector<Metric> before = source->source->Metrics();
  StepOutcome out = LoadFromSource(step, *source, conn);
  out.metrics = MetricsAdded(before, source->source->Metrics());
  return out;
}

StepOutcome DuckDbStepRunner::LoadFromSource(const Step& step, const PreparedSource& prepared,
                                             Connection& conn) {
  const PreparedSource* source = &prepared;
  SourceCapabilities can = source->source->capabilities();
  std::optional<EngineThreads::NetworkRead> network_read;
  if (can.network_bound) network_read.emplace(engine_threads_.BeginNetworkRead(conn));
  UnorderedInsertScope unordered(conn, !can.keeps_row_order);
  if (step.incremental) {
    return RunIncrementalLoad(step, *source, conn);
  }
  Result<std::string> query = sources_.QueryFor(step.id, *source, std::nullopt);
  if (!query.ok()) return Failed(query.status());
  Result<std::vector<ColumnInfo>> current = std::vector<ColumnInfo>();
  if (query->empty()) {
    Result<std::optional<EmptyRead>> empty = EmptyReadOfLastColumns(source->schema_name, conn);
    if (!empty.ok()) return Failed(empty.status());
    if (!*empty) return NothingToLoad(step);
    *query = (*empty)->sql;
    current = (*empty)->columns;
  } else {
    Status told = TellRecordedColumns(*source, conn);
    if (!told.ok()) return Failed(told);
    current = source->source->Columns(conn);
    // A source whose columns come from its read may read faster once it has told them.
    if (current.ok() && can.columns_from_read)
      query = sources_.QueryFor(step.id, *source, std::nullopt);
    if (!query.ok()) return Failed(query.status());
  }
  if (!current.ok()) return Failed(current.status());
  std::string relation = "(" + *query + ")";
  LoadRequest request = LoadRequestFor(step, "SELECT * FROM " + relation, &*source);
  SchemaCheckResult checked;
  StepOutcome out;
  Result<LoadHooks> hooks =
      SchemaHooks(step, *source, std::move(current).value(), conn, request.mode, &checked);
  if (!hooks.ok()) return Failed(hooks.status());
  Result<LoadResult> loaded = Status::Internal("not run");
  Result<std::unique_ptr<EngineSession>> session = engine_.OpenSession(conn);
  if (!session.ok()) return Failed(session.status());
  Status status = ExecuteInTransaction(conn, [&]() -> Status {
    SQLFLOW_ASSIGN_OR_RETURN(request.source_sql, hooks->shape_source(relation));
    loaded = engine_.Materialise(**session, Materialisation::Of(request));
    SQLFLOW_RETURN_IF_ERROR(loaded.status());
    return hooks->after_write();
  });
  out.sql = checked.evolve_sql;
  out.sql.push_back(request.source_sql);
  out.warnings = checked.warnings;
  if (!status.ok()) {
    out.status =
        checked.status.ok() ? source->source->ExplainLoadError(status, request.label) : status;
    return out;
  }
  out.rows_read = loaded->rows_in_source;
  out.rows_written = loaded->rows_written;
  std::vector<std::string> read_warnings = source->source->TakeLoadWarnings(conn);
  out.warnings.insert(out.warnings.end(), read_warnings.begin(), read_warnings.end());
  return out;
}

StepOutcome DuckDbStepRunner::RunTransform(const Step& step, Connection& conn, size_t worker) {
  Status views = DefineSourceViews(step, conn, worker);
  if (!views.ok()) return Failed(views);
  if (step.mode == WriteMode::kIncremental) return RunIncrementalTransform(step, conn);
  LoadRequest request = LoadRequestFor(step, step.sql);
  Result<std::unique_ptr<EngineSession>> session = engine_.OpenSession(conn);
  if (!session.ok()) return Failed(session.status());
  Result<LoadResult> loaded = Status::Internal("not run");
  Status status = ExecuteInTransaction(**session, [&]() -> Status {
    loaded = engine_.Materialise(**session, Materialisation::Of(request));
    return loaded.status();
  });
  if (!status.ok()) loaded = status;
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

StepOutcome DuckDbStepRunner::RunIncrementalLoad(const Step& step, const PreparedSource& source,
                                                 Connection& conn) {
  nlohmann::json params = nlohmann::json::parse(source.step->params_json, nullptr, false);
  IncrementalLoadRequest request;
  request.load = LoadRequestFor(step, "", &source);
  request.key = WatermarkKey{options_.pipeline, step.source_name, request.load.target.ToString()};
  request.cursor_field = params.value("cursor_field", "");
  request.primary_key = StringOrList(params, "primary_key");
  // A SaaS stream knows its cursor and key; the params may still name others.
  IncrementalKeys defaults = source.source->DefaultIncrementalKeys();
  if (request.cursor_field.empty()) request.cursor_field = defaults.cursor_field;
  if (request.primary_key.empty()) request.primary_key = defaults.primary_key;
  request.lookback_window = params.value("lookback_window", "");
  // An API source's "incremental": {"lag": "5 minutes"} is the same re-read margin.
  if (request.lookback_window.empty() && params.contains("incremental") &&
      params["incremental"].is_object() && params["incremental"].contains("lag") &&
      params["incremental"]["lag"].is_string()) {
    request.lookback_window = params["incremental"]["lag"].get<std::string>();
  }
  request.full_refresh = options_.full_refresh;
  // A source whose columns are those of what it fetched reads first (from the bound the load
  // will use), then tells them.
  std::optional<std::string> empty_relation;
  Result<std::vector<ColumnInfo>> current = std::vector<ColumnInfo>();
  if (source.source->capabilities().columns_from_read) {
    Result<std::optional<CursorBound>> peeked = PeekIncrementalBound(conn, request);
    if (!peeked.ok()) return Failed(peeked.status());
    std::optional<SourceCursorBound> pushed;
    if (*peeked) {
      pushed = SourceCursorBound{request.cursor_field, (*peeked)->value_text, (*peeked)->inclusive};
    }
    Result<std::string> query = sources_.QueryFor(step.id, source, pushed);
    if (!query.ok()) return Failed(query.status());
    if (query->empty()) {
      Result<std::optional<EmptyRead>> empty = EmptyReadOfLastColumns(source.schema_name, conn);
      if (!empty.ok()) return Failed(empty.status());
      if (!*empty) return NothingToLoad(step);
      empty_relation = (*empty)->sql;
      current = (*empty)->columns;
    } else {
      Status told = TellRecordedColumns(source, conn);
      if (!told.ok()) return Failed(told);
      current = source.source->Columns(conn);
    }
  } else {
    current = source.source->Columns(conn);
  }
  if (!current.ok()) return Failed(current.status());
  request.source_columns = *current;
  request.source_keys_unique = source.source->GuaranteesUniqueKey(request.primary_key);
  SchemaCheckResult checked;
  Result<LoadHooks> hooks =
      SchemaHooks(step, source, std::move(current).value(), conn,
                  options_.full_refresh ? LoadMode::kReplace : request.load.mode, &checked);
  if (!hooks.ok()) return Failed(hooks.status());
  request.hooks = *hooks;
  // RunIncrementalLoad filters in DuckDB; a source that can also leaves the rows before the bound
  // out of its read (PostgreSQL: in its COPY query).
  request.source_sql = [&](const std::optional<CursorBound>& bound) -> Result<std::string> {
    if (empty_relation) return *empty_relation;
    std::optional<SourceCursorBound> pushed;
    if (bound)
      pushed = SourceCursorBound{request.cursor_field, bound->value_text, bound->inclusive};
    return sources_.QueryFor(step.id, source, pushed);
  };
  Result<IncrementalLoadResult> loaded = sqlflow::RunIncrementalLoad(engine_, conn, request);
  StepOutcome out;
  out.warnings = checked.warnings;
  if (!loaded.ok()) {
    out.status = checked.status.ok()
                     ? source.source->ExplainLoadError(loaded.status(), request.load.label)
                     : loaded.status();
    return out;
  }
  out.sql = checked.evolve_sql;
  out.sql.insert(out.sql.end(), loaded->sql.begin(), loaded->sql.end());
  out.rows_read = loaded->load.rows_in_source;
  out.rows_written = loaded->load.rows_written;
  // What the read had to say (a REST read's development cap, Stripe's events horizon).
  std::vector<std::string> read_warnings = source.source->TakeLoadWarnings(conn);
  out.warnings.insert(out.warnings.end(), read_warnings.begin(), read_warnings.end());
  return out;
}

Result<LoadHooks> DuckDbStepRunner::SchemaHooks(const Step& step, const PreparedSource& source,
                                                std::vector<ColumnInfo> current, Connection& conn,
                                                LoadMode mode, SchemaCheckResult* checked) {
  SQLFLOW_ASSIGN_OR_RETURN(
      SchemaPolicy policy,
      SchemaPolicyFromParams(source.step->params_json, options_.default_schema_policy,
                             StepLabel(*source.step)));
  auto request = std::make_shared<SchemaCheckRequest>(
      SchemaCheckRequest{options_.pipeline, source.schema_name, std::move(current), policy,
                         TableName{step.target_schema, step.target_name}, StepLabel(step),
                         mode == LoadMode::kReplace});
  LoadHooks hooks;
  hooks.shape_source = [&conn, request, checked,
                        mode](const std::string& relation) -> Result<std::string> {
    SQLFLOW_ASSIGN_OR_RETURN(*checked, CheckSchemaAndEvolve(conn, *request));
    SQLFLOW_RETURN_IF_ERROR(checked->status);
    return SchemaCheckedSource(relation, *checked, mode);
  };
  hooks.after_write = [&conn, request, checked, this]() {
    return RecordLoadedSchema(conn, options_.pipeline, request->source,
                              LoadedColumns(request->current, *checked));
  };
  return hooks;
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
  Result<IncrementalLoadResult> loaded = sqlflow::RunIncrementalTransform(engine_, conn, request);
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
  const ExportConnector* format = exports_.Find(step.format);
  if (format == nullptr) {
    return Failed(Status::Invalid(label + ": exporting " + step.format +
                                  " is not available in this build yet"));
  }
  Status views = DefineSourceViews(step, conn, worker);
  if (!views.ok()) return Failed(views);
  ExportRequest request{step.sql, step.destination, step.format, step.options_json, label};
  ExportContext context{options_.project_root, &options_.connections,
                        [this] { return interrupted_.load(); }};
  Result<ExportOutcome> exported = format->write(conn, request, context);
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
