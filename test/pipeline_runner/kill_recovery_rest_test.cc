// Crash safety of incremental loads from a REST API (issue 18; SPEC-CONNECTORS §2, §4): `sqlflow
// run` is killed with SIGKILL at many points of an incremental LOAD from the local REST API test
// server (start-up, fetching pages into the staging folder, reading, merging, committing), then
// run again to completion. Each batch upserts records on the server at once: new ids and updates
// of earlier ids, all with an updated_at later than any before, so the incremental read
// (updated_since = the watermark) brings exactly the batch back, page after page. The records the
// test sent are the truth: after every batch the DuckDB target must hold exactly them (merged on
// id), and the stored watermark must be the largest updated_at in the target; after every killed
// run the target must be the previous batch's state or the new one, never a mix. Killed runs
// leave their staging folders behind; the next run removes them. Ctrl-C during the page fetches
// stops the run (exit 130) with nothing committed and the staging folder removed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "engine/connection.h"
#include "engine/database.h"
#include "kill_recovery_target.h"
#include "kill_recovery_util.h"
#include "util/rest_api_server.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

namespace fs = std::filesystem;

constexpr int kRecordsPerBatch = 2'000;  // records changed by each batch: 20 pages of 100
constexpr int kUpdateEvery = 4;          // from batch 1, every 4th record updates an earlier id
constexpr int kPageSize = 100;

// The server: pages of kPageSize, a rate limit the source stays under (over_limit must stay 0),
// and a few transient faults for the source to retry while it is being killed.
constexpr const char* kServerConfig =
    R"({"records": 0, "page_size": 100, "rate_limit": {"requests_per_second": 80, "burst": 5},
        "faults": {"seed": 18, "rate": 0.02, "kinds": ["500", "503", "reset"], "retry_after": 0}})";

// The Snapshot of relation `from` (columns id, amount, batch, updated_at), the same SQL on both
// sides; the casts make the hash independent of the types DuckDB's JSON reader inferred.
Snapshot SnapshotOf(Connection& conn, const std::string& from) {
  return {QueryOne(conn, "SELECT count(*) FROM " + from),
          QueryOne(conn, "SELECT count(DISTINCT id) FROM " + from),
          QueryOne(conn, "SELECT sum(amount) FROM " + from),
          QueryOne(conn,
                   "SELECT CAST(sum(hash(CAST(id AS BIGINT), CAST(amount AS BIGINT), CAST(batch "
                   "AS BIGINT), CAST(updated_at AS TIMESTAMP))) AS VARCHAR) FROM " +
                       from)};
}

struct Record {
  int64_t id;
  int64_t amount;
  int batch;
  std::string updated_at;  // "2024-01-0<b+1>T<hh:mm:ss>Z"
};

// The k-th record of batch b changes at 2024-01-<b+1> 00:00:00 + k seconds: later than every
// record of the batches before.
std::string UpdatedAt(int b, int k) {
  char text[32];
  std::snprintf(text, sizeof text, "2024-01-%02dT%02d:%02d:%02dZ", b + 1, k / 3600, k / 60 % 60,
                k % 60);
  return text;
}

// Batch b's records: kRecordsPerBatch of them; in batch 0 all new ids, later every
// kUpdateEvery-th record rewrites an earlier id (amount 1000 + b) and the others are new ids.
std::vector<Record> MakeBatch(int b, int64_t* next_id) {
  std::vector<Record> out;
  const int64_t earlier = *next_id - 1;  // ids 1 .. earlier exist
  int64_t update = 0;
  for (int k = 0; k < kRecordsPerBatch; ++k) {
    if (b > 0 && k % kUpdateEvery == kUpdateEvery - 1) {
      // 7919 is prime and does not divide `earlier`, so these are distinct earlier ids.
      int64_t id = update++ * 7919 % earlier + 1;
      out.push_back({id, 1000 + b, b, UpdatedAt(b, k)});
    } else {
      int64_t id = (*next_id)++;
      out.push_back({id, id % 97, b, UpdatedAt(b, k)});
    }
  }
  return out;
}

