// EXPORT … TO 's3://…' against the test S3 server (s3rver, Signature V4 checked), with awscli as
// the independent client that puts fixtures in and reads the exported objects back.
#include "connectors/s3/s3_export.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/files/file_export_target.h"
#include "connectors/s3/s3_upload.h"
#include "engine/file_export.h"
#include "util/duckdb_test.h"
#include "util/s3_test_server.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLabel = "pipelines/p.sf:3: EXPORT x";

// The test server's endpoint and account, as the members of a JSON object.
std::string TestAccess(const std::string& secret = test::kS3TestSecretAccessKey) {
  return R"("endpoint": ")" + test::S3TestEndpoint() +
         R"(", "region": "us-east-1", "access_key_id": ")" + test::kS3TestAccessKeyId +
         R"(", "secret_access_key": ")" + secret + R"(", "retry": {"max_attempts": 2})";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class S3ExportTest : public test::DuckDbTest {
 protected:
  Result<ExportOutcome> Export(const std::string& query, const std::string& destination,
                               const std::string& format, const std::string& options) {
    ExportRequest request{query, destination, format, options, kLabel};
    ExportContext context{dir_.path(), &connections_};
    return WriteFileExport(*conn_, request, context);
  }

  // What is left in the project's staging folder (nothing once an export has ended).
  std::vector<std::string> Staged() const {
    std::vector<std::string> left;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_.path() + "/target/s3-staging", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      left.push_back(it->path().string());
    }
    return left;
  }

  // The query of `rows` rows of about 40 bytes each as CSV.
  static std::string Rows(int rows) {
    return "SELECT i, md5(i::VARCHAR) AS h FROM range(" + std::to_string(rows) + ") t(i)";
  }

  test::TempDir dir_;
  std::map<std::string, std::string> connections_;
};

TEST_F(S3ExportTest, WritesOneCsvObjectThroughAProfileConnection) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("s3-export-one"));
  connections_["lake"] = "{" + TestAccess() + "}";
  Result<ExportOutcome> out =
      Export("SELECT * FROM (VALUES (1, 'a'), (2, 'ünï')) t(id, name) ORDER BY id",
             "s3://" + bucket + "/out/daily.csv", "CSV", R"({"connection": "lake"})");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::string expected = "id,name\n1,a\n2,ünï\n";
  EXPECT_EQ(test::GetObjectText(bucket, "out/daily.csv"), expected);
  EXPECT_EQ(out->rows, 2);
  EXPECT_EQ(out->bytes, static_cast<int64_t>(expected.size()));
  EXPECT_EQ(test::ListKeys(bucket, ""), std::vector<std::string>{"out/daily.csv"});
  EXPECT_TRUE(Staged().empty());
}

TEST_F(S3ExportTest, WritesPartitionsBelowAPrefixAndReplacesWhatWasThere) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("s3-export-parts"));
  ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, "lake/events/k=9/old.parquet", "stale"));
  ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, "lake/other.csv", "not the export's"));
  Result<ExportOutcome> out =
      Export("SELECT i, i % 2 AS k FROM range(10) t(i)", "s3://" + bucket + "/lake/events/",
             "PARQUET", R"({"partition_by": ["k"], )" + TestAccess() + "}");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->rows, 10);
  // The stale partition under the prefix is gone; the object beside the prefix stays.
  EXPECT_EQ(test::ListKeys(bucket, "lake/"),
            (std::vector<std::string>{"lake/events/k=0/data_0.parquet",
                                      "lake/events/k=1/data_0.parquet", "lake/other.csv"}));
  std::string local = dir_.path() + "/k1.parquet";
  ASSERT_EQ(test::AwsCli({"s3", "cp", "s3://" + bucket + "/lake/events/k=1/data_0.parquet", local})
                .exit_code,
            0);
  EXPECT_EQ(Query("SELECT count(*), sum(i) FROM read_parquet('" + local + "')"),
            std::vector<std::string>{"5|25"});
  EXPECT_TRUE(Staged().empty());
}

TEST_F(S3ExportTest, ALargeObjectGoesByMultipartUploadAndArrivesIntact) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("s3-export-multipart"));
  // 300,000 rows of ~40 bytes: about 11.5 MiB, three parts of 5 MiB.
  Result<ExportOutcome> out =
      Export(Rows(300000), "s3://" + bucket + "/big/rows.csv", "CSV",
             R"({"multipart_threshold": 5242880, "part_size": 5242880, )" + TestAccess() + "}");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_GT(out->bytes, 10 << 20);
  FileExportRequest reference{Rows(300000), dir_.path() + "/rows.csv", "CSV", "", kLabel};
  ASSERT_TRUE(ExportToFile(*conn_, reference).ok());
  std::string got = test::GetObjectText(bucket, "big/rows.csv");
  EXPECT_EQ(got.size(), static_cast<size_t>(out->bytes));
  EXPECT_TRUE(got == ReadFile(reference.path)) << "the object differs from the local export";
  EXPECT_TRUE(Staged().empty());
}

