#include "runner/schema_check.h"

#include <gtest/gtest.h>

#include "state/schema_snapshots.h"
#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

using Columns = std::vector<ColumnInfo>;
using Lines = std::vector<std::string>;

const Columns kRecorded{
    {"id", "INTEGER", false}, {"qty", "INTEGER", true}, {"region", "VARCHAR", true}};

class SchemaCheckTest : public test::DuckDbTest {
 protected:
  void SetUp() override {
    test::DuckDbTest::SetUp();
    ASSERT_TRUE(RecordLoadedSchema(*conn_, "shop", "orders_src", kRecorded).ok());
    Exec("CREATE TABLE orders (id INTEGER NOT NULL, qty INTEGER, region VARCHAR)");
    Exec("INSERT INTO orders VALUES (1, 2, 'north')");
  }

  SchemaCheckRequest Request(Columns current, SchemaPolicy policy) {
    return {"shop", "orders_src",   std::move(current),
            policy, {"", "orders"}, "pipelines/shop.sf:4: LOAD orders"};
  }

  Lines TargetColumns() {
    return Query(
        "SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM "
        "information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position");
  }
};

TEST_F(SchemaCheckTest, FirstLoadOfASourcePasses) {
  auto result = CheckSchemaAndEvolve(
      *conn_, {"shop", "new_src", {{"x", "VARCHAR", true}}, SchemaPolicy::kAlert, {"", "t"}, "L"});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok());
  EXPECT_TRUE(result->warnings.empty());
}

TEST_F(SchemaCheckTest, UnchangedSchemaPasses) {
  auto result = CheckSchemaAndEvolve(*conn_, Request(kRecorded, SchemaPolicy::kAlert));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->status.ok());
  EXPECT_TRUE(result->warnings.empty());
}

TEST_F(SchemaCheckTest, AlertStopsWithTheFullReport) {
  Columns current{{"id", "INTEGER", false}, {"qty", "VARCHAR", true}, {"coupon", "VARCHAR", true}};
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kAlert));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result->status.message(),
            "pipelines/shop.sf:4: LOAD orders: the schema of source 'orders_src' changed since "
            "the last load (policy: alert):\n"
            "  ~ column 'qty' INTEGER -> VARCHAR (incompatible)\n"
            "  + column 'coupon' VARCHAR (new, nullable)\n"
            "  - column 'region' VARCHAR (removed)\n"
            "To go on, either:\n"
            "  - change the pipeline to match the new schema,\n"
            "  - run `sqlflow schema accept orders_src` to take the new schema as the baseline.");
  EXPECT_EQ(TargetColumns(),
            (Lines{"id INTEGER NO", "qty INTEGER YES", "region VARCHAR YES"}));  // untouched
}

TEST_F(SchemaCheckTest, PermissiveExcludesNewNullableColumnsAndCastsToANarrowerTarget) {
  Columns current{{"id", "BIGINT", false},
                  {"qty", "INTEGER", true},
                  {"region", "VARCHAR", true},
                  {"coupon", "VARCHAR", true}};
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kPermissive));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->excluded_columns, Lines{"coupon"});
  EXPECT_EQ(result->warnings,
            (Lines{"schema of source 'orders_src': ~ column 'id' INTEGER -> BIGINT (compatible): "
                   "loaded as INTEGER, the target column's type (schema_policy: permissive)",
                   "schema of source 'orders_src': + column 'coupon' VARCHAR (new, nullable): not "
                   "loaded (schema_policy: permissive)"}));
  ASSERT_EQ(result->target_type_columns.size(), 1u);
  EXPECT_EQ(result->target_type_columns[0].name, "id");
  EXPECT_EQ(result->target_type_columns[0].type, "INTEGER");
  EXPECT_TRUE(result->evolve_sql.empty());
  EXPECT_EQ(TargetColumns(), (Lines{"id INTEGER NO", "qty INTEGER YES", "region VARCHAR YES"}));
  // What is recorded is what was loaded: the next load leaves 'coupon' out, and casts 'id', again.
  Columns loaded = LoadedColumns(current, *result);
  ASSERT_EQ(loaded.size(), 3u);
  EXPECT_EQ(loaded[0].type, "INTEGER");
  ASSERT_TRUE(RecordLoadedSchema(*conn_, "shop", "orders_src", loaded).ok());
  auto again = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kPermissive));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->excluded_columns, Lines{"coupon"});
  ASSERT_EQ(again->target_type_columns.size(), 1u);
  EXPECT_EQ(again->target_type_columns[0].type, "INTEGER");
}

