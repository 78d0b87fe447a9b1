// Execute: runs a plan's steps through a StepRunner, up to ExecOptions::max_parallel at once,
// in dependency order, with the failure policy and step selection of SPEC §3.7, telling a
// Reporter as it goes.
//
// Threading: the calling thread starts min(max_parallel, selected steps) worker threads. Each
// worker takes the next ready step from the Schedule (under one mutex), runs it through the
// StepRunner with its own stable worker index, records the result and wakes the others. The
// calling thread meanwhile watches the InterruptFlag: when it is set, nothing new starts
// (pending steps become not started) and runner.Interrupt() is called once; steps that were
// running and then fail are recorded as interrupted. Reporter calls are made under a mutex and
// never overlap. No exception crosses a thread: one thrown by the runner becomes a failed step.
#pragma once

#include "exec/exec_options.h"
#include "exec/interrupt.h"
#include "exec/reporter.h"
#include "exec/run_summary.h"
#include "exec/step_runner.h"
#include "plan/plan.h"

namespace sqlflow {

// Blocks until every selected step finished, was skipped or could not start. The returned
// summary holds one StepResult per plan step, in plan order; ExitCodeFor() turns it into the
// process exit code. A failed step is an outcome, not an error, so nothing here fails.
// REQUIRES: `plan` as the planner makes it (depends_on ids name steps of the plan; acyclic);
// options.selected holds ids from SelectSteps() or is empty (every step).
RunSummary Execute(const Plan& plan, StepRunner& runner, Reporter& reporter,
                   const ExecOptions& options, InterruptFlag& interrupt);

}  // namespace sqlflow
