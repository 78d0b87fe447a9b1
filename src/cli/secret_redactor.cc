#include "cli/secret_redactor.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/secrets.h"
#include "common/secret_text.h"

namespace sqlflow {

namespace {

using Json = nlohmann::ordered_json;

void SortLongestFirst(std::vector<std::string>* values) {
  std::sort(values->begin(), values->end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

// Plan::variables holds "value (origin)"; the value is what is spliced into the pipeline.
std::string VariableValue(const std::string& shown) {
  size_t open = shown.rfind(" (");
  return open == std::string::npos ? shown : shown.substr(0, open);
}

std::string VariableOriginSuffix(const std::string& shown) {
  size_t open = shown.rfind(" (");
  return open == std::string::npos ? "" : shown.substr(open);
}

}  // namespace

std::vector<std::string> CollectPlanSecretValues(const Plan& plan) {
  std::vector<std::string> secrets;
  for (const Step& step : plan.steps) {
    for (const std::string* text : {&step.params_json, &step.options_json}) {
      if (text->empty()) continue;
      Json params = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
      if (params.is_discarded()) continue;
      std::vector<std::string> found = CollectSecretValuesInParams(params);
      secrets.insert(secrets.end(), found.begin(), found.end());
    }
  }
  std::vector<std::string> fed;
  for (const auto& [name, shown] : plan.variables) {
    std::string value = VariableValue(shown);
    if (value.size() < kMinSecretLength) continue;
    bool feeds_secret = std::any_of(secrets.begin(), secrets.end(), [&](const std::string& s) {
      return s.find(value) != std::string::npos;
    });
    if (IsSecretKey(name) || feeds_secret) fed.push_back(value);
  }
  secrets.insert(secrets.end(), fed.begin(), fed.end());
  SortLongestFirst(&secrets);
  return secrets;
}

void SecretRedactor::Add(const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (v.size() >= kMinSecretLength) values_.push_back(v);
  }
  SortLongestFirst(&values_);
}

void SecretRedactor::AddSecretsOf(const Plan& plan) { Add(CollectPlanSecretValues(plan)); }

std::string SecretRedactor::Text(std::string text) const {
  return MaskCredentialsInText(RedactSecretValues(std::move(text), values_));
}

std::string SecretRedactor::Params(const std::string& params_json) const {
  if (params_json.empty()) return params_json;
  Json params = Json::parse(params_json, nullptr, /*allow_exceptions=*/false);
  if (params.is_discarded()) return Text(params_json);
  return Text(MaskSecrets(params).dump());
}

Plan SecretRedactor::RedactPlan(const Plan& plan) const {
  Plan shown = plan;
  for (Step& step : shown.steps) {
    step.sql = Text(std::move(step.sql));
    step.params_json = Params(step.params_json);
    step.options_json = Params(step.options_json);
    step.destination = Text(std::move(step.destination));
  }
  for (auto& [name, value] : shown.variables) {
    value = IsSecretKey(name) ? std::string(kSecretMask) + VariableOriginSuffix(value)
                              : Text(std::move(value));
  }
  return shown;
}

StepResult SecretRedactor::RedactResult(StepResult result) const {
  result.error = Text(std::move(result.error));
  for (std::string& sql : result.sql) sql = Text(std::move(sql));
  for (std::string& warning : result.warnings) warning = Text(std::move(warning));
  return result;
}

RunSummary SecretRedactor::RedactSummary(RunSummary summary) const {
  for (StepResult& step : summary.steps) step = RedactResult(std::move(step));
  return summary;
}

void RedactingReporter::OnRunStart(const Plan& plan, const ExecOptions& options) {
  shown_plan_ = redactor_.RedactPlan(plan);
  step_index_.clear();
  for (size_t i = 0; i < shown_plan_.steps.size(); ++i) step_index_[shown_plan_.steps[i].id] = i;
  inner_.OnRunStart(shown_plan_, options);
}

const Step& RedactingReporter::Shown(const Step& step) const {
  auto it = step_index_.find(step.id);
  return it == step_index_.end() ? step : shown_plan_.steps[it->second];
}

void RedactingReporter::OnStepStart(const Step& step) { inner_.OnStepStart(Shown(step)); }

void RedactingReporter::OnStepProgress(const Step& step, int64_t rows) {
  inner_.OnStepProgress(Shown(step), rows);
}

void RedactingReporter::OnStepFinish(const Step& step, const StepResult& result) {
  inner_.OnStepFinish(Shown(step), redactor_.RedactResult(result));
}

void RedactingReporter::OnRunFinish(const RunSummary& summary) {
  inner_.OnRunFinish(redactor_.RedactSummary(summary));
}

}  // namespace sqlflow
