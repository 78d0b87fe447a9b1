// FakeStepRunner: a StepRunner for executor tests. It records every call (worker, thread and a
// global event sequence, so tests check order without timing thresholds) and can be told to fail
// a step, to sleep, to block until interrupted, or to hold every step until N run at once.
// Thread-safety: Run/Interrupt/SetProgress are thread-safe, as the interface requires; the
// configuration methods are to be called before Execute().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "exec/step_runner.h"
#include "plan/plan.h"

namespace sqlflow::test {

// A plan built by hand from {id, depends_on} pairs; the kind comes from the id's prefix
// (`load.x` → kLoad, …, anything else kSql).
Plan MakePlan(const std::vector<std::pair<std::string, std::vector<std::string>>>& steps,
              std::string pipeline = "shop");

class FakeStepRunner : public StepRunner {
 public:
  struct Call {
    std::string step_id;
    size_t worker = 0;
    std::thread::id thread;
    uint64_t start_seq = 0;  // position in one sequence of all starts and ends
    uint64_t end_seq = 0;
    bool started_after_interrupt = false;
  };

  // Run(id) returns this outcome (counters, SQL, warnings; a non-OK status fails the step).
  void SetOutcome(const std::string& id, StepOutcome outcome);
  void FailStep(const std::string& id, const std::string& message);
  void SleepIn(const std::string& id, std::chrono::milliseconds duration);
  // Run(id) reports these row counts through the progress sink, in order, before returning.
  void ReportProgress(const std::string& id, std::vector<int64_t> rows);
  // Run(id) blocks until Interrupt(), then fails with "interrupted".
  void BlockUntilInterrupted(const std::string& id);
  // Run(id) waits until Release(id) (or fails with "never released" after `timeout`).
  void HoldUntilReleased(const std::string& id, std::chrono::milliseconds timeout);
  void Release(const std::string& id);
  // Every Run waits until `n` calls are in progress at once (from then on nobody waits). If that
  // does not happen within `timeout`, the waiting steps fail with "overlap not reached" — a
  // serial executor fails the test instead of hanging it.
  void RequireOverlap(size_t n, std::chrono::milliseconds timeout);

  // Blocks the caller until `n` calls are in progress at once; false after `timeout`.
  bool WaitUntilRunning(size_t n, std::chrono::milliseconds timeout);

  StepOutcome Run(const Step& step, size_t worker) override;
  void Interrupt() override;
  void SetProgress(StepProgress* progress) override;

  std::vector<Call> calls() const;  // finished calls, in order of finishing
  std::optional<Call> CallOf(const std::string& id) const;
  size_t max_running() const;
  int interrupt_count() const;

 private:
  StepOutcome Wait(std::unique_lock<std::mutex>& lock, const std::string& id);

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, StepOutcome> outcomes_;
  std::map<std::string, std::chrono::milliseconds> sleeps_;
  std::map<std::string, std::vector<int64_t>> progress_rows_;
  std::set<std::string> block_until_interrupt_;
  std::map<std::string, std::chrono::milliseconds> holds_;
  std::set<std::string> released_;
  size_t overlap_ = 0;
  std::chrono::milliseconds overlap_timeout_{0};
  bool overlap_reached_ = false;

  StepProgress* progress_ = nullptr;
  std::vector<Call> calls_;
  uint64_t seq_ = 0;
  size_t running_ = 0;
  size_t max_running_ = 0;
  int interrupts_ = 0;
};

}  // namespace sqlflow::test
