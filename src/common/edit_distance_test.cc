#include "common/edit_distance.h"

#include <gtest/gtest.h>

namespace sqlflow {

TEST(EditDistance, CountsEditsCaseInsensitively) {
  EXPECT_EQ(EditDistance("orders", "orders"), 0u);
  EXPECT_EQ(EditDistance("ORDERS", "orders"), 0u);
  EXPECT_EQ(EditDistance("ordrs", "orders"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("CVS", "csv"), 1u);  // a swap of adjacent letters is one edit
}

TEST(SuggestClosest, PicksANearNameOnly) {
  std::vector<std::string> names = {"orders", "customers", "products"};
  EXPECT_EQ(SuggestClosest("ordrs", names), "orders");
  EXPECT_EQ(SuggestClosest("custmers", names), "customers");
  EXPECT_EQ(SuggestClosest("zebra", names), std::nullopt);
  EXPECT_EQ(SuggestClosest("orders", names), std::nullopt);  // exact match is no typo
}

}  // namespace sqlflow
