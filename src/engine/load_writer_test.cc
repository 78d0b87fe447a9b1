#include "engine/load_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

using Rows = std::vector<std::string>;

class LoadWriterTest : public test::DuckDbTest {
 protected:
  // Each row of `sql` as "a|b|NULL".

  static LoadRequest Request(TableName target, std::string source, LoadMode mode,
                             std::vector<std::string> keys = {}) {
    return {std::move(target), std::move(source), mode, std::move(keys),
            std::string("shop.sf:14: LOAD stock MODE ") + ToString(mode)};
  }

  LoadResult Load(const LoadRequest& request) {
    auto result = ExecuteLoad(*conn_, request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : LoadResult{-1, -1, -1, -1};
  }

  // The message of a load that must fail.
  std::string LoadError(const LoadRequest& request) {
    auto result = ExecuteLoad(*conn_, request);
    EXPECT_FALSE(result.ok());
    return result.ok() ? "<succeeded>" : result.status().message();
  }
};

void ExpectCounts(const LoadResult& r, int64_t source, int64_t inserted, int64_t updated) {
  EXPECT_EQ(r.rows_in_source, source);
  EXPECT_EQ(r.rows_inserted, inserted);
  EXPECT_EQ(r.rows_updated, updated);
  EXPECT_EQ(r.rows_written, inserted + updated);
}

TEST_F(LoadWriterTest, ModeNames) {
  EXPECT_STREQ(ToString(LoadMode::kReplace), "REPLACE");
  EXPECT_STREQ(ToString(LoadMode::kAppend), "APPEND");
  EXPECT_STREQ(ToString(LoadMode::kMerge), "MERGE");
}

TEST_F(LoadWriterTest, ReplaceCreatesMissingTable) {
  auto r = Load(Request({"", "stock"}, "SELECT * FROM range(3) t(id);", LoadMode::kReplace));
  ExpectCounts(r, 3, 3, 0);
  EXPECT_EQ(Query("SELECT id FROM stock ORDER BY id"), (Rows{"0", "1", "2"}));
}

TEST_F(LoadWriterTest, ReplaceReplacesRowsAndSchema) {
  Exec("CREATE TABLE stock (id INTEGER, old VARCHAR); INSERT INTO stock VALUES (9, 'x')");
  Load(Request({"", "stock"}, "SELECT 1 AS id, 'new' AS name", LoadMode::kReplace));
  EXPECT_EQ(Query("SELECT * FROM stock"), (Rows{"1|new"}));
  EXPECT_EQ(Query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'stock'"),
            (Rows{"id", "name"}));
}

TEST_F(LoadWriterTest, ReplaceCreatesSchemaAndQuotedNames) {
  Load(Request({"my sales", "big orders"}, "SELECT 1 AS \"order id\"", LoadMode::kReplace));
  EXPECT_EQ(Query("SELECT \"order id\" FROM \"my sales\".\"big orders\""), (Rows{"1"}));
}

TEST_F(LoadWriterTest, AppendCreatesMissingTable) {
  auto r = Load(Request({"sales", "events"}, "SELECT 1 AS id", LoadMode::kAppend));
  ExpectCounts(r, 1, 1, 0);
  EXPECT_EQ(Query("SELECT * FROM sales.events"), (Rows{"1"}));
}

TEST_F(LoadWriterTest, AppendMatchesColumnsByNameCaseInsensitively) {
  Exec("CREATE TABLE stock (sku VARCHAR, qty INTEGER); INSERT INTO stock VALUES ('A', 1)");
  auto r = Load(Request({"", "STOCK"}, "SELECT 2 AS QTY, 'B' AS Sku", LoadMode::kAppend));
  ExpectCounts(r, 1, 1, 0);
  EXPECT_EQ(Query("SELECT * FROM stock ORDER BY sku"), (Rows{"A|1", "B|2"}));
}

TEST_F(LoadWriterTest, AppendFillsMissingTargetColumnsWithNullOrDefault) {
  Exec("CREATE TABLE stock (sku VARCHAR, qty INTEGER, status VARCHAR DEFAULT 'new', note VARCHAR)");
  Load(Request({"", "stock"}, "SELECT 'A' AS sku", LoadMode::kAppend));
  EXPECT_EQ(Query("SELECT * FROM stock"), (Rows{"A|NULL|new|NULL"}));
}

TEST_F(LoadWriterTest, AppendRejectsSourceColumnMissingFromTarget) {
  Exec("CREATE TABLE stock (sku VARCHAR)");
  EXPECT_EQ(
      LoadError(Request({"", "stock"}, "SELECT 'A' AS sku, 'red' AS colour", LoadMode::kAppend)),
      "shop.sf:14: LOAD stock MODE APPEND: column 'colour' is not in target table 'stock'; "
      "add it to the table or leave it out of the source");
}

TEST_F(LoadWriterTest, AppendRejectsLossyType) {
  Exec("CREATE TABLE stock (sku VARCHAR, qty INTEGER)");
  auto result = ExecuteLoad(
      *conn_, Request({"", "stock"}, "SELECT 'A' AS sku, '3' AS qty", LoadMode::kAppend));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(),
            "shop.sf:14: LOAD stock MODE APPEND: column 'qty' is VARCHAR in source, INTEGER in "
            "target");
  EXPECT_EQ(LoadError(Request({"", "stock"}, "SELECT 5.5::DOUBLE AS qty", LoadMode::kAppend)),
            "shop.sf:14: LOAD stock MODE APPEND: column 'qty' is DOUBLE in source, INTEGER in "
            "target");
}

