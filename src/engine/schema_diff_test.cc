#include "engine/schema_diff.h"

#include <gtest/gtest.h>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

using Columns = std::vector<ColumnInfo>;
using Lines = std::vector<std::string>;

ColumnInfo Col(std::string name, std::string type, bool nullable = true) {
  return ColumnInfo{std::move(name), std::move(type), nullable};
}

Lines Describe(const std::vector<SchemaChange>& changes) {
  Lines out;
  for (const SchemaChange& c : changes) out.push_back(c.Describe());
  return out;
}

// The one change between `before` and `after`.
SchemaChange OnlyChange(const Columns& before, const Columns& after) {
  std::vector<SchemaChange> changes = DiffSchemas(before, after);
  EXPECT_EQ(changes.size(), 1u) << ::testing::PrintToString(Describe(changes));
  return changes.empty() ? SchemaChange{} : changes[0];
}

TEST(SchemaDiff, NoChangeForTheSameSchemaOrTypeSpelledDifferently) {
  Columns a{Col("id", "INTEGER", false), Col("name", "VARCHAR(20)")};
  Columns b{Col("ID", "INT", false), Col("Name", "VARCHAR")};
  EXPECT_TRUE(DiffSchemas(a, a).empty());
  EXPECT_TRUE(DiffSchemas(a, b).empty());
}

TEST(SchemaDiff, ReportsEachKindOfChange) {
  Columns before{Col("id", "INTEGER"), Col("qty", "INTEGER"), Col("region", "VARCHAR"),
                 Col("price", "FLOAT", false)};
  Columns after{Col("id", "BIGINT", false), Col("qty", "VARCHAR"), Col("price", "DOUBLE"),
                Col("coupon", "VARCHAR")};
  EXPECT_EQ(
      Describe(DiffSchemas(before, after)),
      (Lines{"~ column 'id' INTEGER -> BIGINT (compatible)", "~ column 'id' nullable -> NOT NULL",
             "~ column 'qty' INTEGER -> VARCHAR (incompatible)",
             "~ column 'price' FLOAT -> DOUBLE (compatible)",
             "~ column 'price' NOT NULL -> nullable", "+ column 'coupon' VARCHAR (new, nullable)",
             "- column 'region' VARCHAR (removed)"}));
}

TEST(SchemaDiff, ClassifiesWideningAndIncompatibleTypeChanges) {
  EXPECT_TRUE(IsCompatibleWidening("INTEGER", "BIGINT"));
  EXPECT_TRUE(IsCompatibleWidening("FLOAT", "DOUBLE"));
  EXPECT_TRUE(IsCompatibleWidening("DECIMAL(10,2)", "DECIMAL(18,3)"));
  EXPECT_FALSE(IsCompatibleWidening("VARCHAR(10)", "VARCHAR"));  // the same type: no change
  EXPECT_TRUE(IsSameType("VARCHAR(10)", "VARCHAR"));
  EXPECT_FALSE(IsCompatibleWidening("BIGINT", "INTEGER"));
  EXPECT_FALSE(IsCompatibleWidening("INTEGER", "VARCHAR"));  // a change of kind
  EXPECT_FALSE(IsCompatibleWidening("DECIMAL(18,3)", "DOUBLE"));
  EXPECT_FALSE(IsCompatibleWidening("DECIMAL(10,2)", "DECIMAL(10,3)"));
}

TEST(SchemaDiff, MovesAreOnlyColumnsWhoseRelativeOrderChanged) {
  Columns before{Col("a", "INTEGER"), Col("b", "INTEGER"), Col("c", "INTEGER")};
  // Removing 'a' shifts the others but moves none of them.
  EXPECT_EQ(Describe(DiffSchemas(before, {Col("b", "INTEGER"), Col("c", "INTEGER")})),
            (Lines{"- column 'a' INTEGER (removed)"}));
  EXPECT_EQ(Describe(DiffSchemas(before,
                                 {Col("a", "INTEGER"), Col("c", "INTEGER"), Col("b", "INTEGER")})),
            (Lines{"> column 'b' moved from position 2 to 3"}));
}

// SPEC §3.4's table: every change kind under every policy.
struct Cell {
  const char* name;
  Columns before;
  Columns after;
  DriftDecision alert, permissive, evolve;
};

