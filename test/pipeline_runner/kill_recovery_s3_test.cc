// Crash safety of incremental loads from S3 (issue 17; SPEC-CONNECTORS §1, §4): `sqlflow run` is
// killed with SIGKILL at many points of an incremental LOAD from an S3 bucket (start-up, listing,
// downloading into the staging folder, reading, merging, committing), then run again to
// completion. Each batch is a set of new objects uploaded at once, holding new rows and updates of
// earlier rows (merged on the primary key). The uploaded files are the truth: after every batch
// the DuckDB target must hold exactly the rows they give, and the stored watermark must be the
// largest _modified_at in the target; after every killed run the target must be the previous
// batch's state or the new one, never a mix. Killed runs leave their staging folders behind; the
// next run removes them. Ctrl-C during the downloads stops the run (exit 130) with nothing
// committed and the staging folder removed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
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
#include "util/s3_test_server.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

namespace fs = std::filesystem;

constexpr int kObjectsPerBatch = 20;
constexpr int kRowsPerObject = 10'000;
constexpr int64_t kRowsPerBatch = int64_t{kObjectsPerBatch} * kRowsPerObject;
constexpr int kUpdatesPerBatch = 20'000;

// The Snapshot of relation `from` (columns id, amount, batch), the same SQL on both sides.
Snapshot SnapshotOf(Connection& conn, const std::string& from) {
  return {QueryOne(conn, "SELECT count(*) FROM " + from),
          QueryOne(conn, "SELECT count(DISTINCT id) FROM " + from),
          QueryOne(conn, "SELECT sum(amount) FROM " + from),
          QueryOne(conn, "SELECT CAST(sum(hash(id, amount, batch)) AS VARCHAR) FROM " + from)};
}

void WriteText(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Batch b's files in `folder`: kObjectsPerBatch objects of new ids, and (from batch 1) one
// object rewriting kUpdatesPerBatch earlier ids with amount 1000 + b.
void WriteBatch(const fs::path& folder, int b) {
  for (int o = 0; o < kObjectsPerBatch; ++o) {
    std::string csv = "id,amount,batch\n";
    csv.reserve(static_cast<size_t>(kRowsPerObject) * 20);
    for (int i = 0; i < kRowsPerObject; ++i) {
      int64_t id = b * kRowsPerBatch + int64_t{o} * kRowsPerObject + i;
      csv += std::to_string(id) + "," + std::to_string(id % 97) + "," + std::to_string(b) + "\n";
    }
    WriteText(folder / ("part-" + std::to_string(100 + o) + ".csv"), csv);
  }
  if (b == 0) return;
  // 7919 is prime, so g * 7919 mod (b * kRowsPerBatch) are distinct earlier ids.
  std::string csv = "id,amount,batch\n";
  for (int64_t g = 0; g < kUpdatesPerBatch; ++g) {
    csv += std::to_string(g * 7919 % (b * kRowsPerBatch)) + "," + std::to_string(1000 + b) + "," +
           std::to_string(b) + "\n";
  }
  WriteText(folder / "updates.csv", csv);
}

// What a complete load of the batches uploaded so far gives: each id's row from its latest
// batch, kept in an in-memory database as the batches come.
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
        "CREATE TABLE expected (id BIGINT PRIMARY KEY, amount BIGINT, batch BIGINT)");
    EXPECT_TRUE(made.ok()) << made.ToString();
  }

  // Merges the CSV files of `folder` (each id at most once among them) on id.
  void Merge(const fs::path& folder) {
    if (!conn_) return;
    Status merged =
        conn_->Execute("INSERT OR REPLACE INTO expected SELECT id, amount, batch FROM read_csv('" +
                       (folder / "*.csv").string() + "')");
    EXPECT_TRUE(merged.ok()) << merged.ToString();
  }

  Snapshot Get() { return conn_ ? SnapshotOf(*conn_, "expected") : Snapshot{}; }

 private:
  std::optional<Database> db_;
  std::optional<Connection> conn_;  // after db_: closed first
};

