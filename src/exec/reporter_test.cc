#include "exec/reporter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "exec/json_reporter.h"
#include "exec/terminal_reporter.h"
#include "util/fake_step_runner.h"

namespace sqlflow {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::MakePlan;

// A FILE* writing to memory.
class MemoryFile {
 public:
  MemoryFile() : file_(open_memstream(&buf_, &size_)) {}
  ~MemoryFile() {
    std::fclose(file_);
    std::free(buf_);
  }
  FILE* get() { return file_; }
  std::string str() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  size_t size_ = 0;
  FILE* file_;
};

const std::chrono::system_clock::time_point kNoon{seconds(1795265701)};  // 2026-11-21 12:55:01Z

StepResult Ran(const std::string& id, StepKind kind, StepStatus status, double secs,
               int64_t rows_written = -1) {
  StepResult r;
  r.id = id;
  r.kind = kind;
  r.status = status;
  r.started = kNoon;
  r.finished = kNoon + milliseconds(static_cast<int>(secs * 1000));
  r.seconds = secs;
  r.rows_written = rows_written;
  return r;
}

StepResult NotRun(const std::string& id, StepKind kind, StepStatus status,
                  const std::string& blocked_by = "") {
  StepResult r;
  r.id = id;
  r.kind = kind;
  r.status = status;
  r.blocked_by = blocked_by;
  return r;
}

Plan ShopPlan() {
  return MakePlan({{"load.orders", {}},
                   {"load.customers", {}},
                   {"transform.daily", {"load.orders"}},
                   {"export.daily", {"transform.daily", "load.customers"}},
                   {"sql.12", {}}});
}

// Replays a fail_fast run of ShopPlan(): customers fails, export skipped, sql.12 not run.
RunSummary ReplayShop(Reporter& reporter, const Plan& plan) {
  ExecOptions options;
  options.max_parallel = 4;
  reporter.OnRunStart(plan, options);
  RunSummary s;
  s.options = options;
  s.started = kNoon;
  s.finished = kNoon + milliseconds(1234);
  s.seconds = 1.234;
  s.steps.push_back(Ran("load.orders", StepKind::kLoad, StepStatus::kSucceeded, 0.04, 5000));
  s.steps[0].rows_read = 5000;
  s.steps[0].sql = {"CREATE OR REPLACE TABLE orders AS SELECT * FROM read_csv('data/o.csv')"};
  s.steps.push_back(Ran("load.customers", StepKind::kLoad, StepStatus::kFailed, 0.012));
  s.steps[1].error =
      "pipelines/shop.sf:3:1: cannot open 'data/customers.csv'\nNo such file or directory\n";
  s.steps.push_back(Ran("transform.daily", StepKind::kTransform, StepStatus::kSucceeded, 61, 1));
  s.steps[2].warnings = {"column 'note' is always NULL"};
  s.steps.push_back(
      NotRun("export.daily", StepKind::kExport, StepStatus::kSkipped, "load.customers"));
  s.steps.push_back(NotRun("sql.12", StepKind::kSql, StepStatus::kNotStarted));
  for (size_t i : {0, 1, 2}) {
    reporter.OnStepStart(plan.steps[i]);
    reporter.OnStepFinish(plan.steps[i], s.steps[i]);
  }
  reporter.OnRunFinish(s);
  return s;
}

TEST(TerminalReporter, PlainLinesWhenNotATerminal) {
  MemoryFile out;
  TerminalReporter reporter(out.get(), {.run_id = "20261121-125501-ab12"});
  Plan plan = ShopPlan();
  ReplayShop(reporter, plan);
  EXPECT_EQ(out.str(),
            "run 20261121-125501-ab12: pipeline shop, 5 steps, up to 4 at once\n"
            "  OK       load.orders           5,000 rows   0.04s\n"
            "  FAILED   load.customers                     0.01s\n"
            "           pipelines/shop.sf:3:1: cannot open 'data/customers.csv'\n"
            "           No such file or directory\n"
            "  OK       transform.daily            1 row   1m01s\n"
            "           warning: column 'note' is always NULL\n"
            "  SKIPPED  export.daily     (load.customers failed)\n"
            "  NOT RUN  sql.12\n"
            "fail_fast: 1 step was not run after the failure; --continue runs every step that "
            "does not depend on it\n"
            "run 20261121-125501-ab12: 2 succeeded, 1 failed, 1 skipped, 1 not run in 1.23s\n");
}

TEST(TerminalReporter, ColoursTheStatusWordWhenTold) {
  MemoryFile out;
  TerminalReporterOptions options;
  options.color = ColorMode::kAlways;
  TerminalReporter reporter(out.get(), options);
  Plan plan = ShopPlan();
  ReplayShop(reporter, plan);
  std::string text = out.str();
  EXPECT_NE(text.find("  \x1b[32mOK\x1b[0m       load.orders "), std::string::npos) << text;
  EXPECT_NE(text.find("  \x1b[31mFAILED\x1b[0m   load.customers"), std::string::npos);
  EXPECT_NE(text.find("  \x1b[33mSKIPPED\x1b[0m  export.daily"), std::string::npos);
  EXPECT_NE(text.find("\nrun: 2 succeeded"), std::string::npos);  // no run id given
}

TEST(TerminalReporter, InterruptedRunSummary) {
  MemoryFile out;
  TerminalReporter reporter(out.get(), {.run_id = "r1"});
  Plan plan = MakePlan({{"load.a", {}}, {"load.b", {}}});
  ExecOptions options;
  reporter.OnRunStart(plan, options);
  RunSummary s;
  s.interrupted = true;
  s.seconds = 0.5;
  s.steps.push_back(Ran("load.a", StepKind::kLoad, StepStatus::kInterrupted, 0.5));
  s.steps[0].error = "INTERRUPT Error: Interrupted!";
  s.steps.push_back(NotRun("load.b", StepKind::kLoad, StepStatus::kNotStarted));
  reporter.OnStepStart(plan.steps[0]);
  reporter.OnStepFinish(plan.steps[0], s.steps[0]);
  reporter.OnRunFinish(s);
  EXPECT_EQ(out.str(),
            "run r1: pipeline shop, 2 steps, up to 1 at once\n"
            "  STOPPED  load.a                    0.50s\n"
            "  NOT RUN  load.b\n"
            "run r1 interrupted: 0 succeeded, 1 stopped, 1 not run in 0.50s\n");
}

TEST(TerminalReporter, SelectionIsShownInTheFirstLine) {
  MemoryFile out;
  TerminalReporter reporter(out.get(), {.run_id = "r1"});
  ExecOptions options;
  options.selected = {"load.orders"};
  reporter.OnRunStart(ShopPlan(), options);
  EXPECT_EQ(out.str(), "run r1: pipeline shop, 1 of 5 steps, up to 1 at once\n");
}

TEST(TerminalReporter, LiveLineOnATerminal) {
  MemoryFile out;
  auto now = std::chrono::steady_clock::time_point{} + seconds(100);
  TerminalReporterOptions options;
  options.live_progress = true;
  options.now = [&] { return now; };
  TerminalReporter reporter(out.get(), options);
  Plan plan = MakePlan({{"load.orders", {}}, {"load.b", {}}});
  reporter.OnRunStart(plan, ExecOptions{});
  reporter.OnStepStart(plan.steps[0]);
  now += seconds(2);
  reporter.OnStepProgress(plan.steps[0], 12345);
  reporter.OnStepStart(plan.steps[1]);
  now += milliseconds(50);
  reporter.OnStepProgress(plan.steps[0], 20000);  // too soon to redraw
  reporter.OnStepFinish(plan.steps[0],
                        Ran("load.orders", StepKind::kLoad, StepStatus::kSucceeded, 2.05, 20000));
  reporter.OnStepFinish(plan.steps[1], Ran("load.b", StepKind::kLoad, StepStatus::kSucceeded, 0));
  EXPECT_EQ(out.str(),
            "run: pipeline shop, 2 steps, up to 1 at once\n"
            "\r\x1b[Krunning: load.orders (0.00s)"
            "\r\x1b[Krunning: load.orders (12,345 rows, 6,173 rows/s)"
            "\r\x1b[Krunning: load.orders (12,345 rows, 6,173 rows/s) and 1 more"
            "\r\x1b[K  OK       load.orders      20,000 rows   2.05s\n"
            "\r\x1b[Krunning: load.b (0.05s)"
            "\r\x1b[K  OK       load.b                         0.00s\n");
}

TEST(TerminalReporter, LiveLineIsCutToTheTerminalWidth) {
  MemoryFile out;
  TerminalReporterOptions options;
  options.live_progress = true;
  options.columns = 20;
  TerminalReporter reporter(out.get(), options);
  Plan plan = MakePlan({{"load.a_table_with_a_long_name", {}}});
  reporter.OnRunStart(plan, ExecOptions{});
  reporter.OnStepStart(plan.steps[0]);
  std::string text = out.str();
  EXPECT_EQ(text.substr(text.rfind('\r')), "\r\x1b[Krunning: load.a_tab");
}

TEST(TerminalReporter, Formatting) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1234), "-1,234");
  EXPECT_EQ(FormatDuration(0.041), "0.04s");
  EXPECT_EQ(FormatDuration(59.5), "59.50s");
  EXPECT_EQ(FormatDuration(125), "2m05s");
  EXPECT_EQ(FormatDuration(3725), "1h02m");
}

