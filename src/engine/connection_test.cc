#include "engine/connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class ConnectionTest : public test::DuckDbTest {
 protected:
  // The single value `sql` returns, as text.
  std::optional<std::string> Scalar(const std::string& sql) {
    auto result = conn_->Query(sql);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return "<error>";
    auto rows = result->FetchAllAsStrings();
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows->at(0).at(0);
  }
};

TEST_F(ConnectionTest, ExecuteRunsSeveralStatements) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)").ok());
  EXPECT_EQ(Scalar("SELECT sum(x) FROM t"), "3");
}

TEST_F(ConnectionTest, QueryReportsRowsChanged) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t (x INTEGER)").ok());
  auto inserted = conn_->Query("INSERT INTO t SELECT * FROM range(5)");
  ASSERT_TRUE(inserted.ok());
  EXPECT_EQ(inserted->rows_changed(), 5u);
  auto deleted = conn_->Query("DELETE FROM t WHERE x < 2");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->rows_changed(), 2u);
  auto selected = conn_->Query("SELECT * FROM t");
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(selected->rows_changed(), 0u);
}

TEST_F(ConnectionTest, QueryBigIntReadsOneCount) {
  Result<int64_t> n = conn_->QueryBigInt("SELECT count(*) FROM range(42)");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 42);
  EXPECT_EQ(conn_->QueryBigInt("SELECT 'x'").status().code(), StatusCode::kInternal);
  EXPECT_EQ(conn_->QueryBigInt("SELECT NULL::BIGINT").status().code(), StatusCode::kInternal);
  EXPECT_EQ(conn_->QueryBigInt("SELECT 1 WHERE false").status().code(), StatusCode::kInternal);
}

TEST_F(ConnectionTest, QueryUnlessMissingTellsAMissingTableFromOtherErrors) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t AS SELECT 7 AS x").ok());
  auto found = conn_->QueryUnlessMissing("SELECT x FROM t");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  auto missing_table = conn_->QueryUnlessMissing("SELECT x FROM nowhere");
  ASSERT_TRUE(missing_table.ok()) << missing_table.status().ToString();
  EXPECT_FALSE(missing_table->has_value());
  auto missing_schema = conn_->QueryUnlessMissing("DESCRIBE nowhere.t");
  ASSERT_TRUE(missing_schema.ok()) << missing_schema.status().ToString();
  EXPECT_FALSE(missing_schema->has_value());
  EXPECT_EQ(conn_->QueryUnlessMissing("SELECT y FROM t").status().code(), StatusCode::kEngineError);
  EXPECT_EQ(conn_->QueryUnlessMissing("SELEC 1").status().code(), StatusCode::kEngineError);
}

// A streaming result is produced while it is read: an error past the first rows fails the read,
// where Query() fails before returning anything.
TEST_F(ConnectionTest, QueryStreamingRunsTheStatementWhileItIsRead) {
  const std::string sql =
      "SELECT CASE WHEN i < 5000000 THEN i ELSE error('late failure') END AS v FROM "
      "range(10000000) "
      "AS t(i)";
  EXPECT_EQ(conn_->Query(sql).status().code(), StatusCode::kEngineError);
  auto streaming = conn_->QueryStreaming(sql);
  ASSERT_TRUE(streaming.ok()) << streaming.status().ToString();
  EXPECT_EQ(streaming->column_names(), std::vector<std::string>{"v"});
  size_t rows = 0;
  Status failed;
  for (;;) {
    auto chunk = streaming->NextChunk();
    if (!chunk.ok()) {
      failed = chunk.status();
      break;
    }
    if (!chunk->has_value()) break;
    rows += (*chunk)->row_count();
  }
  EXPECT_LT(rows, 5000000u);
  EXPECT_NE(failed.message().find("late failure"), std::string::npos) << failed.ToString();

  auto whole = conn_->QueryStreaming("SELECT i FROM range(10000) AS t(i)");
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  size_t count = 0;
  for (;;) {
    auto chunk = whole->NextChunk();
    ASSERT_TRUE(chunk.ok()) << chunk.status().ToString();
    if (!chunk->has_value()) break;
    count += (*chunk)->row_count();
  }
  EXPECT_EQ(count, 10000u);
  EXPECT_EQ(conn_->QueryStreaming("SELEC 1").status().code(), StatusCode::kEngineError);
}

TEST_F(ConnectionTest, SyntaxErrorCarriesDuckDbsMessage) {
  Status status = conn_->Execute("SELEC 1");
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_EQ(status.message(),
            "Parser Error: syntax error at or near \"SELEC\"\n\nLINE 1: SELEC 1\n        ^");
}

TEST_F(ConnectionTest, CatalogErrorCarriesDuckDbsMessage) {
  auto result = conn_->Query("SELECT * FROM missing_table");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kEngineError);
  EXPECT_NE(result.status().message().find(
                "Catalog Error: Table with name missing_table does not exist!"),
            std::string::npos)
      << result.status().message();
}

