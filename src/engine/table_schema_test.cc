#include "engine/table_schema.h"

#include <gtest/gtest.h>

#include <memory>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class TableSchemaTest : public test::DuckDbTest {
 protected:
  // "name TYPE" per column, " NOT NULL" when not nullable.
  static std::vector<std::string> Render(const std::vector<ColumnInfo>& columns) {
    std::vector<std::string> out;
    for (const ColumnInfo& c : columns) {
      out.push_back(c.name + " " + c.type + (c.nullable ? "" : " NOT NULL"));
    }
    return out;
  }
};

using Columns = std::vector<std::string>;

TEST_F(TableSchemaTest, DescribeRelationReportsDuckDbTypes) {
  auto columns = DescribeRelation(
      *conn_,
      "SELECT 1 AS id, 'x' AS name, 1.5::DECIMAL(10,2) AS price, now() AS at, [1, 2] AS tags;");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(Render(*columns), (Columns{"id INTEGER", "name VARCHAR", "price DECIMAL(10,2)",
                                       "at TIMESTAMP WITH TIME ZONE", "tags INTEGER[]"}));
}

TEST_F(TableSchemaTest, DescribeRelationReadsNoRows) {
  auto columns = DescribeRelation(*conn_, "SELECT error('boom')::INTEGER AS x -- never runs");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(Render(*columns), (Columns{"x INTEGER"}));
}

TEST_F(TableSchemaTest, DescribeRelationAcceptsWithAndFromFirst) {
  Exec("CREATE TABLE t (a BIGINT)");
  auto with = DescribeRelation(*conn_, "WITH x AS (SELECT a FROM t) SELECT * FROM x");
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  EXPECT_EQ(Render(*with), (Columns{"a BIGINT"}));
  auto from_first = DescribeRelation(*conn_, "FROM t");
  ASSERT_TRUE(from_first.ok()) << from_first.status().ToString();
  EXPECT_EQ(Render(*from_first), (Columns{"a BIGINT"}));
}

TEST_F(TableSchemaTest, DescribeRelationFailsForUnknownTable) {
  auto columns = DescribeRelation(*conn_, "SELECT * FROM nowhere");
  ASSERT_FALSE(columns.ok());
  EXPECT_EQ(columns.status().code(), StatusCode::kEngineError);
  EXPECT_NE(columns.status().message().find("nowhere"), std::string::npos);
}