TEST_F(SchemaCheckTest, PermissiveCastsNothingForAWideEnoughTargetOrAReplace) {
  Columns current{{"id", "INTEGER", false}, {"qty", "BIGINT", true}, {"region", "VARCHAR", true}};
  SchemaCheckRequest replace = Request(current, SchemaPolicy::kPermissive);
  replace.replaces_target = true;
  auto replaced = CheckSchemaAndEvolve(*conn_, replace);
  ASSERT_TRUE(replaced.ok());
  EXPECT_TRUE(replaced->target_type_columns.empty());
  EXPECT_EQ(replaced->warnings,
            Lines{"schema of source 'orders_src': ~ column 'qty' INTEGER -> BIGINT (compatible): "
                  "accepted (schema_policy: permissive)"});
  EXPECT_EQ(LoadedColumns(current, *replaced)[1].type, "BIGINT");

  Exec("ALTER TABLE orders ALTER COLUMN qty SET DATA TYPE HUGEINT");
  auto wide = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kPermissive));
  ASSERT_TRUE(wide.ok());
  EXPECT_TRUE(wide->target_type_columns.empty());
}

TEST_F(SchemaCheckTest, PermissiveStopsOnARemovedColumn) {
  Columns current{{"id", "INTEGER", false}, {"qty", "INTEGER", true}};
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kPermissive));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->status.ok());
  EXPECT_NE(result->status.message().find("- column 'region' VARCHAR (removed)\n"),
            std::string::npos);
}

TEST_F(SchemaCheckTest, EvolveAltersTheTargetInTheLoadsTransaction) {
  Columns current{{"id", "INTEGER", true}, {"qty", "BIGINT", true}, {"coupon", "VARCHAR", false}};
  Exec("BEGIN TRANSACTION");
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kEvolve));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->evolve_sql,
            (Lines{R"(ALTER TABLE "orders" ALTER COLUMN "id" DROP NOT NULL)",
                   R"(ALTER TABLE "orders" ALTER COLUMN "qty" SET DATA TYPE BIGINT)",
                   R"(ALTER TABLE "orders" ADD COLUMN "coupon" VARCHAR)"}));
  ASSERT_EQ(result->null_columns.size(), 1u);
  EXPECT_EQ(result->null_columns[0].name, "region");
  EXPECT_EQ(TargetColumns(), (Lines{"id INTEGER YES", "qty BIGINT YES", "region VARCHAR YES",
                                    "coupon VARCHAR YES"}));
  // The load writes by name, then records what it loaded.
  Exec("INSERT INTO orders BY NAME SELECT NULL::INTEGER AS id, 5000000000 AS qty, 'C' AS coupon");
  ASSERT_TRUE(RecordLoadedSchema(*conn_, "shop", "orders_src", current).ok());
  EXPECT_EQ(Query("SELECT * FROM orders ORDER BY id NULLS LAST"),
            (Lines{"1|2|north|NULL", "NULL|5000000000|NULL|C"}));
  // The load fails later: everything goes back, the evolution and the snapshot included.
  Exec("ROLLBACK");
  EXPECT_EQ(TargetColumns(), (Lines{"id INTEGER NO", "qty INTEGER YES", "region VARCHAR YES"}));
  EXPECT_EQ(Query("SELECT * FROM orders"), Lines{"1|2|north"});
  auto latest = ReadLatestSnapshot(*session_, "shop", "orders_src");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 1);
}

TEST_F(SchemaCheckTest, EvolveStopsOnAnIncompatibleChange) {
  Columns current{{"id", "VARCHAR", false}, {"qty", "INTEGER", true}, {"region", "VARCHAR", true}};
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kEvolve));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->status.ok());
  EXPECT_NE(result->status.message().find("~ column 'id' INTEGER -> VARCHAR (incompatible)"),
            std::string::npos);
  EXPECT_EQ(result->status.message().find("schema_policy\":"), std::string::npos)
      << "no policy accepts an incompatible change";
}

TEST_F(SchemaCheckTest, EvolveWithoutATargetAltersNothing) {
  Exec("DROP TABLE orders");
  Columns current{{"id", "INTEGER", false}, {"qty", "BIGINT", true}, {"region", "VARCHAR", true}};
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kEvolve));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok());
  EXPECT_TRUE(result->evolve_sql.empty());
}

TEST_F(SchemaCheckTest, AFailedAlterIsAnErrorNamingTheTable) {
  // DuckDB cannot change the type of a column an index depends on.
  Exec("DROP TABLE orders");
  Exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, qty INTEGER, region VARCHAR)");
  Columns current{{"id", "BIGINT", false}, {"qty", "INTEGER", true}, {"region", "VARCHAR", true}};
  auto result = CheckSchemaAndEvolve(*conn_, Request(current, SchemaPolicy::kEvolve));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().rfind(
                "pipelines/shop.sf:4: LOAD orders: schema_policy evolve could not change table "
                "'orders' (ALTER TABLE \"orders\" ALTER COLUMN \"id\" SET DATA TYPE BIGINT): ",
                0),
            0u)
      << result.status().message();
}

}  // namespace
}  // namespace sqlflow
