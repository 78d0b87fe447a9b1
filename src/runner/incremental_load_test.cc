#include "runner/incremental_load.h"

#include <gtest/gtest.h>

#include "engine/duckdb_engine.h"
#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

// An incremental LOAD of table `src` (id, seen, v) into `dst`, merged on id.
class IncrementalLoadTest : public test::DuckDbTest {
 protected:
  DuckDbEngine engine_;

  void SetUp() override {
    DuckDbTest::SetUp();
    ASSERT_TRUE(EnsureWatermarkTable(*session_).ok());
    Exec("CREATE TABLE src (id INTEGER, seen TIMESTAMP, v VARCHAR)");
  }

  IncrementalLoadRequest Request() const {
    IncrementalLoadRequest request;
    request.load.target = TableName{"", "dst"};
    request.load.mode = LoadMode::kMerge;
    request.load.keys = {"id"};
    request.load.label = "p.sf:2: LOAD dst";
    request.key = WatermarkKey{"p", "src", "dst"};
    request.cursor_field = "seen";
    request.primary_key = {"id"};
    request.source_sql = [](const std::optional<CursorBound>&) -> Result<std::string> {
      return std::string("SELECT * FROM src");
    };
    request.source_columns = {
        {"id", "INTEGER", true}, {"seen", "TIMESTAMP", true}, {"v", "VARCHAR", true}};
    return request;
  }

  IncrementalLoadResult Run(const IncrementalLoadRequest& request) {
    Result<IncrementalLoadResult> result = RunIncrementalLoad(engine_, *conn_, request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : IncrementalLoadResult{};
  }

  static bool Staged(const IncrementalLoadResult& result) {
    return !result.sql.empty() && result.sql[0].rfind("CREATE OR REPLACE TEMP TABLE", 0) == 0;
  }
};

TEST_F(IncrementalLoadTest, FirstLoadFromUniqueKeysCreatesTheTargetWithoutAStage) {
  Exec("INSERT INTO src VALUES (1, '2024-01-01 10:00', 'a'), (2, '2024-01-02 10:00', 'b')");
  IncrementalLoadRequest request = Request();
  request.source_keys_unique = true;
  IncrementalLoadResult first = Run(request);
  EXPECT_FALSE(Staged(first));
  EXPECT_EQ(first.watermark, "2024-01-02 10:00:00");
  EXPECT_EQ(Query("SELECT id, v FROM dst ORDER BY id"), (std::vector<std::string>{"1|a", "2|b"}));

  // Later runs merge into the table through a stage; rows at the watermark are read again.
  Exec("UPDATE src SET v = 'B' WHERE id = 2; INSERT INTO src VALUES (3, '2024-01-03 10:00', 'c')");
  IncrementalLoadResult second = Run(request);
  EXPECT_TRUE(Staged(second));
  EXPECT_EQ(second.load.rows_in_source, 2);
  EXPECT_EQ(second.watermark, "2024-01-03 10:00:00");
  EXPECT_EQ(Query("SELECT id, v FROM dst ORDER BY id"),
            (std::vector<std::string>{"1|a", "2|B", "3|c"}));
  EXPECT_EQ(Query("SELECT count(*) FROM duckdb_tables() WHERE temporary"),
            std::vector<std::string>{"0"});
}

TEST_F(IncrementalLoadTest, FirstLoadWithPossibleDuplicateKeysIsStagedAndDeduplicated) {
  Exec(
      "INSERT INTO src VALUES (1, '2024-01-01 10:00', 'old'), (1, '2024-01-02 10:00', 'new'), "
      "(2, '2024-01-01 12:00', 'b')");
  IncrementalLoadResult first = Run(Request());
  EXPECT_TRUE(Staged(first));
  EXPECT_EQ(Query("SELECT id, v FROM dst ORDER BY id"), (std::vector<std::string>{"1|new", "2|b"}));
  EXPECT_EQ(first.watermark, "2024-01-02 10:00:00");
}

// The schema check may leave the cursor out of the table; the watermark then still comes from
// the rows read, so such a load is staged.
TEST_F(IncrementalLoadTest, FirstLoadThatLeavesColumnsOutIsStaged) {
  Exec("INSERT INTO src VALUES (1, '2024-01-01 10:00', 'a')");
  IncrementalLoadRequest request = Request();
  request.source_keys_unique = true;
  request.hooks.shape_source = [](const std::string& relation) -> Result<std::string> {
    return "SELECT * EXCLUDE (seen) FROM " + relation;
  };
  IncrementalLoadResult first = Run(request);
  EXPECT_TRUE(Staged(first));
  EXPECT_EQ(first.watermark, "2024-01-01 10:00:00");
  EXPECT_EQ(Query("SELECT * FROM dst"), std::vector<std::string>{"1|a"});
}

TEST_F(IncrementalLoadTest, AFailedFirstLoadLeavesNoTableAndNoWatermark) {
  Exec("INSERT INTO src VALUES (NULL, '2024-01-01 10:00', 'a')");
  IncrementalLoadRequest request = Request();
  request.source_keys_unique = true;
  Result<IncrementalLoadResult> failed = RunIncrementalLoad(engine_, *conn_, request);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("NULL"), std::string::npos) << failed.status().message();
  EXPECT_EQ(Query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'dst'"),
            std::vector<std::string>{"0"});
  auto mark = ReadWatermark(*session_, request.key);
  ASSERT_TRUE(mark.ok()) << mark.status().ToString();
  EXPECT_FALSE(mark->has_value());
}

}  // namespace
}  // namespace sqlflow
