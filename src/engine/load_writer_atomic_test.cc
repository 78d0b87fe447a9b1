// Every load mode is atomic: after any failure the target is exactly as before (SPEC §3.2).
#include <gtest/gtest.h>

#include <memory>

#include "engine/load_writer.h"
#include "util/duckdb_test.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using Rows = std::vector<std::string>;

// 5000 rows whose generation fails at the 3001st, after DuckDB has produced whole chunks.
constexpr const char* kFailingSource =
    "SELECT i::INTEGER AS id, CASE WHEN i < 3000 THEN i::INTEGER ELSE error('boom') END AS qty, "
    "'x' AS sku FROM range(5000) t(i)";

class LoadAtomicityTest : public test::DuckDbTest {
 protected:
  void SetUp() override {
    DuckDbTest::SetUp();
    Exec(
        "CREATE TABLE stock (id INTEGER, qty INTEGER CHECK (qty >= 0), sku VARCHAR NOT NULL);"
        "INSERT INTO stock VALUES (1, 10, 'a'), (2, 20, 'b')");
  }

  // Runs a load that must fail; returns its message after checking that the target, its schema
  // and the catalog are unchanged and that no transaction is left open.
  std::string FailingLoad(const std::string& source, LoadMode mode,
                          std::vector<std::string> keys = {}) {
    Rows before = Query("SELECT * FROM stock ORDER BY ALL");
    Rows catalog = Query("SELECT schema_name, table_name, sql FROM duckdb_tables() ORDER BY ALL");
    LoadRequest request{{"", "stock"}, source, mode, std::move(keys), "f.sf:3: LOAD stock"};
    auto result = ExecuteLoad(*conn_, request);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(Query("SELECT * FROM stock ORDER BY ALL"), before);
    EXPECT_EQ(Query("SELECT schema_name, table_name, sql FROM duckdb_tables() ORDER BY ALL"),
              catalog);
    EXPECT_TRUE(conn_->Begin().ok()) << "a transaction was left open";
    EXPECT_TRUE(conn_->Rollback().ok());
    return result.ok() ? "<succeeded>" : result.status().message();
  }
};

TEST_F(LoadAtomicityTest, ReplaceFailingMidQueryKeepsTarget) {
  EXPECT_EQ(FailingLoad(kFailingSource, LoadMode::kReplace),
            "f.sf:3: LOAD stock: Invalid Input Error: boom");
}

TEST_F(LoadAtomicityTest, ReplaceIntoNewSchemaLeavesNoSchemaBehind) {
  LoadRequest request{{"fresh", "t"}, kFailingSource, LoadMode::kReplace, {}, "x"};
  ASSERT_FALSE(ExecuteLoad(*conn_, request).ok());
  EXPECT_EQ(Query("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fresh'"),
            (Rows{"0"}));
}

TEST_F(LoadAtomicityTest, AppendFailingMidQueryKeepsTarget) {
  EXPECT_EQ(FailingLoad(kFailingSource, LoadMode::kAppend),
            "f.sf:3: LOAD stock: Invalid Input Error: boom");
}

TEST_F(LoadAtomicityTest, AppendOfCsvWithBadRowKeepsTarget) {
  test::TempDir dir;
  std::string csv = "id,sku\n";
  for (int i = 0; i < 5000; ++i) csv += std::to_string(i) + ",s" + std::to_string(i) + "\n";
  csv += "oops,z\n";
  dir.WriteFile("stock.csv", csv);
  std::string message = FailingLoad("SELECT * FROM read_csv('" + dir.path() +
                                        "/stock.csv', columns = {'id': 'INTEGER', 'sku': "
                                        "'VARCHAR'}, header = true)",
                                    LoadMode::kAppend);
  EXPECT_EQ(message.rfind("f.sf:3: LOAD stock: Conversion Error: CSV Error on Line: 5002", 0), 0u)
      << message;
  EXPECT_NE(message.find("oops"), std::string::npos) << message;
  EXPECT_EQ(message.find("\n\n"), std::string::npos) << message;
}

