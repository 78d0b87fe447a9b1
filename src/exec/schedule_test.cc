#include "exec/schedule.h"

#include <gtest/gtest.h>

#include "util/fake_step_runner.h"

namespace sqlflow {
namespace {

using test::MakePlan;
using Ids = std::vector<size_t>;

std::vector<std::string> States(const Schedule& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) out.push_back(ToString(s.state(i)));
  return out;
}

// load.a -> transform.b -> transform.c;  load.d -> export.e
Plan TwoChains() {
  return MakePlan({{"load.a", {}},
                   {"transform.b", {"load.a"}},
                   {"transform.c", {"transform.b"}},
                   {"load.d", {}},
                   {"export.e", {"load.d"}}});
}

TEST(Schedule, HandsOutReadyStepsInPlanOrderUpToTheLimit) {
  Plan plan = MakePlan({{"load.a", {}}, {"load.b", {}}, {"load.c", {}}});
  Schedule s(plan, FailurePolicy::kFailFast, {});
  EXPECT_EQ(s.TakeReady(2), (Ids{0, 1}));
  EXPECT_EQ(s.running(), 2u);
  EXPECT_EQ(s.TakeReady(5), (Ids{2}));
  EXPECT_EQ(s.TakeReady(5), Ids{});
  EXPECT_FALSE(s.Done());
  s.MarkSucceeded(1);
  s.MarkSucceeded(0);
  s.MarkSucceeded(2);
  EXPECT_TRUE(s.Done());
}

TEST(Schedule, DependantBecomesReadyOnlyWhenEveryDependencySucceeded) {
  Plan plan = MakePlan({{"load.a", {}},
                        {"transform.b", {"load.a"}},
                        {"transform.c", {"load.a"}},
                        {"export.d", {"transform.b", "transform.c"}}});
  Schedule s(plan, FailurePolicy::kFailFast, {});
  EXPECT_EQ(s.TakeReady(9), (Ids{0}));
  s.MarkSucceeded(0);
  EXPECT_EQ(s.TakeReady(9), (Ids{1, 2}));
  s.MarkSucceeded(2);
  EXPECT_EQ(s.state(3), StepState::kPending);
  EXPECT_EQ(s.TakeReady(9), Ids{});
  s.MarkSucceeded(1);
  EXPECT_EQ(s.state(3), StepState::kReady);
  EXPECT_EQ(s.TakeReady(9), (Ids{3}));
  s.MarkSucceeded(3);
  EXPECT_TRUE(s.Done());
}

TEST(Schedule, FailFastSkipsDependantsAndStartsNothingElse) {
  Plan plan = TwoChains();
  Schedule s(plan, FailurePolicy::kFailFast, {});
  EXPECT_EQ(s.TakeReady(2), (Ids{0, 3}));
  s.MarkFailed(0);
  EXPECT_EQ(States(s),
            (std::vector<std::string>{"failed", "skipped", "skipped", "running", "not_started"}));
  EXPECT_EQ(s.blocked_by(1), 0u);
  EXPECT_EQ(s.blocked_by(2), 0u);  // the failed step, not the skipped one between
  EXPECT_FALSE(s.blocked_by(4).has_value());
  EXPECT_FALSE(s.Done());  // load.d still running
  s.MarkSucceeded(3);
  EXPECT_EQ(s.state(4), StepState::kNotStarted);
  EXPECT_EQ(s.TakeReady(9), Ids{});
  EXPECT_TRUE(s.Done());
}

TEST(Schedule, ContinueSkipsOnlyTransitiveDependants) {
  Plan plan = TwoChains();
  Schedule s(plan, FailurePolicy::kContinue, {});
  EXPECT_EQ(s.TakeReady(2), (Ids{0, 3}));
  s.MarkFailed(0);
  EXPECT_EQ(s.TakeReady(9), Ids{});
  s.MarkSucceeded(3);
  EXPECT_EQ(s.TakeReady(9), (Ids{4}));
  s.MarkSucceeded(4);
  EXPECT_TRUE(s.Done());
  EXPECT_EQ(States(s),
            (std::vector<std::string>{"failed", "skipped", "skipped", "succeeded", "succeeded"}));
}

TEST(Schedule, FailureOfARunningStepUnderContinueLeavesOthersRunning) {
  Plan plan = TwoChains();
  Schedule s(plan, FailurePolicy::kContinue, {});
  s.TakeReady(2);
  s.MarkSucceeded(3);
  EXPECT_EQ(s.TakeReady(9), (Ids{4}));
  s.MarkFailed(4);
  EXPECT_EQ(s.state(0), StepState::kRunning);
  s.MarkSucceeded(0);
  EXPECT_EQ(s.TakeReady(9), (Ids{1}));
}

TEST(Schedule, StopLeavesRunningStepsAndStartsNothingNew) {
  Plan plan = TwoChains();
  Schedule s(plan, FailurePolicy::kContinue, {});
  EXPECT_EQ(s.TakeReady(1), (Ids{0}));
  s.Stop();
  EXPECT_EQ(States(s), (std::vector<std::string>{"running", "not_started", "not_started",
                                                 "not_started", "not_started"}));
  EXPECT_FALSE(s.Done());
  s.MarkSucceeded(0);
  EXPECT_EQ(s.TakeReady(9), Ids{});
  EXPECT_EQ(s.state(1), StepState::kNotStarted);
  EXPECT_TRUE(s.Done());
}

TEST(Schedule, UnselectedDependenciesCountAsSatisfied) {
  Plan plan = TwoChains();
  Schedule s(plan, FailurePolicy::kFailFast, {"transform.c", "export.e"});
  EXPECT_EQ(States(s), (std::vector<std::string>{"not_selected", "not_selected", "ready",
                                                 "not_selected", "ready"}));
  EXPECT_EQ(s.TakeReady(9), (Ids{2, 4}));
}

TEST(Schedule, FailureDoesNotPropagateThroughAnUnselectedStep) {
  Plan plan = TwoChains();
  Schedule s(plan, FailurePolicy::kContinue, {"load.a", "transform.c"});
  EXPECT_EQ(s.TakeReady(9), (Ids{0, 2}));
  s.MarkFailed(0);
  EXPECT_EQ(s.state(2), StepState::kRunning);
  s.MarkSucceeded(2);
  EXPECT_TRUE(s.Done());
}

TEST(Schedule, NothingSelectedIsDoneAtOnce) {
  Plan plan = MakePlan({});
  Schedule s(plan, FailurePolicy::kFailFast, {});
  EXPECT_TRUE(s.Done());
}

TEST(Schedule, StateNames) {
  EXPECT_STREQ(ToString(StepState::kPending), "pending");
  EXPECT_STREQ(ToString(StepState::kNotStarted), "not_started");
  EXPECT_STREQ(ToString(StepState::kNotSelected), "not_selected");
}

// --- SelectSteps ---

std::set<std::string> Select(const Plan& plan, const std::vector<std::string>& patterns) {
  Result<std::set<std::string>> r = SelectSteps(plan, patterns);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::set<std::string>{};
}

TEST(SelectSteps, StepSelectsOnlyThatStep) {
  EXPECT_EQ(Select(TwoChains(), {"transform.b"}), (std::set<std::string>{"transform.b"}));
}

TEST(SelectSteps, StepPlusAddsTransitiveDependants) {
  EXPECT_EQ(Select(TwoChains(), {"load.a+"}),
            (std::set<std::string>{"load.a", "transform.b", "transform.c"}));
  EXPECT_EQ(Select(TwoChains(), {"export.e+"}), (std::set<std::string>{"export.e"}));
}

TEST(SelectSteps, PatternsAreUnited) {
  EXPECT_EQ(Select(TwoChains(), {"transform.b", "load.d+"}),
            (std::set<std::string>{"transform.b", "load.d", "export.e"}));
  // A step already selected alone still has its dependants added by a later `+`.
  EXPECT_EQ(Select(TwoChains(), {"transform.b", "load.a+"}),
            (std::set<std::string>{"load.a", "transform.b", "transform.c"}));
}

TEST(SelectSteps, IdsCompareCaseInsensitively) {
  EXPECT_EQ(Select(TwoChains(), {"LOAD.A"}), (std::set<std::string>{"load.a"}));
}

TEST(SelectSteps, UnknownStepSuggestsANearId) {
  Plan plan = MakePlan({{"load.orders", {}}, {"transform.daily", {"load.orders"}}});
  Result<std::set<std::string>> r = SelectSteps(plan, {"load.ordrs+"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "--select load.ordrs+: no step 'load.ordrs' in pipeline shop; did you mean "
            "'load.orders'? ('sqlflow compile shop' lists the steps)");
}

TEST(SelectSteps, UnknownStepSuggestsTheStepForABareName) {
  Plan plan = MakePlan({{"load.orders", {}}, {"transform.daily", {"load.orders"}}});
  Result<std::set<std::string>> r = SelectSteps(plan, {"daily"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "--select daily: no step 'daily' in pipeline shop; did you mean "
            "'transform.daily'? ('sqlflow compile shop' lists the steps)");
}

TEST(SelectSteps, UnknownStepWithoutANearId) {
  Plan plan = MakePlan({{"load.orders", {}}});
  Result<std::set<std::string>> r = SelectSteps(plan, {"export.everything"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "--select export.everything: no step 'export.everything' in pipeline shop "
            "('sqlflow compile shop' lists the steps)");
}

TEST(SelectSteps, EmptyName) {
  Result<std::set<std::string>> r = SelectSteps(TwoChains(), {"+"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "--select +: missing step name ('sqlflow compile shop' lists the steps)");
}

}  // namespace
}  // namespace sqlflow
