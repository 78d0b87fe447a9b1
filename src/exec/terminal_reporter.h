// TerminalReporter: the run as people read it (SPEC §4): one line per finished step, the error
// of a failed step indented below it, and a closing summary line:
//
//   run 20261121-125501-ab12: pipeline shop, 4 steps, up to 4 at once
//     OK       load.orders        5,000 rows   0.04s
//     FAILED   transform.daily                 0.01s
//              Binder Error: column "amt" not found
//     SKIPPED  export.daily       (transform.daily failed)
//   run 20261121-125501-ab12: 1 succeeded, 1 failed, 1 skipped in 0.06s
//
// Colours only when told (the CLI decides from the TTY and NO_COLOR). With live_progress (a
// terminal), a "running: …" line shows the steps in flight, their rows and rows/s; it is redrawn
// in place and cleared before every other line. Without it, only whole lines are written.
// Thread-safety: none needed; the executor serialises reporter calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "exec/reporter.h"

namespace sqlflow {

struct TerminalReporterOptions {
  std::string run_id;  // shown in the first and last lines; may be empty
  ColorMode color = ColorMode::kNever;
  bool live_progress = false;  // redraw a "running: …" line; only for a terminal
  size_t columns = 80;         // terminal width: the live line is cut to fit on one line
  // The clock for durations and rates of the live line; a test can pass a fake.
  std::function<std::chrono::steady_clock::time_point()> now = std::chrono::steady_clock::now;
};

class TerminalReporter : public Reporter {
 public:
  // REQUIRES: `out` stays open while the reporter is used; it is not closed.
  TerminalReporter(FILE* out, TerminalReporterOptions options);

  void OnRunStart(const Plan& plan, const ExecOptions& options) override;
  void OnStepStart(const Step& step) override;
  bool ShowsProgress() const override { return options_.live_progress; }
  void OnStepProgress(const Step& step, int64_t rows) override;
  void OnStepFinish(const Step& step, const StepResult& result) override;
  void OnRunFinish(const RunSummary& summary) override;

 private:
  struct Running {
    std::string id;
    std::chrono::steady_clock::time_point started;
    int64_t rows = -1;
  };

  void PrintStepLine(const StepResult& result);
  void PrintIndented(std::string text, const char* prefix);
  std::string StatusWord(StepStatus status) const;
  std::string RunLabel() const;
  std::string LiveLine() const;
  void DrawLive();
  void ClearLive();
  void Write(const std::string& text);

  FILE* out_;
  TerminalReporterOptions options_;
  FailurePolicy policy_ = FailurePolicy::kFailFast;
  size_t id_width_ = 0;
  std::vector<Running> running_;  // in start order
  bool live_shown_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

// Pure formatting, exposed for tests and other printers.
std::string FormatCount(int64_t n);          // 1234567 -> "1,234,567"
std::string FormatDuration(double seconds);  // "0.04s", "59.99s", "2m05s", "1h02m"

}  // namespace sqlflow
