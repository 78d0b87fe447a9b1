// Ctrl-C at any moment of a load (SPEC §3.7): `sqlflow run` gets SIGINT at offsets spread over
// the whole span of a LOAD from a CSV file into a persistent database (start-up, reading,
// writing, committing, writing the run record, closing the database), and what it reports must
// be what happened to the table: a step reported OK wrote its rows exactly once, a step reported
// STOPPED (or NOT RUN) left the table unchanged. It exits 130, or 0 when the run ended before the
// signal, and never dies by the signal. run.json says the same as the terminal.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>

#include "engine/connection.h"
#include "engine/database.h"
#include "kill_recovery_util.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

constexpr int kRows = 300'000;
constexpr int kOffsets = 12;

using Clock = std::chrono::steady_clock;

enum class LoadModeUnderTest { kAppend, kMerge };

// What the test reads of the target table.
struct TableState {
  std::string rows = "<none>";
  std::string distinct_ids = "<none>";
  std::string amount_sum = "<none>";
  bool operator==(const TableState&) const = default;
};

std::string Describe(const TableState& s) {
  return s.rows + " rows, " + s.distinct_ids + " ids, sum(amount) " + s.amount_sum;
}

// Every row has `amount`, so that a MERGE that committed is told from one that did not.
std::string MakeCsv(int amount) {
  std::string csv = "id,name,amount\n";
  csv.reserve(static_cast<size_t>(kRows) * 24);
  for (int i = 0; i < kRows; ++i) {
    csv += std::to_string(i) + ",name" + std::to_string(i % 1000) + "," + std::to_string(amount) +
           "\n";
  }
  return csv;
}

// Opened and closed around each read: the run needs the database file for itself.
TableState ReadTable(const TempDir& project) {
  DatabaseOptions options;
  options.path = project.path() + "/target/span.duckdb";
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return {};
  auto conn = Connection::Open(*db);
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return {};
  return {QueryOne(*conn, "SELECT count(*) FROM t"),
          QueryOne(*conn, "SELECT count(DISTINCT id) FROM t"),
          QueryOne(*conn, "SELECT sum(amount) FROM t")};
}

// The table after a load of the CSV made with `amount` into `before` that committed.
TableState Written(LoadModeUnderTest mode, const TableState& before, int amount) {
  int64_t n = kRows;
  if (mode == LoadModeUnderTest::kMerge) {
    return {std::to_string(n), std::to_string(n), std::to_string(n * amount)};
  }
  return {std::to_string(std::stoll(before.rows) + n), before.distinct_ids,
          std::to_string(std::stoll(before.amount_sum) + n * amount)};
}

// The first word of the terminal line of step load.t: OK, STOPPED, NOT (RUN), FAILED, …
std::string TerminalStatus(const std::string& output) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    size_t at = line.find(" load.t");
    if (at == std::string::npos || (at + 7 < line.size() && line[at + 7] != ' ')) continue;
    std::istringstream words(line);
    std::string status;
    words >> status;
    return status;
  }
  return "<no line for load.t>";
}

// The status run.json gives step load.t, or why there is none.
std::string RecordedStatus(const TempDir& project, const std::string& output) {
  std::smatch match;
  if (!std::regex_search(output, match, std::regex(R"(run (\S+): pipeline)"))) return "<no run id>";
  std::ifstream file(project.path() + "/target/runs/" + match[1].str() + "/run.json");
  if (!file) return "<no run.json>";
  nlohmann::json run = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
  if (!run.is_object() || !run.contains("steps")) return "<run.json does not parse>";
  for (const auto& step : run["steps"]) {
    if (step.value("id", "") == "load.t") return step.value("status", "<no status>");
  }
  return "<no step load.t>";
}

// When to send SIGINT: `delay` after the output first contains `after`.
struct Signal {
  std::string after;
  std::chrono::milliseconds delay{0};
};

// Printed once the steps may start, with the SIGINT handler in place (before it, Ctrl-C ends the
// process as it ends any program: nothing is written yet).
constexpr const char* kRunStarted = ": pipeline span";
// The summary, printed after the last step: the run record is written and the database closes.
constexpr const char* kRunFinished = "2 succeeded";