TEST(SchemaDiff, DecidesEveryCellOfThePolicyTable) {
  using D = DriftDecision;
  const Cell cells[] = {
      {"new nullable column",
       {Col("a", "INTEGER")},
       {Col("a", "INTEGER"), Col("b", "VARCHAR")},
       D::kStop,
       D::kExcludeColumn,
       D::kAddColumn},
      {"new non-nullable column",
       {Col("a", "INTEGER")},
       {Col("a", "INTEGER"), Col("b", "VARCHAR", false)},
       D::kStop,
       D::kStop,
       D::kAddColumn},
      {"removed column",
       {Col("a", "INTEGER"), Col("b", "VARCHAR")},
       {Col("a", "INTEGER")},
       D::kStop,
       D::kStop,
       D::kFillNull},
      {"int -> bigint",
       {Col("a", "INTEGER")},
       {Col("a", "BIGINT")},
       D::kStop,
       D::kAccept,
       D::kWidenColumn},
      {"float -> double",
       {Col("a", "FLOAT")},
       {Col("a", "DOUBLE")},
       D::kStop,
       D::kAccept,
       D::kWidenColumn},
      {"decimal widening",
       {Col("a", "DECIMAL(9,2)")},
       {Col("a", "DECIMAL(18,2)")},
       D::kStop,
       D::kAccept,
       D::kWidenColumn},
      {"incompatible type",
       {Col("a", "BIGINT")},
       {Col("a", "INTEGER")},
       D::kStop,
       D::kStop,
       D::kStop},
      {"to text", {Col("a", "INTEGER")}, {Col("a", "VARCHAR")}, D::kStop, D::kStop, D::kStop},
      {"nullable -> not null",
       {Col("a", "INTEGER")},
       {Col("a", "INTEGER", false)},
       D::kStop,
       D::kStop,
       D::kAccept},
      {"not null -> nullable",
       {Col("a", "INTEGER", false)},
       {Col("a", "INTEGER")},
       D::kStop,
       D::kAccept,
       D::kRelaxNotNull},
      {"moved",
       {Col("a", "INTEGER"), Col("b", "INTEGER")},
       {Col("b", "INTEGER"), Col("a", "INTEGER")},
       D::kAccept,
       D::kAccept,
       D::kAccept},
  };
  for (const Cell& cell : cells) {
    SCOPED_TRACE(cell.name);
    SchemaChange change = OnlyChange(cell.before, cell.after);
    EXPECT_EQ(ToString(DecideDrift(change, SchemaPolicy::kAlert)), ToString(cell.alert));
    EXPECT_EQ(ToString(DecideDrift(change, SchemaPolicy::kPermissive)), ToString(cell.permissive));
    EXPECT_EQ(ToString(DecideDrift(change, SchemaPolicy::kEvolve)), ToString(cell.evolve));
  }
}

TEST(SchemaDiff, PolicyAcceptsOnlyWhenNoChangeStops) {
  auto changes = DiffSchemas({Col("a", "INTEGER")}, {Col("a", "BIGINT"), Col("b", "VARCHAR")});
  EXPECT_FALSE(PolicyAccepts(changes, SchemaPolicy::kAlert));
  EXPECT_TRUE(PolicyAccepts(changes, SchemaPolicy::kPermissive));
  EXPECT_TRUE(PolicyAccepts(changes, SchemaPolicy::kEvolve));
  EXPECT_TRUE(PolicyAccepts({}, SchemaPolicy::kAlert));
}

TEST(SchemaDiff, ParsesPoliciesFromParams) {
  EXPECT_EQ(*SchemaPolicyFromParams(R"({"path": "x"})", SchemaPolicy::kPermissive, "L"),
            SchemaPolicy::kPermissive);
  EXPECT_EQ(*SchemaPolicyFromParams(R"({"schema_policy": "Evolve"})", SchemaPolicy::kAlert, "L"),
            SchemaPolicy::kEvolve);
  auto bad = SchemaPolicyFromParams(R"({"schema_policy": "loose"})", SchemaPolicy::kAlert, "L");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "L: unknown schema_policy 'loose'; use \"alert\" (the default), \"permissive\" or "
            "\"evolve\"");
  EXPECT_FALSE(SchemaPolicyFromParams(R"({"schema_policy": 1})", SchemaPolicy::kAlert, "L").ok());
}

TEST(SchemaDiff, FormatsTheReportOfAStoppedLoad) {
  Columns before{Col("id", "INTEGER"), Col("qty", "INTEGER"), Col("region", "VARCHAR")};
  Columns after{Col("id", "INTEGER"), Col("qty", "VARCHAR"), Col("coupon", "VARCHAR")};
  EXPECT_EQ(FormatDriftReport("pipelines/shop.sf:4: LOAD orders", "orders_src",
                              DiffSchemas(before, after), SchemaPolicy::kAlert),
            "pipelines/shop.sf:4: LOAD orders: the schema of source 'orders_src' changed since "
            "the last load (policy: alert):\n"
            "  ~ column 'qty' INTEGER -> VARCHAR (incompatible)\n"
            "  + column 'coupon' VARCHAR (new, nullable)\n"
            "  - column 'region' VARCHAR (removed)\n"
            "To go on, either:\n"
            "  - change the pipeline to match the new schema,\n"
            "  - run `sqlflow schema accept orders_src` to take the new schema as the baseline.");
}

