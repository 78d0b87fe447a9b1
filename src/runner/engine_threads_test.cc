#include "runner/engine_threads.h"

#include <gtest/gtest.h>

#include <optional>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class EngineThreadsTest : public test::DuckDbTest {
 protected:
  int Threads() { return std::stoi(Query("SELECT current_setting('threads')")[0]); }
};

TEST_F(EngineThreadsTest, OneMoreThreadWhileAnyNetworkReadRuns) {
  Exec("SET threads = 2");
  EngineThreads threads;
  {
    EngineThreads::NetworkRead first = threads.BeginNetworkRead(*conn_);
    EXPECT_EQ(Threads(), 3);
    {
      // Two loads at once still add one thread, and the count drops only after both.
      EngineThreads::NetworkRead second = threads.BeginNetworkRead(*conn_);
      EXPECT_EQ(Threads(), 3);
    }
    EXPECT_EQ(Threads(), 3);
  }
  EXPECT_EQ(Threads(), 2);
  // Raised again by a later load.
  std::optional<EngineThreads::NetworkRead> later;
  later.emplace(threads.BeginNetworkRead(*conn_));
  EXPECT_EQ(Threads(), 3);
  later.reset();
  EXPECT_EQ(Threads(), 2);
}

TEST_F(EngineThreadsTest, APinnedCountIsLeftAlone) {
  Exec("SET threads = 1");
  EngineThreads threads;
  threads.Pin();
  {
    EngineThreads::NetworkRead read = threads.BeginNetworkRead(*conn_);
    EXPECT_EQ(Threads(), 1);
  }
  EXPECT_EQ(Threads(), 1);
}

}  // namespace
}  // namespace sqlflow
