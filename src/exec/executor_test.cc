#include "exec/executor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>

#include "exec/schedule.h"
#include "util/fake_step_runner.h"

namespace sqlflow {
namespace {

using std::chrono::milliseconds;
using test::FakeStepRunner;
using test::MakePlan;

constexpr milliseconds kGenerous{10000};  // a bound that only a broken executor reaches

// Records every reporter call as a line; checks that calls never overlap.
class RecordingReporter : public Reporter {
 public:
  void OnRunStart(const Plan& plan, const ExecOptions&) override {
    Add("run_start " + plan.pipeline);
  }
  void OnStepStart(const Step& step) override { Add("start " + step.id); }
  bool ShowsProgress() const override { return shows_progress; }
  void OnStepProgress(const Step& step, int64_t rows) override {
    Add("progress " + step.id + " " + std::to_string(rows));
  }
  void OnStepFinish(const Step& step, const StepResult& r) override {
    Add("finish " + step.id + " " + ToString(r.status));
  }
  void OnRunFinish(const RunSummary& s) override {
    Add("run_finish " + std::string(ToString(s.status())));
  }

  std::vector<std::string> events;
  bool shows_progress = true;
  bool overlapped = false;
  std::function<void(const std::string&)> on_event;  // called with each event, in the call

 private:
  void Add(std::string event) {
    if (busy_.exchange(true)) overlapped = true;
    if (on_event) on_event(event);
    events.push_back(std::move(event));
    std::this_thread::yield();  // widen the window an unserialised caller would hit
    busy_.store(false);
  }
  std::atomic<bool> busy_{false};
};

struct Run {
  RunSummary summary;
  RecordingReporter reporter;
};

std::unique_ptr<Run> ExecutePlan(const Plan& plan, FakeStepRunner& runner, ExecOptions options,
                                 InterruptFlag* flag = nullptr,
                                 std::function<void(const std::string&)> on_event = nullptr,
                                 bool shows_progress = true) {
  auto run = std::make_unique<Run>();
  run->reporter.on_event = std::move(on_event);
  run->reporter.shows_progress = shows_progress;
  InterruptFlag own;
  run->summary = Execute(plan, runner, run->reporter, options, flag ? *flag : own);
  EXPECT_FALSE(run->reporter.overlapped) << "reporter calls overlapped";
  return run;
}

std::map<std::string, std::string> Statuses(const RunSummary& s) {
  std::map<std::string, std::string> out;
  for (const StepResult& r : s.steps) out[r.id] = ToString(r.status);
  return out;
}

ExecOptions Parallel(size_t n, FailurePolicy policy = FailurePolicy::kFailFast) {
  ExecOptions o;
  o.max_parallel = n;
  o.policy = policy;
  return o;
}

// load.a -> transform.b;  load.c -> export.d
Plan TwoChains() {
  return MakePlan(
      {{"load.a", {}}, {"transform.b", {"load.a"}}, {"load.c", {}}, {"export.d", {"load.c"}}});
}

TEST(Executor, RecordsOutcomesInPlanOrder) {
  Plan plan = TwoChains();
  FakeStepRunner runner;
  StepOutcome a;
  a.rows_read = 10;
  a.rows_written = 9;
  a.bytes_written = 100;
  a.sql = {"BEGIN", "INSERT INTO a SELECT 1", "COMMIT"};
  a.warnings = {"column x dropped"};
  a.metrics = {{"requests", 3}, {"estimated_cost_usd", 0.25}};
  runner.SetOutcome("load.a", a);
  auto run = ExecutePlan(plan, runner, Parallel(2));
  const RunSummary& s = run->summary;
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_EQ(s.steps[0].id, "load.a");
  EXPECT_EQ(s.steps[0].kind, StepKind::kLoad);
  EXPECT_EQ(s.steps[3].id, "export.d");
  EXPECT_EQ(s.steps[3].kind, StepKind::kExport);
  EXPECT_EQ(s.steps[0].rows_read, 10);
  EXPECT_EQ(s.steps[0].rows_written, 9);
  EXPECT_EQ(s.steps[0].bytes_written, 100);
  EXPECT_EQ(s.steps[0].sql, a.sql);
  EXPECT_EQ(s.steps[0].warnings, a.warnings);
  ASSERT_EQ(s.steps[0].metrics.size(), 2u);
  EXPECT_EQ(s.steps[0].metrics[1].name, "estimated_cost_usd");
  EXPECT_EQ(s.steps[0].metrics[1].value, 0.25);
  EXPECT_TRUE(s.steps[1].metrics.empty());
  EXPECT_EQ(s.steps[1].rows_read, -1);
  EXPECT_TRUE(s.steps[0].ran());
  EXPECT_LE(s.steps[0].started, s.steps[0].finished);
  EXPECT_GE(s.steps[0].seconds, 0);
  EXPECT_EQ(s.Count(StepStatus::kSucceeded), 4u);
  EXPECT_FALSE(s.interrupted);
  EXPECT_EQ(ExitCodeFor(s), 0);
  EXPECT_EQ(s.options.max_parallel, 2u);
}

TEST(Executor, IndependentStepsOverlap) {
  Plan plan = MakePlan({{"load.a", {}}, {"load.b", {}}, {"load.c", {}}, {"load.d", {}}});
  FakeStepRunner runner;
  runner.RequireOverlap(4, kGenerous);  // each step waits until all four run at once
  auto run = ExecutePlan(plan, runner, Parallel(4));
  EXPECT_EQ(run->summary.Count(StepStatus::kSucceeded), 4u) << run->summary.steps[0].error;
  EXPECT_EQ(runner.max_running(), 4u);
}

TEST(Executor, NeverRunsMoreThanMaxParallelAndKeepsWorkersStable) {
  std::vector<std::pair<std::string, std::vector<std::string>>> steps;
  for (int i = 0; i < 9; ++i) steps.push_back({"load.t" + std::to_string(i), {}});
  Plan plan = MakePlan(steps);
  FakeStepRunner runner;
  runner.RequireOverlap(3, kGenerous);
  auto run = ExecutePlan(plan, runner, Parallel(3));
  EXPECT_EQ(run->summary.Count(StepStatus::kSucceeded), 9u);
  EXPECT_EQ(runner.max_running(), 3u);

  std::vector<FakeStepRunner::Call> calls = runner.calls();
  std::map<std::thread::id, size_t> worker_of_thread;
  for (const auto& c : calls) {
    EXPECT_LT(c.worker, 3u);
    auto it = worker_of_thread.emplace(c.thread, c.worker).first;
    EXPECT_EQ(it->second, c.worker) << "a thread changed its worker index";
  }
  for (const auto& x : calls) {
    for (const auto& y : calls) {
      bool overlap = x.start_seq < y.end_seq && y.start_seq < x.end_seq;
      if (&x != &y && overlap) {
        EXPECT_NE(x.worker, y.worker) << x.step_id << " " << y.step_id;
      }
    }
  }
}

TEST(Executor, DependantsStartOnlyAfterTheirDependenciesFinish) {
  Plan plan = MakePlan({{"load.a", {}},
                        {"load.b", {}},
                        {"transform.c", {"load.a", "load.b"}},
                        {"transform.d", {"load.a"}},
                        {"load.e", {}},
                        {"export.f", {"transform.c", "transform.d", "load.e"}}});
  FakeStepRunner runner;
  runner.SleepIn("load.b", milliseconds(30));
  runner.SleepIn("load.e", milliseconds(10));
  auto run = ExecutePlan(plan, runner, Parallel(4));
  ASSERT_EQ(run->summary.Count(StepStatus::kSucceeded), 6u);
  for (const Step& step : plan.steps) {
    auto call = runner.CallOf(step.id);
    ASSERT_TRUE(call);
    for (const std::string& dep : step.depends_on) {
      EXPECT_LT(runner.CallOf(dep)->end_seq, call->start_seq) << dep << " -> " << step.id;
    }
  }
  // And the reporter heard of each dependency finishing before its dependant started.
  const auto& ev = run->reporter.events;
  auto at = [&](const std::string& e) { return std::find(ev.begin(), ev.end(), e) - ev.begin(); };
  EXPECT_LT(at("finish load.b succeeded"), at("start transform.c"));
  EXPECT_LT(at("finish transform.d succeeded"), at("start export.f"));
  EXPECT_EQ(ev.front(), "run_start shop");
  EXPECT_EQ(ev.back(), "run_finish succeeded");
}

TEST(Executor, FailFastStartsNothingAfterAFailure) {
  Plan plan = TwoChains();
  FakeStepRunner runner;
  runner.FailStep("load.a", "cannot read data/a.csv");
  auto run = ExecutePlan(plan, runner, Parallel(1));
  EXPECT_EQ(Statuses(run->summary),
            (std::map<std::string, std::string>{{"load.a", "failed"},
                                                {"transform.b", "skipped"},
                                                {"load.c", "not_started"},
                                                {"export.d", "not_started"}}));
  EXPECT_EQ(run->summary.steps[0].error, "cannot read data/a.csv");
  EXPECT_EQ(run->summary.steps[1].blocked_by, "load.a");
  EXPECT_FALSE(run->summary.steps[2].ran());
  EXPECT_EQ(runner.calls().size(), 1u);
  EXPECT_EQ(ExitCodeFor(run->summary), 1);
  EXPECT_EQ(run->reporter.events,
            (std::vector<std::string>{"run_start shop", "start load.a", "finish load.a failed",
                                      "run_finish failed"}));
}

TEST(Executor, FailFastLetsRunningStepsFinish) {
  Plan plan = TwoChains();
  FakeStepRunner runner;
  runner.RequireOverlap(2, kGenerous);  // load.a and load.c both start before load.a fails
  runner.FailStep("load.a", "boom");
  // load.c finishes only once the failure is recorded (the executor reports a finish in the
  // same critical section in which it tells the schedule).
  runner.HoldUntilReleased("load.c", kGenerous);
  auto release = [&](const std::string& event) {
    if (event == "finish load.a failed") runner.Release("load.c");
  };
  auto run = ExecutePlan(plan, runner, Parallel(2), nullptr, release);
  EXPECT_EQ(Statuses(run->summary),
            (std::map<std::string, std::string>{{"load.a", "failed"},
                                                {"transform.b", "skipped"},
                                                {"load.c", "succeeded"},
                                                {"export.d", "not_started"}}));
}

TEST(Executor, ContinueRunsEverythingNotDependingOnAFailure) {
  Plan plan = MakePlan({{"load.a", {}},
                        {"transform.b", {"load.a"}},
                        {"export.b", {"transform.b"}},
                        {"load.c", {}},
                        {"export.d", {"load.c"}}});
  FakeStepRunner runner;
  runner.FailStep("load.a", "boom");
  auto run = ExecutePlan(plan, runner, Parallel(1, FailurePolicy::kContinue));
  EXPECT_EQ(Statuses(run->summary),
            (std::map<std::string, std::string>{{"load.a", "failed"},
                                                {"transform.b", "skipped"},
                                                {"export.b", "skipped"},
                                                {"load.c", "succeeded"},
                                                {"export.d", "succeeded"}}));
  EXPECT_EQ(run->summary.steps[2].blocked_by, "load.a");
  EXPECT_EQ(ExitCodeFor(run->summary), 1);
}

TEST(Executor, SelectStepPlusRunsItAndItsDependants) {
  Plan plan = TwoChains();
  FakeStepRunner runner;
  ExecOptions options = Parallel(2);
  options.selected = *SelectSteps(plan, {"load.a+"});
  auto run = ExecutePlan(plan, runner, options);
  EXPECT_EQ(Statuses(run->summary),
            (std::map<std::string, std::string>{{"load.a", "succeeded"},
                                                {"transform.b", "succeeded"},
                                                {"load.c", "not_selected"},
                                                {"export.d", "not_selected"}}));
  EXPECT_EQ(runner.calls().size(), 2u);
  EXPECT_EQ(ExitCodeFor(run->summary), 0);
}

TEST(Executor, SelectStepRunsOnlyThatStepTrustingItsDependencies) {
  Plan plan = TwoChains();
  FakeStepRunner runner;
  ExecOptions options;
  options.selected = *SelectSteps(plan, {"transform.b"});
  auto run = ExecutePlan(plan, runner, options);
  ASSERT_EQ(runner.calls().size(), 1u);
  EXPECT_EQ(runner.calls()[0].step_id, "transform.b");
  EXPECT_EQ(run->summary.Count(StepStatus::kNotSelected), 3u);
  EXPECT_EQ(ExitCodeFor(run->summary), 0);
}

TEST(Executor, InterruptStopsRunningStepsAndStartsNothingNew) {
  Plan plan = MakePlan({{"load.a", {}}, {"load.b", {}}, {"load.c", {}}, {"load.d", {}}});
  FakeStepRunner runner;
  runner.BlockUntilInterrupted("load.a");
  runner.BlockUntilInterrupted("load.b");
  InterruptFlag flag;
  std::thread user([&] {
    EXPECT_TRUE(runner.WaitUntilRunning(2, kGenerous));
    flag.Set();
  });
  auto run = ExecutePlan(plan, runner, Parallel(2), &flag);
  user.join();
  EXPECT_EQ(Statuses(run->summary),
            (std::map<std::string, std::string>{{"load.a", "interrupted"},
                                                {"load.b", "interrupted"},
                                                {"load.c", "not_started"},
                                                {"load.d", "not_started"}}));
  EXPECT_EQ(runner.interrupt_count(), 1);
  EXPECT_EQ(runner.calls().size(), 2u);
  for (const auto& call : runner.calls()) EXPECT_FALSE(call.started_after_interrupt);
  EXPECT_TRUE(run->summary.interrupted);
  EXPECT_EQ(run->summary.status(), RunStatus::kInterrupted);
  EXPECT_EQ(ExitCodeFor(run->summary), 130);
}

TEST(Executor, InterruptFromASignalHandlerIsNoticedWithoutAWakeUp) {
  Plan plan = MakePlan({{"load.a", {}}, {"transform.b", {"load.a"}}});
  FakeStepRunner runner;
  runner.BlockUntilInterrupted("load.a");
  InterruptFlag flag;
  std::thread user([&] {
    EXPECT_TRUE(runner.WaitUntilRunning(1, kGenerous));
    flag.SetFromSignal();
  });
  auto run = ExecutePlan(plan, runner, Parallel(2), &flag);
  user.join();
  EXPECT_EQ(Statuses(run->summary),
            (std::map<std::string, std::string>{{"load.a", "interrupted"},
                                                {"transform.b", "not_started"}}));
  EXPECT_EQ(runner.interrupt_count(), 1);
  EXPECT_EQ(ExitCodeFor(run->summary), 130);
}

TEST(Executor, InterruptedBeforeStartRunsNothing) {
  Plan plan = TwoChains();
  FakeStepRunner runner;
  InterruptFlag flag;
  flag.Set();
  auto run = ExecutePlan(plan, runner, Parallel(2), &flag);
  EXPECT_EQ(runner.calls().size(), 0u);
  EXPECT_EQ(run->summary.Count(StepStatus::kNotStarted), 4u);
  EXPECT_EQ(runner.interrupt_count(), 1);
  EXPECT_EQ(ExitCodeFor(run->summary), 130);
}

TEST(Executor, ProgressReachesTheReporter) {
  Plan plan = MakePlan({{"load.a", {}}});
  FakeStepRunner runner;
  runner.ReportProgress("load.a", {2048, 4096});
  auto run = ExecutePlan(plan, runner, Parallel(1));
  EXPECT_EQ(run->reporter.events,
            (std::vector<std::string>{"run_start shop", "start load.a", "progress load.a 2048",
                                      "progress load.a 4096", "finish load.a succeeded",
                                      "run_finish succeeded"}));
}

// Nobody shows progress: the runner gets no sink, so it need not track progress.
TEST(Executor, NoProgressSinkWhenNoReporterShowsIt) {
  Plan plan = MakePlan({{"load.a", {}}});
  FakeStepRunner runner;
  runner.ReportProgress("load.a", {2048, 4096});
  auto run = ExecutePlan(plan, runner, Parallel(1), nullptr, nullptr, /*shows_progress=*/false);
  EXPECT_EQ(run->reporter.events,
            (std::vector<std::string>{"run_start shop", "start load.a", "finish load.a succeeded",
                                      "run_finish succeeded"}));
}

class ThrowingRunner : public StepRunner {
 public:
  StepOutcome Run(const Step&, size_t) override { throw std::runtime_error("connection lost"); }
  void Interrupt() override {}
};

TEST(Executor, ARunnerExceptionBecomesAFailedStep) {
  Plan plan = MakePlan({{"load.a", {}}});
  ThrowingRunner runner;
  RecordingReporter reporter;
  InterruptFlag flag;
  RunSummary s = Execute(plan, runner, reporter, Parallel(2), flag);
  EXPECT_EQ(s.steps[0].status, StepStatus::kFailed);
  EXPECT_EQ(s.steps[0].error, "step runner threw an exception: connection lost");
}

TEST(Executor, ZeroParallelMeansOne) {
  Plan plan = MakePlan({{"load.a", {}}, {"load.b", {}}});
  FakeStepRunner runner;
  auto run = ExecutePlan(plan, runner, Parallel(0));
  EXPECT_EQ(run->summary.Count(StepStatus::kSucceeded), 2u);
  EXPECT_EQ(runner.max_running(), 1u);
}

TEST(Executor, EmptyPlanSucceeds) {
  Plan plan = MakePlan({});
  FakeStepRunner runner;
  auto run = ExecutePlan(plan, runner, Parallel(4));
  EXPECT_TRUE(run->summary.steps.empty());
  EXPECT_EQ(ExitCodeFor(run->summary), 0);
}

RunSummary SummaryOf(std::vector<StepStatus> statuses, bool interrupted = false) {
  RunSummary s;
  for (StepStatus st : statuses) {
    s.steps.emplace_back();
    s.steps.back().status = st;
  }
  s.interrupted = interrupted;
  return s;
}

TEST(ExitCodeFor, FollowsTheSpec) {
  EXPECT_EQ(ExitCodeFor(SummaryOf({})), 0);
  EXPECT_EQ(ExitCodeFor(SummaryOf({StepStatus::kSucceeded, StepStatus::kNotSelected})), 0);
  EXPECT_EQ(ExitCodeFor(SummaryOf({StepStatus::kSucceeded, StepStatus::kFailed})), 1);
  EXPECT_EQ(ExitCodeFor(SummaryOf({StepStatus::kSucceeded, StepStatus::kSkipped})), 1);
  EXPECT_EQ(ExitCodeFor(SummaryOf({StepStatus::kNotStarted})), 1);
  EXPECT_EQ(ExitCodeFor(SummaryOf({StepStatus::kSucceeded, StepStatus::kInterrupted}, true)), 130);
  EXPECT_EQ(ExitCodeFor(SummaryOf({StepStatus::kFailed}, true)), 130);
}

}  // namespace
}  // namespace sqlflow
