// S3Staging against the test S3 server: objects land below the folder with their folders kept,
// large ones by parallel ranged GETs, and the folder goes away with its owner.
#include "connectors/s3/s3_staging.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/s3_test_server.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

S3ClientOptions TestOptions() {
  S3ClientOptions options;
  options.auth.credentials = {test::kS3TestAccessKeyId, test::kS3TestSecretAccessKey, "", "params"};
  options.auth.region = test::kS3TestRegion;
  options.endpoint = ResolveEndpoint(test::S3TestEndpoint(), test::kS3TestRegion, "path");
  return options;
}

TEST(S3StagingTest, LocalPathsKeepFoldersAndDefuseGlobCharacters) {
  test::TempDir dir;
  Result<std::unique_ptr<S3Staging>> staging = S3Staging::Create(dir.path() + "/stage", "SOURCE s");
  ASSERT_TRUE(staging.ok()) << staging.status().ToString();
  const std::string& root = (*staging)->path();
  EXPECT_EQ((*staging)->LocalPath("cache", "day=2025-06-01/a.csv"),
            root + "/cache/day=2025-06-01/a.csv");
  EXPECT_EQ((*staging)->LocalPath("cache", "../x/*[1]?.csv"), root + "/cache/_/x/__1__.csv");
  EXPECT_EQ((*staging)->LocalPath("cache", ".hidden"), root + "/cache/_hidden");
}

TEST(S3StagingTest, DownloadsSmallAndRangedObjectsAndIsRemovedWithItsOwner) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("staging"));
  test::TempDir dir;
  // 33 MiB: three ranged GETs (16 + 16 + 1 MiB), each byte checked afterwards.
  std::string big(33u << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7 + i / 4096) & 0xff);
  std::ofstream(dir.path() + "/big.bin", std::ios::binary) << big;
  ASSERT_NO_FATAL_FAILURE(test::PutObjectFromFile(bucket, "in/big.bin", dir.path() + "/big.bin"));
  ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, "in/day=1/small.csv", "id\n1\n"));

  S3Client client(TestOptions());
  Result<std::vector<S3Object>> listed = client.ListAll(bucket, "in/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  std::string root;
  {
    Result<std::unique_ptr<S3Staging>> staging =
        S3Staging::Create(dir.path() + "/stage", "SOURCE s");
    ASSERT_TRUE(staging.ok()) << staging.status().ToString();
    root = (*staging)->path();
    std::vector<StagedObject> objects;
    for (const S3Object& o : *listed) {
      objects.push_back({o, (*staging)->LocalPath("cache", o.key.substr(3))});
    }
    int64_t gets_before = client.request_counts().get.load();
    Status done = (*staging)->Download(client, bucket, objects, 4);
    ASSERT_TRUE(done.ok()) << done.ToString();
    EXPECT_EQ(client.request_counts().get.load() - gets_before, 4);  // 3 ranges + 1 object
    EXPECT_TRUE(ReadFile(root + "/cache/big.bin") == big) << "the ranges were put together wrong";
    EXPECT_EQ(ReadFile(root + "/cache/day=1/small.csv"), "id\n1\n");
    EXPECT_TRUE((*staging)->CheckRoom(1 << 20).ok());
    Status too_big = (*staging)->CheckRoom(uint64_t{1} << 60);
    EXPECT_NE(too_big.message().find("staging_dir"), std::string::npos) << too_big.ToString();
  }
  EXPECT_FALSE(std::filesystem::exists(root)) << "the staging folder outlived its owner";
}

TEST(S3StagingTest, FoldersOfDeadProcessesAreRemovedByTheNextOne) {
  test::TempDir dir;
  // pid 999999999 cannot exist (pid_max is at most 2^22).
  std::string stale = dir.path() + "/stage/sqlflow-s3-999999999-0";
  std::filesystem::create_directories(stale + "/cache");
  std::string other = dir.path() + "/stage/keep-me";
  std::filesystem::create_directories(other);
  Result<std::unique_ptr<S3Staging>> staging = S3Staging::Create(dir.path() + "/stage", "SOURCE s");
  ASSERT_TRUE(staging.ok()) << staging.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(other));
}

}  // namespace
}  // namespace sqlflow
