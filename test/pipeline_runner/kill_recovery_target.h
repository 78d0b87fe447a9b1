// What the kill -9 tests of network sources (S3, REST, SaaS) compare: a snapshot of a relation,
// the DuckDB target a killed or completed run left, and the staging folders it left behind.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "engine/database.h"
#include "kill_recovery_util.h"

namespace sqlflow::test {

// What the target and the truth are compared on. `digest` is a sum of a hash of every row: any
// row lost, doubled or changed changes it (DuckDB's hash is the same on both sides).
struct Snapshot {
  std::string count, distinct_ids, amount_sum, digest;
  bool operator==(const Snapshot&) const = default;
};

inline std::string Describe(const Snapshot& s) {
  return "count=" + s.count + " distinct=" + s.distinct_ids + " sum=" + s.amount_sum +
         " digest=" + s.digest;
}

// How gtest prints a Snapshot in a failed EXPECT_EQ.
inline void PrintTo(const Snapshot& s, std::ostream* os) { *os << Describe(s); }

using SnapshotFn = std::function<Snapshot(Connection& conn, const std::string& from)>;

struct TargetState {
  bool exists = false;  // the first load has committed
  Snapshot data;
  std::string max_cursor;  // the largest cursor value in the target
  std::string watermark;   // sqlflow.watermarks' value, "<none>" without a row
};

// Reads target/kill.duckdb of `project`, table `orders` (no sqlflow process runs at that moment).
inline TargetState ReadTarget(const std::string& project, const SnapshotFn& snapshot_of,
                              const std::string& cursor_column) {
  TargetState state;
  DatabaseOptions db_options;
  db_options.path = project + "/target/kill.duckdb";
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
  state.data = snapshot_of(*conn, "orders");
  state.max_cursor =
      QueryOne(*conn, "SELECT CAST(max(" + cursor_column + ") AS VARCHAR) FROM orders");
  state.watermark = QueryOne(*conn, "SELECT CAST(value AS VARCHAR) FROM sqlflow.watermarks");
  return state;
}

// The staging folders (sqlflow-<kind>-<pid>-<n>) below the project's default staging root
// (target/<kind>-staging).
inline std::vector<std::string> StagingFolders(const std::string& project,
                                               const std::string& kind) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(project + "/target/" + kind + "-staging", ec), end;
       !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind("sqlflow-" + kind + "-", 0) == 0) out.push_back(name);
  }
  return out;
}

// How many records the staging folder `folder` holds in its NDJSON files (one a line): how far
// the page fetches of the run that made it had come.
inline int64_t StagedRecordCount(const std::filesystem::path& folder) {
  int64_t n = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() != ".ndjson") continue;
    std::ifstream in(it->path(), std::ios::binary);
    n += std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
  }
  return n;
}

// The records staged by the REST-kind run that made a folder not in `before` (the folders
// listed before it started; it removed those it found, then made its own), or -1 when none.
inline int64_t RecordsStagedSince(const std::string& project,
                                  const std::vector<std::string>& before) {
  int64_t staged = -1;
  for (const std::string& name : StagingFolders(project, "rest")) {
    if (std::find(before.begin(), before.end(), name) != before.end()) continue;
    staged = StagedRecordCount(std::filesystem::path(project) / "target/rest-staging" / name);
  }
  return staged;
}

// What a run (killed or not) during a batch's load left: no target yet, the state before the
// batch, the batch's, or a mix (CheckOldOrNew has failed the test then).
enum class LeftState { kNothing, kOld, kNew, kMixed };

// Checks the crash-safety contract after a run during a batch's load: the target is the state
// before the batch or the batch's `expected` state, never a mix, its watermark is its cursor's
// largest value, and old rows keep the old watermark. Returns which state it found.
inline LeftState CheckOldOrNew(const TargetState& before, const TargetState& now,
                               const Snapshot& expected) {
  if (!now.exists) {
    EXPECT_FALSE(before.exists) << "a committed target disappeared";
    return LeftState::kNothing;
  }
  bool is_old = before.exists && now.data == before.data;
  EXPECT_TRUE(now.data == expected || is_old)
      << "target: " << Describe(now.data) << "\nexpected: " << Describe(expected)
      << "\nor before: " << Describe(before.data);
  EXPECT_EQ(now.watermark, now.max_cursor);
  if (is_old) EXPECT_EQ(now.watermark, before.watermark) << "old rows, new watermark";
  return now.data == expected ? LeftState::kNew : is_old ? LeftState::kOld : LeftState::kMixed;
}

inline std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace sqlflow::test
