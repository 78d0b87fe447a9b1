#include "exec/terminal_reporter.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sqlflow {

namespace {

constexpr size_t kStatusWidth = 9;  // "SKIPPED" and two spaces
constexpr size_t kRowsWidth = 16;   // "999,999,999 rows"
constexpr size_t kMaxIdWidth = 40;  // longer ids push their own line's columns only
constexpr std::chrono::milliseconds kRedrawInterval{100};
constexpr const char* kIndent = "           ";  // under the step id: 2 + kStatusWidth
constexpr const char* kClearLine = "\r\x1b[K";

const char* ColorOf(StepStatus status) {
  switch (status) {
    case StepStatus::kSucceeded:
      return "\x1b[32m";  // green
    case StepStatus::kFailed:
      return "\x1b[31m";  // red
    default:
      return "\x1b[33m";  // yellow
  }
}

std::string PadRight(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string PadLeft(const std::string& text, size_t width) {
  return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

std::string Rows(int64_t n) { return FormatCount(n) + (n == 1 ? " row" : " rows"); }

// The rows a step line shows: written, else read.
int64_t ShownRows(const StepResult& result) {
  return result.rows_written >= 0 ? result.rows_written : result.rows_read;
}

}  // namespace

std::string FormatCount(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatDuration(double seconds) {
  char buf[32];
  if (seconds < 60) {
    std::snprintf(buf, sizeof buf, "%.2fs", std::max(seconds, 0.0));
    return buf;
  }
  long long whole = std::llround(seconds);
  if (whole < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", whole / 60, whole % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", whole / 3600, whole % 3600 / 60);
  }
  return buf;
}

TerminalReporter::TerminalReporter(FILE* out, TerminalReporterOptions options)
    : out_(out), options_(std::move(options)) {}

void TerminalReporter::Write(const std::string& text) {
  std::fputs(text.c_str(), out_);
  std::fflush(out_);
}

std::string TerminalReporter::RunLabel() const {
  return options_.run_id.empty() ? "run" : "run " + options_.run_id;
}

std::string TerminalReporter::StatusWord(StepStatus status) const {
  const char* word = "?";
  switch (status) {
    case StepStatus::kSucceeded:
      word = "OK";
      break;
    case StepStatus::kFailed:
      word = "FAILED";
      break;
    case StepStatus::kSkipped:
      word = "SKIPPED";
      break;
    case StepStatus::kNotStarted:
      word = "NOT RUN";
      break;
    case StepStatus::kNotSelected:
      word = "-";
      break;
    case StepStatus::kInterrupted:
      word = "STOPPED";
      break;
  }
  std::string padding(kStatusWidth - std::string(word).size(), ' ');
  if (options_.color == ColorMode::kNever) return word + padding;
  return std::string(ColorOf(status)) + word + "\x1b[0m" + padding;
}

void TerminalReporter::OnRunStart(const Plan& plan, const ExecOptions& options) {
  policy_ = options.policy;
  id_width_ = 0;
  running_.clear();
  live_shown_ = false;
  size_t count = 0;
  for (const Step& step : plan.steps) {
    if (!options.selected.empty() && !options.selected.count(step.id)) continue;
    ++count;
    id_width_ = std::max(id_width_, std::min(step.id.size(), kMaxIdWidth));
  }
  std::string line = RunLabel() + ": pipeline " + plan.pipeline + ", ";
  if (options.selected.empty()) {
    line += std::to_string(count) + (count == 1 ? " step" : " steps");
  } else {
    line += std::to_string(count) + " of " + std::to_string(plan.steps.size()) + " steps";
  }
  size_t parallel = std::max<size_t>(options.max_parallel, 1);
  line += ", up to " + std::to_string(parallel) + " at once\n";
  Write(line);
}

void TerminalReporter::OnStepStart(const Step& step) {
  running_.push_back({step.id, options_.now(), -1});
  DrawLive();
}

void TerminalReporter::OnStepProgress(const Step& step, int64_t rows) {
  auto it = std::find_if(running_.begin(), running_.end(),
                         [&](const Running& r) { return r.id == step.id; });
  if (it == running_.end()) return;  // progress that arrived after the step finished
  it->rows = rows;
  if (options_.now() - last_draw_ >= kRedrawInterval) DrawLive();
}

void TerminalReporter::OnStepFinish(const Step& step, const StepResult& result) {
  std::erase_if(running_, [&](const Running& r) { return r.id == step.id; });
  ClearLive();
  PrintStepLine(result);
  DrawLive();
}

void TerminalReporter::PrintStepLine(const StepResult& result) {
  std::string line = "  " + StatusWord(result.status) + PadRight(result.id, id_width_);
  if (result.status == StepStatus::kSkipped) {
    line += "  (" + result.blocked_by + " failed)";
  } else if (result.ran()) {
    int64_t rows = ShownRows(result);
    line += " " + PadLeft(rows >= 0 ? Rows(rows) : "", kRowsWidth);
    line += " " + PadLeft(FormatDuration(result.seconds), 7);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  Write(line + "\n");
  if (result.status == StepStatus::kFailed && !result.error.empty()) {
    PrintIndented(result.error, "");
  }
  for (const std::string& w : result.warnings) PrintIndented(w, "warning: ");
}

// Every line of a (possibly multi-line) message, under the step id.
void TerminalReporter::PrintIndented(std::string text, const char* prefix) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::string out;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty()) {
      out += kIndent + (first ? std::string(prefix) : PadRight("", std::string(prefix).size()));
      out += line;
    }
    out += "\n";
    first = false;
    start = end + 1;
  }
  Write(out);
}