TEST(JsonReporter, DocumentHasTheRunAndEveryStep) {
  MemoryFile out;
  Plan plan = ShopPlan();
  RunIdentity info;
  info.run_id = "20261121-125501-ab12";
  info.pipeline = "shop";
  info.pipeline_file = "pipelines/shop.sf";
  info.profile = "dev";
  JsonReporter reporter(out.get(), info);
  RunSummary s = ReplayShop(reporter, plan);
  std::string text = out.str();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text, RunSummaryToJson(s, info) + "\n");
  nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["run_id"], "20261121-125501-ab12");
  EXPECT_EQ(j["pipeline"], "shop");
  EXPECT_EQ(j["pipeline_file"], "pipelines/shop.sf");
  EXPECT_EQ(j["profile"], "dev");
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["started_at"], "2026-11-21T12:55:01.000Z");
  EXPECT_EQ(j["finished_at"], "2026-11-21T12:55:02.234Z");
  EXPECT_EQ(j["seconds"], 1.234);
  EXPECT_EQ(j["max_parallel"], 4);
  EXPECT_EQ(j["policy"], "fail_fast");
  EXPECT_EQ(j["selected"], nlohmann::json::array());
  EXPECT_EQ(j["counts"], nlohmann::json::parse(R"({"succeeded": 2, "failed": 1, "skipped": 1,
      "not_started": 1, "not_selected": 0, "interrupted": 0})"));
  EXPECT_EQ(j["rows_read"], 5000);
  EXPECT_EQ(j["rows_written"], 5001);
  EXPECT_EQ(j["bytes_written"], 0);
  ASSERT_EQ(j["steps"].size(), 5u);

  const nlohmann::json& orders = j["steps"][0];
  EXPECT_EQ(orders["id"], "load.orders");
  EXPECT_EQ(orders["kind"], "load");
  EXPECT_EQ(orders["status"], "succeeded");
  EXPECT_EQ(orders["started_at"], "2026-11-21T12:55:01.000Z");
  EXPECT_EQ(orders["finished_at"], "2026-11-21T12:55:01.040Z");
  EXPECT_EQ(orders["seconds"], 0.04);
  EXPECT_EQ(orders["rows_read"], 5000);
  EXPECT_EQ(orders["rows_written"], 5000);
  EXPECT_TRUE(orders["bytes_written"].is_null());
  EXPECT_EQ(orders["sql"][0],
            "CREATE OR REPLACE TABLE orders AS SELECT * FROM read_csv('data/o.csv')");
  EXPECT_TRUE(orders["error"].is_null());
  EXPECT_TRUE(orders["skipped_because"].is_null());

  EXPECT_EQ(j["steps"][1]["error"],
            "pipelines/shop.sf:3:1: cannot open 'data/customers.csv'\nNo such file or directory\n");
  EXPECT_EQ(j["steps"][2]["warnings"][0], "column 'note' is always NULL");
  const nlohmann::json& skipped = j["steps"][3];
  EXPECT_EQ(skipped["status"], "skipped");
  EXPECT_EQ(skipped["skipped_because"], "load.customers");
  EXPECT_TRUE(skipped["started_at"].is_null());
  EXPECT_TRUE(skipped["seconds"].is_null());
  EXPECT_EQ(j["steps"][4]["status"], "not_started");
  EXPECT_EQ(j["steps"][4]["kind"], "sql");
}

