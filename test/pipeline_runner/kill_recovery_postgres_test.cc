// Crash safety of incremental loads from PostgreSQL (SPEC §3.3): `sqlflow run` is killed with
// SIGKILL at many points of an incremental LOAD from a PostgreSQL table, then run again to
// completion. Between batches the table gets new rows, rows sharing the watermark's timestamp,
// and updates of old rows (with later timestamps). The PostgreSQL table is the truth: after every
// batch the DuckDB target must hold exactly its rows (counts, sums and an md5 over every row), and
// the stored watermark must be the largest cursor in the target. After every killed run the
// target must be the previous batch's state or the new one, never a mix.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <string>

#include "engine/connection.h"
#include "engine/database.h"
#include "kill_recovery_util.h"
#include "util/postgres_server.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

constexpr char kDb[] = "kill_recovery_pg";
constexpr int kRowsPerBatch = 300'000;
constexpr int kUpdatesPerBatch = 20'000;
constexpr int kBoundaryRowsPerBatch = 100;

// What both sides are compared on. `digest` is an md5 over every row in id order.
struct Snapshot {
  std::string count, distinct_ids, amount_sum, max_ts, digest;
  bool operator==(const Snapshot&) const = default;
};

std::string Describe(const Snapshot& s) {
  return "count=" + s.count + " distinct=" + s.distinct_ids + " sum=" + s.amount_sum +
         " max_ts=" + s.max_ts + " md5=" + s.digest;
}

// How gtest prints a Snapshot in a failed EXPECT_EQ.
void PrintTo(const Snapshot& s, std::ostream* os) { *os << Describe(s); }

// Timestamp literal for second `second` of day `day` after 2024-01-01, PostgreSQL syntax.
std::string Ts(int day, int second) {
  return "(timestamp '2024-01-01' + interval '" + std::to_string(day) + " days' + interval '" +
         std::to_string(second) + " seconds')";
}

// Batch b on the server: kRowsPerBatch new ids with 1000 distinct timestamps on day b (many rows
// share each), then (from batch 1) rows at exactly the previous batch's largest timestamp, and
// updates of earlier ids moved to this batch's largest timestamp.
std::string BatchSql(int b) {
  std::string first = std::to_string(int64_t{b} * kRowsPerBatch);
  std::string sql = "INSERT INTO orders SELECT " + first + " + g, " + Ts(b, 0) +
                    " + (g % 1000) * interval '1 second', (" + first +
                    " + g) % 97 FROM generate_series(0, " + std::to_string(kRowsPerBatch - 1) +
                    ") g;\n";
  if (b == 0) return sql;
  sql += "INSERT INTO orders SELECT 10000000 + " + std::to_string(b * 1000) + " + g, " +
         Ts(b - 1, 999) + ", 500 + g FROM generate_series(0, " +
         std::to_string(kBoundaryRowsPerBatch - 1) + ") g;\n";
  sql += "UPDATE orders SET amount = 1000 + " + std::to_string(b) + ", ts = " + Ts(b, 999) +
         " WHERE id IN (SELECT (g * 7919) % " + first + " FROM generate_series(0, " +
         std::to_string(kUpdatesPerBatch - 1) + ") g);\n";
  return sql;
}

Snapshot ServerSnapshot(PostgresTestServer& pg) {
  auto value = [&](const std::string& sql) {
    Result<std::string> v = pg.QueryValue(kDb, sql);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : "<error>";
  };
  return {value("SELECT count(*) FROM orders"), value("SELECT count(DISTINCT id) FROM orders"),
          value("SELECT sum(amount) FROM orders"), value("SELECT max(ts)::text FROM orders"),
          value("SELECT md5(string_agg(id || ':' || amount || ':' || ts::text, ',' ORDER BY id)) "
                "FROM orders")};
}

struct TargetState {
  bool exists = false;  // the first load has committed
  Snapshot data;
  std::string watermark;  // sqlflow.watermarks' value, "<none>" without a row
};