void TerminalReporter::OnRunFinish(const RunSummary& summary) {
  ClearLive();
  for (const StepResult& result : summary.steps) {
    if (result.status == StepStatus::kSkipped || result.status == StepStatus::kNotStarted) {
      PrintStepLine(result);
    }
  }
  size_t not_started = summary.Count(StepStatus::kNotStarted);
  if (not_started > 0 && policy_ == FailurePolicy::kFailFast && !summary.interrupted) {
    Write("fail_fast: " + std::to_string(not_started) +
          (not_started == 1 ? " step was" : " steps were") +
          " not run after the failure; --continue runs every step that does not depend on it\n");
  }
  std::string line = RunLabel() + (summary.interrupted ? " interrupted: " : ": ");
  line += std::to_string(summary.Count(StepStatus::kSucceeded)) + " succeeded";
  const std::pair<StepStatus, const char*> kParts[] = {{StepStatus::kFailed, " failed"},
                                                       {StepStatus::kInterrupted, " stopped"},
                                                       {StepStatus::kSkipped, " skipped"},
                                                       {StepStatus::kNotStarted, " not run"}};
  for (const auto& [status, word] : kParts) {
    size_t n = summary.Count(status);
    if (n > 0) line += ", " + std::to_string(n) + word;
  }
  Write(line + " in " + FormatDuration(summary.seconds) + "\n");
}

std::string TerminalReporter::LiveLine() const {
  const Running& first = running_.front();
  auto now = options_.now();
  double secs = std::chrono::duration<double>(now - first.started).count();
  std::string line = "running: " + first.id + " (";
  if (first.rows >= 0) {
    line += Rows(first.rows);
    if (secs > 0) line += ", " + FormatCount(std::llround(first.rows / secs)) + " rows/s";
  } else {
    line += FormatDuration(secs);
  }
  line += ")";
  if (running_.size() > 1) line += " and " + std::to_string(running_.size() - 1) + " more";
  if (options_.columns > 1 && line.size() > options_.columns - 1) {
    line.resize(options_.columns - 1);
  }
  return line;
}

void TerminalReporter::DrawLive() {
  if (!options_.live_progress) return;
  if (running_.empty()) {
    ClearLive();
    return;
  }
  Write(std::string(kClearLine) + LiveLine());
  live_shown_ = true;
  last_draw_ = options_.now();
}

void TerminalReporter::ClearLive() {
  if (!live_shown_) return;
  Write(kClearLine);
  live_shown_ = false;
}

}  // namespace sqlflow
