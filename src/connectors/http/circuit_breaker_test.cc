#include "connectors/http/circuit_breaker.h"

#include <gtest/gtest.h>

#include "connectors/http/fake_clock.h"

namespace sqlflow {
namespace {

using std::chrono::milliseconds;
using Admission = CircuitBreakers::Admission;
using Outcome = CircuitBreakers::Outcome;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest() {
    options_.failure_threshold = 3;
    options_.cooldown = milliseconds(30000);
  }

  // Admits one attempt on `host` and records `outcome`; the admission error when refused.
  Status Request(const std::string& host, Outcome outcome) {
    Result<Admission> admission = breakers_.Admit(host, options_);
    if (!admission.ok()) return admission.status();
    breakers_.Record(host, *admission, outcome, options_);
    return Status::OK();
  }

  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  CircuitBreakers breakers_{clock_};
  CircuitOptions options_;
};

TEST_F(CircuitBreakerTest, OpensAfterThresholdConsecutiveFailures) {
  ASSERT_TRUE(Request("api.example.com", Outcome::kFailure).ok());
  clock_->Advance(milliseconds(2000));
  ASSERT_TRUE(Request("api.example.com", Outcome::kFailure).ok());
  EXPECT_EQ(breakers_.openings("api.example.com"), 0);
  Result<Admission> third = breakers_.Admit("api.example.com", options_);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(breakers_.Record("api.example.com", *third, Outcome::kFailure, options_));
  EXPECT_EQ(breakers_.openings("api.example.com"), 1);

  Status refused = Request("api.example.com", Outcome::kSuccess);
  EXPECT_EQ(refused.code(), StatusCode::kIoError);
  // Failing since the first failure (03:04:05), open since the third (03:04:07).
  EXPECT_EQ(refused.message(),
            "api.example.com unavailable since 03:04:05 UTC (circuit open after 3 failed "
            "requests); retrying after 03:04:37 UTC");
}

TEST_F(CircuitBreakerTest, SuccessResetsTheCount) {
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  ASSERT_TRUE(Request("h", Outcome::kSuccess).ok());
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  EXPECT_TRUE(Request("h", Outcome::kFailure).ok());  // the 3rd in a row opens it
  EXPECT_FALSE(Request("h", Outcome::kSuccess).ok());
}

TEST_F(CircuitBreakerTest, NeutralOutcomesNeitherCountNorReset) {
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  ASSERT_TRUE(Request("h", Outcome::kNeutral).ok());
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  EXPECT_EQ(breakers_.openings("h"), 1);
}

TEST_F(CircuitBreakerTest, HostsAreIndependent) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Request("down.example.com", Outcome::kFailure).ok());
  EXPECT_FALSE(Request("down.example.com", Outcome::kSuccess).ok());
  EXPECT_TRUE(Request("up.example.com", Outcome::kSuccess).ok());
  EXPECT_TRUE(Request("down.example.com:8080", Outcome::kSuccess).ok());
}

TEST_F(CircuitBreakerTest, AfterCooldownOneProbeThenSuccessCloses) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  clock_->Advance(milliseconds(29999));
  EXPECT_FALSE(breakers_.Admit("h", options_).ok());
  clock_->Advance(milliseconds(1));
  Result<Admission> probe = breakers_.Admit("h", options_);
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(*probe, Admission::kProbe);
  // Only one probe at a time.
  EXPECT_FALSE(breakers_.Admit("h", options_).ok());
  EXPECT_FALSE(breakers_.Record("h", *probe, Outcome::kSuccess, options_));
  Result<Admission> after = breakers_.Admit("h", options_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, Admission::kClosed);
  breakers_.Record("h", *after, Outcome::kSuccess, options_);
  EXPECT_EQ(breakers_.openings("h"), 1);
}

TEST_F(CircuitBreakerTest, FailedProbeReopensForAnotherCooldown) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  clock_->Advance(milliseconds(30000));
  Result<Admission> probe = breakers_.Admit("h", options_);
  ASSERT_TRUE(probe.ok());
  EXPECT_TRUE(breakers_.Record("h", *probe, Outcome::kFailure, options_));
  EXPECT_EQ(breakers_.openings("h"), 2);
  Status refused = breakers_.Admit("h", options_).status();
  // Opened at 03:04:05, reopened at 03:04:35: retrying 30 s later; 4 failures in a row.
  EXPECT_EQ(refused.message(),
            "h unavailable since 03:04:05 UTC (circuit open after 4 failed requests); "
            "retrying after 03:05:05 UTC");
  clock_->Advance(milliseconds(30000));
  EXPECT_TRUE(breakers_.Admit("h", options_).ok());
}

TEST_F(CircuitBreakerTest, NeutralProbeFreesTheProbeSlot) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  clock_->Advance(milliseconds(30000));
  Result<Admission> probe = breakers_.Admit("h", options_);
  ASSERT_TRUE(probe.ok());
  breakers_.Record("h", *probe, Outcome::kNeutral, options_);  // e.g. cancelled
  Result<Admission> next = breakers_.Admit("h", options_);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, Admission::kProbe);
}

TEST_F(CircuitBreakerTest, StaleFailuresOfAttemptsAdmittedBeforeOpeningDoNotReopen) {
  Result<Admission> slow = breakers_.Admit("h", options_);  // in flight while others fail
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  EXPECT_FALSE(breakers_.Record("h", *slow, Outcome::kFailure, options_));
  EXPECT_EQ(breakers_.openings("h"), 1);
}

TEST_F(CircuitBreakerTest, ThresholdZeroNeverOpens) {
  options_.failure_threshold = 0;
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Request("h", Outcome::kFailure).ok());
  EXPECT_EQ(breakers_.openings("h"), 0);
}

TEST(ProcessCircuitBreakersTest, IsOneInstance) {
  EXPECT_EQ(ProcessCircuitBreakers().get(), ProcessCircuitBreakers().get());
  EXPECT_EQ(FormatUtcTime(std::chrono::system_clock::time_point(std::chrono::seconds(59))),
            "00:00:59 UTC");
}

}  // namespace
}  // namespace sqlflow