TEST(SchemaDiff, ReportMarksAcceptedChangesAndNamesThePoliciesThatWouldAccept) {
  Columns before{Col("id", "INTEGER"), Col("region", "VARCHAR")};
  Columns after{Col("id", "BIGINT"), Col("coupon", "VARCHAR")};
  EXPECT_EQ(FormatDriftReport("L", "s", DiffSchemas(before, after), SchemaPolicy::kPermissive),
            "L: the schema of source 's' changed since the last load (policy: permissive):\n"
            "  ~ column 'id' INTEGER -> BIGINT (compatible; accepted: accepted)\n"
            "  + column 'coupon' VARCHAR (new, nullable; accepted: not loaded)\n"
            "  - column 'region' VARCHAR (removed)\n"
            "To go on, either:\n"
            "  - change the pipeline to match the new schema,\n"
            "  - run `sqlflow schema accept s` to take the new schema as the baseline, or\n"
            "  - set \"schema_policy\": \"evolve\" on SOURCE s.");
  auto added = DiffSchemas({Col("a", "INTEGER")}, {Col("a", "INTEGER"), Col("b", "VARCHAR")});
  EXPECT_NE(FormatDriftReport("L", "s", added, SchemaPolicy::kAlert)
                .find("set \"schema_policy\": \"permissive\" or \"evolve\" on SOURCE s."),
            std::string::npos);
  EXPECT_EQ(DescribeAccepted("s", added[0], SchemaPolicy::kPermissive),
            "schema of source 's': + column 'b' VARCHAR (new, nullable): not loaded "
            "(schema_policy: permissive)");
}

TEST(SchemaDiff, EvolveStatementsFollowTheTargetsCurrentColumns) {
  Columns before{Col("id", "INTEGER", false), Col("qty", "INTEGER"), Col("gone", "VARCHAR")};
  Columns after{Col("id", "INTEGER"), Col("qty", "BIGINT"), Col("coupon", "VARCHAR", false)};
  auto changes = DiffSchemas(before, after);
  TableName target{"sales", "orders"};
  EXPECT_EQ(EvolveStatements(target, before, changes, SchemaPolicy::kEvolve),
            (Lines{R"(ALTER TABLE "sales"."orders" ALTER COLUMN "id" DROP NOT NULL)",
                   R"(ALTER TABLE "sales"."orders" ALTER COLUMN "qty" SET DATA TYPE BIGINT)",
                   R"(ALTER TABLE "sales"."orders" ADD COLUMN "coupon" VARCHAR)"}));
  // A target that already has what the source needs is left alone.
  Columns evolved{Col("ID", "INTEGER"), Col("qty", "HUGEINT"), Col("coupon", "VARCHAR")};
  EXPECT_EQ(EvolveStatements(target, evolved, changes, SchemaPolicy::kEvolve), Lines{});
  EXPECT_EQ(EvolveStatements(target, before, changes, SchemaPolicy::kPermissive), Lines{});
  EXPECT_EQ(EvolveStatements(target, before, changes, SchemaPolicy::kAlert), Lines{});
}

class SchemaEvolveTest : public test::DuckDbTest {};

TEST_F(SchemaEvolveTest, EvolveStatementsRunOnDuckDbAndRollBackWithTheTransaction) {
  Exec("CREATE TABLE orders (id INTEGER NOT NULL, qty INTEGER, price FLOAT)");
  Exec("INSERT INTO orders VALUES (1, 2, 1.5)");
  Columns before{Col("id", "INTEGER", false), Col("qty", "INTEGER"), Col("price", "FLOAT")};
  Columns after{Col("id", "INTEGER"), Col("qty", "BIGINT"), Col("price", "DOUBLE"),
                Col("coupon", "VARCHAR")};
  auto target_columns = DescribeTable(*conn_, {"", "orders"});
  ASSERT_TRUE(target_columns.ok() && target_columns->has_value());
  Lines sql = EvolveStatements({"", "orders"}, **target_columns, DiffSchemas(before, after),
                               SchemaPolicy::kEvolve);
  ASSERT_EQ(sql.size(), 4u);
  Exec("BEGIN TRANSACTION");
  for (const std::string& s : sql) Exec(s);
  Exec(
      "INSERT INTO orders BY NAME SELECT NULL::INTEGER AS id, 3000000000 AS qty, "
      "0.1::DOUBLE AS price, 'X' AS coupon");
  EXPECT_EQ(Query("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                  "WHERE table_name = 'orders' ORDER BY ordinal_position"),
            (Lines{"id|INTEGER|YES", "qty|BIGINT|YES", "price|DOUBLE|YES", "coupon|VARCHAR|YES"}));
  EXPECT_EQ(Query("SELECT count(*) FROM orders"), Lines{"2"});
  Exec("ROLLBACK");
  EXPECT_EQ(Query("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                  "WHERE table_name = 'orders' ORDER BY ordinal_position"),
            (Lines{"id|INTEGER|NO", "qty|INTEGER|YES", "price|FLOAT|YES"}));
  EXPECT_EQ(Query("SELECT * FROM orders"), Lines{"1|2|1.5"});
}

}  // namespace
}  // namespace sqlflow