TEST(JsonReporter, GivenStartTimeWinsAndInvalidUtf8IsReplaced) {
  RunSummary s;
  s.steps.push_back(NotRun("sql.1", StepKind::kSql, StepStatus::kNotSelected));
  s.steps[0].error = "bad \xff byte";
  RunIdentity info;
  info.run_id = "r";
  info.started_at = "2026-01-01T00:00:00.000Z";
  nlohmann::json j = nlohmann::json::parse(RunSummaryToJson(s, info));
  EXPECT_EQ(j["started_at"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(j["status"], "succeeded");
  EXPECT_EQ(j["steps"][0]["error"], "bad \xef\xbf\xbd byte");
}

TEST(JsonReporter, ConnectorMetricsAreAnObjectOnTheirStep) {
  RunSummary s;
  s.steps.push_back(Ran("source.events", StepKind::kSource, StepStatus::kSucceeded, 0.5));
  s.steps[0].metrics = {
      {"requests", 12}, {"bytes_received", 1048576}, {"estimated_cost_usd", 0.0031}};
  s.steps.push_back(Ran("load.events", StepKind::kLoad, StepStatus::kSucceeded, 0.5));
  nlohmann::json j = nlohmann::json::parse(RunSummaryToJson(s, RunIdentity{}));
  const nlohmann::json& m = j["steps"][0]["metrics"];
  EXPECT_TRUE(m["requests"].is_number_integer());
  EXPECT_EQ(m["requests"], 12);
  EXPECT_EQ(m["bytes_received"], 1048576);
  EXPECT_DOUBLE_EQ(m["estimated_cost_usd"].get<double>(), 0.0031);
  EXPECT_FALSE(j["steps"][1].contains("metrics"));
}

TEST(ReporterList, PassesEveryCallToEachReporter) {
  MemoryFile a, b;
  TerminalReporter first(a.get(), {.run_id = "r"});
  TerminalReporter second(b.get(), {.run_id = "r"});
  ReporterList list;
  list.Add(first);
  list.Add(second);
  Plan plan = ShopPlan();
  ReplayShop(list, plan);
  EXPECT_FALSE(a.str().empty());
  EXPECT_EQ(a.str(), b.str());
}

// Progress is tracked only for a terminal's live line.
TEST(ReporterList, ShowsProgressWhenAnyReporterDoes) {
  MemoryFile a, b;
  TerminalReporter plain(a.get(), {.run_id = "r"});
  TerminalReporter live(b.get(), {.run_id = "r", .live_progress = true});
  ReporterList list;
  EXPECT_FALSE(list.ShowsProgress());
  list.Add(plain);
  EXPECT_FALSE(list.ShowsProgress());
  list.Add(live);
  EXPECT_TRUE(list.ShowsProgress());
}

}  // namespace
}  // namespace sqlflow
