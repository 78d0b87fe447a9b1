// RetryPolicy: which failures of an HTTP request are worth another attempt and how long to wait
// before it (SPEC-CONNECTORS §4): exponential backoff with full jitter, and a server's
// Retry-After as the minimum wait unless it asks for more than retry.max_retry_after.
// Thread-safety: const methods are safe from several threads when the random source is (the
// default one is).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "connectors/http/http_client.h"

namespace sqlflow {

// Uniform random numbers in [0, 1), for jitter; tests pass a fixed sequence.
using RandomSource = std::function<double()>;

// A RandomSource seeded from the system's entropy, one engine per thread.
RandomSource DefaultRandomSource();

// 408, 429, 500, 502, 503 and 504: the server may answer differently next time.
bool IsTransientStatus(long status);

// Connection failures, timeouts and transfers cut short (`curl_code` is a CURLcode, kept an
// int so that this header does not include curl.h). Not: malformed URLs, TLS certificate
// problems, errors of our own callbacks (cancel, reading the body file, writing the response).
bool IsTransientCurlError(int curl_code);

// A Retry-After header's wait (RFC 7231 §7.1.3): delta-seconds ("120") or an IMF-fixdate ("Sun,
// 06 Nov 1994 08:49:37 GMT") taken relative to `now` (a date in the past is no wait). nullopt
// when the value is neither.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// "600 s", or "250 ms" for a wait that is not whole seconds.
std::string FormatWait(std::chrono::milliseconds wait);

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryOptions options, RandomSource random = DefaultRandomSource());

  const RetryOptions& options() const { return options_; }

  // True when a request that has made `attempts_made` attempts may make another.
  bool MayRetry(int attempts_made) const { return attempts_made < options_.max_attempts; }

  // The backoff before retry number `retry_index` (0 for the first retry): uniform in
  // [0, min(cap, base * 2^retry_index)) — "full jitter", which spreads clients that failed
  // together instead of having them retry in step.
  std::chrono::milliseconds Backoff(int retry_index) const;

  // The wait before retry `retry_index` after a transient response: the backoff, or the
  // response's Retry-After (`retry_after`, the header's value when present) when longer.
  // IoError "<host> asked to wait 600 s (Retry-After), more than retry.max_retry_after
  // (300 s)…" when the server asks for more than max_retry_after.
  Result<std::chrono::milliseconds> WaitAfterResponse(int retry_index,
                                                      const std::optional<std::string>& retry_after,
                                                      std::chrono::system_clock::time_point now,
                                                      const std::string& host) const;

 private:
  RetryOptions options_;
  RandomSource random_;
};

}  // namespace sqlflow
