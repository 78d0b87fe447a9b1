#include "exec/executor.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "exec/schedule.h"

namespace sqlflow {

namespace {

using SteadyClock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// One call of Execute(): the state the workers and the watcher share.
class Execution : private StepProgress {
 public:
  Execution(const Plan& plan, StepRunner& runner, Reporter& reporter, const ExecOptions& options,
            InterruptFlag& interrupt)
      : plan_(plan),
        runner_(runner),
        reporter_(reporter),
        options_(options),
        interrupt_(interrupt),
        schedule_(plan, options.policy, options.selected),
        results_(plan.steps.size()) {
    if (options_.max_parallel == 0) options_.max_parallel = 1;
  }

  RunSummary Run();

 private:
  size_t CountRunnable() const;
  void StartWorkers(std::vector<std::thread>& workers);
  void WorkerLoop(size_t worker);
  StepResult RunStep(size_t index, size_t worker);
  void Watch();
  // REQUIRES: mu_ held.
  void CheckInterrupt(std::unique_lock<std::mutex>& lock);
  RunSummary Summarize(WallClock::time_point started, SteadyClock::time_point steady_start);

  void OnRows(const Step& step, int64_t rows) override {
    std::lock_guard<std::mutex> report_lock(report_mu_);
    reporter_.OnStepProgress(step, rows);
  }

  const Plan& plan_;
  StepRunner& runner_;
  Reporter& reporter_;
  ExecOptions options_;
  InterruptFlag& interrupt_;

  // Lock order: mu_ before report_mu_. Progress takes report_mu_ alone.
  std::mutex mu_;
  std::condition_variable cv_;  // a step finished, or the run stopped
  Schedule schedule_;
  std::vector<StepResult> results_;
  bool interrupted_ = false;
  std::mutex report_mu_;
};

RunSummary Execution::Run() {
  WallClock::time_point started = WallClock::now();
  SteadyClock::time_point steady_start = SteadyClock::now();
  reporter_.OnRunStart(plan_, options_);
  if (reporter_.ShowsProgress()) runner_.SetProgress(this);
  {
    std::unique_lock<std::mutex> lock(mu_);
    CheckInterrupt(lock);  // interrupted before anything started
  }
  std::vector<std::thread> workers;
  StartWorkers(workers);
  if (workers.empty()) {
    WorkerLoop(0);  // no thread could start: run here, without the watcher
  } else {
    Watch();
  }
  for (std::thread& t : workers) t.join();
  runner_.SetProgress(nullptr);
  RunSummary summary = Summarize(started, steady_start);
  reporter_.OnRunFinish(summary);
  return summary;
}

size_t Execution::CountRunnable() const {
  size_t n = 0;
  for (size_t i = 0; i < schedule_.size(); ++i) n += schedule_.state(i) != StepState::kNotSelected;
  return n;
}

void Execution::StartWorkers(std::vector<std::thread>& workers) {
  size_t count = std::min(options_.max_parallel, CountRunnable());
  for (size_t w = 0; w < count; ++w) {
    try {
      workers.emplace_back([this, w] { WorkerLoop(w); });
    } catch (const std::system_error&) {
      break;  // fewer threads than asked for: the ones running share the work
    }
  }
}

void Execution::WorkerLoop(size_t worker) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!schedule_.Done()) {
    std::vector<size_t> taken = schedule_.TakeReady(1);
    if (taken.empty()) {
      cv_.wait(lock);
      continue;
    }
    size_t index = taken.front();
    const Step& step = plan_.steps[index];
    {
      std::lock_guard<std::mutex> report_lock(report_mu_);
      reporter_.OnStepStart(step);
    }
    lock.unlock();
    StepResult result = RunStep(index, worker);
    lock.lock();
    if (result.status == StepStatus::kFailed && interrupted_) {
      result.status = StepStatus::kInterrupted;
    }
    {
      // Before the schedule hears of it, so a dependant never starts before this is reported.
      std::lock_guard<std::mutex> report_lock(report_mu_);
      reporter_.OnStepFinish(step, result);
    }
    bool ok = result.status == StepStatus::kSucceeded;
    results_[index] = std::move(result);
    ok ? schedule_.MarkSucceeded(index) : schedule_.MarkFailed(index);
    cv_.notify_all();
  }
  cv_.notify_all();
}

StepResult Execution::RunStep(size_t index, size_t worker) {
  const Step& step = plan_.steps[index];
  StepResult result;
  result.id = step.id;
  result.kind = step.kind;
  result.started = WallClock::now();
  SteadyClock::time_point start = SteadyClock::now();
  StepOutcome outcome;
  try {
    outcome = runner_.Run(step, worker);
  } catch (const std::exception& e) {
    outcome.status = Status::Internal(std::string("step runner threw an exception: ") + e.what());
  } catch (...) {
    outcome.status = Status::Internal("step runner threw an unknown exception");
  }
  result.seconds = SecondsSince(start);
  result.finished = WallClock::now();
  result.status = outcome.status.ok() ? StepStatus::kSucceeded : StepStatus::kFailed;
  if (!outcome.status.ok()) result.error = outcome.status.ToString();
  result.rows_read = outcome.rows_read;
  result.rows_written = outcome.rows_written;
  result.bytes_written = outcome.bytes_written;
  result.sql = std::move(outcome.sql);
  result.warnings = std::move(outcome.warnings);
  result.metrics = std::move(outcome.metrics);
  return result;
}

// The calling thread's part: wait for the workers, and pass an interrupt on. The flag may be
// set from a signal handler, which cannot wake us, hence the bounded wait.
void Execution::Watch() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!schedule_.Done()) {
    CheckInterrupt(lock);
    if (schedule_.Done()) break;
    cv_.wait_for(lock, InterruptFlag::kPollInterval);
  }
}

void Execution::CheckInterrupt(std::unique_lock<std::mutex>& lock) {
  if (interrupted_ || !interrupt_.is_set()) return;
  interrupted_ = true;
  schedule_.Stop();
  cv_.notify_all();
  lock.unlock();  // the runner may take its own locks; never call out holding ours
  runner_.Interrupt();
  lock.lock();
}

RunSummary Execution::Summarize(WallClock::time_point started,
                                SteadyClock::time_point steady_start) {
  RunSummary summary;
  summary.options = options_;
  summary.interrupted = interrupted_;
  summary.started = started;
  summary.finished = WallClock::now();
  summary.seconds = SecondsSince(steady_start);
  for (size_t i = 0; i < plan_.steps.size(); ++i) {
    StepResult& result = results_[i];
    result.id = plan_.steps[i].id;
    result.kind = plan_.steps[i].kind;
    switch (schedule_.state(i)) {
      case StepState::kSucceeded:
      case StepState::kFailed:
        break;  // recorded by the worker
      case StepState::kSkipped:
        result.status = StepStatus::kSkipped;
        result.blocked_by = plan_.steps[*schedule_.blocked_by(i)].id;
        break;
      case StepState::kNotSelected:
        result.status = StepStatus::kNotSelected;
        break;
      default:  // not started (pending/ready/running cannot remain once the schedule is done)
        result.status = StepStatus::kNotStarted;
        break;
    }
    summary.steps.push_back(std::move(result));
  }
  return summary;
}

}  // namespace

RunSummary Execute(const Plan& plan, StepRunner& runner, Reporter& reporter,
                   const ExecOptions& options, InterruptFlag& interrupt) {
  Execution execution(plan, runner, reporter, options, interrupt);
  return execution.Run();
}

}  // namespace sqlflow
