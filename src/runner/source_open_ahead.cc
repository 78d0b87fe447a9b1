#include "runner/source_open_ahead.h"

#include <utility>

#include "runner/step_labels.h"

namespace sqlflow {

SourceOpenAhead::SourceOpenAhead(const Plan& plan, const std::set<std::string>& selected,
                                 size_t limit) {
  for (const Step& step : plan.steps) {
    if (opens_.size() >= limit) break;
    if (step.kind != StepKind::kSource || step.connector_type != "POSTGRES") continue;
    if (!selected.empty() && selected.count(step.id) == 0) continue;
    opens_[step.id] =
        std::async(std::launch::async, PostgresSource::Open, step.params_json, StepLabel(step));
  }
}

SourceOpenAhead::~SourceOpenAhead() {
  for (auto& [id, open] : opens_) {
    if (open.valid()) open.wait();
  }
}

std::optional<Result<std::shared_ptr<PostgresSource>>> SourceOpenAhead::Take(
    const std::string& step_id) {
  std::future<Result<std::shared_ptr<PostgresSource>>> open;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = opens_.find(step_id);
    if (found == opens_.end()) return std::nullopt;
    open = std::move(found->second);
    opens_.erase(found);
  }
  return open.get();
}

}  // namespace sqlflow