ChildResult RunLoad(const TempDir& project, const std::optional<Signal>& signal) {
  ChildOptions options;
  options.program = SqlflowBinary();
  options.args = {"run", "span", "--threads", "1"};
  options.cwd = project.path();
  options.timeout = std::chrono::milliseconds(60'000);
  if (signal) {
    options.interrupt_when_output_contains = signal->after;
    options.interrupt_delay = signal->delay;
  }
  Result<ChildResult> result = RunChildProcess(options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : ChildResult{};
}

class InterruptSpan {
 public:
  explicit InterruptSpan(LoadModeUnderTest mode) : mode_(mode) {
    project_.WriteFile("profiles/dev.yml",
                       "engines:\n  duckdb: {mode: persistent, path: target/span.duckdb}\n");
    std::string clause = mode == LoadModeUnderTest::kMerge ? "MODE MERGE KEY (id)" : "MODE APPEND";
    project_.WriteFile("pipelines/span.sf",
                       "SOURCE src TYPE CSV PARAMS {\"path\": \"data/rows.csv\"};\n"
                       "LOAD t FROM src " +
                           clause + ";\n");
    project_.WriteFile("data/rows.csv", MakeCsv(1));
  }

  // Runs the load twice without a signal (creating the table, then writing into it as the
  // trials do) and returns how long the second run took.
  std::chrono::milliseconds MeasureSpan() {
    EXPECT_EQ(RunLoad(project_, std::nullopt).exit_code, 0);
    Clock::time_point start = Clock::now();
    ChildResult timed = RunLoad(project_, std::nullopt);
    EXPECT_EQ(timed.exit_code, 0) << timed.output;
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  }

  // One run with `signal`; checks the reported outcome against the table.
  void Trial(const Signal& signal) {
    int amount = ++loads_ + 1;  // a MERGE writes values no earlier load wrote
    if (mode_ == LoadModeUnderTest::kMerge) project_.WriteFile("data/rows.csv", MakeCsv(amount));
    int csv_amount = mode_ == LoadModeUnderTest::kMerge ? amount : 1;
    TableState before = ReadTable(project_);
    ChildResult run = RunLoad(project_, signal);
    TableState after = ReadTable(project_);
    std::string terminal = TerminalStatus(run.output);
    std::string recorded = RecordedStatus(project_, run.output);
    SCOPED_TRACE("SIGINT " + std::to_string(signal.delay.count()) + " ms after '" + signal.after +
                 "'; table before: " + Describe(before) + ", after: " + Describe(after) + "\n" +
                 run.output);
    ASSERT_FALSE(run.timed_out);
    ASSERT_EQ(run.signal, 0) << "sqlflow died by a signal instead of exiting";
    if (terminal == "OK") {
      EXPECT_EQ(recorded, "succeeded");
      EXPECT_EQ(after, Written(mode_, before, csv_amount)) << "reported OK: rows exactly once";
      EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 130) << run.exit_code;
      ++committed_;
    } else if (terminal == "STOPPED" || terminal == "NOT") {
      EXPECT_TRUE(recorded == "interrupted" || recorded == "not_started") << recorded;
      EXPECT_EQ(after, before) << "reported " << terminal << ": nothing written";
      EXPECT_EQ(run.exit_code, 130);
      ++stopped_;
    } else {
      ADD_FAILURE() << "load.t reported " << terminal;
    }
  }

  int committed() const { return committed_; }
  int stopped() const { return stopped_; }

 private:
  LoadModeUnderTest mode_;
  TempDir project_;
  int loads_ = 0;
  int committed_ = 0;  // trials whose load committed and said so
  int stopped_ = 0;    // trials whose load wrote nothing and said so
};

void InterruptAcrossTheLoad(LoadModeUnderTest mode) {
  InterruptSpan span(mode);
  std::chrono::milliseconds measured = span.MeasureSpan();
  if (::testing::Test::HasFailure()) return;
  for (int k = 0; k < kOffsets; ++k) {
    // From 0 to 110% of the measured run, closer together towards its end: the commit, the run
    // record and the database's closing are short and come last.
    double at = 1.1 * std::sqrt(static_cast<double>(k) / (kOffsets - 1));
    auto delay = static_cast<int64_t>(at * static_cast<double>(measured.count()));
    span.Trial(Signal{kRunStarted, std::chrono::milliseconds(delay)});
    if (::testing::Test::HasFatalFailure()) return;
  }
  // Right after the last step printed OK, whatever the machine's speed.
  span.Trial(Signal{kRunFinished});
  // Both outcomes must have been seen, or the test proved less than it claims. The signal
  // right after the start comes long before the load can commit.
  EXPECT_GE(span.committed(), 1);
  EXPECT_GE(span.stopped(), 1);
}

TEST(KillRecovery, SigintAcrossAnAppendLoadReportsWhatWasWritten) {
  InterruptAcrossTheLoad(LoadModeUnderTest::kAppend);
}

TEST(KillRecovery, SigintAcrossAMergeLoadReportsWhatWasWritten) {
  InterruptAcrossTheLoad(LoadModeUnderTest::kMerge);
}

}  // namespace
}  // namespace sqlflow::test
