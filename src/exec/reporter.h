// Reporter: where the executor tells what a run is doing (ninja's StatusPrinter as an
// interface). Implementations: TerminalReporter (people), JsonReporter (--json), the CLI's run
// store (target/runs/<id>/run.json), test fakes.
// Thread-safety: the executor holds one mutex around every call, so calls never overlap and an
// implementation needs no locking of its own. Calls may come from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/exec_options.h"
#include "exec/run_summary.h"
#include "plan/plan.h"

namespace sqlflow {

// Order of calls: OnRunStart; then per step that runs OnStepStart, any OnStepProgress,
// OnStepFinish (steps overlap when running in parallel); then OnRunFinish. Steps that never run
// (skipped, not started, not selected) get no step calls; they appear in the RunSummary.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void OnRunStart(const Plan& plan, const ExecOptions& options) = 0;
  virtual void OnStepStart(const Step& step) = 0;
  // True when the reporter shows OnStepProgress. Tracking progress costs the engine a few per
  // cent of its CPU, so the executor asks for it only when someone shows it.
  virtual bool ShowsProgress() const { return false; }
  // Rows processed so far by a running step, when the step runner reports them.
  virtual void OnStepProgress(const Step& step, int64_t rows) {
    (void)step;
    (void)rows;
  }
  virtual void OnStepFinish(const Step& step, const StepResult& result) = 0;
  virtual void OnRunFinish(const RunSummary& summary) = 0;
};

// Passes every call to each of its reporters, in the order they were added.
class ReporterList : public Reporter {
 public:
  // REQUIRES: `reporter` outlives this list.
  void Add(Reporter& reporter) { reporters_.push_back(&reporter); }

  void OnRunStart(const Plan& plan, const ExecOptions& options) override;
  void OnStepStart(const Step& step) override;
  bool ShowsProgress() const override;
  void OnStepProgress(const Step& step, int64_t rows) override;
  void OnStepFinish(const Step& step, const StepResult& result) override;
  void OnRunFinish(const RunSummary& summary) override;

 private:
  std::vector<Reporter*> reporters_;
};

}  // namespace sqlflow