// CSV readers infer BIGINT for whole numbers; DuckDB checks each value of a narrowing integer
// cast, so the load either writes every value exactly or nothing.
TEST_F(LoadWriterTest, AppendNarrowsIntegersOnlyWhenEveryValueFits) {
  Exec("CREATE TABLE stock (sku VARCHAR, qty INTEGER); INSERT INTO stock VALUES ('A', 1)");
  Load(Request({"", "stock"}, "SELECT 'B' AS sku, 5::BIGINT AS qty", LoadMode::kAppend));
  EXPECT_EQ(Query("SELECT * FROM stock ORDER BY sku"), (Rows{"A|1", "B|5"}));
  std::string error = LoadError(
      Request({"", "stock"},
              "SELECT * FROM (VALUES ('C', 7::BIGINT), ('D', 3000000000::BIGINT)) v(sku, qty)",
              LoadMode::kAppend));
  EXPECT_NE(error.find("3000000000"), std::string::npos) << error;
  EXPECT_EQ(Query("SELECT * FROM stock ORDER BY sku"), (Rows{"A|1", "B|5"}));
}

TEST_F(LoadWriterTest, AppendAcceptsLosslessWidening) {
  Exec("CREATE TABLE stock (qty BIGINT, price DECIMAL(12,3), label VARCHAR, seen_at TIMESTAMP)");
  Load(Request({"", "stock"},
               "SELECT 7::SMALLINT AS qty, 1.25::DECIMAL(5,2) AS price, 42 AS label, "
               "DATE '2024-05-01' AS seen_at",
               LoadMode::kAppend));
  EXPECT_EQ(Query("SELECT * FROM stock"), (Rows{"7|1.250|42|2024-05-01 00:00:00"}));
}

TEST_F(LoadWriterTest, MergeUpdatesInsertsAndKeepsUntouchedRows) {
  Exec(
      "CREATE TABLE stock (id INTEGER, qty INTEGER, note VARCHAR);"
      "INSERT INTO stock VALUES (1, 10, 'keep'), (2, 20, 'old'), (3, 30, 'old')");
  auto r =
      Load(Request({"", "stock"}, "SELECT * FROM (VALUES (2, 21), (3, 31), (4, 40)) v(id, qty)",
                   LoadMode::kMerge, {"ID"}));
  ExpectCounts(r, 3, 1, 2);
  // Columns the source lacks keep their value on update and are NULL on insert.
  EXPECT_EQ(Query("SELECT * FROM stock ORDER BY id"),
            (Rows{"1|10|keep", "2|21|old", "3|31|old", "4|40|NULL"}));
  EXPECT_EQ(Query("SELECT count(*) FROM duckdb_tables() WHERE temporary"), (Rows{"0"}));
}

TEST_F(LoadWriterTest, MergeWithCompositeKey) {
  Exec(
      "CREATE TABLE stock (sku VARCHAR, warehouse VARCHAR, qty INTEGER);"
      "INSERT INTO stock VALUES ('A', 'north', 1), ('A', 'south', 2)");
  auto r = Load(Request({"", "stock"},
                        "SELECT * FROM (VALUES ('A', 'south', 5), ('B', 'north', 6)) "
                        "v(sku, warehouse, qty)",
                        LoadMode::kMerge, {"sku", "warehouse"}));
  ExpectCounts(r, 2, 1, 1);
  EXPECT_EQ(Query("SELECT * FROM stock ORDER BY sku, warehouse"),
            (Rows{"A|north|1", "A|south|5", "B|north|6"}));
}

TEST_F(LoadWriterTest, MergeCreatesMissingTargetInSchema) {
  auto r = Load(Request({"inv", "stock"}, "SELECT 1 AS id, 'a' AS v", LoadMode::kMerge, {"id"}));
  ExpectCounts(r, 1, 1, 0);
  EXPECT_EQ(Query("SELECT * FROM inv.stock"), (Rows{"1|a"}));
}

