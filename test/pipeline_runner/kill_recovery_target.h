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

inline std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace sqlflow::test
