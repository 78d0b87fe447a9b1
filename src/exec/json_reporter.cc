#include "exec/json_reporter.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace sqlflow {

namespace {

using nlohmann::ordered_json;

ordered_json Count(int64_t n) { return n >= 0 ? ordered_json(n) : ordered_json(nullptr); }

ordered_json Seconds(double s) { return std::round(s * 1000) / 1000; }

ordered_json Time(const StepResult& step, std::chrono::system_clock::time_point t) {
  return step.ran() ? ordered_json(FormatUtcTimestamp(t)) : ordered_json(nullptr);
}

// {"requests": 12, "estimated_cost_usd": 0.0031}: whole numbers as integers.
ordered_json MetricsToJson(const std::vector<Metric>& metrics) {
  ordered_json j = ordered_json::object();
  for (const Metric& m : metrics) {
    double whole;
    if (std::modf(m.value, &whole) == 0 && std::fabs(m.value) < 9e15) {
      j[m.name] = static_cast<int64_t>(m.value);
    } else {
      j[m.name] = m.value;
    }
  }
  return j;
}

ordered_json StepToJson(const StepResult& step) {
  ordered_json j;
  j["id"] = step.id;
  j["kind"] = ToString(step.kind);
  j["status"] = ToString(step.status);
  j["started_at"] = Time(step, step.started);
  j["finished_at"] = Time(step, step.finished);
  j["seconds"] = step.ran() ? Seconds(step.seconds) : ordered_json(nullptr);
  j["rows_read"] = Count(step.rows_read);
  j["rows_written"] = Count(step.rows_written);
  j["bytes_written"] = Count(step.bytes_written);
  j["sql"] = step.sql;
  j["error"] = step.error.empty() ? ordered_json(nullptr) : ordered_json(step.error);
  j["skipped_because"] =
      step.blocked_by.empty() ? ordered_json(nullptr) : ordered_json(step.blocked_by);
  j["warnings"] = step.warnings;
  if (!step.metrics.empty()) j["metrics"] = MetricsToJson(step.metrics);
  return j;
}

int64_t Total(const RunSummary& summary, int64_t StepResult::*field) {
  int64_t total = 0;
  for (const StepResult& step : summary.steps) {
    if (step.*field > 0) total += step.*field;
  }
  return total;
}

}  // namespace

std::string RunSummaryToJson(const RunSummary& summary, const RunIdentity& info) {
  ordered_json j;
  j["format_version"] = 1;
  j["run_id"] = info.run_id;
  j["pipeline"] = info.pipeline;
  j["pipeline_file"] = info.pipeline_file;
  j["profile"] = info.profile;
  j["status"] = ToString(summary.status());
  j["exit_code"] = ExitCodeFor(summary);
  j["started_at"] = info.started_at.empty() ? FormatUtcTimestamp(summary.started) : info.started_at;
  j["finished_at"] = FormatUtcTimestamp(summary.finished);
  j["seconds"] = Seconds(summary.seconds);
  j["max_parallel"] = summary.options.max_parallel;
  j["policy"] = ToString(summary.options.policy);
  j["selected"] = summary.options.selected;
  ordered_json counts;
  for (StepStatus s :
       {StepStatus::kSucceeded, StepStatus::kFailed, StepStatus::kSkipped, StepStatus::kNotStarted,
        StepStatus::kNotSelected, StepStatus::kInterrupted}) {
    counts[ToString(s)] = summary.Count(s);
  }
  j["counts"] = counts;
  j["rows_read"] = Total(summary, &StepResult::rows_read);
  j["rows_written"] = Total(summary, &StepResult::rows_written);
  j["bytes_written"] = Total(summary, &StepResult::bytes_written);
  ordered_json steps = ordered_json::array();
  for (const StepResult& step : summary.steps) steps.push_back(StepToJson(step));
  j["steps"] = steps;
  // Replace, not throw, on invalid UTF-8 in user SQL or error text.
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

void JsonReporter::OnRunFinish(const RunSummary& summary) {
  std::string text = RunSummaryToJson(summary, info_);
  std::fputs(text.c_str(), out_);
  std::fputs("\n", out_);
  std::fflush(out_);
}

}  // namespace sqlflow