TEST_F(LoadWriterTest, MergeWithOnlyKeyColumnsInsertsNewKeys) {
  Exec(
      "CREATE TABLE ids (id INTEGER, seen BOOLEAN DEFAULT true); INSERT INTO ids VALUES (1, "
      "false)");
  auto r =
      Load(Request({"", "ids"}, "SELECT * FROM (VALUES (1), (2)) v(id)", LoadMode::kMerge, {"id"}));
  ExpectCounts(r, 2, 1, 0);
  EXPECT_EQ(Query("SELECT * FROM ids ORDER BY id"), (Rows{"1|false", "2|true"}));
}

TEST_F(LoadWriterTest, MergeKeyMissingFromSourceOrTarget) {
  Exec("CREATE TABLE stock (id INTEGER, qty INTEGER)");
  EXPECT_EQ(LoadError(Request({"", "stock"}, "SELECT 1 AS qty", LoadMode::kMerge, {"id"})),
            "shop.sf:14: LOAD stock MODE MERGE: key column 'id' is not in the source");
  EXPECT_EQ(LoadError(Request({"", "stock"}, "SELECT 1 AS id, 2 AS sku", LoadMode::kMerge,
                              {"id", "sku"})),
            "shop.sf:14: LOAD stock MODE MERGE: key column 'sku' is not in target table 'stock'");
}

TEST_F(LoadWriterTest, MergeKeyListErrors) {
  EXPECT_EQ(LoadError(Request({"", "stock"}, "SELECT 1 AS id", LoadMode::kMerge)),
            "shop.sf:14: LOAD stock MODE MERGE: a merge needs at least one key column");
  EXPECT_EQ(LoadError(Request({"", "stock"}, "SELECT 1 AS id", LoadMode::kMerge, {"id", "ID"})),
            "shop.sf:14: LOAD stock MODE MERGE: key column 'ID' is listed twice");
}

TEST_F(LoadWriterTest, MergeKeyTypesMustBeCompatible) {
  Exec("CREATE TABLE stock (id INTEGER, qty INTEGER)");
  EXPECT_EQ(
      LoadError(Request({"", "stock"}, "SELECT '1' AS id, 2 AS qty", LoadMode::kMerge, {"id"})),
      "shop.sf:14: LOAD stock MODE MERGE: column 'id' is VARCHAR in source, INTEGER in "
      "target");
}

TEST_F(LoadWriterTest, MergeRejectsDuplicateCompositeKeyWithExample) {
  Exec("CREATE TABLE stock (sku VARCHAR, warehouse VARCHAR, qty INTEGER)");
  EXPECT_EQ(LoadError(Request({"", "stock"},
                              "SELECT * FROM (VALUES ('A-1', 'north', 1), ('A-1', 'north', 2), "
                              "('A-1', 'north', 3), ('B', 'south', 4)) v(sku, warehouse, qty)",
                              LoadMode::kMerge, {"sku", "warehouse"})),
            "shop.sf:14: LOAD stock MODE MERGE: duplicate key (sku, warehouse) = ('A-1', 'north') "
            "appears 3 times in the source");
}

