#include "connectors/postgres/pg_copy_prefetcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "util/postgres_duckdb_test.h"

namespace sqlflow {
namespace {

class PgCopyPrefetcherTest : public test::PostgresDuckDbTest {
 protected:
  PgCopyPrefetcherTest() : PostgresDuckDbTest("pgprefetch") {}

  void SetUp() override {
    PostgresDuckDbTest::SetUp();
    Result<PgConnectOptions> options = ParsePgConnectOptions(server_->ParamsJson(pg_db_));
    ASSERT_TRUE(options.ok()) << options.status().ToString();
    Result<PgConnection> conn = PgConnection::Open(*options);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_pg_ = std::make_unique<PgConnection>(std::move(conn).value());
  }

  std::unique_ptr<PgCopyPrefetcher> Start(const std::string& query, size_t max_rows) {
    return std::make_unique<PgCopyPrefetcher>(
        conn_pg_.get(), "COPY (" + query + ") TO STDOUT (FORMAT binary)", max_rows,
        [](const Status& status) { return Status::IoError("explained: " + status.message()); });
  }

  std::unique_ptr<PgConnection> conn_pg_;
};

uint32_t BigEndian(const std::string& bytes, size_t at, size_t width) {
  uint32_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

// The int4 values of a batch of one-column tuples; fails the test when the batch is not a
// minimal binary COPY stream (header, tuples, trailer) of `rows` tuples.
std::vector<int32_t> Int4Values(const PgCopyPrefetcher::Batch& batch) {
  const std::string& b = batch.bytes;
  std::vector<int32_t> values;
  EXPECT_EQ(b.substr(0, 11), std::string("PGCOPY\n\xff\r\n\0", 11));
  size_t at = 19;
  while (at + 2 <= b.size() && BigEndian(b, at, 2) != 0xffff) {
    EXPECT_EQ(BigEndian(b, at, 2), 1u);  // one field
    EXPECT_EQ(BigEndian(b, at + 2, 4), 4u);
    values.push_back(static_cast<int32_t>(BigEndian(b, at + 6, 4)));
    at += 10;
  }
  EXPECT_EQ(at + 2, b.size()) << "the batch ends with the trailer";
  EXPECT_EQ(values.size(), batch.rows);
  return values;
}

TEST_F(PgCopyPrefetcherTest, CutsTheStreamIntoBatchesOfWholeTuples) {
  auto stream = Start("SELECT g::int4 FROM generate_series(1, 10500) g", 1000);
  std::vector<int32_t> all;
  PgCopyPrefetcher::Batch batch;
  size_t batches = 0;
  for (;;) {
    Status st = stream->Next(&batch);
    ASSERT_TRUE(st.ok()) << st.ToString();
    if (batch.rows == 0) break;
    ++batches;
    EXPECT_LE(batch.rows, 1000u);
    std::vector<int32_t> values = Int4Values(batch);
    all.insert(all.end(), values.begin(), values.end());
    stream->Recycle(std::move(batch.bytes));  // the next batch reuses this buffer
  }
  EXPECT_EQ(batches, 11u);
  ASSERT_EQ(all.size(), 10500u);
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], static_cast<int32_t>(i + 1));
  // The end is reported to every later caller too.
  ASSERT_TRUE(stream->Next(&batch).ok());
  EXPECT_EQ(batch.rows, 0u);
  stream->Stop();
  // The connection is ready for the next query once the COPY has ended.
  EXPECT_TRUE(conn_pg_->Exec("SELECT 1").ok());
}

TEST_F(PgCopyPrefetcherTest, AnEmptyResultHasNoBatch) {
  auto stream = Start("SELECT 1 WHERE false", 1000);
  PgCopyPrefetcher::Batch batch;
  ASSERT_TRUE(stream->Next(&batch).ok());
  EXPECT_EQ(batch.rows, 0u);
}

TEST_F(PgCopyPrefetcherTest, AFailedCopyIsExplainedToEveryCaller) {
  auto stream = Start("SELECT * FROM no_such_table", 1000);
  PgCopyPrefetcher::Batch batch;
  Status first = stream->Next(&batch);
  EXPECT_EQ(first.message().rfind("explained: ", 0), 0u) << first.ToString();
  EXPECT_NE(first.message().find("no_such_table"), std::string::npos) << first.ToString();
  EXPECT_EQ(stream->Next(&batch).message(), first.message());
}

TEST_F(PgCopyPrefetcherTest, AnErrorMidStreamFailsTheReadAfterTheRowsBeforeIt) {
  // Row 5000 divides by zero after 4999 rows have been sent.
  auto stream = Start("SELECT (1 / (5000 - g))::int4 FROM generate_series(1, 10000) g", 100);
  PgCopyPrefetcher::Batch batch;
  Status st;
  size_t rows = 0;
  while ((st = stream->Next(&batch)).ok() && batch.rows > 0) rows += batch.rows;
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("division by zero"), std::string::npos) << st.ToString();
  EXPECT_LT(rows, 5000u);
}

TEST_F(PgCopyPrefetcherTest, StopCancelsACopyStillStreaming) {
  // The server sleeps for a minute on the third row (holding the first two in its send buffer).
  auto stream = Start(
      "SELECT g::int4 FROM generate_series(1, 3) g "
      "WHERE pg_sleep(CASE WHEN g = 3 THEN 60 ELSE 0 END) IS NOT NULL",
      1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  stream->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // Whatever a worker asks after Stop, it never waits.
  PgCopyPrefetcher::Batch batch;
  Status st = stream->Next(&batch);
  EXPECT_TRUE(!st.ok() || batch.rows <= 1) << st.ToString();
}

TEST_F(PgCopyPrefetcherTest, StopWhileTheQueueIsFullEndsTheThread) {
  // Far more than kMaxQueuedBytes, never taken: the thread waits on the full queue until Stop.
  auto stream = Start("SELECT g::int4 FROM generate_series(1, 5000000) g", 2048);
  PgCopyPrefetcher::Batch batch;
  ASSERT_TRUE(stream->Next(&batch).ok());
  EXPECT_EQ(batch.rows, 2048u);
  // The thread reads ahead until the queue is full, and no further.
  size_t queued = 0;
  for (int i = 0; i < 200 && queued < PgCopyPrefetcher::kMaxQueuedBytes / 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    queued = stream->queued_bytes();
  }
  EXPECT_GE(queued, PgCopyPrefetcher::kMaxQueuedBytes / 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_LE(stream->queued_bytes(), PgCopyPrefetcher::kMaxQueuedBytes);
  auto start = std::chrono::steady_clock::now();
  stream->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

}  // namespace
}  // namespace sqlflow
