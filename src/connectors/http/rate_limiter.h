// RateLimiter: a token bucket on a Clock (SPEC-CONNECTORS §4 rate_limit). Tokens refill at
// requests_per_second up to `burst`; each request takes one, waiting for it when the bucket is
// empty, so that a client never sends faster than the service allows. requests_per_second 0
// means no limit.
// Thread-safety: Acquire() may be called from several threads at once; each caller reserves
// its own slot, so concurrent callers are spaced out rather than woken together.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"

namespace sqlflow {

class RateLimiter {
 public:
  // REQUIRES: clock != nullptr. A burst below 1 is taken as 1.
  RateLimiter(RateLimitOptions options, std::shared_ptr<Clock> clock);

  // Takes one token, waiting (Clock::SleepFor) until there is one. Returns how long it waited.
  // When `*cancelled` becomes true during the wait it returns early and gives the token back;
  // the caller checks the flag.
  std::chrono::milliseconds Acquire(const std::atomic<bool>* cancelled = nullptr);

  // The service says it has room for `remaining` more requests now: the bucket holds no more.
  void Observe(double remaining);

  // limit − used of a "used/limit" header value ("32/40" → 8), or a plain count of requests
  // left ("87" → 87); nullopt when it is neither (or negative).
  static std::optional<double> RemainingFromUsage(std::string_view value);

 private:
  void Refill(Clock::TimePoint now);  // REQUIRES: mu_ held

  const double rate_;   // tokens per second; 0: unlimited
  const double burst_;  // bucket size
  std::shared_ptr<Clock> clock_;
  std::mutex mu_;
  double tokens_;  // below 0 when callers have reserved tokens not yet refilled
  Clock::TimePoint refilled_at_;
};

}  // namespace sqlflow
