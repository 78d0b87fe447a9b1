#include "connectors/http/rate_limiter.h"

#include <gtest/gtest.h>

#include "connectors/http/fake_clock.h"

namespace sqlflow {
namespace {

using std::chrono::milliseconds;

RateLimitOptions Limit(double rps, double burst) {
  RateLimitOptions options;
  options.requests_per_second = rps;
  options.burst = burst;
  return options;
}

TEST(RateLimiterTest, ZeroRequestsPerSecondIsUnlimited) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(0, 1), clock);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  EXPECT_TRUE(clock->sleeps().empty());
}

TEST(RateLimiterTest, BurstGoesAtOnceThenOnePerInterval) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(10, 3), clock);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire(), milliseconds(0)) << i;
  EXPECT_EQ(limiter.Acquire(), milliseconds(100));
  EXPECT_EQ(limiter.Acquire(), milliseconds(100));
  EXPECT_EQ(clock->sleeps(), (std::vector<milliseconds>{milliseconds(100), milliseconds(100)}));
}

TEST(RateLimiterTest, IdleTimeRefillsUpToTheBurstOnly) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(2, 2), clock);
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  clock->Advance(milliseconds(60000));  // a minute idle refills 2 tokens, not 120
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  EXPECT_EQ(limiter.Acquire(), milliseconds(500));
}

TEST(RateLimiterTest, PartialRefillShortensTheWait) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(4, 1), clock);  // one token per 250 ms
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  clock->Advance(milliseconds(100));
  EXPECT_EQ(limiter.Acquire(), milliseconds(150));
}

TEST(RateLimiterTest, BurstBelowOneIsOne) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(1, 0), clock);
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  EXPECT_EQ(limiter.Acquire(), milliseconds(1000));
}

TEST(RateLimiterTest, ConcurrentCallersReserveSuccessiveSlots) {
  // Waiters that have not yet slept still hold their slots: the third caller, arriving while
  // the second is waiting, waits for the slot after the second's.
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(10, 1), clock);
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  std::vector<milliseconds> nested;
  clock->set_on_sleep([&](milliseconds) {
    clock->set_on_sleep(nullptr);
    clock->Advance(milliseconds(-100));  // as if the second caller were still asleep
    nested.push_back(limiter.Acquire());
  });
  EXPECT_EQ(limiter.Acquire(), milliseconds(100));
  EXPECT_EQ(nested, std::vector<milliseconds>{milliseconds(200)});
}

TEST(RateLimiterTest, CancelledWaitGivesTheTokenBack) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(1, 1), clock);
  std::atomic<bool> cancelled{false};
  EXPECT_EQ(limiter.Acquire(&cancelled), milliseconds(0));
  clock->set_on_sleep([&](milliseconds) { cancelled = true; });
  limiter.Acquire(&cancelled);  // interrupted: its reservation is returned
  clock->set_on_sleep(nullptr);
  // 1 s has passed in the interrupted sleep: the next caller finds its token ready.
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
}

}  // namespace
}  // namespace sqlflow

namespace sqlflow {
namespace {

TEST(RateLimiterObserveTest, TheServicesUsageCapsTheBucket) {
  auto clock = std::make_shared<FakeClock>();
  RateLimiter limiter(Limit(2, 40), clock);  // Shopify: 2/s, a bucket of 40
  // Another app of the shop has used 38 of its 40: two requests go at once, then one per 500 ms.
  limiter.Observe(40 - 38);
  EXPECT_EQ(limiter.Acquire(), std::chrono::milliseconds(0));
  EXPECT_EQ(limiter.Acquire(), std::chrono::milliseconds(0));
  EXPECT_EQ(limiter.Acquire(), std::chrono::milliseconds(500));
  // A service with more room than the bucket holds does not add tokens: still one per 500 ms.
  limiter.Observe(1000);
  EXPECT_EQ(limiter.Acquire(), std::chrono::milliseconds(500));
}

TEST(RateLimiterObserveTest, UsageHeaderValues) {
  EXPECT_EQ(RateLimiter::RemainingFromUsage("32/40"), 8.0);
  EXPECT_EQ(RateLimiter::RemainingFromUsage(" 1 / 40 "), 39.0);
  EXPECT_EQ(RateLimiter::RemainingFromUsage("87"), 87.0);  // HubSpot: the count left
  EXPECT_EQ(RateLimiter::RemainingFromUsage("-3"), std::nullopt);
  EXPECT_EQ(RateLimiter::RemainingFromUsage("4/-2"), std::nullopt);
  EXPECT_EQ(RateLimiter::RemainingFromUsage("a/40"), std::nullopt);
}

}  // namespace
}  // namespace sqlflow
