#include "common/metric.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(MetricsAdded, DifferenceByNameWithoutUnchangedOnes) {
  std::vector<Metric> before = {{"requests", 3}, {"bytes_received", 100}};
  std::vector<Metric> after = {{"requests", 10}, {"bytes_received", 100}, {"retries", 2}};
  std::vector<Metric> added = MetricsAdded(before, after);
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[0].name, "requests");
  EXPECT_EQ(added[0].value, 7);
  EXPECT_EQ(added[1].name, "retries");
  EXPECT_EQ(added[1].value, 2);
  EXPECT_TRUE(MetricsAdded(after, after).empty());
}

}  // namespace
}  // namespace sqlflow
