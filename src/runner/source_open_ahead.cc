#include "runner/source_open_ahead.h"

#include <utility>

#include "runner/step_labels.h"

namespace sqlflow {

SourceOpenAhead::SourceOpenAhead(const Plan& plan, const std::set<std::string>& selected,
                                 size_t limit, const SourceConnectors& connectors,
                                 const SourceContext& context) {
  for (const Step& step : plan.steps) {
    if (opens_.size() >= limit) break;
    if (step.kind != StepKind::kSource) continue;
    const SourceConnector* connector = connectors.Find(step.connector_type);
    if (connector == nullptr || !connector->opens_ahead) continue;
    if (!selected.empty() && selected.count(step.id) == 0) continue;
    SourceContext step_context = context;
    step_context.label = StepLabel(step);
    // The open function and its arguments are copied: the thread owns what it reads.
    opens_[step.id] = std::async(std::launch::async,
                                 [open = connector->open, params = step.params_json,
                                  step_context]() -> Result<std::shared_ptr<Source>> {
                                   SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<Source> source,
                                                            open(params, step_context));
                                   return std::shared_ptr<Source>(std::move(source));
                                 });
  }
}

SourceOpenAhead::~SourceOpenAhead() {
  for (auto& [id, open] : opens_) {
    if (open.valid()) open.wait();
  }
}

std::optional<Result<std::shared_ptr<Source>>> SourceOpenAhead::Take(const std::string& step_id) {
  std::future<Result<std::shared_ptr<Source>>> open;
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
