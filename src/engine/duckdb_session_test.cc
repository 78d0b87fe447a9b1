#include "engine/duckdb_session.h"

#include <gtest/gtest.h>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class DuckDbSessionTest : public test::DuckDbTest {};

// The value of `result`, failing the test (and giving `fallback`) when it is an error.
template <typename T>
T Ok(Result<T> result, T fallback) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : fallback;
}

TEST_F(DuckDbSessionTest, BindsEveryKindOfParameterAndReadsRowsAsText) {
  auto rows = session_->QueryRows("SELECT $1::VARCHAR, $2::BIGINT + 1, $3::DOUBLE * 2, $4 IS NULL",
                                  {std::string("it's"), int64_t{41}, 1.25, SqlValue()});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "it's");
  EXPECT_EQ((*rows)[0][1], "42");
  EXPECT_EQ((*rows)[0][2], "2.5");
  EXPECT_EQ((*rows)[0][3], "true");
  auto nulls = session_->QueryRows("SELECT NULL");
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ((*nulls)[0][0], std::nullopt);
}

TEST_F(DuckDbSessionTest, CountsRowsChangedAndTellsWhetherATableExists) {
  EXPECT_EQ(Ok(session_->TableExists("s", "t"), true), false);  // no schema either
  Exec("CREATE SCHEMA s; CREATE TABLE s.t (a INTEGER)");
  EXPECT_EQ(Ok(session_->TableExists("s", "t"), false), true);
  EXPECT_EQ(Ok(session_->TableExists("s", "u"), true), false);
  auto inserted =
      session_->ExecuteCounting("INSERT INTO s.t VALUES ($1), ($1 + 1), (3)", {int64_t{1}});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(*inserted, 3);
  EXPECT_EQ(Ok(session_->ExecuteCounting("DELETE FROM s.t WHERE a > 1"), int64_t{-1}), 2);
  auto bad = session_->QueryRows("SELECT * FROM s.missing");
  EXPECT_FALSE(bad.ok());
}

TEST_F(DuckDbSessionTest, DescribesTablesAndQueriesWithDuckDbTypes) {
  Exec("CREATE SCHEMA s; CREATE TABLE s.t (id INTEGER NOT NULL, amount DECIMAL(18,3))");
  auto table = session_->DescribeTable({"s", "t"});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_TRUE(table->has_value());
  ASSERT_EQ((*table)->size(), 2u);
  EXPECT_EQ((**table)[0].name, "id");
  EXPECT_EQ((**table)[0].type, "INTEGER");
  EXPECT_FALSE((**table)[0].nullable);
  EXPECT_EQ((**table)[1].type, "DECIMAL(18,3)");
  auto missing = session_->DescribeTable({"s", "nothing"});
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto query = session_->DescribeQuery("SELECT id, amount * 2 AS twice FROM s.t");
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  ASSERT_EQ(query->size(), 2u);
  EXPECT_EQ((*query)[1].name, "twice");
  EXPECT_FALSE(session_->DescribeQuery("SELECT nope FROM s.t").ok());
}

TEST_F(DuckDbSessionTest, ExecuteInTransactionCommitsOrRollsBackEverything) {
  Exec("CREATE TABLE t (a INTEGER)");
  Status ok = ExecuteInTransaction(*session_,
                                   [&] { return session_->Execute("INSERT INTO t VALUES (1)"); });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  Status failed = ExecuteInTransaction(*session_, [&] {
    SQLFLOW_RETURN_IF_ERROR(session_->Execute("INSERT INTO t VALUES (2)"));
    return Status::Invalid("the body failed");
  });
  EXPECT_EQ(failed.message(), "the body failed");
  EXPECT_EQ(Query("SELECT a FROM t"), std::vector<std::string>{"1"});
}

}  // namespace
}  // namespace sqlflow