// "2024-01-02T00:01:40Z" as a DuckDB TIMESTAMP literal's text: "2024-01-02 00:01:40" (UTC, as
// the source loads it).
std::string AsTimestamp(std::string iso) {
  iso[10] = ' ';
  iso.pop_back();
  return iso;
}

std::string ToJson(const std::vector<Record>& records) {
  nlohmann::json array = nlohmann::json::array();
  for (const Record& r : records) {
    array.push_back(
        {{"id", r.id}, {"amount", r.amount}, {"batch", r.batch}, {"updated_at", r.updated_at}});
  }
  return array.dump();
}

// What a complete load of the batches sent so far gives: each id's latest record, kept in an
// in-memory database as the batches come.
class ExpectedTable {
 public:
  ExpectedTable() {
    Result<Database> db = Database::Open(DatabaseOptions{});
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return;
    db_.emplace(std::move(*db));
    Result<Connection> conn = Connection::Open(*db_);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    if (!conn.ok()) return;
    conn_.emplace(std::move(*conn));
    Status made = conn_->Execute(
        "CREATE TABLE expected (id BIGINT PRIMARY KEY, amount BIGINT, batch BIGINT, "
        "updated_at TIMESTAMP)");
    EXPECT_TRUE(made.ok()) << made.ToString();
  }

  // Merges `records` (each id at most once among them) on id.
  void Merge(const std::vector<Record>& records) {
    if (!conn_) return;
    std::string sql = "INSERT OR REPLACE INTO expected VALUES ";
    for (size_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      sql += (i == 0 ? "(" : ", (") + std::to_string(r.id) + ", " + std::to_string(r.amount) +
             ", " + std::to_string(r.batch) + ", TIMESTAMP '" + AsTimestamp(r.updated_at) + "')";
    }
    Status merged = conn_->Execute(sql);
    EXPECT_TRUE(merged.ok()) << merged.ToString();
  }

  Snapshot Get() { return conn_ ? SnapshotOf(*conn_, "expected") : Snapshot{}; }

 private:
  std::optional<Database> db_;
  std::optional<Connection> conn_;  // after db_: closed first
};

// A project whose pipeline `orders` loads namespace `ns`'s /cursor endpoint incrementally by
// updated_at, merging on id, into target/kill.duckdb. The source's rate limit keeps it under the
// server's and makes a load of 20 pages last about half a second: time to be killed in.
void WriteProject(const TempDir& project, const std::string& ns, int requests_per_second) {
  project.WriteFile("profiles/dev.yml",
                    "engines:\n  duckdb: {mode: persistent, path: target/kill.duckdb}\n");
  project.WriteFile(
      "pipelines/orders.sf",
      "SOURCE src TYPE REST PARAMS {\"base_url\": \"" + rest_api::NamespaceUrl(ns) +
          "\", \"path\": \"/cursor\", \"params\": {\"limit\": " + std::to_string(kPageSize) +
          "}, \"data_selector\": \"data\", \"paginator\": {\"type\": \"cursor\", "
          "\"cursor_path\": \"meta.next_cursor\", \"cursor_param\": \"cursor\"}, "
          "\"sync_mode\": \"incremental\", \"cursor_field\": \"updated_at\", \"primary_key\": "
          "\"id\", \"incremental\": {\"param\": \"updated_since\"}, \"retry\": {\"max_attempts\": "
          "8, \"base_delay\": 0.01, \"max_delay\": 0.05}, \"rate_limit\": "
          "{\"requests_per_second\": " +
          std::to_string(requests_per_second) + ", \"burst\": 1}};\nLOAD orders FROM src;\n");
}

ChildResult RunOrders(const std::string& project, std::chrono::milliseconds limit) {
  return RunPipelineFor(project, "orders", "2", limit);
}

