// The S3-protocol server tests talk to, and awscli as an independent client of it.
// Under ctest the `s3` fixture has started scripts/s3rver.sh (s3rver with AWS Signature V4
// checked, credentials S3RVER / S3RVER) and exported its port as SQLFLOW_TEST_S3_PORT; to run the
// test binary by hand, start one the same way. Nothing here starts a server: when none answers,
// the helpers fail the test (never skip it), saying how to start one.
//
// The helpers that fail the test do so with a fatal failure recorded in the running test; a
// caller that needs their result stops with
//   std::string bucket;
//   ASSERT_NO_FATAL_FAILURE(bucket = MakeTestBucket("orders"));
// Thread-safety: every call runs its own awscli process; safe from any thread.
#pragma once

#include <string>
#include <vector>

namespace sqlflow::test {

// The credentials s3rver knows (not secrets: its fixed test account).
inline constexpr const char* kS3TestAccessKeyId = "S3RVER";
inline constexpr const char* kS3TestSecretAccessKey = "S3RVER";
inline constexpr const char* kS3TestRegion = "us-east-1";

// SQLFLOW_TEST_S3_PORT, or 54330 when it is unset or not a number.
int S3TestPort();
// "http://127.0.0.1:<S3TestPort()>".
std::string S3TestEndpoint();

struct AwsCliResult {
  int exit_code = -1;       // awscli's exit status; -1 when it could not run or died of a signal
  std::string output;       // what it wrote to stdout, then what it wrote to stderr
  std::string stdout_text;  // stdout alone (JSON answers, object bodies)
};

// Runs /usr/bin/aws --endpoint-url S3TestEndpoint() `args...` with the test credentials and
// region, no pager, and none of the user's AWS configuration (every inherited AWS_* variable is
// dropped; config and credentials files are /dev/null). Never fails the test itself.
// Example: AwsCli({"s3", "ls", "s3://bucket/"}).
AwsCliResult AwsCli(const std::vector<std::string>& args);

// As AwsCli(), with `secret_access_key` instead of the test account's secret: a request signed
// with a wrong key, which the server must refuse.
AwsCliResult AwsCliWithSecret(const std::vector<std::string>& args,
                              const std::string& secret_access_key);

// Creates a new empty bucket named after `stem` (lowercased, other characters than a-z 0-9 and
// '-' dropped) plus a suffix unique to this process and call. Fatal test failure (and "") when
// the server does not answer or refuses.
std::string MakeTestBucket(const std::string& stem);

// Uploads `content` as object `key`. Fatal test failure when the upload fails.
void PutObject(const std::string& bucket, const std::string& key, const std::string& content);
// Uploads the local file `path` as object `key`. Fatal test failure when the upload fails.
void PutObjectFromFile(const std::string& bucket, const std::string& key, const std::string& path);

// The bytes of object `key`. Fatal test failure (and "") when it cannot be read.
std::string GetObjectText(const std::string& bucket, const std::string& key);

// Every key in `bucket` starting with `prefix` ("" for all), in S3's order (sorted), through
// every page of the listing. Fatal test failure (and {}) when the listing fails.
std::vector<std::string> ListKeys(const std::string& bucket, const std::string& prefix);

}  // namespace sqlflow::test
