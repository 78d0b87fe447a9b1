// What a run did: one StepResult per step of the plan, and the run's totals (SPEC §3.7). The
// source for the terminal and JSON reporters and for target/runs/<id>/run.json.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/metric.h"
#include "exec/exec_options.h"
#include "plan/plan.h"

namespace sqlflow {

enum class StepStatus {
  kSucceeded,
  kFailed,
  kSkipped,      // a dependency failed or was skipped (see StepResult::blocked_by)
  kNotStarted,   // fail_fast stopped the run, or the run was interrupted, before it could start
  kNotSelected,  // outside --select
  kInterrupted,  // was running when the run was interrupted, and did not succeed
};
const char* ToString(StepStatus status);  // "succeeded", "failed", …, "not_selected", "interrupted"

struct StepResult {
  std::string id;
  StepKind kind = StepKind::kSql;
  StepStatus status = StepStatus::kNotStarted;
  // Wall-clock start and end; epoch (default) for steps that never ran.
  std::chrono::system_clock::time_point started, finished;
  double seconds = 0;      // measured on a steady clock
  int64_t rows_read = -1;  // -1 = unknown / not applicable
  int64_t rows_written = -1;
  int64_t bytes_written = -1;
  std::vector<std::string> sql;  // SQL actually executed, in order
  std::string error;             // kFailed / kInterrupted: the runner's message
  std::string blocked_by;        // kSkipped: id of the failed step that caused the skip
  std::vector<std::string> warnings;
  std::vector<Metric> metrics;  // a source's requests, bytes, cost… (StepOutcome::metrics)

  bool ran() const { return started != std::chrono::system_clock::time_point{}; }
};

enum class RunStatus { kSucceeded, kFailed, kInterrupted };
const char* ToString(RunStatus status);  // "succeeded", "failed", "interrupted"

struct RunSummary {
  std::vector<StepResult> steps;  // in plan order, every step of the plan
  ExecOptions options;
  bool interrupted = false;
  std::chrono::system_clock::time_point started, finished;
  double seconds = 0;

  size_t Count(StepStatus status) const;
  // Interrupted if the run was interrupted; else succeeded when every selected step succeeded.
  RunStatus status() const;
};

// The process exit code for a run (SPEC §3.7): 0 when every selected step succeeded, 130 when
// interrupted, 1 otherwise.
int ExitCodeFor(const RunSummary& summary);

// "2026-11-21T12:55:01.123Z"
std::string FormatUtcTimestamp(std::chrono::system_clock::time_point time);

}  // namespace sqlflow
