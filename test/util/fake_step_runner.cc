#include "util/fake_step_runner.h"

#include <algorithm>

namespace sqlflow::test {

namespace {

StepKind KindOf(const std::string& id) {
  const std::pair<const char*, StepKind> kPrefixes[] = {{"source.", StepKind::kSource},
                                                        {"load.", StepKind::kLoad},
                                                        {"transform.", StepKind::kTransform},
                                                        {"export.", StepKind::kExport}};
  for (const auto& [prefix, kind] : kPrefixes) {
    if (id.rfind(prefix, 0) == 0) return kind;
  }
  return StepKind::kSql;
}

}  // namespace

Plan MakePlan(const std::vector<std::pair<std::string, std::vector<std::string>>>& steps,
              std::string pipeline) {
  Plan plan;
  plan.pipeline = std::move(pipeline);
  plan.file = "pipelines/" + plan.pipeline + ".sf";
  for (const auto& [id, deps] : steps) {
    Step step;
    step.id = id;
    step.kind = KindOf(id);
    step.depends_on = deps;
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

void FakeStepRunner::SetOutcome(const std::string& id, StepOutcome outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  outcomes_[id] = std::move(outcome);
}

void FakeStepRunner::FailStep(const std::string& id, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  outcomes_[id].status = Status::EngineError(message);
}

void FakeStepRunner::SleepIn(const std::string& id, std::chrono::milliseconds duration) {
  std::lock_guard<std::mutex> lock(mu_);
  sleeps_[id] = duration;
}

void FakeStepRunner::ReportProgress(const std::string& id, std::vector<int64_t> rows) {
  std::lock_guard<std::mutex> lock(mu_);
  progress_rows_[id] = std::move(rows);
}

void FakeStepRunner::BlockUntilInterrupted(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  block_until_interrupt_.insert(id);
}

void FakeStepRunner::HoldUntilReleased(const std::string& id, std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(mu_);
  holds_[id] = timeout;
}

void FakeStepRunner::Release(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  released_.insert(id);
  cv_.notify_all();
}

void FakeStepRunner::RequireOverlap(size_t n, std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(mu_);
  overlap_ = n;
  overlap_timeout_ = timeout;
}

bool FakeStepRunner::WaitUntilRunning(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return running_ >= n; });
}

StepOutcome FakeStepRunner::Run(const Step& step, size_t worker) {
  std::unique_lock<std::mutex> lock(mu_);
  Call call{step.id, worker, std::this_thread::get_id(), ++seq_, 0, interrupts_ > 0};
  max_running_ = std::max(max_running_, ++running_);
  if (overlap_ > 0 && running_ >= overlap_) overlap_reached_ = true;
  cv_.notify_all();

  StepOutcome outcome = Wait(lock, step.id);
  if (outcome.status.ok()) {
    auto found = outcomes_.find(step.id);
    if (found != outcomes_.end()) outcome = found->second;
  }
  std::vector<int64_t> rows = progress_rows_[step.id];
  StepProgress* progress = progress_;
  lock.unlock();
  for (int64_t r : rows) {
    if (progress != nullptr) progress->OnRows(step, r);
  }
  lock.lock();

  call.end_seq = ++seq_;
  --running_;
  calls_.push_back(std::move(call));
  cv_.notify_all();
  return outcome;
}

// The blocking parts of Run: interrupt, overlap gate, hold, sleep. Returns a failure or OK.
StepOutcome FakeStepRunner::Wait(std::unique_lock<std::mutex>& lock, const std::string& id) {
  StepOutcome outcome;
  if (interrupts_ > 0) {  // sticky, as the interface asks
    outcome.status = Status::Internal("interrupted");
    return outcome;
  }
  if (block_until_interrupt_.count(id)) {
    cv_.wait(lock, [&] { return interrupts_ > 0; });
    outcome.status = Status::Internal("interrupted");
    return outcome;
  }
  if (overlap_ > 0 && !cv_.wait_for(lock, overlap_timeout_, [&] { return overlap_reached_; })) {
    outcome.status = Status::Internal("overlap not reached: " + std::to_string(running_) + " of " +
                                      std::to_string(overlap_) + " running");
    return outcome;
  }
  auto hold = holds_.find(id);
  if (hold != holds_.end() &&
      !cv_.wait_for(lock, hold->second, [&] { return released_.count(id) > 0; })) {
    outcome.status = Status::Internal("never released");
    return outcome;
  }
  auto sleep = sleeps_.find(id);
  if (sleep != sleeps_.end()) cv_.wait_for(lock, sleep->second, [&] { return interrupts_ > 0; });
  return outcome;
}

void FakeStepRunner::Interrupt() {
  std::lock_guard<std::mutex> lock(mu_);
  ++interrupts_;
  cv_.notify_all();
}

void FakeStepRunner::SetProgress(StepProgress* progress) {
  std::lock_guard<std::mutex> lock(mu_);
  progress_ = progress;
}

std::vector<FakeStepRunner::Call> FakeStepRunner::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::optional<FakeStepRunner::Call> FakeStepRunner::CallOf(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Call& call : calls_) {
    if (call.step_id == id) return call;
  }
  return std::nullopt;
}

size_t FakeStepRunner::max_running() const {
  std::lock_guard<std::mutex> lock(mu_);
  return max_running_;
}

int FakeStepRunner::interrupt_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return interrupts_;
}

}  // namespace sqlflow::test