// A project whose pipeline `orders` loads s3://<bucket>/orders/**/*.csv incrementally by the
// objects' modification time, merging on id, into target/kill.duckdb.
void WriteProject(const TempDir& project, const std::string& bucket) {
  project.WriteFile("profiles/dev.yml",
                    "engines:\n  duckdb: {mode: persistent, path: target/kill.duckdb}\n"
                    "connectors:\n  lake: {type: S3, params: {bucket: " +
                        bucket + ", endpoint: \"" + S3TestEndpoint() + "\"}}\n");
  project.WriteFile("pipelines/orders.sf",
                    "SOURCE src FROM \"lake\" OPTIONS {\"prefix\": \"orders/\", \"pattern\": "
                    "\"**/*.csv\", \"sync_mode\": \"incremental\", \"cursor_field\": "
                    "\"_modified_at\", \"primary_key\": \"id\"};\n"
                    "LOAD orders FROM src;\n");
}

// The run's environment: the test server's account, and none of the user's AWS settings (as the
// .test runner gives S3 cases).
std::map<std::string, std::optional<std::string>> S3Environment() {
  return {{"AWS_ACCESS_KEY_ID", kS3TestAccessKeyId},
          {"AWS_SECRET_ACCESS_KEY", kS3TestSecretAccessKey},
          {"AWS_REGION", kS3TestRegion},
          {"AWS_CONFIG_FILE", "/dev/null"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
          {"AWS_PROFILE", std::nullopt},
          {"AWS_SESSION_TOKEN", std::nullopt},
          {"AWS_ENDPOINT_URL", std::nullopt}};
}

ChildResult RunOrders(const std::string& project, std::chrono::milliseconds limit) {
  ChildOptions options;
  options.program = SqlflowBinary();
  options.args = {"run", "orders", "--threads", "2"};
  options.cwd = project;
  options.env = S3Environment();
  options.timeout = limit;
  Result<ChildResult> result = RunChildProcess(options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : ChildResult{};
}

// Uploads the local folder `folder` below s3://<bucket>/<prefix> with one awscli call.
void UploadFolder(const fs::path& folder, const std::string& bucket, const std::string& prefix) {
  AwsCliResult up = AwsCli(
      {"s3", "cp", "--recursive", "--quiet", folder.string(), "s3://" + bucket + "/" + prefix});
  ASSERT_EQ(up.exit_code, 0) << up.output;
}

// The source leaves objects written in the current second for a later run: once this returns,
// every object uploaded before the call is in a past second.
void WaitForTheNextSecond() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

// When to kill the runs of a batch: for the first, fixed times from start-up on; for later ones,
// fractions of the previous batch's complete run, up to its end (committing, closing), so that
// every phase is hit whatever the machine's speed.
std::vector<std::chrono::milliseconds> KillPoints(std::optional<std::chrono::milliseconds> run) {
  using std::chrono::milliseconds;
  if (!run) {
    return {milliseconds(30),  milliseconds(60),  milliseconds(100), milliseconds(150),
            milliseconds(225), milliseconds(300), milliseconds(400), milliseconds(550)};
  }
  std::vector<milliseconds> out;
  for (double f : {0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 1.0}) {
    out.push_back(std::max(milliseconds(20), milliseconds(static_cast<int64_t>(
                                                 f * static_cast<double>(run->count())))));
  }
  return out;
}

TEST(KillRecoveryS3, IncrementalS3LoadSurvivesSigkillAtAnyPoint) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("kill-recovery"));
  TempDir local;  // the batches' files, as uploaded
  TempDir project;
  WriteProject(project, bucket);
  ExpectedTable expected_table;

  TargetState before;  // the committed state after the previous batch (none before batch 0)
  std::optional<std::chrono::milliseconds> last_run;  // how long the last complete run took
  int kills = 0;
  int kills_left_old_state = 0;  // killed runs of batches 1, 2 that had not committed yet
  int kills_left_new_state = 0;  // killed runs that had committed (and not yet ended)
  int kills_left_staging = 0;    // killed runs that left a staging folder behind
  for (int b = 0; b < 3; ++b) {
    SCOPED_TRACE("batch " + std::to_string(b));
    std::string name = "b" + std::to_string(b);
    fs::path folder = fs::path(local.path()) / name;
    WriteBatch(folder, b);
    ASSERT_NO_FATAL_FAILURE(UploadFolder(folder, bucket, "orders/" + name + "/"));
    expected_table.Merge(folder);
    Snapshot expected = expected_table.Get();
    WaitForTheNextSecond();
    // Kill at several points of the load (start-up, listing, downloading, reading, merging,
    // committing).
    for (std::chrono::milliseconds at : KillPoints(last_run)) {
      SCOPED_TRACE("killed at " + std::to_string(at.count()) + "ms");
      ChildResult killed = RunOrders(project.path(), at);
      ASSERT_TRUE(killed.timed_out || killed.exit_code == 0) << killed.output;
      if (killed.timed_out) ++kills;
      if (killed.timed_out && !StagingFolders(project.path(), "s3").empty()) ++kills_left_staging;
      // Both old or both new: the rows are one batch's state and the watermark is their cursor.
      LeftState left =
          CheckOldOrNew(before, ReadTarget(project.path(), SnapshotOf, "_modified_at"), expected);
      if (left == LeftState::kNothing) continue;
      if (killed.timed_out && left == LeftState::kOld) ++kills_left_old_state;
      if (killed.timed_out && left == LeftState::kNew) ++kills_left_new_state;
      if (!killed.timed_out) break;  // the run finished: later points would kill nothing
    }
    // ... then let a run finish.
    auto start = std::chrono::steady_clock::now();
    ChildResult done = RunOrders(project.path(), std::chrono::milliseconds(120'000));
    ASSERT_EQ(done.exit_code, 0) << done.output;
    last_run = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::cout << "batch " << b << ": a complete run took " << last_run->count() << " ms\n";
    TargetState after = ReadTarget(project.path(), SnapshotOf, "_modified_at");
    ASSERT_TRUE(after.exists) << done.output;
    EXPECT_EQ(after.data, expected) << "target vs uploaded files";
    EXPECT_EQ(after.data.count, after.data.distinct_ids);
    EXPECT_EQ(after.data.count, std::to_string((b + 1) * kRowsPerBatch));
    EXPECT_EQ(after.watermark, after.max_cursor);
    if (before.exists) EXPECT_GT(after.watermark, before.watermark);
    // The killed runs' staging folders were removed by this run, and its own when it ended.
    EXPECT_EQ(Join(StagingFolders(project.path(), "s3")), "");
    before = after;
  }
  // The kills must really have interrupted runs, or this test proves nothing.
  RecordProperty("kills", kills);
  RecordProperty("kills_left_old_state", kills_left_old_state);
  RecordProperty("kills_left_new_state", kills_left_new_state);
  RecordProperty("kills_left_staging", kills_left_staging);
  std::cout << "killed " << kills << " runs; " << kills_left_old_state
            << " of them interrupted an incremental load over an existing target, "
            << kills_left_new_state << " came after the commit; " << kills_left_staging
            << " left a staging folder behind\n";
  EXPECT_GE(kills, 12);
  EXPECT_GE(kills_left_old_state, 6);
  EXPECT_GE(kills_left_staging, 3);
  AwsCli({"s3", "rb", "--force", "s3://" + bucket});  // tidy; a failure here proves nothing
}

// How many files the staging folder `folder` holds in its download cache.
int CachedFiles(const fs::path& folder) {
  int n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder / "cache", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec)) ++n;
  }
  return n;
}

