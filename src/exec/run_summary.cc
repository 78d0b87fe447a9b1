#include "exec/run_summary.h"

#include <cstdio>
#include <ctime>

namespace sqlflow {

const char* ToString(StepStatus status) {
  switch (status) {
    case StepStatus::kSucceeded:
      return "succeeded";
    case StepStatus::kFailed:
      return "failed";
    case StepStatus::kSkipped:
      return "skipped";
    case StepStatus::kNotStarted:
      return "not_started";
    case StepStatus::kNotSelected:
      return "not_selected";
    case StepStatus::kInterrupted:
      return "interrupted";
  }
  return "?";
}

const char* ToString(RunStatus status) {
  switch (status) {
    case RunStatus::kSucceeded:
      return "succeeded";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kInterrupted:
      return "interrupted";
  }
  return "?";
}

size_t RunSummary::Count(StepStatus status) const {
  size_t n = 0;
  for (const StepResult& step : steps) n += step.status == status;
  return n;
}

RunStatus RunSummary::status() const {
  if (interrupted) return RunStatus::kInterrupted;
  for (const StepResult& step : steps) {
    if (step.status != StepStatus::kSucceeded && step.status != StepStatus::kNotSelected) {
      return RunStatus::kFailed;
    }
  }
  return RunStatus::kSucceeded;
}

int ExitCodeFor(const RunSummary& summary) {
  switch (summary.status()) {
    case RunStatus::kSucceeded:
      return 0;
    case RunStatus::kInterrupted:
      return 130;
    case RunStatus::kFailed:
      return 1;
  }
  return 1;
}

std::string FormatUtcTimestamp(std::chrono::system_clock::time_point time) {
  using std::chrono::duration_cast;
  auto since_epoch = time.time_since_epoch();
  auto secs = duration_cast<std::chrono::seconds>(since_epoch);
  auto millis = duration_cast<std::chrono::milliseconds>(since_epoch - secs).count();
  if (millis < 0) {  // before 1970: keep the fraction positive
    secs -= std::chrono::seconds(1);
    millis += 1000;
  }
  std::time_t t = static_cast<std::time_t>(secs.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buf;
}

}  // namespace sqlflow
