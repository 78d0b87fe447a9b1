// SecretRedactor: the one place that knows every secret value of an invocation — the profile's,
// and those a planned pipeline carries (from .env, the environment, --vars or inline params) —
// and scrubs them from everything shown or kept: plans, run records, --json, errors, warnings.
// RedactingReporter puts it between the executor and any reporter.
// Thread-safety: a SecretRedactor is a plain value, const methods may be called concurrently;
// RedactingReporter follows the Reporter contract (calls never overlap).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "exec/reporter.h"
#include "exec/run_summary.h"
#include "plan/plan.h"

namespace sqlflow {

class SecretRedactor {
 public:
  // Adds secret values (values shorter than kMinSecretLength are ignored).
  void Add(const std::vector<std::string>& values);
  // Adds the values a plan carries: see CollectPlanSecretValues().
  void AddSecretsOf(const Plan& plan);

  // `text` with every known secret value and every credential recognisable by its shape
  // (MaskCredentialsInText) replaced by kSecretMask.
  std::string Text(std::string text) const;
  // A params JSON text with secret keys masked (MaskSecrets) and then Text() applied.
  std::string Params(const std::string& params_json) const;

  // Copies with every text field passed through Text() or Params(): what may be shown or kept.
  Plan RedactPlan(const Plan& plan) const;
  StepResult RedactResult(StepResult result) const;
  RunSummary RedactSummary(RunSummary summary) const;

  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;  // longest first, unique
};

// The secret values a plan carries: values of secret keys in its steps' params (profile
// connector params merged with PARAMS/OPTIONS, variables resolved) and credentials in their
// strings; and the value of every variable the plan used whose name is a secret key or whose
// value feeds a secret (appears whole inside one of those values).
std::vector<std::string> CollectPlanSecretValues(const Plan& plan);

// Passes every call on to `inner` with the plan, its steps, results and summary redacted.
class RedactingReporter : public Reporter {
 public:
  // REQUIRES: `inner` and `redactor` outlive this reporter.
  RedactingReporter(Reporter& inner, const SecretRedactor& redactor)
      : inner_(inner), redactor_(redactor) {}

  void OnRunStart(const Plan& plan, const ExecOptions& options) override;
  void OnStepStart(const Step& step) override;
  bool ShowsProgress() const override { return inner_.ShowsProgress(); }
  void OnStepProgress(const Step& step, int64_t rows) override;
  void OnStepFinish(const Step& step, const StepResult& result) override;
  void OnRunFinish(const RunSummary& summary) override;

 private:
  // The redacted copy of `step` (the step itself before OnRunStart).
  const Step& Shown(const Step& step) const;

  Reporter& inner_;
  const SecretRedactor& redactor_;
  Plan shown_plan_;
  std::map<std::string, size_t> step_index_;  // step id -> index in shown_plan_.steps
};

}  // namespace sqlflow
