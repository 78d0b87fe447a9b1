// Schedule: which steps of a plan may start now, and what a failure does to the rest (SPEC §3.7).
// It decides; it runs nothing (the executor does). Also the `--select` step selection.
// Thread-safety: none; the executor guards it with its mutex.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "exec/failure_policy.h"
#include "plan/plan.h"

namespace sqlflow {

enum class StepState {
  kPending,  // waiting for dependencies
  kReady,    // every dependency satisfied; may start
  kRunning,  // handed out by TakeReady
  kSucceeded,
  kFailed,
  kSkipped,      // a dependency failed or was skipped
  kNotStarted,   // the run stopped first: fail_fast after a failure, or an interrupt
  kNotSelected,  // outside --select
};
const char* ToString(StepState state);  // "pending", …, "not_started", "not_selected"

class Schedule {
 public:
  // `selected` holds step ids to run; empty means every step. A dependency that is not selected
  // counts as satisfied from the start: its tables are assumed to exist from an earlier run. That
  // is also why a failure does not propagate through an unselected step.
  // REQUIRES: every id in a step's depends_on names a step of `plan`; the graph is acyclic.
  Schedule(const Plan& plan, FailurePolicy policy, const std::set<std::string>& selected);

  // Up to `limit` ready steps, in plan order; they become running.
  std::vector<size_t> TakeReady(size_t limit);

  // REQUIRES: `step` is running. A success may make dependants ready.
  void MarkSucceeded(size_t step);
  // REQUIRES: `step` is running. Its pending transitive dependants become skipped; under
  // fail_fast every other pending or ready step then becomes not started.
  void MarkFailed(size_t step);
  // Nothing new starts: pending and ready steps become not started. Running steps stay running
  // until marked. Used when the run is interrupted.
  void Stop();

  // True when nothing is running and nothing more can start.
  bool Done() const { return running_ == 0 && ready_.empty(); }

  size_t size() const { return states_.size(); }
  size_t running() const { return running_; }
  StepState state(size_t step) const { return states_[step]; }
  // For a skipped step: the failed step that caused the skip.
  std::optional<size_t> blocked_by(size_t step) const { return blocked_by_[step]; }

 private:
  void SkipDependants(size_t failed);
  void SetState(size_t step, StepState state);

  FailurePolicy policy_;
  std::vector<StepState> states_;
  std::vector<size_t> waiting_;  // unsatisfied dependencies per step
  std::vector<std::vector<size_t>> dependants_;
  std::vector<std::optional<size_t>> blocked_by_;
  std::set<size_t> ready_;
  size_t running_ = 0;
};

// Resolves `--select` patterns into step ids. `STEP` selects that step; `STEP+` selects it and
// every step that depends on it, transitively. Ids compare exactly, else case-insensitively.
// Returns InvalidArgument for an unknown or empty step name, with a "did you mean" when a near
// id exists and a pointer to `sqlflow compile`, which lists the steps.
Result<std::set<std::string>> SelectSteps(const Plan& plan,
                                          const std::vector<std::string>& patterns);

}  // namespace sqlflow
