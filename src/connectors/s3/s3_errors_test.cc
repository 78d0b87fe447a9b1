#include "connectors/s3/s3_errors.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

S3RequestContext Context(const std::string& action, const std::string& key = "") {
  S3RequestContext context;
  context.action = action;
  context.bucket = "data";
  context.key = key;
  context.endpoint_base = "https://s3.us-east-1.amazonaws.com";
  context.region = "us-east-1";
  context.credentials_origin = "environment";
  return context;
}

std::string ErrorXml(const std::string& code, const std::string& message,
                     const std::string& extra = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
         message + "</Message>" + extra + "<RequestId>R1</RequestId></Error>";
}

TEST(S3ErrorsTest, NoSuchBucketAndNoSuchKey) {
  Status status =
      S3ErrorStatus(Context("ListObjectsV2"), 404,
                    ErrorXml("NoSuchBucket", "The specified bucket does not exist"), std::nullopt);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(),
            "S3 ListObjectsV2 s3://data/: bucket 'data' does not exist at "
            "https://s3.us-east-1.amazonaws.com (NoSuchBucket: The specified bucket does not "
            "exist); check the bucket name, \"region\" and \"endpoint\"");
  EXPECT_EQ(S3ErrorStatus(Context("HeadBucket"), 404, "", std::nullopt).message(),
            "S3 HeadBucket s3://data/: bucket 'data' does not exist at "
            "https://s3.us-east-1.amazonaws.com (HTTP 404); check the bucket name, \"region\" and "
            "\"endpoint\"");

  status = S3ErrorStatus(Context("GetObject", "events/a.csv"), 404,
                         ErrorXml("NoSuchKey", "The specified key does not exist."), std::nullopt);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(),
            "S3 GetObject s3://data/events/a.csv: bucket 'data' has no object with key "
            "'events/a.csv' (NoSuchKey: The specified key does not exist.); check the key "
            "(\"path\" or \"prefix\") and whether the object was moved or deleted");
  EXPECT_EQ(S3ErrorStatus(Context("HeadObject", "k"), 404, "", std::nullopt).code(),
            StatusCode::kNotFound);
}

TEST(S3ErrorsTest, AccessDeniedNamesThePermission) {
  Status status = S3ErrorStatus(Context("ListObjectsV2"), 403,
                                ErrorXml("AccessDenied", "Access Denied"), std::nullopt);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "S3 ListObjectsV2 s3://data/: access denied (AccessDenied: Access Denied); the "
            "credentials from environment need the s3:ListBucket permission on "
            "arn:aws:s3:::data");
  EXPECT_EQ(S3ErrorStatus(Context("GetObject", "a.csv"), 403,
                          ErrorXml("AccessDenied", "Access Denied"), std::nullopt)
                .message(),
            "S3 GetObject s3://data/a.csv: access denied (AccessDenied: Access Denied); the "
            "credentials from environment need the s3:GetObject permission on "
            "arn:aws:s3:::data/a.csv (without s3:ListBucket on the bucket, S3 also answers 403 "
            "for a key that does not exist)");
  S3RequestContext anonymous = Context("AbortMultipartUpload", "out/x.parquet");
  anonymous.credentials_origin = "";
  EXPECT_EQ(S3ErrorStatus(anonymous, 403, ErrorXml("AccessDenied", "Access Denied"), std::nullopt)
                .message(),
            "S3 AbortMultipartUpload s3://data/out/x.parquet: access denied (AccessDenied: "
            "Access Denied); the credentials need the s3:AbortMultipartUpload permission on "
            "arn:aws:s3:::data/out/x.parquet");
  EXPECT_EQ(S3ErrorStatus(Context("HeadObject", "k"), 403, "", std::nullopt).message(),
            "S3 HeadObject s3://data/k: access denied (HTTP 403); the credentials from "
            "environment need the s3:GetObject permission on arn:aws:s3:::data/k (without "
            "s3:ListBucket on the bucket, S3 also answers 403 for a key that does not exist), or "
            "the secret key or this machine's clock is wrong (a HEAD response carries no reason)");
  EXPECT_EQ(S3PermissionFor("PutObject"), "s3:PutObject");
  EXPECT_EQ(S3PermissionFor("UploadPart"), "s3:PutObject");
  EXPECT_EQ(S3PermissionFor("CompleteMultipartUpload"), "s3:PutObject");
  EXPECT_EQ(S3PermissionFor("HeadBucket"), "s3:ListBucket");
  EXPECT_EQ(S3PermissionFor("DeleteObject"), "s3:DeleteObject");
  EXPECT_EQ(S3PermissionFor("ListMultipartUploads"), "s3:ListBucketMultipartUploads");
}

