#include "connectors/http/clock.h"

#include <algorithm>
#include <thread>

namespace sqlflow {

namespace {

// How often a sleep looks at the cancel flag: short enough that Ctrl-C feels immediate, long
// enough that a waiting thread costs nothing.
constexpr std::chrono::milliseconds kCancelPollInterval{20};

class RealClock : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::now();
  }

  bool SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>* cancelled) override {
    if (cancelled == nullptr) {
      std::this_thread::sleep_for(duration);
      return true;
    }
    const TimePoint end = Now() + duration;
    while (!cancelled->load()) {
      const TimePoint now = Now();
      if (now >= end) return true;
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(end - now, kCancelPollInterval));
    }
    return false;
  }
};

}  // namespace

std::shared_ptr<Clock> SystemClock() {
  // Stateless, so one instance serves every caller.
  static const std::shared_ptr<Clock> clock = std::make_shared<RealClock>();
  return clock;
}

}  // namespace sqlflow