TEST_F(S3ExportTest, OverwriteFalseRefusesAnExistingObjectOrPrefixBeforeWriting) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("s3-export-keep"));
  ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, "out/daily.csv", "old\n"));
  ASSERT_NO_FATAL_FAILURE(test::PutObject(bucket, "p/x.csv", "old\n"));
  std::string url = "s3://" + bucket + "/out/daily.csv";
  Result<ExportOutcome> out =
      Export("SELECT 1 AS n", url, "CSV", R"({"overwrite": false, )" + TestAccess() + "}");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(),
            std::string(kLabel) + ": " + url +
                " already exists and \"overwrite\" is false; delete it (aws s3 rm " + url +
                "), export to another key, or set \"overwrite\": true");
  out = Export("SELECT 1 AS n", "s3://" + bucket + "/p/", "CSV",
               R"({"overwrite": false, )" + TestAccess() + "}");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("s3://" + bucket + "/p/ already holds 1 object(s) (s3://" +
                                        bucket + "/p/x.csv) and \"overwrite\" is false; empty " +
                                        "it (aws s3 rm --recursive s3://" + bucket + "/p/)"),
            std::string::npos)
      << out.status().message();
  EXPECT_EQ(test::GetObjectText(bucket, "out/daily.csv"), "old\n");
  EXPECT_EQ(test::ListKeys(bucket, ""), (std::vector<std::string>{"out/daily.csv", "p/x.csv"}));
  EXPECT_FALSE(fs::exists(dir_.path() + "/target/s3-staging"));  // nothing was written

  // A new key with "overwrite": false is written.
  out = Export("SELECT 1 AS n", "s3://" + bucket + "/out/new.csv", "CSV",
               R"({"overwrite": false, )" + TestAccess() + "}");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(test::GetObjectText(bucket, "out/new.csv"), "n\n1\n");
}

TEST_F(S3ExportTest, ServerErrorsNameTheObjectAndNeverTheSecret) {
  std::string bucket;
  ASSERT_NO_FATAL_FAILURE(bucket = test::MakeTestBucket("s3-export-errors"));
  std::string missing = bucket + "-missing";
  Result<ExportOutcome> out =
      Export("SELECT 1 AS n", "s3://" + missing + "/x.csv", "CSV", "{" + TestAccess() + "}");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find(std::string(kLabel) + ": S3 PutObject s3://" + missing +
                                        "/x.csv: bucket '" + missing + "' does not exist"),
            std::string::npos)
      << out.status().message();

  out = Export("SELECT 1 AS n", "s3://" + bucket + "/x.csv", "CSV",
               "{" + TestAccess("wrong-secret-4711") + "}");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("SignatureDoesNotMatch"), std::string::npos)
      << out.status().message();
  EXPECT_EQ(out.status().message().find("wrong-secret-4711"), std::string::npos);

  out = Export("SELECT 1 AS n", "s3://" + bucket + "/x.csv", "CSV",
               R"({"endpoint": "http://127.0.0.1:9", "access_key_id": "k",
                   "secret_access_key": "unreachable-secret", "retry": {"max_attempts": 1}})");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("cannot reach 127.0.0.1:9"), std::string::npos)
      << out.status().message();
  EXPECT_EQ(out.status().message().find("unreachable-secret"), std::string::npos);
  EXPECT_TRUE(test::ListKeys(bucket, "").empty());
  EXPECT_TRUE(Staged().empty());
}