// A run of `project`'s pipeline that gets SIGINT (as from Ctrl-C) once its staging folder
// (named after its pid) holds `files` downloaded files, and what it left.
struct InterruptedRun {
  ChildResult run;
  int cached_at_signal = -1;  // files in the cache when the signal went; -1: the run ended first
  TargetState target;
  std::vector<std::string> staging;  // the staging folders left behind
};

InterruptedRun InterruptOnceStaged(const std::string& project, int files) {
  InterruptedRun out;
  std::atomic<bool> ended{false};
  std::thread runner([&] {
    out.run = RunOrders(project, std::chrono::milliseconds(60'000));
    ended.store(true);
  });
  static const std::regex kName(R"(sqlflow-s3-([0-9]+)-[0-9]+)");
  while (!ended.load() && out.cached_at_signal < 0) {
    for (const std::string& name : StagingFolders(project, "s3")) {
      std::smatch match;
      int n = CachedFiles(fs::path(project) / "target/s3-staging" / name);
      if (n < files || !std::regex_match(name, match, kName)) continue;
      kill(static_cast<pid_t>(std::stol(match[1].str())), SIGINT);
      out.cached_at_signal = n;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  runner.join();
  out.target = ReadTarget(project, SnapshotOf, "_modified_at");
  out.staging = StagingFolders(project, "s3");
  return out;
}

TEST(KillRecoveryS3, InterruptDuringDownloadsRemovesStagingAndExits130) {
  constexpr int kObjects = 120;
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("interrupt-downloads"));
  TempDir local;
  fs::path folder = fs::path(local.path()) / "many";
  for (int o = 0; o < kObjects; ++o) {
    std::string csv = "id,amount,batch\n";
    for (int i = 0; i < 1000; ++i) csv += std::to_string(o * 1000 + i) + ",1,0\n";
    WriteText(folder / ("part-" + std::to_string(1000 + o) + ".csv"), csv);
  }
  ASSERT_NO_FATAL_FAILURE(UploadFolder(folder, bucket, "orders/many/"));
  TempDir project;
  WriteProject(project, bucket);
  WaitForTheNextSecond();

  {
    // Ctrl-C while the objects download: a few are staged, not all.
    InterruptedRun got = InterruptOnceStaged(project.path(), 5);
    SCOPED_TRACE(got.run.output);
    ASSERT_GE(got.cached_at_signal, 5) << "the run ended before it had downloaded 5 objects";
    EXPECT_LT(got.cached_at_signal, kObjects) << "all objects were downloaded before the signal";
    EXPECT_FALSE(got.run.timed_out);
    EXPECT_EQ(got.run.signal, 0) << "sqlflow died by the signal instead of exiting";
    EXPECT_EQ(got.run.exit_code, 130);
    EXPECT_FALSE(got.target.exists) << "an interrupted first load committed";
    EXPECT_EQ(Join(got.staging), "") << "the interrupted run's staging remains";
  }
  // Ctrl-C right after the first object (the sample giving the columns) is staged, and once all
  // are (DuckDB reads them, or the load has just committed): each in a project of its own.
  for (int files : {1, kObjects}) {
    TempDir other;
    WriteProject(other, bucket);
    InterruptedRun got = InterruptOnceStaged(other.path(), files);
    SCOPED_TRACE("SIGINT once " + std::to_string(files) + " file(s) were staged\n" +
                 got.run.output);
    EXPECT_FALSE(got.run.timed_out);
    EXPECT_EQ(got.run.signal, 0) << "sqlflow died by the signal instead of exiting";
    EXPECT_TRUE(got.run.exit_code == 130 || got.run.exit_code == 0) << got.run.exit_code;
    if (got.run.exit_code == 130 && got.run.output.find("STOPPED") != std::string::npos) {
      EXPECT_FALSE(got.target.exists) << "a stopped first load committed";
    }
    if (got.target.exists) EXPECT_EQ(got.target.data.count, std::to_string(kObjects * 1000));
    EXPECT_EQ(Join(got.staging), "") << "the interrupted run's staging remains";
  }

  // The next run loads every object once, and leaves no staging behind either.
  ChildResult done = RunOrders(project.path(), std::chrono::milliseconds(60'000));
  ASSERT_EQ(done.exit_code, 0) << done.output;
  TargetState after = ReadTarget(project.path(), SnapshotOf, "_modified_at");
  EXPECT_EQ(after.data.count, std::to_string(kObjects * 1000));
  EXPECT_EQ(after.data.distinct_ids, after.data.count);
  EXPECT_EQ(after.watermark, after.max_cursor);
  EXPECT_EQ(Join(StagingFolders(project.path(), "s3")), "");
  AwsCli({"s3", "rb", "--force", "s3://" + bucket});  // tidy; a failure here proves nothing
}

}  // namespace
}  // namespace sqlflow::test
