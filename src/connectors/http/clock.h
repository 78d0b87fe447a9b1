// Clock: time and waiting for the resilience policy, behind a seam so that unit tests use a fake
// clock (no sleeps in tests). SystemClock() is the real one.
// Thread-safety: implementations are safe to share between threads.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

namespace sqlflow {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // Wall-clock time, for messages ("unavailable since 12:01:05") and HTTP dates (Retry-After).
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
  // Waits `duration`, returning early (false) when `*cancelled` becomes true; `cancelled` may be
  // null (wait it all).
  virtual bool SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>* cancelled) = 0;
};

std::shared_ptr<Clock> SystemClock();

}  // namespace sqlflow