TEST_F(LoadAtomicityTest, AppendViolatingNotNullKeepsTarget) {
  EXPECT_EQ(FailingLoad("SELECT 3 AS id, 30 AS qty", LoadMode::kAppend),
            "f.sf:3: LOAD stock: Constraint Error: NOT NULL constraint failed: stock.sku");
}

TEST_F(LoadAtomicityTest, MergeFailingMidQueryKeepsTarget) {
  EXPECT_EQ(FailingLoad(kFailingSource, LoadMode::kMerge, {"id"}),
            "f.sf:3: LOAD stock: Invalid Input Error: boom");
}

TEST_F(LoadAtomicityTest, MergeFailingInsideMergeKeepsEarlierUpdates) {
  // Row 1 is updated before row 2's CHECK fails; the update must not survive.
  std::string message =
      FailingLoad("SELECT * FROM (VALUES (1, 11, 'a'), (2, -1, 'b'), (3, 3, 'c')) v(id, qty, sku)",
                  LoadMode::kMerge, {"id"});
  EXPECT_EQ(message.rfind("f.sf:3: LOAD stock: Constraint Error: CHECK constraint failed", 0), 0u)
      << message;
}

TEST_F(LoadAtomicityTest, MergeInsertViolatingNotNullKeepsTarget) {
  std::string message =
      FailingLoad("SELECT * FROM (VALUES (1, 11), (5, 50)) v(id, qty)", LoadMode::kMerge, {"id"});
  EXPECT_EQ(message, "f.sf:3: LOAD stock: Constraint Error: NOT NULL constraint failed: stock.sku");
}

TEST_F(LoadAtomicityTest, ExecuteInTransactionCommitsOrRollsBack) {
  Exec("CREATE TABLE marks (v INTEGER)");
  Status ok =
      ExecuteInTransaction(*conn_, [&] { return conn_->Execute("INSERT INTO marks VALUES (1)"); });
  EXPECT_TRUE(ok.ok()) << ok.ToString();
  Status failed = ExecuteInTransaction(*conn_, [&] {
    SQLFLOW_RETURN_IF_ERROR(conn_->Execute("INSERT INTO marks VALUES (2)"));
    return Status::Invalid("stop");
  });
  EXPECT_EQ(failed.message(), "stop");
  EXPECT_EQ(Query("SELECT * FROM marks"), (Rows{"1"}));
}

TEST_F(LoadAtomicityTest, WriteLoadCommitsWithTheCallersOtherWrites) {
  Exec("CREATE TABLE marks (v INTEGER)");
  LoadRequest request{
      {"", "stock"}, "SELECT 3 AS id, 30 AS qty, 'c' AS sku", LoadMode::kAppend, {}, "l"};
  Status failed = ExecuteInTransaction(*conn_, [&]() -> Status {
    SQLFLOW_ASSIGN_OR_RETURN(LoadResult load, WriteLoad(*conn_, request));
    EXPECT_EQ(load.rows_inserted, 1);
    SQLFLOW_RETURN_IF_ERROR(conn_->Execute("INSERT INTO marks VALUES (1)"));
    return Status::IoError("crash before commit");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Query("SELECT count(*) FROM stock"), (Rows{"2"}));
  EXPECT_EQ(Query("SELECT count(*) FROM marks"), (Rows{"0"}));

  Status ok = ExecuteInTransaction(*conn_, [&]() -> Status {
    SQLFLOW_RETURN_IF_ERROR(WriteLoad(*conn_, request).status());
    return conn_->Execute("INSERT INTO marks VALUES (1)");
  });
  EXPECT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(Query("SELECT count(*) FROM stock"), (Rows{"3"}));
  EXPECT_EQ(Query("SELECT count(*) FROM marks"), (Rows{"1"}));
}

TEST_F(LoadAtomicityTest, WriteLoadLabelsItsErrors) {
  LoadRequest request{{"", "stock"}, "SELECT 1 AS nope", LoadMode::kAppend, {}, "f.sf:9: LOAD"};
  ASSERT_TRUE(conn_->Begin().ok());
  auto result = WriteLoad(*conn_, request);
  ASSERT_TRUE(conn_->Rollback().ok());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "f.sf:9: LOAD: column 'nope' is not in target table 'stock'; add it to the table or "
            "leave it out of the source");
}

}  // namespace
}  // namespace sqlflow