TEST_F(LoadWriterTest, MergeRejectsDuplicateKeyAndCountsOthers) {
  EXPECT_EQ(LoadError(Request({"", "stock"},
                              "SELECT * FROM (VALUES (7, 'it''s'), (7, 'b'), (8, 'c'), (8, 'd')) "
                              "v(id, note)",
                              LoadMode::kMerge, {"id"})),
            "shop.sf:14: LOAD stock MODE MERGE: duplicate key id = 7 appears 2 times in the "
            "source (one of 2 duplicated keys)");
  EXPECT_EQ(LoadError(Request({"", "stock"}, "SELECT * FROM (VALUES ('it''s'), ('it''s')) v(k)",
                              LoadMode::kMerge, {"k"})),
            "shop.sf:14: LOAD stock MODE MERGE: duplicate key k = 'it''s' appears 2 times in the "
            "source");
  EXPECT_EQ(Query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stock'"), (Rows{"0"}));
}

// A source the caller staged is merged where it is: no copy, and the staged rows stay.
TEST_F(LoadWriterTest, MergeReadsAStagedSourceWhereItIs) {
  Exec("CREATE TABLE stock (id INTEGER, qty INTEGER); INSERT INTO stock VALUES (1, 10), (2, 20)");
  Exec("CREATE TEMP TABLE staged AS SELECT * FROM (VALUES (2, 25), (3, 30)) v(id, qty)");
  LoadRequest request = Request({"", "stock"}, "SELECT * FROM staged", LoadMode::kMerge, {"id"});
  request.source_staged = true;
  ExpectCounts(Load(request), 2, 1, 1);
  EXPECT_EQ(Query("SELECT * FROM stock ORDER BY id"), (Rows{"1|10", "2|25", "3|30"}));
  EXPECT_EQ(Query("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY 1"),
            (Rows{"staged"}));
  Exec("INSERT INTO staged VALUES (3, 31)");
  EXPECT_EQ(LoadError(request),
            "shop.sf:14: LOAD stock MODE MERGE: duplicate key id = 3 appears 2 times in the "
            "source");
}

TEST_F(LoadWriterTest, MergeRejectsNullKeys) {
  Exec("CREATE TABLE stock (id INTEGER, qty INTEGER)");
  EXPECT_EQ(LoadError(Request({"", "stock"},
                              "SELECT * FROM (VALUES (NULL, 1), (NULL, 2), (3, 3)) v(id, qty)",
                              LoadMode::kMerge, {"id"})),
            "shop.sf:14: LOAD stock MODE MERGE: key column 'id' is NULL in 2 source rows");
  // A missing target is created from the source and checked there: the failure leaves no table.
  EXPECT_EQ(LoadError(Request({"", "fresh"}, "SELECT * FROM (VALUES (NULL, 1), (3, 3)) v(id, qty)",
                              LoadMode::kMerge, {"id"})),
            "shop.sf:14: LOAD stock MODE MERGE: key column 'id' is NULL in 1 source row");
  EXPECT_EQ(Query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'fresh'"), (Rows{"0"}));
}

TEST_F(LoadWriterTest, MergeWritesQuotedNamesInSchema) {
  Exec(
      "CREATE SCHEMA \"my s\"; CREATE TABLE \"my s\".\"my t\" (\"the id\" INTEGER, \"a b\" "
      "VARCHAR);"
      "INSERT INTO \"my s\".\"my t\" VALUES (1, 'x')");
  Load(Request({"my s", "my t"}, "SELECT 1 AS \"the id\", 'y' AS \"a b\"", LoadMode::kMerge,
               {"the id"}));
  EXPECT_EQ(Query("SELECT * FROM \"my s\".\"my t\""), (Rows{"1|y"}));
}

// A text column named as mostly distinct is declared USING COMPRESSION fsst in a table the load
// creates, in every mode: DuckDB stores it with FSST even where it would pick a dictionary (few
// distinct values here, unlike real mostly distinct columns). Names match case-insensitively;
// non-text and unknown names are ignored. The rows are the same either way.
TEST_F(LoadWriterTest, MostlyDistinctTextColumnsAreStoredWithFsst) {
  std::string path = ::testing::TempDir() + "load_writer_fsst.duckdb";
  std::remove(path.c_str());
  std::remove((path + ".wal").c_str());
  Exec("ATTACH '" + path + "' AS f; USE f");
  const std::string source =
      "SELECT i AS id, 'state ' || (i % 3) AS hinted, 'state ' || (i % 3) AS plain "
      "FROM range(20000) t(i)";
  std::vector<std::string> tables = {"replaced", "appended", "merged"};
  for (LoadMode mode : {LoadMode::kReplace, LoadMode::kAppend, LoadMode::kMerge}) {
    std::string table = tables[static_cast<size_t>(mode)];
    LoadRequest request = Request({"", table}, source, mode, {"id"});
    request.mostly_distinct_text_columns = {"HINTED", "id", "missing"};
    ExpectCounts(Load(request), 20000, 20000, 0);
  }
  Exec("CHECKPOINT f");
  for (const std::string& table : tables) {
    EXPECT_EQ(Query("SELECT DISTINCT column_name || ':' || compression FROM pragma_storage_info('" +
                    table + "') WHERE segment_type = 'VARCHAR' ORDER BY 1"),
              (Rows{"hinted:FSST", "plain:Dictionary"}))
        << table;
    EXPECT_EQ(Query("SELECT count(*), count(DISTINCT hinted), sum(id), "
                    "count(*) FILTER (WHERE hinted = plain) FROM " +
                    table),
              (Rows{"20000|3|199990000|20000"}))
        << table;
  }
  Exec("USE memory; DETACH f");
}

TEST_F(LoadWriterTest, EmptyLabelLeavesTheCauseAlone) {
  LoadRequest request = Request({"", "stock"}, "SELECT 1 AS id", LoadMode::kMerge);
  request.label.clear();
  EXPECT_EQ(LoadError(request), "a merge needs at least one key column");
}

}  // namespace
}  // namespace sqlflow
