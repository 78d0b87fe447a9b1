#include "connectors/s3/s3_sampling.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sqlflow {
namespace {

std::string SyntheticKey(int i) {
  char name[64];
  std::snprintf(name, sizeof(name), "events/year=2025/part-%05d.parquet", i);
  return name;
}

TEST(S3SamplingTest, NoneAndAll) {
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(SampledIn(SyntheticKey(i), 0));
    EXPECT_FALSE(SampledIn(SyntheticKey(i), -0.5));
    EXPECT_FALSE(SampledIn(SyntheticKey(i), std::nan("")));
    EXPECT_TRUE(SampledIn(SyntheticKey(i), 1));
    EXPECT_TRUE(SampledIn(SyntheticKey(i), 2));
  }
}

TEST(S3SamplingTest, ATenthOfTheKeys) {
  int sampled = 0;
  for (int i = 0; i < 10000; ++i) sampled += SampledIn(SyntheticKey(i), 0.1) ? 1 : 0;
  EXPECT_GE(sampled, 800);
  EXPECT_LE(sampled, 1200);
}

TEST(S3SamplingTest, ASampleIsNestedInALargerOne) {
  for (int i = 0; i < 2000; ++i) {
    if (SampledIn(SyntheticKey(i), 0.1)) EXPECT_TRUE(SampledIn(SyntheticKey(i), 0.5));
  }
}

// The values are part of what a sample is: the same keys on every run and machine.
TEST(S3SamplingTest, StableValues) {
  // Checked against an independent implementation (Python) of FNV-1a 64 + fmix64.
  EXPECT_EQ(StableKeyHash(""), 0xefd01f60ba992926ull);
  EXPECT_EQ(StableKeyHash("a"), 0x82a2a958a9bece5bull);
  EXPECT_EQ(StableKeyHash("events/2025/a.csv"), 0xb56a159f7ebe0e48ull);  // 0.709 of 2^64
  EXPECT_FALSE(SampledIn("events/2025/a.csv", 0.1));
  EXPECT_TRUE(SampledIn("events/2025/a.csv", 0.71));
  EXPECT_FALSE(SampledIn("events/2025/a.csv", 0.70));
  EXPECT_TRUE(SampledIn("events/2025/j.csv", 0.1));   // 0.0098
  EXPECT_TRUE(SampledIn("events/2025/m.csv", 0.01));  // 0.0029
  EXPECT_FALSE(SampledIn("events/2025/j.csv", 0.005));
}

}  // namespace
}  // namespace sqlflow
