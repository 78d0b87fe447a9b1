// Crash safety of incremental loads (SPEC §3.3): `sqlflow run` is killed with SIGKILL at many
// points of an incremental LOAD, then run again to completion. After every batch the target must
// hold each key exactly once with its latest value, and the stored watermark must be the largest
// cursor in the target: nothing lost, nothing duplicated, data and watermark both old or both new.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "engine/connection.h"
#include "engine/database.h"
#include "kill_recovery_util.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

constexpr int kRowsPerBatch = 150'000;
constexpr int kUpdatesPerBatch = 20'000;

struct Expected {
  std::map<int64_t, std::pair<int64_t, int64_t>> rows;  // id -> (ts, amount)
};

// Batch b: kRowsPerBatch new ids plus updates of earlier ids, all with cursors past batch b-1.
std::string MakeBatch(int b, Expected* expected) {
  std::string csv = "id,ts,amount\n";
  int64_t base_ts = int64_t{b} * 1'000'000;
  for (int i = 0; i < kRowsPerBatch; ++i) {
    int64_t id = int64_t{b} * kRowsPerBatch + i;
    int64_t ts = base_ts + i % 1000;  // many rows share each cursor value
    int64_t amount = id % 97;
    csv += std::to_string(id) + "," + std::to_string(ts) + "," + std::to_string(amount) + "\n";
    expected->rows[id] = {ts, amount};
  }
  for (int i = 0; b > 0 && i < kUpdatesPerBatch; ++i) {
    int64_t id = (int64_t{i} * 7919) % (int64_t{b} * kRowsPerBatch);
    int64_t ts = base_ts + 999;
    int64_t amount = 1000 + b;
    csv += std::to_string(id) + "," + std::to_string(ts) + "," + std::to_string(amount) + "\n";
    expected->rows[id] = {ts, amount};
  }
  return csv;
}

ChildResult RunSqlflow(const TempDir& project, std::chrono::milliseconds limit) {
  return RunPipelineFor(project.path(), "orders", "1", limit);
}

void CheckTarget(const TempDir& project, const Expected& expected, int batch) {
  DatabaseOptions db_options;
  db_options.path = project.path() + "/target/kill.duckdb";
  auto db = Database::Open(db_options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Connection::Open(*db);
  ASSERT_TRUE(conn.ok());
  int64_t sum = 0, max_ts = 0;
  for (const auto& [id, row] : expected.rows) {
    sum += row.second;
    max_ts = std::max(max_ts, row.first);
  }
  SCOPED_TRACE("after batch " + std::to_string(batch));
  EXPECT_EQ(QueryOne(*conn, "SELECT count(*) FROM orders"), std::to_string(expected.rows.size()));
  EXPECT_EQ(QueryOne(*conn, "SELECT count(DISTINCT id) FROM orders"),
            std::to_string(expected.rows.size()));
  EXPECT_EQ(QueryOne(*conn, "SELECT sum(amount) FROM orders"), std::to_string(sum));
  EXPECT_EQ(QueryOne(*conn, "SELECT value FROM sqlflow.watermarks"), std::to_string(max_ts));
  EXPECT_EQ(QueryOne(*conn, "SELECT CAST(max(ts) AS VARCHAR) FROM orders"), std::to_string(max_ts));
}

TEST(KillRecovery, IncrementalFileLoadSurvivesSigkillAtAnyPoint) {
  TempDir project;
  project.WriteFile("profiles/dev.yml",
                    "engines:\n  duckdb: {mode: persistent, path: target/kill.duckdb}\n");
  project.WriteFile("pipelines/orders.sf",
                    "SOURCE src TYPE CSV PARAMS {\"path\": \"data/batch_*.csv\", \"sync_mode\": "
                    "\"incremental\", \"cursor_field\": \"ts\", \"primary_key\": \"id\"};\n"
                    "LOAD orders FROM src;\n");
  Expected expected;
  int kills = 0;
  for (int b = 0; b < 3; ++b) {
    project.WriteFile("data/batch_" + std::to_string(b) + ".csv", MakeBatch(b, &expected));
    // Kill at several points of the load (start-up, reading, writing, committing) ...
    for (int ms : {40, 90, 150, 220, 300, 400, 550}) {
      ChildResult killed = RunSqlflow(project, std::chrono::milliseconds(ms));
      if (killed.timed_out) ++kills;
      ASSERT_TRUE(killed.timed_out || killed.exit_code == 0) << killed.output;
    }
    // ... then let a run finish.
    ChildResult done = RunSqlflow(project, std::chrono::milliseconds(60'000));
    ASSERT_EQ(done.exit_code, 0) << done.output;
    CheckTarget(project, expected, b);
  }
  // The kills must really have interrupted runs, or this test proves nothing.
  EXPECT_GE(kills, 6);
}

// The names an export's folder holds that are temporaries of ours.
int CountTemps(const std::string& folder) {
  int n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(folder, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    n += it->path().filename().string().rfind(".sqlflow-tmp-", 0) == 0;
  }
  return n;
}

// A kill -9 during an EXPORT leaves its temporary file (DuckDB's COPY was writing it); the next
// export to that folder removes it.
TEST(KillRecovery, TheNextExportRemovesTheTemporaryOfAKilledOne) {
  TempDir project;
  project.WriteFile("profiles/dev.yml",
                    "engines:\n  duckdb: {mode: persistent, path: target/kill.duckdb}\n");
  project.WriteFile("pipelines/orders.sf",
                    "SOURCE src TYPE CSV PARAMS {\"path\": \"data/batch_0.csv\"};\n"
                    "EXPORT SELECT * FROM src, range(4) TO \"out/orders.csv\" TYPE CSV;\n");
  Expected unused;
  project.WriteFile("data/batch_0.csv", MakeBatch(0, &unused));
  const std::string out = project.path() + "/out";
  // Later and later, until a kill lands while the COPY writes.
  int left = 0;
  for (int ms = 100; ms <= 3000 && left == 0; ms += 50) {
    ChildResult killed = RunSqlflow(project, std::chrono::milliseconds(ms));
    ASSERT_TRUE(killed.timed_out || killed.exit_code == 0) << killed.output;
    left = CountTemps(out);
  }
  ASSERT_GE(left, 1) << "no kill left a temporary file: the test proved nothing";
  ChildResult done = RunSqlflow(project, std::chrono::milliseconds(60'000));
  ASSERT_EQ(done.exit_code, 0) << done.output;
  EXPECT_EQ(CountTemps(out), 0);
  EXPECT_TRUE(std::filesystem::is_regular_file(out + "/orders.csv"));
}

}  // namespace
}  // namespace sqlflow::test
