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
#include "connectors/files/file_source.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "exec/step_runner.h"

namespace sqlflow {

struct StepRunnerOptions {
  std::string project_root;  // absolute; relative paths in params and exports resolve here
  const FileSystem* fs = nullptr;
  std::string pipeline;       // names the watermarks and schema snapshots of this run
  bool full_refresh = false;  // incremental loads ignore their watermarks (and replace)
};

class DuckDbStepRunner : public StepRunner {
 public:
  // Opens `workers` connections to `db`. REQUIRES: db and options.fs outlive the runner.
  static Result<std::unique_ptr<DuckDbStepRunner>> Open(Database& db, size_t workers,
                                                        StepRunnerOptions options);

  ~DuckDbStepRunner() override;

  StepOutcome Run(const Step& step, size_t worker) override;
  void Interrupt() override;
  // Starts (or, with nullptr, stops) a thread that reports the rows each running step's query
  // has processed, a few times a second.
  void SetProgress(StepProgress* progress) override;

 private:
  DuckDbStepRunner(std::vector<Connection> connections, StepRunnerOptions options);

  StepOutcome RunSource(const Step& step);
  StepOutcome RunLoad(const Step& step, Connection& conn, size_t worker);
  StepOutcome RunIncrementalLoad(const Step& step, const Step& source, const FileRelation& relation,
                                 Connection& conn);
  StepOutcome RunIncrementalTransform(const Step& step, Connection& conn);
  StepOutcome RunTransform(const Step& step, Connection& conn, size_t worker);
  StepOutcome RunSql(const Step& step, Connection& conn, size_t worker);
  StepOutcome RunExport(const Step& step, Connection& conn, size_t worker);
  // Queries may name a source directly (SELECT * FROM orders_src): each source a step reads
  // becomes a temporary view on the worker's connection (nothing is left in the database).
  Status DefineSourceViews(const Step& step, Connection& conn, size_t worker);
  bool FindRelation(const std::string& source_key, FileRelation* out,
                    const Step** source_step = nullptr);
  void PollProgress();
  void StopProgress();

  std::vector<Connection> connections_;
  StepRunnerOptions options_;
  std::atomic<bool> interrupted_{false};
  std::thread interrupt_thread_;                   // repeats the interrupt while steps run
  std::mutex mu_;                                  // guards relations_ and views_
  std::map<std::string, FileRelation> relations_;  // source key -> relation
  std::map<std::string, const Step*> source_steps_;  // source key -> its SOURCE step
  std::vector<std::set<std::string>> views_;       // per worker: source views defined

  // Progress: the step each worker runs (nullptr when idle), polled by progress_thread_.
  std::unique_ptr<std::atomic<const Step*>[]> running_;
  StepProgress* progress_ = nullptr;
  std::thread progress_thread_;
  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  bool progress_stop_ = false;
};

}  // namespace sqlflow