TEST_F(S3ExportTest, RefusesWhatCannotBeExportedBeforeAnyRequest) {
  auto message = [&](const std::string& destination, const std::string& options) {
    Result<ExportOutcome> out = Export("SELECT 1 AS n", destination, "CSV", options);
    return out.ok() ? std::string("ok") : out.status().message();
  };
  const std::string p = std::string(kLabel) + ": ";
  EXPECT_EQ(message("s3://bad bucket/x.csv", ""),
            p + "'s3://bad bucket/x.csv' is not an S3 URL (' ' cannot be part of a bucket name): "
                "expected s3://bucket/key or s3://bucket/prefix/");
  EXPECT_EQ(message("s3://b/", ""),
            p + "s3://b/ is the root of bucket 'b', which an export would replace whole; export "
                "to a prefix (s3://b/daily/) or an object (s3://b/daily.csv)");
  EXPECT_EQ(message("s3://b/day.csv", R"({"partition_by": "n"})"),
            p + "partition_by writes a folder of objects, but s3://b/day.csv names one object; "
                "end the destination with '/' (s3://b/day.csv/)");
  EXPECT_EQ(message("s3://b/x.csv", R"({"connection": "lake"})"),
            p + "connection 'lake' is not a connector of the profile; name one defined under "
                "connectors: in the profile");
  EXPECT_EQ(message("s3://b/x.csv", R"({"part_size": 1024})"),
            p + "option 'part_size' must be a number of bytes from 5242880 (5 MiB, S3's smallest "
                "part) to 5368709120 (5 GiB)");
  EXPECT_EQ(message("s3://b/x.csv", R"({"overwrite": "no"})"),
            p + "option 'overwrite' must be true or false");
  EXPECT_EQ(message("out/x.csv", R"({"endpoint": "http://127.0.0.1:9"})"),
            p + "option 'endpoint' applies to s3:// destinations only, and 'out/x.csv' is a local "
                "path; remove the option or export to s3://bucket/key");
  EXPECT_FALSE(fs::exists(dir_.path() + "/out"));
}

class S3ExportUploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(bucket_ = test::MakeTestBucket("s3-export-upload"));
    small_ = dir_.path() + "/small.csv";
    std::ofstream(small_) << "id\n1\n";
    big_ = dir_.path() + "/big.bin";
    big_content_.assign(11 << 20, 'x');
    for (size_t i = 0; i < big_content_.size(); i += 4096) big_content_[i] = 'a' + (i / 4096) % 26;
    std::ofstream(big_, std::ios::binary) << big_content_;
  }

  static S3ClientOptions TestOptions() {
    S3ClientOptions options;
    options.auth.credentials = {test::kS3TestAccessKeyId, test::kS3TestSecretAccessKey, "",
                                "params"};
    options.auth.region = "us-east-1";
    options.endpoint = ResolveEndpoint(test::S3TestEndpoint(), "us-east-1", "path");
    options.policy.retry.max_attempts = 2;
    options.policy.retry.base = std::chrono::milliseconds(5);
    return options;
  }

  test::TempDir dir_;
  std::string bucket_, small_, big_, big_content_;
};

TEST_F(S3ExportUploadTest, SmallFilesArePutAndLargeOnesGoInParts) {
  S3Client client(TestOptions());
  S3UploadOptions options;
  options.multipart_threshold = 5 << 20;
  options.part_size = 5 << 20;
  Result<uint64_t> bytes =
      UploadFiles(client, bucket_, {{small_, "out/a.csv"}, {big_, "out/big.bin"}}, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, big_content_.size() + 5);
  // One PUT; then CreateMultipartUpload, three parts (5 + 5 + 1 MiB) and the completion.
  EXPECT_EQ(client.request_counts().put.load(), 1 + 1 + 3 + 1);
  EXPECT_EQ(test::GetObjectText(bucket_, "out/a.csv"), "id\n1\n");
  EXPECT_TRUE(test::GetObjectText(bucket_, "out/big.bin") == big_content_);
}

TEST_F(S3ExportUploadTest, AnInterruptedUploadLeavesNoObject) {
  S3Client client(TestOptions());
  S3UploadOptions options;
  options.multipart_threshold = 5 << 20;
  options.part_size = 5 << 20;
  options.parallel = 1;
  // The small PUT, CreateMultipartUpload and the first part start; then the run is interrupted.
  int asked = 0;
  options.interrupted = [&] { return ++asked > 3; };
  Result<uint64_t> bytes =
      UploadFiles(client, bucket_, {{small_, "out/a.csv"}, {big_, "out/big.bin"}}, options);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(), "interrupted before s3://" + bucket_ +
                                          "/out/big.bin was complete; what this export had "
                                          "uploaded was removed");
  EXPECT_EQ(client.request_counts().put.load(), 3);
  EXPECT_TRUE(test::ListKeys(bucket_, "").empty());
}

TEST(S3ExportPartSizeTest, GrowsToKeepAFileWithinTenThousandParts) {
  EXPECT_EQ(PartSizeFor(100ull << 20, 16ull << 20), 16ull << 20);
  EXPECT_EQ(PartSizeFor(10000ull * (16ull << 20), 16ull << 20), 16ull << 20);
  // 1 TiB / 10,000 = 104.9 MiB: whole MiB parts of 105 MiB.
  EXPECT_EQ(PartSizeFor(1ull << 40, 16ull << 20), 105ull << 20);
  EXPECT_EQ(PartSizeFor(100ull << 40, 16ull << 20), kS3MaxPartSize);
}

}  // namespace
}  // namespace sqlflow
