#include "engine/duckdb_engine.h"

#include <gtest/gtest.h>

#include "engine/load_writer.h"
#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

using Lines = std::vector<std::string>;

class DuckDbEngineTest : public test::DuckDbTest {
 protected:
  // Materialises `intent` in its own transaction, failing the test when it fails.
  LoadResult Write(const Materialisation& intent) {
    Result<LoadResult> loaded = Status::Internal("not run");
    Status status = ExecuteInTransaction(*session_, [&] {
      loaded = engine_.Materialise(*session_, intent);
      return loaded.status();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return loaded.ok() ? *loaded : LoadResult{};
  }

  Materialisation Intent(LoadMode mode, const std::string& sql) {
    LoadRequest load;
    load.target = {"", "t"};
    load.source_sql = sql;
    load.mode = mode;
    load.keys = {"id"};
    load.label = "p.sf:1: LOAD t";
    return Materialisation::Of(load);
  }

  DuckDbEngine engine_;
};

TEST_F(DuckDbEngineTest, EachIntentWritesAsItsLoadModeDoes) {
  EXPECT_TRUE(engine_.capabilities().runs_embedded_sql);
  EXPECT_TRUE(engine_.capabilities().python_udfs);
  Materialisation replace = Intent(LoadMode::kReplace, "SELECT 1 AS id, 'a' AS v");
  EXPECT_EQ(replace.kind, IntentKind::kReplace);
  EXPECT_EQ(Write(replace).rows_written, 1);
  Materialisation append = Intent(LoadMode::kAppend, "SELECT 'b' AS v, 2 AS id");
  EXPECT_EQ(append.kind, IntentKind::kAppendByName);
  EXPECT_EQ(Write(append).rows_written, 1);
  Materialisation merge =
      Intent(LoadMode::kMerge, "SELECT 2 AS id, 'B' AS v UNION ALL SELECT 3, 'c'");
  EXPECT_EQ(merge.kind, IntentKind::kMergeByKey);
  LoadResult merged = Write(merge);
  EXPECT_EQ(merged.rows_updated, 1);
  EXPECT_EQ(merged.rows_inserted, 1);
  EXPECT_EQ(Query("SELECT id, v FROM t ORDER BY id"), (Lines{"1|a", "2|B", "3|c"}));
  EXPECT_EQ(engine_.Explain(merge), "MERGE INTO … USING");
  EXPECT_STREQ(ToString(IntentKind::kOverwriteRange), "overwrite range");
}

TEST_F(DuckDbEngineTest, OverwriteRangeReplacesOnlyTheRowsInTheRange) {
  Exec(
      "CREATE TABLE t AS SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), "
      "(2, TIMESTAMP '2024-01-02 00:00:00'), (3, TIMESTAMP '2024-01-03 00:00:00')) v(id, ts)");
  Materialisation intent =
      Intent(LoadMode::kReplace, "SELECT 20 AS id, TIMESTAMP '2024-01-02 12:00:00' AS ts");
  intent.kind = IntentKind::kOverwriteRange;
  intent.range = RowRange{"ts", "2024-01-02 00:00:00", "2024-01-03 00:00:00"};
  EXPECT_EQ(Write(intent).rows_written, 1);
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id"), (Lines{"1", "20"}));
  // Without its range the intent is refused, and nothing changes.
  intent.range.reset();
  Status status = ExecuteInTransaction(
      *session_, [&] { return engine_.Materialise(*session_, intent).status(); });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id"), (Lines{"1", "20"}));
}

}  // namespace
}  // namespace sqlflow
