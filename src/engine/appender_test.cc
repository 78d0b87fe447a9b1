#include "engine/appender.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

class AppenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(Database::Open(DatabaseOptions{}).value());
    conn_ = std::make_unique<Connection>(Connection::Open(*db_).value());
    ASSERT_TRUE(conn_
                    ->Execute("CREATE SCHEMA staging;"
                              "CREATE TABLE staging.rows (b BOOLEAN, i INTEGER, l BIGINT, "
                              "d DOUBLE, s VARCHAR NOT NULL)")
                    .ok());
  }

  StringRows Rows() {
    auto result = conn_->Query("SELECT * FROM staging.rows ORDER BY i NULLS LAST");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result->FetchAllAsStrings().value();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(AppenderTest, AppendsRowsOfEveryKind) {
  auto appender = Appender::Open(*conn_, "staging", "rows");
  ASSERT_TRUE(appender.ok()) << appender.status().ToString();
  ASSERT_TRUE(appender->AppendBool(true).ok());
  ASSERT_TRUE(appender->AppendInt32(1).ok());
  ASSERT_TRUE(appender->AppendInt64(1LL << 40).ok());
  ASSERT_TRUE(appender->AppendDouble(0.25).ok());
  ASSERT_TRUE(appender->AppendString("a string longer than twelve bytes").ok());
  ASSERT_TRUE(appender->EndRow().ok());
  ASSERT_TRUE(appender->AppendNull().ok());
  ASSERT_TRUE(appender->AppendNull().ok());
  ASSERT_TRUE(appender->AppendNull().ok());
  ASSERT_TRUE(appender->AppendNull().ok());
  ASSERT_TRUE(appender->AppendString("short").ok());
  ASSERT_TRUE(appender->EndRow().ok());
  ASSERT_TRUE(appender->Close().ok());

  StringRows rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0],
            (std::vector<std::optional<std::string>>{"true", "1", "1099511627776", "0.25",
                                                     "a string longer than twelve bytes"}));
  EXPECT_EQ(rows[1], (std::vector<std::optional<std::string>>{
                         std::nullopt, std::nullopt, std::nullopt, std::nullopt, "short"}));
}

TEST_F(AppenderTest, FlushMakesRowsVisible) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE plain (x INTEGER)").ok());
  auto appender = Appender::Open(*conn_, "", "plain");
  ASSERT_TRUE(appender.ok()) << appender.status().ToString();
  ASSERT_TRUE(appender->AppendInt32(7).ok());
  ASSERT_TRUE(appender->EndRow().ok());
  ASSERT_TRUE(appender->Flush().ok());
  auto result = conn_->Query("SELECT x FROM plain");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->FetchAllAsStrings()->size(), 1u);
}

TEST_F(AppenderTest, DestructorFlushesPendingRows) {
  {
    auto appender = Appender::Open(*conn_, "staging", "rows");
    ASSERT_TRUE(appender.ok());
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(appender->AppendBool(false).ok());
      ASSERT_TRUE(appender->AppendInt32(i).ok());
      ASSERT_TRUE(appender->AppendInt64(i).ok());
      ASSERT_TRUE(appender->AppendDouble(i).ok());
      ASSERT_TRUE(appender->AppendString("x").ok());
      ASSERT_TRUE(appender->EndRow().ok());
    }
  }
  EXPECT_EQ(Rows().size(), 3u);
}

TEST_F(AppenderTest, MissingTableGivesDuckDbsMessage) {
  auto appender = Appender::Open(*conn_, "staging", "nope");
  ASSERT_FALSE(appender.ok());
  EXPECT_EQ(appender.status().code(), StatusCode::kEngineError);
  EXPECT_EQ(appender.status().message().rfind("cannot append to table 'staging.nope': ", 0), 0u)
      << appender.status().message();
  EXPECT_NE(appender.status().message().find("nope"), std::string::npos);
}

TEST_F(AppenderTest, IncompleteRowIsAnError) {
  auto appender = Appender::Open(*conn_, "staging", "rows");
  ASSERT_TRUE(appender.ok());
  ASSERT_TRUE(appender->AppendBool(true).ok());
  Status status = appender->EndRow();
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_FALSE(status.message().empty());
}

TEST_F(AppenderTest, TooManyValuesIsAnError) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE one (x INTEGER)").ok());
  auto appender = Appender::Open(*conn_, "", "one");
  ASSERT_TRUE(appender.ok());
  ASSERT_TRUE(appender->AppendInt32(1).ok());
  Status status = appender->AppendInt32(2);
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_FALSE(status.message().empty());
}

TEST_F(AppenderTest, ConstraintViolationSurfacesOnClose) {
  auto appender = Appender::Open(*conn_, "staging", "rows");
  ASSERT_TRUE(appender.ok());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(appender->AppendNull().ok());
  ASSERT_TRUE(appender->AppendNull().ok());  // s is NOT NULL
  ASSERT_TRUE(appender->EndRow().ok());
  Status status = appender->Close();
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_NE(status.message().find("NOT NULL"), std::string::npos) << status.message();
}

TEST_F(AppenderTest, MovedFromAppenderIsInert) {
  auto appender = Appender::Open(*conn_, "staging", "rows");
  ASSERT_TRUE(appender.ok());
  Appender moved = std::move(appender).value();
  Appender target = std::move(moved);
  EXPECT_EQ(moved.AppendInt32(1).code(), StatusCode::kInternal);
  EXPECT_TRUE(target.Close().ok());
}

}  // namespace
}  // namespace sqlflow
