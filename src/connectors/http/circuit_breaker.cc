#include "connectors/http/circuit_breaker.h"

#include <ctime>

namespace sqlflow {

std::string FormatUtcTime(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[16];
  std::strftime(text, sizeof(text), "%H:%M:%S", &parts);
  return std::string(text) + " UTC";
}

CircuitBreakers::CircuitBreakers(std::shared_ptr<Clock> clock) : clock_(std::move(clock)) {}

Status CircuitBreakers::OpenError(const std::string& host, const Breaker& breaker,
                                  const CircuitOptions& options) const {
  const auto retry_at = breaker.opened_at_wall + options.cooldown;
  return Status::IoError(host + " unavailable since " + FormatUtcTime(breaker.failing_since) +
                         " (circuit open after " + std::to_string(breaker.consecutive_failures) +
                         " failed requests); retrying after " + FormatUtcTime(retry_at));
}

Result<CircuitBreakers::Admission> CircuitBreakers::Admit(const std::string& host,
                                                          const CircuitOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = breakers_.find(host);
  if (it == breakers_.end() || !it->second.open) return Admission::kClosed;
  Breaker& breaker = it->second;
  const Clock::TimePoint now = clock_->Now();
  if (now < breaker.opened_at + options.cooldown) return OpenError(host, breaker, options);
  // Half-open: one probe at a time. A probe never reported (its thread died) stops blocking
  // the host after another cooldown.
  if (breaker.probe_in_flight && now < breaker.probe_started_at + options.cooldown) {
    return OpenError(host, breaker, options);
  }
  breaker.probe_in_flight = true;
  breaker.probe_started_at = now;
  return Admission::kProbe;
}

bool CircuitBreakers::Record(const std::string& host, Admission admission, Outcome outcome,
                             const CircuitOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  Breaker& breaker = breakers_[host];
  const bool was_probe = admission == Admission::kProbe;
  if (was_probe) breaker.probe_in_flight = false;
  if (outcome == Outcome::kNeutral) return false;
  if (outcome == Outcome::kSuccess) {
    breaker.consecutive_failures = 0;
    breaker.open = false;
    return false;
  }
  if (breaker.consecutive_failures++ == 0) breaker.failing_since = clock_->WallNow();
  // Failures of attempts admitted before the breaker opened do not open it again; a failed
  // probe does.
  const bool opens = was_probe || (!breaker.open && options.failure_threshold > 0 &&
                                   breaker.consecutive_failures >= options.failure_threshold);
  if (!opens) return false;
  breaker.open = true;
  breaker.opened_at = clock_->Now();
  breaker.opened_at_wall = clock_->WallNow();
  ++breaker.openings;
  return true;
}

int64_t CircuitBreakers::openings(const std::string& host) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = breakers_.find(host);
  return it == breakers_.end() ? 0 : it->second.openings;
}

std::shared_ptr<CircuitBreakers> ProcessCircuitBreakers() {
  static const std::shared_ptr<CircuitBreakers> breakers =
      std::make_shared<CircuitBreakers>(SystemClock());
  return breakers;
}

}  // namespace sqlflow