// When to kill the runs of a batch: for the first, fixed times from start-up on; for later ones,
// fractions of the previous batch's load (a run of about 20 pages), up to its end (reading,
// merging, committing, closing), so that every phase is hit whatever the machine's speed.
std::vector<std::chrono::milliseconds> KillPoints(std::optional<std::chrono::milliseconds> run) {
  using std::chrono::milliseconds;
  if (!run) {
    return {milliseconds(30),  milliseconds(80),  milliseconds(150), milliseconds(250),
            milliseconds(400), milliseconds(550), milliseconds(700), milliseconds(850)};
  }
  std::vector<milliseconds> out;
  for (double f : {0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.85, 0.92, 1.0}) {
    out.push_back(std::max(milliseconds(20), milliseconds(static_cast<int64_t>(
                                                 f * static_cast<double>(run->count())))));
  }
  return out;
}

std::chrono::milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

nlohmann::json StatsOf(const std::string& ns) {
  Result<nlohmann::json> stats = rest_api::Stats(ns);
  EXPECT_TRUE(stats.ok()) << stats.status().ToString();
  return stats.ok() ? *stats : nlohmann::json::object();
}

TEST(KillRecoveryRest, IncrementalRestLoadSurvivesSigkillAtAnyPoint) {
  const std::string ns = "kill_recovery_rest_batches";
  Status configured = rest_api::Configure(ns, kServerConfig);
  ASSERT_TRUE(configured.ok()) << configured.ToString();
  TempDir project;
  WriteProject(project, ns, 40);
  ExpectedTable expected_table;

  int64_t next_id = 1;
  TargetState before;  // the committed state after the previous batch (none before batch 0)
  // How long the previous batch's load took: the longest run that ended, or the time at which a
  // killed run had already committed (the run after it had nothing left to load).
  std::optional<std::chrono::milliseconds> last_load;
  int kills = 0;
  int kills_left_old_state = 0;  // killed runs of batches 1, 2 that had not committed yet
  int kills_left_new_state = 0;  // killed runs that had committed (and not yet ended)
  int kills_left_staging = 0;    // killed runs that left a staging folder behind
  int kills_after_fetch = 0;     // of those, runs past the last page and not yet committed
  for (int b = 0; b < 3; ++b) {
    SCOPED_TRACE("batch " + std::to_string(b));
    std::vector<Record> batch = MakeBatch(b, &next_id);
    Status added = rest_api::AddRecords(ns, ToJson(batch));
    ASSERT_TRUE(added.ok()) << added.ToString();
    expected_table.Merge(batch);
    Snapshot expected = expected_table.Get();
    // Kill at several points of the load (start-up, fetching pages, reading, merging,
    // committing).
    std::chrono::milliseconds load{0};
    for (std::chrono::milliseconds at : KillPoints(last_load)) {
      SCOPED_TRACE("killed at " + std::to_string(at.count()) + "ms");
      std::vector<std::string> staged_before = StagingFolders(project.path(), "rest");
      auto started = std::chrono::steady_clock::now();
      ChildResult killed = RunOrders(project.path(), at);
      load = std::max(load, killed.timed_out ? std::chrono::milliseconds(0) : Since(started));
      ASSERT_TRUE(killed.timed_out || killed.exit_code == 0) << killed.output;
      if (killed.timed_out) ++kills;
      // How many records the killed run had fetched (the folder it left), -1 when none.
      int64_t staged = RecordsStagedSince(project.path(), staged_before);
      if (killed.timed_out && staged >= 0) ++kills_left_staging;
      // Both old or both new: the rows are one batch's state and the watermark is their cursor.
      LeftState left =
          CheckOldOrNew(before, ReadTarget(project.path(), SnapshotOf, "updated_at"), expected);
      if (left == LeftState::kNothing) continue;
      if (killed.timed_out && left == LeftState::kOld) ++kills_left_old_state;
      // Every record of the batch, and the one at the watermark (the bound is inclusive).
      if (killed.timed_out && left == LeftState::kOld && staged == kRecordsPerBatch + 1) {
        ++kills_after_fetch;
      }
      if (killed.timed_out && left == LeftState::kNew) {
        ++kills_left_new_state;
        load = std::max(load, at);
      }
      if (!killed.timed_out) break;  // the run finished: later points would kill nothing
    }
    // ... then let a run finish.
    auto started = std::chrono::steady_clock::now();
    ChildResult done = RunOrders(project.path(), std::chrono::milliseconds(60'000));
    ASSERT_EQ(done.exit_code, 0) << done.output;
    last_load = std::max(load, Since(started));
    std::cout << "batch " << b << ": the load took about " << last_load->count() << " ms\n";
    TargetState after = ReadTarget(project.path(), SnapshotOf, "updated_at");
    ASSERT_TRUE(after.exists) << done.output;
    EXPECT_EQ(after.data, expected) << "target vs records sent";
    EXPECT_EQ(after.data.count, after.data.distinct_ids);
    EXPECT_EQ(after.data.count, std::to_string(next_id - 1));
    EXPECT_EQ(after.watermark, after.max_cursor);
    if (before.exists) EXPECT_GT(after.watermark, before.watermark);
    // The killed runs' staging folders were removed by this run, and its own when it ended.
    EXPECT_EQ(Join(StagingFolders(project.path(), "rest")), "");
    before = after;
  }
  // The server holds what the test believes it sent, and was never asked over its limit.
  nlohmann::json stats = StatsOf(ns);
  EXPECT_EQ(stats.value("records", -1), next_id - 1);
  EXPECT_EQ(stats.value("over_limit", -1), 0) << stats.dump();
  // The kills must really have interrupted runs, or this test proves nothing.
  RecordProperty("kills", kills);
  RecordProperty("kills_left_old_state", kills_left_old_state);
  RecordProperty("kills_left_new_state", kills_left_new_state);
  RecordProperty("kills_left_staging", kills_left_staging);
  RecordProperty("kills_after_fetch", kills_after_fetch);
  std::cout << "killed " << kills << " runs; " << kills_left_old_state
            << " of them interrupted an incremental load over an existing target, "
            << kills_left_new_state << " came after the commit; " << kills_left_staging
            << " left a staging folder behind, " << kills_after_fetch
            << " of them with every page fetched (reading, merging); the server answered "
            << stats.value("requests", 0) << " requests\n";
  EXPECT_GE(kills, 12);
  EXPECT_GE(kills_left_old_state, 6);
  EXPECT_GE(kills_left_staging, 3);
}

// A run of `project`'s pipeline that gets SIGINT (as from Ctrl-C) once its staging folder
// (named after its pid) holds `records` fetched records, and what it left.
struct InterruptedRun {
  ChildResult run;
  int64_t staged_at_signal = -1;  // records staged when the signal went; -1: the run ended first
  TargetState target;
  std::vector<std::string> staging;  // the staging folders left behind
};

InterruptedRun InterruptOnceStaged(const std::string& project, int64_t records) {
  InterruptedRun out;
  std::atomic<bool> ended{false};
  std::thread runner([&] {
    out.run = RunOrders(project, std::chrono::milliseconds(60'000));
    ended.store(true);
  });
  static const std::regex kName(R"(sqlflow-rest-([0-9]+)-[0-9]+)");
  while (!ended.load() && out.staged_at_signal < 0) {
    for (const std::string& name : StagingFolders(project, "rest")) {
      std::smatch match;
      int64_t n = StagedRecordCount(fs::path(project) / "target/rest-staging" / name);
      if (n < records || !std::regex_match(name, match, kName)) continue;
      kill(static_cast<pid_t>(std::stol(match[1].str())), SIGINT);
      out.staged_at_signal = n;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  runner.join();
  out.target = ReadTarget(project, SnapshotOf, "updated_at");
  out.staging = StagingFolders(project, "rest");
  return out;
}

TEST(KillRecoveryRest, InterruptDuringPageFetchesRemovesStagingAndExits130) {
  constexpr int kRecords = 4'000;  // 40 pages: a second at the source's 40 requests a second
  const std::string ns = "kill_recovery_rest_interrupt";
  Status configured = rest_api::Configure(ns, kServerConfig);
  ASSERT_TRUE(configured.ok()) << configured.ToString();
  std::vector<Record> records;
  for (int k = 0; k < kRecords; ++k) records.push_back({k + 1, 1, 0, UpdatedAt(0, k)});
  Status added = rest_api::AddRecords(ns, ToJson(records));
  ASSERT_TRUE(added.ok()) << added.ToString();
  TempDir project;
  WriteProject(project, ns, 40);

  {
    // Ctrl-C while the pages come: five are staged, not all.
    InterruptedRun got = InterruptOnceStaged(project.path(), 5 * kPageSize);
    SCOPED_TRACE(got.run.output);
    ASSERT_GE(got.staged_at_signal, 5 * kPageSize) << "the run ended before it had 5 pages";
    EXPECT_LT(got.staged_at_signal, kRecords) << "all pages were fetched before the signal";
    EXPECT_FALSE(got.run.timed_out);
    EXPECT_EQ(got.run.signal, 0) << "sqlflow died by the signal instead of exiting";
    EXPECT_EQ(got.run.exit_code, 130);
    EXPECT_NE(got.run.output.find("STOPPED"), std::string::npos);
    EXPECT_FALSE(got.target.exists) << "an interrupted first load committed";
    EXPECT_EQ(Join(got.staging), "") << "the interrupted run's staging remains";
    // The fetch stopped: the pages after the signal were never asked for.
    nlohmann::json stats = StatsOf(ns);
    EXPECT_LT(stats.value("pages_served", 0), kRecords / kPageSize) << stats.dump();
  }
  {
    // Ctrl-C once every page is staged (DuckDB reads them, or the load has just committed): the
    // run stops or ends, and either way leaves one state and no staging.
    TempDir other;
    WriteProject(other, ns, 60);
    InterruptedRun got = InterruptOnceStaged(other.path(), kRecords);
    SCOPED_TRACE("SIGINT once every page was staged\n" + got.run.output);
    EXPECT_FALSE(got.run.timed_out);
    EXPECT_EQ(got.run.signal, 0) << "sqlflow died by the signal instead of exiting";
    EXPECT_TRUE(got.run.exit_code == 130 || got.run.exit_code == 0) << got.run.exit_code;
    if (got.run.exit_code == 130 && got.run.output.find("STOPPED") != std::string::npos) {
      EXPECT_FALSE(got.target.exists) << "a stopped first load committed";
    }
    if (got.target.exists) EXPECT_EQ(got.target.data.count, std::to_string(kRecords));
    EXPECT_EQ(Join(got.staging), "") << "the interrupted run's staging remains";
  }

  // The next run loads every record once, and leaves no staging behind either.
  ChildResult done = RunOrders(project.path(), std::chrono::milliseconds(60'000));
  ASSERT_EQ(done.exit_code, 0) << done.output;
  TargetState after = ReadTarget(project.path(), SnapshotOf, "updated_at");
  EXPECT_EQ(after.data.count, std::to_string(kRecords));
  EXPECT_EQ(after.data.distinct_ids, after.data.count);
  EXPECT_EQ(after.watermark, after.max_cursor);
  EXPECT_EQ(Join(StagingFolders(project.path(), "rest")), "");
  EXPECT_EQ(StatsOf(ns).value("over_limit", -1), 0);
}

}  // namespace
}  // namespace sqlflow::test
