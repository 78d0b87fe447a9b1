#include "common/run_parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace sqlflow {
namespace {

TEST(RunParallel, RunsEveryTaskOnce) {
  std::vector<std::atomic<int>> runs(100);
  Status done = RunParallel(runs.size(), 4, [&](size_t i) {
    runs[i].fetch_add(1);
    return Status::OK();
  });
  EXPECT_TRUE(done.ok());
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  EXPECT_TRUE(RunParallel(0, 4, [](size_t) { return Status::Internal("never"); }).ok());
}

TEST(RunParallel, StopsStartingTasksAfterTheFirstFailureAndReturnsIt) {
  std::atomic<int> started{0};
  Status done = RunParallel(1000, 1, [&](size_t i) {
    started.fetch_add(1);
    return i == 3 ? Status::IoError("task 3 failed") : Status::OK();
  });
  EXPECT_EQ(done.message(), "task 3 failed");
  EXPECT_EQ(started.load(), 4);  // one thread: tasks 0..3, none after
}

}  // namespace
}  // namespace sqlflow
