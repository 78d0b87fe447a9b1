#include "connectors/s3/s3_cost.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

S3Object Object(const std::string& key, uint64_t size) {
  S3Object object;
  object.key = key;
  object.size = size;
  return object;
}

TEST(S3CostTest, DefaultPricesAreS3Standard) {
  auto pricing = ParsePricing("");
  ASSERT_TRUE(pricing.ok());
  EXPECT_DOUBLE_EQ(pricing->list_per_1000, 0.005);
  EXPECT_DOUBLE_EQ(pricing->get_per_1000, 0.0004);
  EXPECT_DOUBLE_EQ(pricing->egress_per_gb, 0.09);
  EXPECT_DOUBLE_EQ(ParsePricing("{}")->egress_per_gb, 0.09);
}

TEST(S3CostTest, PricingParamOverridesSomeKeys) {
  auto pricing = ParsePricing(R"({"egress_per_gb": 0, "get_per_1000": 0.001})");
  ASSERT_TRUE(pricing.ok()) << pricing.status().ToString();
  EXPECT_DOUBLE_EQ(pricing->egress_per_gb, 0);
  EXPECT_DOUBLE_EQ(pricing->get_per_1000, 0.001);
  EXPECT_DOUBLE_EQ(pricing->list_per_1000, 0.005);
}

TEST(S3CostTest, PricingErrors) {
  EXPECT_EQ(ParsePricing(R"({"get_per_100": 1})").status().message(),
            "\"pricing\" has no key 'get_per_100'; did you mean 'get_per_1000'?");
  EXPECT_EQ(ParsePricing(R"({"storage": 1})").status().message(),
            "\"pricing\" has no key 'storage'; its keys are list_per_1000, get_per_1000, "
            "egress_per_gb");
  EXPECT_EQ(ParsePricing(R"({"egress_per_gb": "cheap"})").status().message(),
            "\"pricing\" key 'egress_per_gb' must be a number of US dollars, 0 or more, not "
            "\"cheap\"");
  EXPECT_EQ(ParsePricing(R"({"egress_per_gb": -1})").status().message(),
            "\"pricing\" key 'egress_per_gb' must be a number of US dollars, 0 or more, not -1");
  const std::string kNotObject =
      "\"pricing\" must be an object such as {\"list_per_1000\": 0.005, \"get_per_1000\": "
      "0.0004, \"egress_per_gb\": 0.09} (US dollars)";
  EXPECT_EQ(ParsePricing("[1]").status().message(), kNotObject);
  EXPECT_EQ(ParsePricing("{oops").status().message(), kNotObject);
  EXPECT_EQ(ParsePricing("{oops").status().code(), StatusCode::kInvalidArgument);
}

TEST(S3CostTest, Estimate) {
  S3CostEstimate estimate = EstimateCost(S3Pricing(), 2000, 10000, 10ull << 30);
  EXPECT_EQ(estimate.list_requests, 2000);
  EXPECT_EQ(estimate.get_requests, 10000);
  EXPECT_EQ(estimate.bytes, 10ull << 30);
  // 2 × 0.005 + 10 × 0.0004 + 10 × 0.09
  EXPECT_NEAR(estimate.usd, 0.01 + 0.004 + 0.9, 1e-12);
  EXPECT_EQ(EstimateCost(S3Pricing(), 0, 0, 0).usd, 0);
}

TEST(S3CostTest, FormatUsdAndBytes) {
  EXPECT_EQ(FormatUsd(0.0123), "$0.0123");
  EXPECT_EQ(FormatUsd(0), "$0.0000");
  EXPECT_EQ(FormatUsd(0.00001), "<$0.0001");
  EXPECT_EQ(FormatUsd(12.345), "$12.35");
  EXPECT_EQ(FormatUsd(5), "$5.00");
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1536), "1.5 KB");
  EXPECT_EQ(FormatBytes(800ull << 20), "800.0 MB");
  EXPECT_EQ(FormatBytes(3ull << 40), "3.0 TB");
}

TEST(S3CostTest, LargestPrefixesBelowTheBase) {
  std::vector<S3Object> objects = {
      Object("events/2024/a.parquet", 300),  Object("events/2025/a.parquet", 2000),
      Object("events/2025/b.parquet", 2000), Object("events/2023/x/y.parquet", 100),
      Object("events/readme.txt", 5),        Object("events/2022/c.parquet", 100),
  };
  EXPECT_EQ(LargestPrefixes(objects, "events/", 3),
            "events/2025/: 3.9 KB in 2 objects; events/2024/: 300 B in 1 object; "
            "events/2022/: 100 B in 1 object; and 2 more prefixes: 105 B");
  EXPECT_EQ(LargestPrefixes(objects, "events/"),
            "events/2025/: 3.9 KB in 2 objects; events/2024/: 300 B in 1 object; "
            "events/2022/: 100 B in 1 object; events/2023/: 100 B in 1 object; "
            "top level of events/: 5 B in 1 object");
  EXPECT_EQ(LargestPrefixes({Object("a.csv", 1), Object("logs/b.csv", 2)}, ""),
            "logs/: 2 B in 1 object; top level: 1 B in 1 object");
  EXPECT_EQ(LargestPrefixes({Object("other/x.csv", 7)}, "events/"), "other/: 7 B in 1 object");
  EXPECT_EQ(LargestPrefixes({}, "events/"), "");
  EXPECT_EQ(LargestPrefixes({Object("a/x", 1), Object("b/x", 2)}, "", 1),
            "b/: 2 B in 1 object; and 1 more prefix: 1 B");
}

}  // namespace
}  // namespace sqlflow