TEST_F(TableSchemaTest, DescribeTableReportsColumnsAndNullability) {
  Exec("CREATE TABLE stock (sku VARCHAR NOT NULL, qty INTEGER DEFAULT 0, seen_at TIMESTAMPTZ)");
  auto columns = DescribeTable(*conn_, {"", "stock"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_TRUE(columns->has_value());
  EXPECT_EQ(Render(**columns),
            (Columns{"sku VARCHAR NOT NULL", "qty INTEGER", "seen_at TIMESTAMP WITH TIME ZONE"}));
}

TEST_F(TableSchemaTest, DescribeTableIsCaseInsensitiveAndSchemaAware) {
  Exec("CREATE SCHEMA Sales; CREATE TABLE Sales.\"Big Orders\" (id INTEGER)");
  auto found = DescribeTable(*conn_, {"sales", "big orders"});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(Render(**found), (Columns{"id INTEGER"}));
  auto wrong_schema = DescribeTable(*conn_, {"", "big orders"});
  ASSERT_TRUE(wrong_schema.ok());
  EXPECT_FALSE(wrong_schema->has_value());
}

TEST_F(TableSchemaTest, DescribeTableReturnsNulloptWhenMissing) {
  auto missing = DescribeTable(*conn_, {"", "nothing"});
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_FALSE(missing->has_value());
  auto no_schema = DescribeTable(*conn_, {"nowhere", "nothing"});
  ASSERT_TRUE(no_schema.ok()) << no_schema.status().ToString();
  EXPECT_FALSE(no_schema->has_value());
}

TEST_F(TableSchemaTest, DescribeTableSeesTheTableNotATemporaryViewOfItsName) {
  Exec("CREATE TABLE orders (id INTEGER); CREATE TEMP VIEW orders AS SELECT 'x' AS note");
  auto columns = DescribeTable(*conn_, {"", "orders"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_TRUE(columns->has_value());
  EXPECT_EQ(Render(**columns), (Columns{"id INTEGER"}));
  Exec("CREATE TEMP VIEW notes AS SELECT 'x' AS note");
  auto only_view = DescribeTable(*conn_, {"", "notes"});
  ASSERT_TRUE(only_view.ok()) << only_view.status().ToString();
  EXPECT_FALSE(only_view->has_value());
}

TEST(TableNameTest, RendersForMessagesAndSql) {
  EXPECT_EQ((TableName{"sales", "orders"}).ToString(), "sales.orders");
  EXPECT_EQ((TableName{"", "orders"}).ToString(), "orders");
  EXPECT_EQ((TableName{"my s", "my t"}).Quoted(), "\"my s\".\"my t\"");
  EXPECT_EQ((TableName{"", "a\"b"}).Quoted(), "\"a\"\"b\"");
}

TEST(IsLosslessCastTest, SameTypeAndAliases) {
  EXPECT_TRUE(IsLosslessCast("INTEGER", "INTEGER"));
  EXPECT_TRUE(IsLosslessCast("INT", "integer"));
  EXPECT_TRUE(IsLosslessCast("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"));
  EXPECT_TRUE(IsLosslessCast("VARCHAR(10)", "VARCHAR"));
  EXPECT_TRUE(IsLosslessCast("INTEGER[]", "INTEGER[]"));
  EXPECT_TRUE(IsLosslessCast("STRUCT(a INTEGER)", "STRUCT(a INTEGER)"));
}

TEST(IsLosslessCastTest, IntegerWidening) {
  EXPECT_TRUE(IsLosslessCast("TINYINT", "SMALLINT"));
  EXPECT_TRUE(IsLosslessCast("SMALLINT", "INTEGER"));
  EXPECT_TRUE(IsLosslessCast("INTEGER", "BIGINT"));
  EXPECT_TRUE(IsLosslessCast("BIGINT", "HUGEINT"));
  EXPECT_TRUE(IsLosslessCast("UINTEGER", "BIGINT"));
  EXPECT_TRUE(IsLosslessCast("UTINYINT", "UBIGINT"));
  EXPECT_FALSE(IsLosslessCast("BIGINT", "INTEGER"));
  EXPECT_FALSE(IsLosslessCast("UINTEGER", "INTEGER"));
  EXPECT_FALSE(IsLosslessCast("TINYINT", "UBIGINT"));
}

TEST(IsLosslessCastTest, IntegersToFloatingPointOnlyWhenExact) {
  EXPECT_TRUE(IsLosslessCast("INTEGER", "DOUBLE"));
  EXPECT_TRUE(IsLosslessCast("UINTEGER", "DOUBLE"));
  EXPECT_TRUE(IsLosslessCast("SMALLINT", "FLOAT"));
  EXPECT_FALSE(IsLosslessCast("INTEGER", "FLOAT"));
  EXPECT_FALSE(IsLosslessCast("BIGINT", "DOUBLE"));
  EXPECT_TRUE(IsLosslessCast("FLOAT", "DOUBLE"));
  EXPECT_FALSE(IsLosslessCast("DOUBLE", "FLOAT"));
  EXPECT_FALSE(IsLosslessCast("DOUBLE", "BIGINT"));
}

TEST(IsLosslessCastTest, Decimals) {
  EXPECT_TRUE(IsLosslessCast("DECIMAL(10,2)", "DECIMAL(12,2)"));
  EXPECT_TRUE(IsLosslessCast("DECIMAL(10,2)", "DECIMAL(11,3)"));
  EXPECT_FALSE(IsLosslessCast("DECIMAL(10,2)", "DECIMAL(10,3)"));
  EXPECT_FALSE(IsLosslessCast("DECIMAL(10,2)", "DECIMAL(12,1)"));
  EXPECT_TRUE(IsLosslessCast("NUMERIC(5,2)", "DECIMAL"));  // DECIMAL is DECIMAL(18,3)
  EXPECT_TRUE(IsLosslessCast("INTEGER", "DECIMAL(12,2)"));
  EXPECT_FALSE(IsLosslessCast("INTEGER", "DECIMAL(10,2)"));
  EXPECT_TRUE(IsLosslessCast("BIGINT", "DECIMAL(19,0)"));
  EXPECT_TRUE(IsLosslessCast("DECIMAL(9,0)", "INTEGER"));
  EXPECT_FALSE(IsLosslessCast("DECIMAL(10,0)", "INTEGER"));
  EXPECT_FALSE(IsLosslessCast("DECIMAL(4,1)", "BIGINT"));
  EXPECT_FALSE(IsLosslessCast("DECIMAL(4,0)", "UBIGINT"));
  EXPECT_FALSE(IsLosslessCast("DECIMAL(10,2)", "DOUBLE"));
}

TEST(IsLosslessCastTest, TextAndTime) {
  EXPECT_TRUE(IsLosslessCast("INTEGER", "VARCHAR"));
  EXPECT_TRUE(IsLosslessCast("STRUCT(a INTEGER)", "VARCHAR"));
  EXPECT_FALSE(IsLosslessCast("VARCHAR", "INTEGER"));
  EXPECT_FALSE(IsLosslessCast("VARCHAR", "JSON"));
  EXPECT_TRUE(IsLosslessCast("DATE", "TIMESTAMP"));
  EXPECT_FALSE(IsLosslessCast("TIMESTAMP", "DATE"));
  EXPECT_TRUE(IsLosslessCast("TIMESTAMP_S", "TIMESTAMP"));
  EXPECT_TRUE(IsLosslessCast("TIMESTAMP_MS", "TIMESTAMP"));
  EXPECT_FALSE(IsLosslessCast("TIMESTAMP", "TIMESTAMP_NS"));
  EXPECT_FALSE(IsLosslessCast("TIMESTAMP", "TIMESTAMP WITH TIME ZONE"));
  EXPECT_FALSE(IsLosslessCast("INTEGER[]", "BIGINT[]"));
  EXPECT_FALSE(IsLosslessCast("BOOLEAN", "INTEGER"));
}

}  // namespace
}  // namespace sqlflow
