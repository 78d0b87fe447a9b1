// Proves the S3 test fixture works: the server started by scripts/s3rver.sh answers awscli,
// keeps what it is given, and checks Signature V4 (a wrong secret or no signature is refused),
// so that the S3 connector's tests against it mean something.
#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/s3_test_server.h"

namespace sqlflow::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(S3TestServerSmokeTest, StoresListsAndReadsBackObjects) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("Smoke_Test"));
  EXPECT_EQ(bucket.rfind("smoketest-", 0), 0u) << bucket;
  ASSERT_NO_FATAL_FAILURE(PutObject(bucket, "events/year=2025/month=06/a.csv", "id\n1\n"));
  ASSERT_NO_FATAL_FAILURE(PutObject(bucket, "events/year=2025/month=07/it's (b)+c.csv", "id\n2\n"));
  ASSERT_NO_FATAL_FAILURE(PutObject(bucket, "other/x.csv", "id\n3\n"));

  EXPECT_THAT(ListKeys(bucket, "events/"), ElementsAre("events/year=2025/month=06/a.csv",
                                                       "events/year=2025/month=07/it's (b)+c.csv"));
  EXPECT_EQ(ListKeys(bucket, "").size(), 3u);
  EXPECT_TRUE(ListKeys(bucket, "nothing/").empty());
  EXPECT_EQ(GetObjectText(bucket, "events/year=2025/month=07/it's (b)+c.csv"), "id\n2\n");
}

// The S3 source discovers partitions level by level with delimiter listings, over many pages.
TEST(S3TestServerSmokeTest, ListsNestedFoldersAndPagesLikeS3) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("listing"));
  for (const char* key : {"e/year=2024/month=12/a.csv", "e/year=2025/month=01/b.csv",
                          "e/year=2025/month=02/c.csv", "e/top.csv"}) {
    ASSERT_NO_FATAL_FAILURE(PutObject(bucket, key, "x"));
  }
  // Folders holding only folders are common prefixes too (s3rver alone misses them).
  AwsCliResult folders = AwsCli({"s3", "ls", "s3://" + bucket + "/e/"});
  EXPECT_EQ(folders.exit_code, 0) << folders.output;
  EXPECT_THAT(folders.output, HasSubstr("PRE year=2024/"));
  EXPECT_THAT(folders.output, HasSubstr("PRE year=2025/"));
  EXPECT_THAT(folders.output, HasSubstr("top.csv"));

  // One entry per page: awscli follows the continuation tokens to the end and merges the pages.
  AwsCliResult paged = AwsCli({"s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "e/",
                               "--delimiter", "/", "--page-size", "1", "--output", "json"});
  ASSERT_EQ(paged.exit_code, 0) << paged.output;
  nlohmann::json listing = nlohmann::json::parse(paged.stdout_text);
  ASSERT_EQ(listing["Contents"].size(), 1u) << paged.stdout_text;
  EXPECT_EQ(listing["Contents"][0]["Key"], "e/top.csv");
  ASSERT_EQ(listing["CommonPrefixes"].size(), 2u) << paged.stdout_text;
  EXPECT_EQ(listing["CommonPrefixes"][0]["Prefix"], "e/year=2024/");
  EXPECT_EQ(listing["CommonPrefixes"][1]["Prefix"], "e/year=2025/");
  AwsCliResult all = AwsCli({"s3api", "list-objects-v2", "--bucket", bucket, "--page-size", "1",
                             "--query", "length(Contents)"});
  EXPECT_EQ(all.stdout_text, "4\n") << all.output;
}

TEST(S3TestServerSmokeTest, EachCallMakesAnotherBucket) {
  std::string first, second;
  ASSERT_NO_FATAL_FAILURE(first = MakeTestBucket("twice"));
  ASSERT_NO_FATAL_FAILURE(second = MakeTestBucket("twice"));
  EXPECT_NE(first, second);
}

TEST(S3TestServerSmokeTest, WrongSecretKeyIsRefused) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("sigv4"));
  AwsCliResult refused =
      AwsCliWithSecret({"s3api", "list-objects-v2", "--bucket", bucket}, "not-the-secret");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("SignatureDoesNotMatch"));
}

TEST(S3TestServerSmokeTest, UnsignedRequestIsRefused) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("unsigned"));
  AwsCliResult refused =
      AwsCli({"--no-sign-request", "s3api", "list-objects-v2", "--bucket", bucket});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("AccessDenied"));
}

// The helpers fail the test, never skip it, when no server answers.
TEST(S3TestServerSmokeTest, MissingServerFailsTheTest) {
  const char* saved = std::getenv("SQLFLOW_TEST_S3_PORT");
  std::string restore = saved == nullptr ? "" : saved;
  setenv("SQLFLOW_TEST_S3_PORT", "1", 1);  // nothing listens on port 1
  EXPECT_FATAL_FAILURE(MakeTestBucket("nowhere"), "Is the S3 test server running?");
  if (saved == nullptr) {
    unsetenv("SQLFLOW_TEST_S3_PORT");
  } else {
    setenv("SQLFLOW_TEST_S3_PORT", restore.c_str(), 1);
  }
}

}  // namespace
}  // namespace sqlflow::test
