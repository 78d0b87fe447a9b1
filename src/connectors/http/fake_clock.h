// FakeClock: a Clock for tests. Time stands still until SleepFor() or Advance() moves it, so
// retry, rate-limit and circuit-breaker tests never wait; every SleepFor() is recorded.
// Thread-safety: all methods are safe to call from several threads.
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "connectors/http/clock.h"

namespace sqlflow {

class FakeClock : public Clock {
 public:
  // 2024-01-02 03:04:05 UTC: a fixed wall time, so messages that show it are predictable.
  static constexpr std::chrono::seconds kDefaultWallStart{1704164645};

  explicit FakeClock(std::chrono::system_clock::time_point wall_start =
                         std::chrono::system_clock::time_point(kDefaultWallStart))
      : wall_start_(wall_start) {}

  TimePoint Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return TimePoint(std::chrono::hours(1000)) + elapsed_;
  }

  std::chrono::system_clock::time_point WallNow() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed_);
  }

  // Records the sleep, advances time by all of it, then runs the on-sleep hook (which may
  // cancel). Returns false without sleeping when `*cancelled` is already true, and false when
  // the hook cancelled.
  bool SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>* cancelled) override {
    if (cancelled != nullptr && cancelled->load()) return false;
    std::function<void(std::chrono::milliseconds)> hook;
    {
      std::lock_guard<std::mutex> lock(mu_);
      sleeps_.push_back(duration);
      elapsed_ += duration;
      hook = on_sleep_;
    }
    if (hook) hook(duration);
    return cancelled == nullptr || !cancelled->load();
  }

  void Advance(std::chrono::milliseconds duration) {
    std::lock_guard<std::mutex> lock(mu_);
    elapsed_ += duration;
  }

  // Every SleepFor() duration so far, in order.
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

  // Called after each SleepFor() has advanced the time (e.g. to cancel during a wait).
  void set_on_sleep(std::function<void(std::chrono::milliseconds)> hook) {
    std::lock_guard<std::mutex> lock(mu_);
    on_sleep_ = std::move(hook);
  }

 private:
  mutable std::mutex mu_;
  const std::chrono::system_clock::time_point wall_start_;
  std::chrono::milliseconds elapsed_{0};
  std::vector<std::chrono::milliseconds> sleeps_;
  std::function<void(std::chrono::milliseconds)> on_sleep_;
};

}  // namespace sqlflow