// Reads the DuckDB target of `project` (no sqlflow process runs at that moment).
TargetState ReadTarget(const TempDir& project) {
  TargetState state;
  DatabaseOptions db_options;
  db_options.path = project.path() + "/target/kill.duckdb";
  // Killed before it created the database: nothing committed (and opening would create it).
  if (!std::filesystem::exists(db_options.path)) return state;
  auto db = Database::Open(db_options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return state;
  auto conn = Connection::Open(*db);
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return state;
  state.exists = QueryOne(*conn,
                          "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'orders' "
                          "AND schema_name = 'main'") == "1";
  if (!state.exists) return state;
  state.data = {
      QueryOne(*conn, "SELECT count(*) FROM orders"),
      QueryOne(*conn, "SELECT count(DISTINCT id) FROM orders"),
      QueryOne(*conn, "SELECT sum(amount) FROM orders"),
      QueryOne(*conn, "SELECT CAST(max(ts) AS VARCHAR) FROM orders"),
      QueryOne(*conn,
               "SELECT md5(string_agg(CAST(id AS VARCHAR) || ':' || CAST(amount AS VARCHAR) || "
               "':' || CAST(ts AS VARCHAR), ',' ORDER BY id)) FROM orders")};
  state.watermark = QueryOne(*conn, "SELECT CAST(value AS VARCHAR) FROM sqlflow.watermarks");
  return state;
}

ChildResult RunSqlflow(const TempDir& project, std::chrono::milliseconds limit) {
  return RunPipelineFor(project.path(), "orders", "2", limit);
}

TEST(KillRecoveryPostgres, IncrementalPostgresLoadSurvivesSigkillAtAnyPoint) {
  Result<PostgresTestServer*> server = PostgresTestServer::Get();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  PostgresTestServer& pg = **server;
  ASSERT_TRUE(pg.CreateDatabase(kDb).ok());
  ASSERT_TRUE(pg.Exec(kDb,
                      "CREATE TABLE orders (id bigint PRIMARY KEY, ts timestamp NOT NULL, "
                      "amount bigint NOT NULL)")
                  .ok());

  TempDir project;
  project.WriteFile("profiles/dev.yml",
                    "engines:\n  duckdb: {mode: persistent, path: target/kill.duckdb}\n"
                    "connectors:\n  pg: {type: POSTGRES, params: {host: 127.0.0.1, port: " +
                        std::to_string(pg.port()) + ", dbname: " + kDb + ", user: postgres}}\n");
  project.WriteFile("pipelines/orders.sf",
                    "SOURCE src FROM \"pg\" OPTIONS {\"table\": \"orders\", \"sync_mode\": "
                    "\"incremental\", \"cursor_field\": \"ts\", \"primary_key\": \"id\"};\n"
                    "LOAD orders FROM src;\n");

  TargetState before;  // the committed state after the previous batch (none before batch 0)
  int kills = 0;
  int kills_left_old_state = 0;  // killed runs of batches 1, 2 that had not committed yet
  for (int b = 0; b < 3; ++b) {
    SCOPED_TRACE("batch " + std::to_string(b));
    ASSERT_TRUE(pg.Exec(kDb, BatchSql(b)).ok());
    Snapshot expected = ServerSnapshot(pg);
    // Kill at several points of the load (start-up, connecting, copying, merging, committing).
    for (int ms : {30, 60, 100, 150, 200, 275, 350, 450, 600, 800}) {
      ChildResult killed = RunSqlflow(project, std::chrono::milliseconds(ms));
      ASSERT_TRUE(killed.timed_out || killed.exit_code == 0) << killed.output;
      if (killed.timed_out) ++kills;
      // Both old or both new: the rows are one batch's state and the watermark is their cursor.
      TargetState now = ReadTarget(project);
      if (!now.exists) {
        EXPECT_FALSE(before.exists)
            << "a committed target disappeared after a kill at " << ms << "ms";
        continue;
      }
      SCOPED_TRACE("killed at " + std::to_string(ms) + "ms");
      EXPECT_TRUE(now.data == expected || (before.exists && now.data == before.data))
          << "target: " << Describe(now.data) << "\nexpected: " << Describe(expected)
          << "\nor before: " << Describe(before.data);
      EXPECT_EQ(now.watermark, now.data.max_ts);
      if (killed.timed_out && before.exists && now.data == before.data) ++kills_left_old_state;
      if (!killed.timed_out) break;  // the run finished: later points would kill nothing
    }
    // ... then let a run finish.
    ChildResult done = RunSqlflow(project, std::chrono::milliseconds(120'000));
    ASSERT_EQ(done.exit_code, 0) << done.output;
    TargetState after = ReadTarget(project);
    ASSERT_TRUE(after.exists) << done.output;
    EXPECT_EQ(after.data, expected) << "target vs server";
    EXPECT_EQ(after.data.count, after.data.distinct_ids);
    EXPECT_EQ(after.watermark, expected.max_ts);
    before = after;
  }
  // The kills must really have interrupted runs, or this test proves nothing.
  RecordProperty("kills", kills);
  RecordProperty("kills_left_old_state", kills_left_old_state);
  std::cout << "killed " << kills << " runs; " << kills_left_old_state
            << " of them interrupted an incremental load over an existing target\n";
  EXPECT_GE(kills, 12);
  EXPECT_GE(kills_left_old_state, 6);
}

}  // namespace
}  // namespace sqlflow::test
