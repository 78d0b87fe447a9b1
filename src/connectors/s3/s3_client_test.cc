// S3Client against a real S3 server (s3rver, which checks Signature V4), with awscli as the
// independent client that puts fixtures in and reads results back.
#include "connectors/s3/s3_client.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/s3_test_server.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using test::kS3TestAccessKeyId;
using test::kS3TestSecretAccessKey;

S3ClientOptions TestOptions(const std::string& secret = kS3TestSecretAccessKey) {
  S3ClientOptions options;
  options.auth.credentials = {kS3TestAccessKeyId, secret, "", "params"};
  options.auth.region = "us-east-1";
  options.endpoint = ResolveEndpoint(test::S3TestEndpoint(), "us-east-1", "path");
  options.policy.retry.max_attempts = 2;
  options.policy.retry.base = std::chrono::milliseconds(5);
  return options;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(S3ClientTest, ListsEveryPageAndFolders) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("list"));
  for (const char* key : {"events/day=1/a.csv", "events/day=1/b.csv", "events/day=2/c.csv",
                          "events/day=3/d e.csv", "other/x.csv"}) {
    ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, key, "id\n1\n"));
  }
  S3ClientOptions options = TestOptions();
  options.list_page_size = 2;  // five objects: three pages
  S3Client client(options);
  Result<std::vector<S3Object>> all = client.ListAll(bucket, "events/");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[3].key, "events/day=3/d e.csv");
  EXPECT_EQ((*all)[0].size, 5u);
  EXPECT_GT((*all)[0].last_modified_us, 0);
  EXPECT_EQ(client.request_counts().list.load(), 2);

  Result<std::vector<std::string>> folders = client.ListFolders(bucket, "events/");
  ASSERT_TRUE(folders.ok()) << folders.status().ToString();
  EXPECT_EQ(*folders,
            (std::vector<std::string>{"events/day=1/", "events/day=2/", "events/day=3/"}));
}

TEST(S3ClientTest, GetsAndPutsObjectsAwscliAgreesWith) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("getput"));
  ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, "in/ünï code.txt", "hello s3"));
  test::TempDir dir;
  S3Client client(TestOptions());
  std::string file = dir.path() + "/got.txt";
  ASSERT_TRUE(client.GetToFile(bucket, "in/ünï code.txt", file).ok());
  EXPECT_EQ(ReadFile(file), "hello s3");
  EXPECT_EQ(client.http_metrics().bytes_received.load(), 8);

  Result<std::optional<S3Object>> head = client.Head(bucket, "in/ünï code.txt");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  ASSERT_TRUE(head->has_value());
  EXPECT_EQ((*head)->size, 8u);
  Result<std::optional<S3Object>> missing = client.Head(bucket, "in/none.txt");
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_FALSE(missing->has_value());

  std::ofstream(dir.path() + "/up.csv") << "a,b\n1,2\n";
  ASSERT_TRUE(client.PutFile(bucket, "out/up.csv", dir.path() + "/up.csv").ok());
  EXPECT_EQ(test::GetObjectText(bucket, "out/up.csv"), "a,b\n1,2\n");
  ASSERT_TRUE(client.DeleteObject(bucket, "out/up.csv").ok());
  EXPECT_TRUE(test::ListKeys(bucket, "out/").empty());
}

TEST(S3ClientTest, MultipartUploadAppearsOnlyWhenCompleteAndAbortLeavesNothing) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("multipart"));
  test::TempDir dir;
  std::string file = dir.path() + "/big.bin";
  std::string content(6 * 1024 * 1024, 'x');  // S3's smallest part is 5 MiB, but for the last
  content[0] = 'a';
  std::ofstream(file, std::ios::binary) << content;
  S3Client client(TestOptions());
  Result<std::string> upload = client.CreateMultipartUpload(bucket, "big.bin");
  ASSERT_TRUE(upload.ok()) << upload.status().ToString();
  Result<std::string> one = client.UploadPart(bucket, "big.bin", *upload, 1, file, 0, 5 << 20);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  Result<std::string> two =
      client.UploadPart(bucket, "big.bin", *upload, 2, file, 5 << 20, content.size() - (5 << 20));
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_TRUE(test::ListKeys(bucket, "").empty());  // nothing visible before completion
  Status done = client.CompleteMultipartUpload(bucket, "big.bin", *upload, {{1, *one}, {2, *two}});
  ASSERT_TRUE(done.ok()) << done.ToString();
  EXPECT_EQ(test::GetObjectText(bucket, "big.bin"), content);

  Result<std::string> aborted = client.CreateMultipartUpload(bucket, "gone.bin");
  ASSERT_TRUE(aborted.ok());
  ASSERT_TRUE(client.UploadPart(bucket, "gone.bin", *aborted, 1, file, 0, 1024).ok());
  // s3rver 3.7.1 has no AbortMultipartUpload (it answers 405); its unfinished parts stay
  // invisible all the same. A server that has it must accept the abort.
  Status abort = client.AbortMultipartUpload(bucket, "gone.bin", *aborted);
  if (!abort.ok())
    EXPECT_NE(abort.message().find("HTTP 405"), std::string::npos) << abort.ToString();
  EXPECT_EQ(test::ListKeys(bucket, ""), std::vector<std::string>{"big.bin"});
}

TEST(S3ClientTest, ErrorsNameTheBucketAndWhatToDo) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("errors"));
  S3Client client(TestOptions());
  Result<S3ListPage> no_bucket = client.ListPage(bucket + "-missing", "", "", "");
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_NE(no_bucket.status().message().find(bucket + "-missing"), std::string::npos)
      << no_bucket.status().message();
  EXPECT_EQ(no_bucket.status().code(), StatusCode::kNotFound);

  test::TempDir dir;
  Status no_key = client.GetToFile(bucket, "none.csv", dir.path() + "/x");
  EXPECT_EQ(no_key.code(), StatusCode::kNotFound);
  EXPECT_NE(no_key.message().find("s3://" + bucket + "/none.csv"), std::string::npos)
      << no_key.message();

  S3Client wrong(TestOptions("not-the-secret"));
  Result<S3ListPage> denied = wrong.ListPage(bucket, "", "", "");
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.status().message().find("secret"), std::string::npos)
      << denied.status().message();
  EXPECT_EQ(denied.status().message().find("not-the-secret"), std::string::npos);

  S3ClientOptions unreachable = TestOptions();
  unreachable.endpoint = ResolveEndpoint("http://127.0.0.1:9", "us-east-1", "path");
  S3Client nowhere(unreachable);
  Result<S3ListPage> refused = nowhere.ListPage(bucket, "", "", "");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("127.0.0.1"), std::string::npos)
      << refused.status().message();
}

}  // namespace
}  // namespace sqlflow
