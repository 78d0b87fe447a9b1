#include "exec/schedule.h"

#include <cassert>
#include <map>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {

const char* ToString(StepState state) {
  switch (state) {
    case StepState::kPending:
      return "pending";
    case StepState::kReady:
      return "ready";
    case StepState::kRunning:
      return "running";
    case StepState::kSucceeded:
      return "succeeded";
    case StepState::kFailed:
      return "failed";
    case StepState::kSkipped:
      return "skipped";
    case StepState::kNotStarted:
      return "not_started";
    case StepState::kNotSelected:
      return "not_selected";
  }
  return "?";
}

namespace {

// The plan's edges as step indices: for each step, the steps that list it in depends_on.
std::vector<std::vector<size_t>> DependantsOf(const Plan& plan) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < plan.steps.size(); ++i) index[plan.steps[i].id] = i;
  std::vector<std::vector<size_t>> dependants(plan.steps.size());
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    for (const std::string& dep : plan.steps[i].depends_on) {
      auto it = index.find(dep);
      assert(it != index.end() && "Step::depends_on names a step that is not in the plan");
      if (it != index.end()) dependants[it->second].push_back(i);
    }
  }
  return dependants;
}

}  // namespace

Schedule::Schedule(const Plan& plan, FailurePolicy policy, const std::set<std::string>& selected)
    : policy_(policy),
      states_(plan.steps.size(), StepState::kPending),
      waiting_(plan.steps.size(), 0),
      dependants_(DependantsOf(plan)),
      blocked_by_(plan.steps.size()) {
  for (size_t i = 0; i < states_.size(); ++i) {
    if (!selected.empty() && !selected.count(plan.steps[i].id))
      states_[i] = StepState::kNotSelected;
  }
  for (size_t i = 0; i < states_.size(); ++i) {
    if (states_[i] == StepState::kNotSelected) continue;
    for (size_t d : dependants_[i]) ++waiting_[d];
  }
  for (size_t i = 0; i < states_.size(); ++i) {
    if (states_[i] == StepState::kPending && waiting_[i] == 0) SetState(i, StepState::kReady);
  }
}

void Schedule::SetState(size_t step, StepState state) {
  if (states_[step] == StepState::kReady) ready_.erase(step);
  if (states_[step] == StepState::kRunning) --running_;
  states_[step] = state;
  if (state == StepState::kReady) ready_.insert(step);
  if (state == StepState::kRunning) ++running_;
}

std::vector<size_t> Schedule::TakeReady(size_t limit) {
  std::vector<size_t> taken;
  while (taken.size() < limit && !ready_.empty()) {
    size_t step = *ready_.begin();
    SetState(step, StepState::kRunning);
    taken.push_back(step);
  }
  return taken;
}

void Schedule::MarkSucceeded(size_t step) {
  assert(states_[step] == StepState::kRunning && "MarkSucceeded on a step that is not running");
  SetState(step, StepState::kSucceeded);
  for (size_t d : dependants_[step]) {
    if (states_[d] != StepState::kPending) continue;  // not selected, or already not started
    if (--waiting_[d] == 0) SetState(d, StepState::kReady);
  }
}

void Schedule::MarkFailed(size_t step) {
  assert(states_[step] == StepState::kRunning && "MarkFailed on a step that is not running");
  SetState(step, StepState::kFailed);
  SkipDependants(step);
  if (policy_ == FailurePolicy::kFailFast) Stop();
}

// Skips are found before fail_fast stops the rest, so a dependant of the failed step is reported
// as skipped (with its cause) rather than merely not started.
void Schedule::SkipDependants(size_t failed) {
  std::vector<size_t> todo = {failed};
  while (!todo.empty()) {
    size_t step = todo.back();
    todo.pop_back();
    for (size_t d : dependants_[step]) {
      if (states_[d] != StepState::kPending) continue;
      SetState(d, StepState::kSkipped);
      blocked_by_[d] = failed;
      todo.push_back(d);
    }
  }
}

void Schedule::Stop() {
  for (size_t i = 0; i < states_.size(); ++i) {
    if (states_[i] == StepState::kPending || states_[i] == StepState::kReady) {
      SetState(i, StepState::kNotStarted);
    }
  }
}

// --- --select ---------------------------------------------------------------------------------

namespace {

// The index of the step named `name`: exact id, else the only case-insensitive match.
std::optional<size_t> FindStepIndex(const Plan& plan, const std::string& name) {
  std::optional<size_t> folded;
  size_t folded_count = 0;
  std::string lower = ToLowerAscii(name);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].id == name) return i;
    if (ToLowerAscii(plan.steps[i].id) == lower) {
      folded = i;
      ++folded_count;
    }
  }
  if (folded_count == 1) return folded;
  return std::nullopt;
}

// A near id, or the only id whose name part (after the kind) is `name`: `orders` → `load.orders`.
std::optional<std::string> SuggestStep(const Plan& plan, const std::string& name) {
  std::vector<std::string> ids;
  for (const Step& step : plan.steps) ids.push_back(step.id);
  if (auto near = SuggestClosest(name, ids)) return near;
  std::optional<std::string> by_name;
  for (const std::string& id : ids) {
    size_t dot = id.find('.');
    if (dot == std::string::npos || ToLowerAscii(id.substr(dot + 1)) != ToLowerAscii(name)) {
      continue;
    }
    if (by_name) return std::nullopt;  // ambiguous: `load.orders` and `transform.orders`
    by_name = id;
  }
  return by_name;
}

Status UnknownStep(const Plan& plan, const std::string& pattern, const std::string& name) {
  std::string msg = "--select " + pattern + ": ";
  msg += name.empty() ? "missing step name" : "no step '" + name + "' in pipeline " + plan.pipeline;
  if (auto near = SuggestStep(plan, name)) msg += "; did you mean '" + *near + "'?";
  msg += " ('sqlflow compile " + plan.pipeline + "' lists the steps)";
  return Status::Invalid(std::move(msg));
}

}  // namespace

Result<std::set<std::string>> SelectSteps(const Plan& plan,
                                          const std::vector<std::string>& patterns) {
  std::vector<std::vector<size_t>> dependants = DependantsOf(plan);
  std::set<std::string> selected;
  for (const std::string& pattern : patterns) {
    bool with_dependants = !pattern.empty() && pattern.back() == '+';
    std::string name = with_dependants ? pattern.substr(0, pattern.size() - 1) : pattern;
    std::optional<size_t> found = name.empty() ? std::nullopt : FindStepIndex(plan, name);
    if (!found) return UnknownStep(plan, pattern, name);
    std::set<size_t> seen;
    std::vector<size_t> todo = {*found};
    while (!todo.empty()) {
      size_t step = todo.back();
      todo.pop_back();
      if (!seen.insert(step).second) continue;
      selected.insert(plan.steps[step].id);
      if (!with_dependants) break;
      for (size_t d : dependants[step]) todo.push_back(d);
    }
  }
  return selected;
}

}  // namespace sqlflow
