#include "engine/prepared_statement.h"

#include <gtest/gtest.h>

#include "engine/connection.h"

namespace sqlflow {
namespace {

class PreparedStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(Database::Open(DatabaseOptions{}).value());
    conn_ = std::make_unique<Connection>(Connection::Open(*db_).value());
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PreparedStatementTest, BindsEveryKindAndRunsRepeatedly) {
  auto prepared =
      conn_->Prepare("SELECT $1::VARCHAR, $2::VARCHAR, $3::VARCHAR, $4::VARCHAR, $5::VARCHAR");
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_EQ(prepared->ParameterCount(), 5u);
  ASSERT_TRUE(prepared->BindNull(1).ok());
  ASSERT_TRUE(prepared->BindBool(2, true).ok());
  ASSERT_TRUE(prepared->BindInt64(3, -9000000000LL).ok());
  ASSERT_TRUE(prepared->BindDouble(4, 2.5).ok());
  ASSERT_TRUE(prepared->BindString(5, std::string_view("it's \0here", 10)).ok());
  auto result = prepared->Execute();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto rows = result->FetchAllAsStrings();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], std::nullopt);
  EXPECT_EQ((*rows)[0][1], "true");
  EXPECT_EQ((*rows)[0][2], "-9000000000");
  EXPECT_EQ((*rows)[0][3], "2.5");
  EXPECT_EQ((*rows)[0][4], std::string("it's \0here", 10));

  ASSERT_TRUE(prepared->BindString(5, "again").ok());
  auto second = prepared->Execute();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->FetchAllAsStrings()->at(0).at(4), "again");
}

TEST_F(PreparedStatementTest, QuestionMarksAreNumberedFromOne) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t (id INTEGER, name VARCHAR)").ok());
  auto insert = conn_->Prepare("INSERT INTO t VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  EXPECT_EQ(insert->ParameterCount(), 2u);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(insert->BindInt64(1, i).ok());
    ASSERT_TRUE(insert->BindString(2, "n" + std::to_string(i)).ok());
    auto result = insert->Execute();
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->rows_changed(), 1u);
  }
  auto rows = conn_->Query("SELECT string_agg(name, ',' ORDER BY id) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->FetchAllAsStrings()->at(0).at(0), "n1,n2,n3");
}

TEST_F(PreparedStatementTest, IndexOutOfRangeIsInvalidArgument) {
  auto prepared = conn_->Prepare("SELECT ?::INTEGER");
  ASSERT_TRUE(prepared.ok());
  Status zero = prepared->BindInt64(0, 1);
  EXPECT_EQ(zero.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(zero.message(),
            "parameter index 0 is out of range: the statement has 1 parameter(s), numbered from 1");
  EXPECT_EQ(prepared->BindNull(2).code(), StatusCode::kInvalidArgument);
}

TEST_F(PreparedStatementTest, UnboundParameterFailsAtExecute) {
  auto prepared = conn_->Prepare("SELECT ?::INTEGER + ?::INTEGER");
  ASSERT_TRUE(prepared.ok());
  ASSERT_TRUE(prepared->BindInt64(1, 1).ok());
  auto result = prepared->Execute();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kEngineError);
  EXPECT_FALSE(result.status().message().empty());
}

TEST_F(PreparedStatementTest, ExecutionErrorCarriesDuckDbsMessage) {
  auto prepared = conn_->Prepare("SELECT CAST(? AS INTEGER)");
  ASSERT_TRUE(prepared.ok());
  ASSERT_TRUE(prepared->BindString(1, "not a number").ok());
  auto result = prepared->Execute();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("Conversion Error"), std::string::npos)
      << result.status().message();
}

TEST_F(PreparedStatementTest, PrepareRefusesSeveralStatements) {
  auto prepared = conn_->Prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().code(), StatusCode::kEngineError);
}

TEST_F(PreparedStatementTest, MovedFromStatementIsInert) {
  auto prepared = conn_->Prepare("SELECT ?::INTEGER");
  ASSERT_TRUE(prepared.ok());
  PreparedStatement moved = std::move(prepared).value();
  PreparedStatement target = std::move(moved);
  EXPECT_EQ(moved.ParameterCount(), 0u);
  EXPECT_EQ(moved.BindInt64(1, 1).code(), StatusCode::kInternal);
  EXPECT_EQ(moved.Execute().status().code(), StatusCode::kInternal);
  ASSERT_TRUE(target.BindInt64(1, 5).ok());
  auto result = target.Execute();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->FetchAllAsStrings()->at(0).at(0), "5");
}

}  // namespace
}  // namespace sqlflow
