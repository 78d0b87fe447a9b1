#include "state/run_store.h"

#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/duckdb_session.h"
#include "engine/query_result.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

RunRecord SampleRun(const std::string& id) {
  RunRecord run{
      id, "shop", "dev", "failed", "2026-11-21T12:00:00.000Z", "2026-11-21T12:00:01.500Z", 1.5, {}};
  run.steps.push_back({"load.orders", "load", "succeeded", 10, 10, 0.5, ""});
  run.steps.push_back({"export.x_csv", "export", "failed", -1, -1, 0.1, "disk full"});
  return run;
}

std::string RunJson(const RunRecord& run) {
  return R"({"run_id": ")" + run.run_id + R"(", "pipeline": "shop", "profile": "dev",
    "status": "failed", "started_at": "2026-11-21T12:00:00.000Z", "seconds": 1.5,
    "steps": [{"id": "load.orders", "kind": "load", "status": "succeeded", "rows_written": 10}]})";
}

TEST(RunStore, RecordsRunsAndStepsInTheDatabase) {
  auto db = Database::Open({});
  ASSERT_TRUE(db.ok());
  auto conn = Connection::Open(*db);
  ASSERT_TRUE(conn.ok());
  DuckDbSession session(*conn);
  ASSERT_TRUE(RecordRunInDatabase(session, SampleRun("r1")).ok());
  ASSERT_TRUE(RecordRunInDatabase(session, SampleRun("r2")).ok());
  auto rows = conn->Query(
      "SELECT r.run_id, r.status, s.step_id, s.rows_written, s.error FROM sqlflow.runs r "
      "JOIN sqlflow.run_steps s USING (run_id) ORDER BY 1, 3");
  ASSERT_TRUE(rows.ok());
  auto strings = rows->FetchAllAsStrings();
  ASSERT_TRUE(strings.ok());
  ASSERT_EQ(strings->size(), 4u);
  EXPECT_EQ((*strings)[0][2], "export.x_csv");
  EXPECT_EQ((*strings)[0][3], std::nullopt);  // unknown counts are NULL, not -1
  EXPECT_EQ((*strings)[0][4], "disk full");
  EXPECT_EQ((*strings)[1][3], "10");
  // A duplicate run id violates the primary key and leaves no partial rows behind.
  EXPECT_FALSE(RecordRunInDatabase(session, SampleRun("r1")).ok());
  auto count = conn->Query("SELECT count(*) FROM sqlflow.run_steps");
  EXPECT_EQ((*count->FetchAllAsStrings())[0][0], "4");
}

TEST(RunStore, ListsRunFilesNewestFirstAndSkipsBrokenOnes) {
  test::TempDir dir;
  RealFileSystem fs;
  std::string runs = dir.path() + "/target/runs";
  for (const char* id : {"20261121-120000-aaaa", "20261121-130000-bbbb"}) {
    RunRecord run = SampleRun(id);
    ASSERT_TRUE(WriteRunFile(fs, runs, run, RunJson(run)).ok());
  }
  dir.WriteFile("target/runs/20261121-140000-cccc/run.json", "not json");
  std::vector<RunRecord> listed = ListRunFiles(fs, runs, 10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].run_id, "20261121-130000-bbbb");
  EXPECT_EQ(listed[1].steps.at(0).rows_written, 10);
  EXPECT_EQ(ListRunFiles(fs, runs, 1).size(), 1u);
}

TEST(RunStore, UnknownRunNamesTheRecentOnes) {
  test::TempDir dir;
  RealFileSystem fs;
  std::string runs = dir.path() + "/target/runs";
  EXPECT_EQ(ReadRunFile(fs, runs, "nope").status().message(),
            "no run 'nope' in target/runs (no runs yet)");
  RunRecord run = SampleRun("20261121-120000-aaaa");
  ASSERT_TRUE(WriteRunFile(fs, runs, run, RunJson(run)).ok());
  EXPECT_EQ(ReadRunFile(fs, runs, "nope").status().message(),
            "no run 'nope' in target/runs; recent runs: 20261121-120000-aaaa");
  EXPECT_TRUE(ReadRunFile(fs, runs, "20261121-120000-aaaa").ok());
}

TEST(RunRecord, IdsSortByTime) {
  std::string id = NewRunId();
  ASSERT_EQ(id.size(), 23u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(NowIso8601().back(), 'Z');
}

}  // namespace
}  // namespace sqlflow
