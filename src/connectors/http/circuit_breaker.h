// CircuitBreakers: one circuit breaker per host (SPEC-CONNECTORS §4 circuit). After
// `failure_threshold` consecutive failed requests to a host its breaker opens and requests to
// it fail at once, without touching the network, for `cooldown`; then one probe request may go
// (half-open): its success closes the breaker, its failure opens it again for another cooldown.
// A "request" here is one attempt on the wire: a connection error, a timeout or a 5xx the
// server may not repeat (500, 502, 503, 504) is a failure; any other response is a success
// (the host is up, even when it says 404 or 429).
// Thread-safety: every method may be called from several threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"

namespace sqlflow {

class CircuitBreakers {
 public:
  enum class Outcome {
    kSuccess,  // the host answered
    kFailure,  // the host did not answer, or answered with a transient 5xx
    kNeutral,  // says nothing about the host (cancelled, our own error): frees a probe slot
  };

  enum class Admission {
    kClosed,  // the breaker is closed: an ordinary attempt
    kProbe,   // the one attempt of a half-open breaker
  };

  // REQUIRES: clock != nullptr.
  explicit CircuitBreakers(std::shared_ptr<Clock> clock);

  // Before an attempt on `host`: how it may go (closed, or the one probe of a half-open
  // breaker), or IoError "<host> unavailable since 03:04:05 UTC (circuit open after 5 failed
  // requests); retrying after 03:04:35 UTC" while the breaker is open. Every admission must be
  // followed by Record(). A failure_threshold of 0 or less never opens the breaker.
  Result<Admission> Admit(const std::string& host, const CircuitOptions& options);

  // The outcome of an attempt `admission` let through. Returns true when this failure opened
  // the breaker.
  bool Record(const std::string& host, Admission admission, Outcome outcome,
              const CircuitOptions& options);

  // How many times the breaker of `host` has opened (re-openings after a failed probe count).
  int64_t openings(const std::string& host) const;

 private:
  struct Breaker {
    int consecutive_failures = 0;
    std::chrono::system_clock::time_point failing_since;  // wall time of the first of them
    bool open = false;
    Clock::TimePoint opened_at;
    std::chrono::system_clock::time_point opened_at_wall;
    bool probe_in_flight = false;
    Clock::TimePoint probe_started_at;
    int64_t openings = 0;
  };

  Status OpenError(const std::string& host, const Breaker& breaker,
                   const CircuitOptions& options) const;

  std::shared_ptr<Clock> clock_;
  mutable std::mutex mu_;
  std::map<std::string, Breaker> breakers_;
};

// The breakers every HttpClient of this process shares unless given its own, so that all the
// streams on one host see it fail together. Uses the system clock.
std::shared_ptr<CircuitBreakers> ProcessCircuitBreakers();

// "03:04:05 UTC"
std::string FormatUtcTime(std::chrono::system_clock::time_point time);

}  // namespace sqlflow
