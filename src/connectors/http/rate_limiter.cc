#include "connectors/http/rate_limiter.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sqlflow {

RateLimiter::RateLimiter(RateLimitOptions options, std::shared_ptr<Clock> clock)
    : rate_(std::max(0.0, options.requests_per_second)),
      burst_(std::max(1.0, options.burst)),
      clock_(std::move(clock)),
      tokens_(burst_),
      refilled_at_(clock_->Now()) {}

void RateLimiter::Refill(Clock::TimePoint now) {
  if (now <= refilled_at_) return;
  const double seconds = std::chrono::duration<double>(now - refilled_at_).count();
  tokens_ = std::min(burst_, tokens_ + seconds * rate_);
  refilled_at_ = now;
}

std::chrono::milliseconds RateLimiter::Acquire(const std::atomic<bool>* cancelled) {
  if (rate_ <= 0) return std::chrono::milliseconds(0);
  std::chrono::milliseconds wait{0};
  {
    std::lock_guard<std::mutex> lock(mu_);
    Refill(clock_->Now());
    // Taking the token before it exists reserves the next slot: a later caller finds the
    // bucket deeper in debt and waits longer, so callers are served one per 1/rate seconds.
    tokens_ -= 1;
    if (tokens_ >= 0) return wait;
    // Rounded up so that the token has surely been refilled when the wait ends.
    wait = std::chrono::milliseconds(
        static_cast<int64_t>(std::ceil(-tokens_ / rate_ * 1000.0 - 1e-6)));
  }
  if (!clock_->SleepFor(wait, cancelled)) {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_ += 1;
  }
  return wait;
}

void RateLimiter::Observe(double remaining) {
  if (rate_ <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  Refill(clock_->Now());
  tokens_ = std::min(tokens_, std::max(0.0, remaining));
}

std::optional<double> RateLimiter::RemainingFromUsage(std::string_view value) {
  auto parse = [](std::string_view text, double* out) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && *out >= 0;
  };
  size_t slash = value.find('/');
  double used = 0, limit = 0;
  if (slash == std::string_view::npos) {
    return parse(value, &limit) ? std::optional<double>(limit) : std::nullopt;
  }
  if (!parse(value.substr(0, slash), &used) || !parse(value.substr(slash + 1), &limit)) {
    return std::nullopt;
  }
  return limit - used;
}

}  // namespace sqlflow