TEST_F(ConnectionTest, ErrorInLaterStatementKeepsEarlierOnes) {
  Status status = conn_->Execute("CREATE TABLE a (x INTEGER); SELECT * FROM nope");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM a"), "0");
}

TEST_F(ConnectionTest, RollbackDiscardsTheTransaction) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t (x INTEGER)").ok());
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Execute("INSERT INTO t VALUES (1)").ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "1");
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "0");
}

TEST_F(ConnectionTest, CommitKeepsTheTransactionForOtherConnections) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t (x INTEGER)").ok());
  auto other = Connection::Open(*db_);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Execute("INSERT INTO t VALUES (1)").ok());
  auto before = other->Query("SELECT count(*)::VARCHAR FROM t");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->FetchAllAsStrings()->at(0).at(0), "0");
  ASSERT_TRUE(conn_->Commit().ok());
  auto after = other->Query("SELECT count(*)::VARCHAR FROM t");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->FetchAllAsStrings()->at(0).at(0), "1");
}

TEST_F(ConnectionTest, CommitWithoutTransactionFails) {
  Status status = conn_->Commit();
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_NE(status.message().find("no transaction is active"), std::string::npos)
      << status.message();
}

TEST_F(ConnectionTest, InterruptStopsARunningQueryFromAnotherThread) {
  std::atomic<bool> done{false};
  Status status;
  std::thread worker([&] {
    status =
        conn_->Execute("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b");
    done = true;
  });
  auto start = std::chrono::steady_clock::now();
  while (!done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    conn_->Interrupt();
  }
  worker.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_NE(status.message().find("Interrupt"), std::string::npos) << status.message();
  // The connection stays usable.
  EXPECT_EQ(Scalar("SELECT 42"), "42");
}

TEST_F(ConnectionTest, InterruptWhileIdleDoesNotAffectTheNextQuery) {
  conn_->Interrupt();
  EXPECT_EQ(Scalar("SELECT 7"), "7");
}

TEST_F(ConnectionTest, AnInterruptedTransactionRollsBackInsteadOfCommitting) {
  Exec("CREATE TABLE t (x INTEGER)");
  ASSERT_TRUE(conn_->Begin().ok());
  Exec("INSERT INTO t VALUES (1)");
  conn_->Interrupt();  // between statements: DuckDB itself would forget it
  Status committed = conn_->Commit();
  EXPECT_EQ(committed.code(), StatusCode::kEngineError);
  EXPECT_EQ(committed.message(),
            "interrupted before COMMIT; the transaction was rolled back and nothing was written");
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "0");
  // The next transaction is not marked.
  ASSERT_TRUE(conn_->Begin().ok());
  Exec("INSERT INTO t VALUES (2)");
  EXPECT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(Scalar("SELECT sum(x) FROM t"), "2");
}

// Whatever the moment of the interrupts, Commit() succeeds exactly when the rows were committed.
TEST_F(ConnectionTest, CommitSaysWhetherItCommittedUnderInterrupts) {
  Exec("CREATE TABLE t (x INTEGER)");
  auto other = Connection::Open(*db_);
  ASSERT_TRUE(other.ok());
  std::atomic<bool> stop{false};
  std::thread interrupter([&] {
    while (!stop) {
      conn_->Interrupt();
      std::this_thread::yield();
    }
  });
  int64_t rows = 0;
  int committed = 0;
  for (int i = 0; i < 1000; ++i) {
    if (!conn_->Begin().ok()) continue;
    if (!conn_->Execute("INSERT INTO t SELECT * FROM range(100)").ok()) {
      (void)conn_->Rollback();
      continue;
    }
    bool ok = conn_->Commit().ok();
    committed += ok;
    rows += ok ? 100 : 0;
    auto count = other->QueryBigInt("SELECT count(*) FROM t");
    ASSERT_TRUE(count.ok()) << count.status().ToString();
    ASSERT_EQ(*count, rows) << "after transaction " << i << ", Commit() said " << ok;
  }
  stop = true;
  interrupter.join();
  RecordProperty("committed", committed);
}

TEST_F(ConnectionTest, MovedFromConnectionIsInertAndTargetWorks) {
  Connection moved = std::move(*conn_);
  EXPECT_EQ(conn_->Execute("SELECT 1").code(), StatusCode::kInternal);
  conn_->Interrupt();  // no-op on a moved-from connection
  auto other = Connection::Open(*db_);
  ASSERT_TRUE(other.ok());
  *other = std::move(moved);
  EXPECT_TRUE(other->Execute("SELECT 1").ok());
}

TEST_F(ConnectionTest, PrepareErrorCarriesDuckDbsMessage) {
  auto prepared = conn_->Prepare("SELECT * FROM missing_table WHERE x = ?");
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().code(), StatusCode::kEngineError);
  EXPECT_NE(prepared.status().message().find("Table with name missing_table does not exist"),
            std::string::npos)
      << prepared.status().message();
}

}  // namespace
}  // namespace sqlflow
