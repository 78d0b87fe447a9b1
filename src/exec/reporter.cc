#include "exec/reporter.h"

namespace sqlflow {

void ReporterList::OnRunStart(const Plan& plan, const ExecOptions& options) {
  for (Reporter* r : reporters_) r->OnRunStart(plan, options);
}

void ReporterList::OnStepStart(const Step& step) {
  for (Reporter* r : reporters_) r->OnStepStart(step);
}

bool ReporterList::ShowsProgress() const {
  for (const Reporter* r : reporters_) {
    if (r->ShowsProgress()) return true;
  }
  return false;
}

void ReporterList::OnStepProgress(const Step& step, int64_t rows) {
  for (Reporter* r : reporters_) r->OnStepProgress(step, rows);
}

void ReporterList::OnStepFinish(const Step& step, const StepResult& result) {
  for (Reporter* r : reporters_) r->OnStepFinish(step, result);
}

void ReporterList::OnRunFinish(const RunSummary& summary) {
  for (Reporter* r : reporters_) r->OnRunFinish(summary);
}

}  // namespace sqlflow
