#include "connectors/http/retry_policy.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <vector>

namespace sqlflow {
namespace {

using std::chrono::milliseconds;

// Returns `values` in turn, then the last one forever.
RandomSource Sequence(std::vector<double> values) {
  auto next = std::make_shared<size_t>(0);
  return [values, next] { return values[std::min(values.size() - 1, (*next)++)]; };
}

std::chrono::system_clock::time_point Wall(int64_t seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

constexpr int64_t kNov6_1994_084937 = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST(RetryPolicyTest, TransientStatusesAreTheSpecsList) {
  for (long status : {408, 429, 500, 502, 503, 504}) EXPECT_TRUE(IsTransientStatus(status));
  for (long status : {200, 204, 301, 400, 401, 403, 404, 409, 501, 505}) {
    EXPECT_FALSE(IsTransientStatus(status)) << status;
  }
}

TEST(RetryPolicyTest, ConnectionErrorsAndTimeoutsAreTransientOwnErrorsAreNot) {
  for (CURLcode code :
       {CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT,
        CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE}) {
    EXPECT_TRUE(IsTransientCurlError(code)) << curl_easy_strerror(code);
  }
  for (CURLcode code : {CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_ABORTED_BY_CALLBACK,
                        CURLE_READ_ERROR, CURLE_WRITE_ERROR, CURLE_PEER_FAILED_VERIFICATION}) {
    EXPECT_FALSE(IsTransientCurlError(code)) << curl_easy_strerror(code);
  }
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderADoublingCeiling) {
  RetryOptions options;
  options.base = milliseconds(100);
  options.cap = milliseconds(1000);
  // The largest draw shows the ceiling: 100, 200, 400, 800, then the cap.
  RetryPolicy top(options, Sequence({0.999999}));
  EXPECT_EQ(top.Backoff(0), milliseconds(99));
  EXPECT_EQ(top.Backoff(1), milliseconds(199));
  EXPECT_EQ(top.Backoff(2), milliseconds(399));
  EXPECT_EQ(top.Backoff(3), milliseconds(799));
  EXPECT_EQ(top.Backoff(4), milliseconds(999));
  EXPECT_EQ(top.Backoff(60), milliseconds(999));  // no overflow however many retries
  // Full jitter: anything from zero up.
  RetryPolicy low(options, Sequence({0.0, 0.5}));
  EXPECT_EQ(low.Backoff(3), milliseconds(0));
  EXPECT_EQ(low.Backoff(3), milliseconds(400));
}

TEST(RetryPolicyTest, DefaultRandomStaysUnderTheCeiling) {
  RetryOptions options;  // base 1 s, cap 60 s
  RetryPolicy policy(options);
  for (int i = 0; i < 100; ++i) {
    const milliseconds wait = policy.Backoff(i % 8);
    EXPECT_GE(wait.count(), 0);
    EXPECT_LE(wait, std::min(milliseconds(1000 << (i % 8)), milliseconds(60000)));
  }
}

TEST(RetryPolicyTest, MayRetryCountsTheFirstAttempt) {
  RetryOptions options;
  options.max_attempts = 3;
  RetryPolicy policy(options);
  EXPECT_TRUE(policy.MayRetry(1));
  EXPECT_TRUE(policy.MayRetry(2));
  EXPECT_FALSE(policy.MayRetry(3));
}

TEST(RetryPolicyTest, RetryAfterDeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("120", Wall(0)), milliseconds(120000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", Wall(0)), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", Wall(0)),
            milliseconds(INT64_MAX / 2));  // absurd, and so beyond any maximum
  // Shopify's "2.0": decimal seconds, rounded up to the millisecond.
  EXPECT_EQ(ParseRetryAfter("2.0", Wall(0)), milliseconds(2000));
  EXPECT_EQ(ParseRetryAfter("1.5", Wall(0)), milliseconds(1500));
  EXPECT_EQ(ParseRetryAfter("0.0004", Wall(0)), milliseconds(1));
}

TEST(RetryPolicyTest, RetryAfterHttpDateIsRelativeToWallNow) {
  const auto now = Wall(kNov6_1994_084937 - 90);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds(90000));
  // A date already past is no wait at all.
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", Wall(kNov6_1994_084937 + 5)),
            milliseconds(0));
  // Sub-second "now": the wait is rounded up, never down.
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT",
                            Wall(kNov6_1994_084937 - 1) + std::chrono::microseconds(500)),
            milliseconds(1000));
}

TEST(RetryPolicyTest, RetryAfterRejectsWhatIsNeitherForm) {
  for (const char* bad : {"", "soon", "-5", "1.", ".5", "1.2.3", "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
                          "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"}) {
    EXPECT_EQ(ParseRetryAfter(bad, Wall(0)), std::nullopt) << bad;
  }
}

TEST(RetryPolicyTest, RetryAfterIsTheMinimumWait) {
  RetryOptions options;
  options.base = milliseconds(1000);
  RetryPolicy policy(options, Sequence({0.5}));
  // Backoff 500 ms < Retry-After 3 s: the server's wait.
  EXPECT_EQ(*policy.WaitAfterResponse(0, "3", Wall(0), "api.example.com"), milliseconds(3000));
  // Backoff 4000 ms (ceiling 8 s) > Retry-After 1 s: the backoff.
  EXPECT_EQ(*policy.WaitAfterResponse(3, "1", Wall(0), "api.example.com"), milliseconds(4000));
  // No header, or one that cannot be read: the backoff.
  EXPECT_EQ(*policy.WaitAfterResponse(0, std::nullopt, Wall(0), "h"), milliseconds(500));
  EXPECT_EQ(*policy.WaitAfterResponse(0, "later", Wall(0), "h"), milliseconds(500));
}

TEST(RetryPolicyTest, RetryAfterBeyondTheMaximumFailsWithTheWait) {
  RetryOptions options;  // max_retry_after 300 s
  RetryPolicy policy(options, Sequence({0.5}));
  Result<milliseconds> wait = policy.WaitAfterResponse(0, "600", Wall(0), "api.example.com");
  ASSERT_FALSE(wait.ok());
  EXPECT_EQ(wait.status().code(), StatusCode::kIoError);
  EXPECT_EQ(wait.status().message(),
            "api.example.com asked to wait 600 s (Retry-After), more than "
            "retry.max_retry_after (300 s); try again later or raise retry.max_retry_after");
  // Exactly the maximum is still waited.
  EXPECT_EQ(*policy.WaitAfterResponse(0, "300", Wall(0), "h"), milliseconds(300000));
  // A date is rounded up to whole seconds in the message.
  Result<milliseconds> dated = policy.WaitAfterResponse(0, "Sun, 06 Nov 1994 08:49:37 GMT",
                                                        Wall(kNov6_1994_084937 - 400), "h");
  ASSERT_FALSE(dated.ok());
  EXPECT_NE(dated.status().message().find("asked to wait 400 s"), std::string::npos);
}

TEST(RetryPolicyTest, FormatWait) {
  EXPECT_EQ(FormatWait(milliseconds(300000)), "300 s");
  EXPECT_EQ(FormatWait(milliseconds(0)), "0 s");
  EXPECT_EQ(FormatWait(milliseconds(250)), "250 ms");
}

}  // namespace
}  // namespace sqlflow
