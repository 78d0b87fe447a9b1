// PgSession against the real PostgreSQL server of the tests (scripts/postgres.sh): the session
// calls, and the state tables (watermarks, schema snapshots, runs) written and read through it —
// the same SQL the DuckDB engine runs, so both engines keep state alike.
#include "connectors/postgres/pg_session.h"

#include <gtest/gtest.h>

#include <memory>

#include "common/strings.h"
#include "state/run_store.h"
#include "state/schema_snapshots.h"
#include "state/watermarks.h"
#include "util/postgres_server.h"

namespace sqlflow {
namespace {

class PgSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = test::PostgresTestServer::Get();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    // A database per test: ctest runs the tests of this suite side by side.
    std::string dbname =
        "pgs_" + ToLowerAscii(::testing::UnitTest::GetInstance()->current_test_info()->name());
    Status created = (*server)->CreateDatabase(dbname);
    ASSERT_TRUE(created.ok()) << created.ToString();
    PgConnectOptions options;
    options.host = (*server)->host();
    options.port = (*server)->port();
    options.dbname = dbname;
    options.user = (*server)->user();
    auto conn = PgConnection::Open(options);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::make_unique<PgConnection>(std::move(conn).value());
    session_ = std::make_unique<PgSession>(*conn_);
  }

  std::unique_ptr<PgConnection> conn_;
  std::unique_ptr<PgSession> session_;
};

TEST_F(PgSessionTest, RunsSqlWithParametersAndCountsRows) {
  auto rows =
      session_->QueryRows("SELECT $1::text, $2::bigint + 1, $3::float8 * 2, $4::text IS NULL",
                          {std::string("it's"), int64_t{41}, 1.25, SqlValue()});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0][0], "it's");
  EXPECT_EQ((*rows)[0][1], "42");
  EXPECT_EQ((*rows)[0][2], "2.5");
  EXPECT_EQ((*rows)[0][3], "t");
  ASSERT_TRUE(session_
                  ->Execute("CREATE SCHEMA s; CREATE TABLE s.t (id integer NOT NULL, "
                            "amount numeric(12,2), at timestamptz, tags text[])")
                  .ok());
  auto inserted =
      session_->ExecuteCounting("INSERT INTO s.t (id) VALUES ($1), ($1 + 1)", {int64_t{1}});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(*inserted, 2);
  auto bad = session_->QueryRows("SELECT * FROM s.missing");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kEngineError);
  EXPECT_NE(bad.status().message().find("s.missing"), std::string::npos);
}

TEST_F(PgSessionTest, TheCatalogSpeaksDuckDbTypes) {
  ASSERT_TRUE(session_
                  ->Execute("CREATE SCHEMA s; CREATE TABLE s.t (id integer NOT NULL, "
                            "amount numeric(12,2), at timestamptz, tags text[])")
                  .ok());
  EXPECT_TRUE(session_->TableExists("s", "t").value());
  EXPECT_FALSE(session_->TableExists("s", "u").value());
  EXPECT_FALSE(session_->TableExists("nowhere", "t").value());
  auto table = session_->DescribeTable({"s", "t"});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_TRUE(table->has_value());
  const std::vector<ColumnInfo>& columns = **table;
  ASSERT_EQ(columns.size(), 4u);
  EXPECT_EQ(columns[0].type, "INTEGER");
  EXPECT_FALSE(columns[0].nullable);
  EXPECT_EQ(columns[1].type, "DECIMAL(12,2)");
  EXPECT_EQ(columns[2].type, "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(columns[3].type, "VARCHAR[]");
  auto missing = session_->DescribeTable({"s", "nothing"});
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto query = session_->DescribeQuery("SELECT id, amount * 2 AS twice FROM s.t");
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  ASSERT_EQ(query->size(), 2u);
  EXPECT_EQ((*query)[1].name, "twice");
  EXPECT_FALSE(session_->DescribeQuery("SELECT nope FROM s.t").ok());
}

TEST_F(PgSessionTest, WatermarksAreKeptAndCommitWithTheirTransaction) {
  ASSERT_TRUE(EnsureWatermarkTable(*session_).ok());
  WatermarkKey key{"shop", "orders_src", "orders"};
  ASSERT_TRUE(
      WriteWatermark(*session_, {key, "updated_at", "TIMESTAMP", "2024-01-01 10:00:00"}).ok());
  ASSERT_TRUE(
      WriteWatermark(*session_, {key, "updated_at", "TIMESTAMP", "2024-01-02 10:00:00"}).ok());
  auto read = ReadWatermark(*session_, key);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->value, "2024-01-02 10:00:00");
  EXPECT_EQ((*read)->updated_at.size(), 19u);  // 2026-12-08T02:04:14
  EXPECT_EQ((*read)->updated_at[10], 'T');
  // A transaction that fails keeps the old watermark.
  Status failed = ExecuteInTransaction(*session_, [&] {
    SQLFLOW_RETURN_IF_ERROR(
        WriteWatermark(*session_, {key, "updated_at", "TIMESTAMP", "2030-01-01 00:00:00"}));
    return Status::Invalid("the load failed");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ((*ReadWatermark(*session_, key))->value, "2024-01-02 10:00:00");
  ASSERT_TRUE(WriteWatermark(*session_, {{"shop", "b_src", "b"}, "id", "BIGINT", "7"}).ok());
  auto all = ListWatermarks(*session_, "shop");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(DeleteWatermarks(*session_, "shop", "b_src").value(), 1);
  EXPECT_EQ(DeleteWatermarks(*session_, "shop", "").value(), 1);
}

TEST_F(PgSessionTest, SchemaSnapshotsAndRunsAreRecorded) {
  std::vector<ColumnInfo> v1 = {{"id", "INTEGER", false}};
  auto first = RecordSchemaSnapshot(*session_, "shop", "Orders_Src", v1, SnapshotReason::kLoad);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->written);
  EXPECT_EQ(first->snapshot.version, 1);
  EXPECT_EQ(first->snapshot.captured_at.back(), 'Z');
  std::vector<ColumnInfo> v2 = {{"id", "INTEGER", false}, {"coupon", "VARCHAR", true}};
  auto second = RecordSchemaSnapshot(*session_, "shop", "orders_src", v2, SnapshotReason::kLoad);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->snapshot.version, 2);
  ASSERT_EQ(second->snapshot.changes.size(), 1u);
  auto same = RecordSchemaSnapshot(*session_, "shop", "orders_src", v2, SnapshotReason::kLoad);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->written);
  RunRecord run;
  run.run_id = "r1";
  run.pipeline = "shop";
  run.status = "succeeded";
  run.started_at = "2026-12-08T02:00:00.000Z";
  run.finished_at = "2026-12-08T02:00:01.500Z";
  run.seconds = 1.5;
  run.steps.push_back({"load.orders", "load", "succeeded", 10, -1, 1.25, ""});
  ASSERT_TRUE(RecordRunInDatabase(*session_, run).ok());
  auto rows = session_->QueryRows(
      "SELECT r.seconds, s.rows_read, s.rows_written IS NULL FROM sqlflow.runs r JOIN "
      "sqlflow.run_steps s USING (run_id)");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "1.5");
  EXPECT_EQ((*rows)[0][1], "10");
  EXPECT_EQ((*rows)[0][2], "t");
}

}  // namespace
}  // namespace sqlflow
