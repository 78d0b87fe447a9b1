// StepRunner: the one interface through which the executor runs a step (ninja's CommandRunner).
// The real implementation (runner/) reaches the engine, the connectors and the state; tests use
// a fake. exec/ knows nothing of either.
// Thread-safety: Run() is called concurrently from up to ExecOptions::max_parallel worker threads;
// Interrupt() from another thread at any time. Implementations must allow both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/metric.h"
#include "common/status.h"
#include "plan/plan.h"

namespace sqlflow {

// What running one step did. A failed step is an ordinary outcome: `status` carries the error
// and the counters hold whatever was known when it failed (-1 = unknown / not applicable).
struct StepOutcome {
  Status status;
  int64_t rows_read = -1;
  int64_t rows_written = -1;
  int64_t bytes_written = -1;
  std::vector<std::string> sql;  // the SQL actually executed, in order
  std::vector<std::string> warnings;
  std::vector<Metric> metrics;  // in the order reported; empty for steps with none
};

// Where a runner reports progress of a running step (rows processed so far), for the live line
// on a terminal. Implemented by the executor. Thread-safe: may be called from any thread.
class StepProgress {
 public:
  virtual ~StepProgress() = default;
  virtual void OnRows(const Step& step, int64_t rows) = 0;
};

class StepRunner {
 public:
  virtual ~StepRunner() = default;

  // Runs `step` to completion and returns what happened; must not throw. `worker` is in
  // [0, max_parallel) and is the same for every call made from one worker thread, so an
  // implementation can keep one database connection per worker (never shared across threads).
  // The executor calls Run only after every selected dependency of `step` succeeded.
  virtual StepOutcome Run(const Step& step, size_t worker) = 0;

  // Cancels running work: Run calls in progress should return soon with an error. Called at most
  // once per run, from the executor's watcher (not from a signal handler). The cancellation must
  // be sticky: a Run that begins after Interrupt() (the executor may have handed the step to a
  // worker just before) should fail at once rather than start work.
  virtual void Interrupt() = 0;

  // Optional: the executor passes a sink before the first Run when a reporter shows progress,
  // and nullptr after the last Run. A runner that can count rows while a step runs calls
  // `progress->OnRows(step, rows)`; without a sink it need not track progress at all.
  virtual void SetProgress(StepProgress* progress) { (void)progress; }
};

}  // namespace sqlflow
