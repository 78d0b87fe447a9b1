// DuckDbStepRunner: runs the plan's steps on one DuckDB database — the place where the plan meets
// the engine and the connectors (ARCHITECTURE.md, the data path). Every source becomes a relation
// inside DuckDB (file sources: DuckDB's own readers); every LOAD and CREATE … AS is one
// transaction in the engine's load writer; EXPORT is DuckDB's COPY to a temporary file, renamed.
// Thread-safety: Run may be called concurrently for different workers; each worker has its own
// connection, never shared. Interrupt may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/file_system.h"
#include "connectors/connector_registry.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "engine/duckdb_engine.h"
#include "exec/step_runner.h"
#include "runner/engine_threads.h"
#include "runner/incremental_load.h"
#include "runner/schema_check.h"
#include "runner/source_registry.h"

namespace sqlflow {

class SourceOpenAhead;

struct StepRunnerOptions {
  std::string project_root;  // absolute; relative paths in params and exports resolve here
  const FileSystem* fs = nullptr;
  std::string pipeline;       // names the watermarks and schema snapshots of this run
  bool full_refresh = false;  // incremental loads ignore their watermarks (and replace)
  // The profile's default schema_policy, for SOURCEs that do not set one.
  SchemaPolicy default_schema_policy = SchemaPolicy::kAlert;
  // The profile's connectors by name: their params as JSON (secrets resolved), for exports that
  // name a connection (OPTIONS {"connection": …}).
  std::map<std::string, std::string> connections;
  // The profile sets engines.duckdb.threads. When it does not, a run that registers Python UDFs
  // runs DuckDB on one thread: with more, DuckDB's threads take turns on Python's GIL and a
  // vectorised UDF gets several times slower (docs/udfs.md has the figures).
  bool threads_configured = false;
  // Network sources opened ahead (runner/source_open_ahead.h); null: each source step opens
  // its own. REQUIRES: outlives the runner.
  SourceOpenAhead* open_ahead = nullptr;
};

class DuckDbStepRunner : public StepRunner {
 public:
  // Opens `workers` connections to `db`. REQUIRES: db and options.fs outlive the runner.
  static Result<std::unique_ptr<DuckDbStepRunner>> Open(Database& db, size_t workers,
                                                        StepRunnerOptions options);

  ~DuckDbStepRunner() override;

  // Starts Python and registers the UDFs the plan's steps call (SPEC §3.6) — only when some step
  // calls PYTHON_FUNC, or calls a function the engine lacks while the project has python_udfs/.
  // Registration happens before any step runs (it writes the catalog). A UDF that cannot be
  // imported, resolved or registered fails only the steps that call it, with that error.
  void PrepareUdfs(const Plan& plan);

  StepOutcome Run(const Step& step, size_t worker) override;
  void Interrupt() override;
  // Starts (or, with nullptr, stops) a thread that reports the rows each running step's query
  // has processed, a few times a second.
  void SetProgress(StepProgress* progress) override;

 private:
  DuckDbStepRunner(Database& db, std::vector<Connection> connections, StepRunnerOptions options);
  // The error of a UDF `step` calls that PrepareUdfs() could not set up; OK when none.
  Status UdfError(const Step& step) const;

  StepOutcome RunSource(const Step& step);
  StepOutcome RunLoad(const Step& step, Connection& conn, size_t worker);
  // The metrics of the SOURCEs `step` reads directly, summed by name.
  std::vector<Metric> MetricsOfSourcesRead(const Step& step) const;
  StepOutcome LoadFromSource(const Step& step, const PreparedSource& source, Connection& conn);
  StepOutcome RunIncrementalLoad(const Step& step, const PreparedSource& source, Connection& conn);
  // The schema-drift check and snapshot of a LOAD from `source` (runner/schema_check.h), as
  // hooks for the load's transaction; `checked` receives what the check decided.
  Result<LoadHooks> SchemaHooks(const Step& step, const PreparedSource& source,
                                std::vector<ColumnInfo> current, Connection& conn, LoadMode mode,
                                SchemaCheckResult* checked);
  StepOutcome RunIncrementalTransform(const Step& step, Connection& conn);
  StepOutcome RunTransform(const Step& step, Connection& conn, size_t worker);
  StepOutcome RunSql(const Step& step, Connection& conn, size_t worker);
  StepOutcome RunExport(const Step& step, Connection& conn, size_t worker);
  // Queries may name a source directly (SELECT * FROM orders_src): each source a step reads
  // becomes a temporary view on the worker's connection (nothing is left in the database).
  Status DefineSourceViews(const Step& step, Connection& conn, size_t worker);
  struct EmptyRead {
    std::string sql;  // an empty relation of `columns`
    std::vector<ColumnInfo> columns;
  };
  Result<std::optional<EmptyRead>> EmptyReadOfLastColumns(const std::string& source_name,
                                                          Connection& conn);
  Status TellRecordedColumns(const PreparedSource& source, Connection& conn);
  Result<std::optional<std::vector<std::string>>> ColumnsNeeded(const Step& step,
                                                                const PreparedSource& source,
                                                                Connection& conn);
  void PollProgress();
  void StopProgress();

  Database& db_;
  // Where the tables are written: every write is a materialisation intent (engine.h).
  DuckDbEngine engine_;
  std::vector<Connection> connections_;
  std::map<std::string, Status> udf_errors_;  // UDF name as called -> why it is unavailable
  StepRunnerOptions options_;
  std::atomic<bool> interrupted_{false};
  std::thread interrupt_thread_;  // repeats the interrupt while steps run
  SourceConnectors connectors_ = BuildSourceConnectors();
  ExportConnectors exports_ = BuildExportConnectors();
  SourceRegistry sources_;
  EngineThreads engine_threads_;  // one more DuckDB thread while a LOAD reads the network
  std::mutex mu_;                 // guards views_
  // Per worker: the source views defined on its connection, and whether each has every column.
  std::vector<std::map<std::string, bool>> views_;

  // Progress: the step each worker runs (nullptr when idle), polled by progress_thread_.
  std::unique_ptr<std::atomic<const Step*>[]> running_;
  StepProgress* progress_ = nullptr;
  std::thread progress_thread_;
  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  bool progress_stop_ = false;
};

}  // namespace sqlflow