TEST(S3ErrorsTest, SignatureKeyIdClockAndToken) {
  Status status = S3ErrorStatus(
      Context("PutObject", "k"), 403,
      ErrorXml("SignatureDoesNotMatch",
               "The request signature we calculated does not match the signature you provided."),
      std::nullopt);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "S3 PutObject s3://data/k: the server rejected the request's signature "
            "(SignatureDoesNotMatch: The request signature we calculated does not match the "
            "signature you provided.); check the secret access key of the credentials from "
            "environment, and that this machine's clock is right");
  EXPECT_EQ(S3ErrorStatus(Context("ListObjectsV2"), 403,
                          ErrorXml("InvalidAccessKeyId",
                                   "The AWS Access Key Id you provided does not exist in our "
                                   "records."),
                          std::nullopt)
                .message(),
            "S3 ListObjectsV2 s3://data/: the access key id of the credentials from environment "
            "is not known to https://s3.us-east-1.amazonaws.com (InvalidAccessKeyId: The AWS "
            "Access Key Id you provided does not exist in our records.); check "
            "\"access_key_id\", or \"endpoint\" if the key belongs to another S3 service");
  EXPECT_EQ(S3ErrorStatus(Context("GetObject", "k"), 403,
                          ErrorXml("RequestTimeTooSkewed",
                                   "The difference between the request time and the current "
                                   "time is too large."),
                          std::nullopt)
                .message(),
            "S3 GetObject s3://data/k: this machine's clock differs too much from the server's "
            "(RequestTimeTooSkewed: The difference between the request time and the current time "
            "is too large.); set the clock right (enable NTP)");
  EXPECT_EQ(S3ErrorStatus(Context("GetObject", "k"), 400,
                          ErrorXml("ExpiredToken", "The provided token has expired."), std::nullopt)
                .message(),
            "S3 GetObject s3://data/k: the session token of the credentials from environment is "
            "expired or not valid (ExpiredToken: The provided token has expired.); get fresh "
            "temporary credentials (\"session_token\", AWS_SESSION_TOKEN)");
}

TEST(S3ErrorsTest, WrongRegionSaysWhichRegion) {
  const std::string kWant =
      "S3 ListObjectsV2 s3://data/: bucket 'data' is in region 'eu-west-1', not 'us-east-1': set "
      "\"region\": \"eu-west-1\"";
  // From the header of a 301.
  Status status = S3ErrorStatus(Context("ListObjectsV2"), 301,
                                ErrorXml("PermanentRedirect",
                                         "The bucket you are attempting to access must be "
                                         "addressed using the specified endpoint.",
                                         "<Bucket>data</Bucket>"),
                                std::string("eu-west-1"));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), kWant);
  // From <Region>, and from the message of AuthorizationHeaderMalformed.
  EXPECT_EQ(S3ErrorStatus(
                Context("ListObjectsV2"), 400,
                ErrorXml("AuthorizationHeaderMalformed", "malformed", "<Region>eu-west-1</Region>"),
                std::nullopt)
                .message(),
            kWant);
  EXPECT_EQ(S3ErrorStatus(Context("ListObjectsV2"), 400,
                          ErrorXml("AuthorizationHeaderMalformed",
                                   "The authorization header is malformed; the region "
                                   "'us-east-1' is wrong; expecting 'eu-west-1'"),
                          std::nullopt)
                .message(),
            kWant);
  // HEAD: no body at all.
  EXPECT_EQ(S3ErrorStatus(Context("ListObjectsV2"), 400, "", std::string("eu-west-1")).message(),
            kWant);
  EXPECT_EQ(S3ErrorStatus(Context("ListObjectsV2"), 301, "", std::string("eu-west-1")).message(),
            kWant);
  // The region unknown.
  EXPECT_EQ(S3ErrorStatus(Context("PutObject", "k"), 400,
                          ErrorXml("IllegalLocationConstraintException",
                                   "The eu-west-1 location constraint is incompatible for the "
                                   "region specific endpoint this request was sent to."),
                          std::nullopt)
                .message(),
            "S3 PutObject s3://data/k: bucket 'data' is not in region 'us-east-1' "
            "(IllegalLocationConstraintException: The eu-west-1 location constraint is "
            "incompatible for the region specific endpoint this request was sent to.); set "
            "\"region\" to the bucket's region (`aws s3api get-bucket-location --bucket data` "
            "shows it)");
}

TEST(S3ErrorsTest, ThrottlingServerErrorsAndTheRest) {
  Status status =
      S3ErrorStatus(Context("GetObject", "k"), 503,
                    ErrorXml("SlowDown", "Please reduce your request rate."), std::nullopt);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(),
            "S3 GetObject s3://data/k: the server is still throttling requests after the retries "
            "(SlowDown: Please reduce your request rate.); set a lower \"rate_limit\" or run "
            "again later");
  EXPECT_EQ(S3ErrorStatus(Context("HeadObject", "k"), 503, "", std::nullopt).message(),
            "S3 HeadObject s3://data/k: the server is still throttling requests after the "
            "retries (HTTP 503); set a lower \"rate_limit\" or run again later");
  EXPECT_EQ(
      S3ErrorStatus(Context("GetObject", "k"), 500,
                    ErrorXml("InternalError", "We encountered an internal error."), std::nullopt)
          .message(),
      "S3 GetObject s3://data/k: the server failed after the retries (HTTP 500 "
      "InternalError: We encountered an internal error. (request id R1)); run again later");
  EXPECT_EQ(S3ErrorStatus(Context("GetObject", "k"), 502,
                          "<html><body>Bad gateway</body></html>\nmore", std::nullopt)
                .message(),
            "S3 GetObject s3://data/k: the server failed after the retries (HTTP 502: "
            "<html><body>Bad gateway</body></html>); run again later");
  EXPECT_EQ(S3ErrorStatus(Context("GetObject", "k"), 416,
                          ErrorXml("InvalidRange", "The requested range is not satisfiable"),
                          std::nullopt)
                .message(),
            "S3 GetObject s3://data/k: HTTP 416 InvalidRange: The requested range is not "
            "satisfiable (request id R1)");
}

TEST(S3ErrorsTest, RegionHeaderOfTheSameRegionIsNotAWrongRegion) {
  Status status =
      S3ErrorStatus(Context("GetObject", "k"), 403, ErrorXml("AccessDenied", "Access Denied"),
                    std::string("us-east-1"));
  EXPECT_NE(status.message().find("access denied"), std::string::npos);
}

}  // namespace
}  // namespace sqlflow
