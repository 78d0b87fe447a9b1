#include "connectors/s3/s3_url.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(S3UrlTest, ParsesBucketAndKey) {
  auto url = ParseS3Url("s3://analytics-data/exports/2025-06-01.csv");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->bucket, "analytics-data");
  EXPECT_EQ(url->key, "exports/2025-06-01.csv");
  EXPECT_EQ(ParseS3Url("s3://reports/daily/")->key, "daily/");
  EXPECT_EQ(ParseS3Url("s3://reports/")->key, "");
  EXPECT_EQ(ParseS3Url("s3://reports")->bucket, "reports");
  EXPECT_EQ(ParseS3Url("s3://Legacy_Bucket/a b.csv")->key, "a b.csv");
  EXPECT_EQ(FormatS3Url("b", "k/x.csv"), "s3://b/k/x.csv");
}

TEST(S3UrlTest, RejectsTextThatIsNotAnS3Url) {
  EXPECT_EQ(ParseS3Url("s3:/x/y").status().message(),
            "'s3:/x/y' is not an S3 URL (no s3:// scheme): expected s3://bucket/key or "
            "s3://bucket/prefix/");
  EXPECT_EQ(ParseS3Url("https://b/k").status().message(),
            "'https://b/k' is not an S3 URL (no s3:// scheme): expected s3://bucket/key or "
            "s3://bucket/prefix/");
  EXPECT_EQ(ParseS3Url("s3:///key").status().message(),
            "'s3:///key' is not an S3 URL (no bucket name): expected s3://bucket/key or "
            "s3://bucket/prefix/");
  EXPECT_EQ(ParseS3Url("s3://my bucket/k").status().message(),
            "'s3://my bucket/k' is not an S3 URL (' ' cannot be part of a bucket name): expected "
            "s3://bucket/key or s3://bucket/prefix/");
  EXPECT_EQ(ParseS3Url("s3://" + std::string(256, 'b')).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(S3UrlTest, AwsEndpointPerRegionIsVirtualHostStyle) {
  S3Endpoint endpoint = ResolveEndpoint("", "eu-west-1", "");
  EXPECT_EQ(endpoint.base, "https://s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(endpoint.region, "eu-west-1");
  EXPECT_FALSE(endpoint.path_style);
  EXPECT_EQ(HostOf(endpoint, "data"), "data.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(S3ObjectUrl(endpoint, "data", "events/a.csv"),
            "https://data.s3.eu-west-1.amazonaws.com/events/a.csv");
  EXPECT_EQ(S3ObjectUrl(endpoint, "data", "", "list-type=2&prefix=events%2F"),
            "https://data.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=events%2F");
  EXPECT_EQ(ResolveEndpoint("", "cn-north-1", "").base, "https://s3.cn-north-1.amazonaws.com.cn");
  EXPECT_TRUE(ResolveEndpoint("", "us-east-1", "path").path_style);
}

TEST(S3UrlTest, CustomEndpointIsPathStyleUnlessToldOtherwise) {
  S3Endpoint endpoint = ResolveEndpoint("http://127.0.0.1:9000/", "us-east-1", "");
  EXPECT_EQ(endpoint.base, "http://127.0.0.1:9000");
  EXPECT_TRUE(endpoint.path_style);
  EXPECT_EQ(HostOf(endpoint, "data"), "127.0.0.1:9000");
  EXPECT_EQ(S3ObjectUrl(endpoint, "data", "a/b.csv"), "http://127.0.0.1:9000/data/a/b.csv");
  EXPECT_EQ(S3ObjectUrl(endpoint, "data", "", "list-type=2"),
            "http://127.0.0.1:9000/data?list-type=2");

  S3Endpoint virtual_host = ResolveEndpoint("minio.example.com", "us-east-1", "virtual");
  EXPECT_EQ(virtual_host.base, "https://minio.example.com");
  EXPECT_FALSE(virtual_host.path_style);
  EXPECT_EQ(HostOf(virtual_host, "data"), "data.minio.example.com");
  EXPECT_EQ(S3ObjectUrl(virtual_host, "data", "k"), "https://data.minio.example.com/k");
}

TEST(S3UrlTest, DottedBucketsOverHttpsGoPathStyle) {
  S3Endpoint aws = ResolveEndpoint("", "eu-west-1", "");
  EXPECT_TRUE(UsesPathStyle(aws, "my.bucket"));
  EXPECT_FALSE(UsesPathStyle(aws, "my-bucket"));
  EXPECT_EQ(HostOf(aws, "my.bucket"), "s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(S3ObjectUrl(aws, "my.bucket", "k"), "https://s3.eu-west-1.amazonaws.com/my.bucket/k");
  S3Endpoint plain_http = ResolveEndpoint("http://local:9000", "us-east-1", "virtual");
  EXPECT_FALSE(UsesPathStyle(plain_http, "my.bucket"));
  EXPECT_EQ(HostOf(plain_http, "my.bucket"), "my.bucket.local:9000");
}

TEST(S3UrlTest, KeysAreEncodedAsSigV4Signs) {
  EXPECT_EQ(UriEncode("a b/c+d=é~_.-", /*keep_slash=*/true), "a%20b/c%2Bd%3D%C3%A9~_.-");
  EXPECT_EQ(UriEncode("events/x", /*keep_slash=*/false), "events%2Fx");
  EXPECT_EQ(UriEncode("AZaz09", /*keep_slash=*/false), "AZaz09");
  S3Endpoint endpoint = ResolveEndpoint("http://127.0.0.1:9000", "us-east-1", "path");
  EXPECT_EQ(S3ObjectUrl(endpoint, "b", "year=2025/a b?.csv", "partNumber=1&uploadId=x"),
            "http://127.0.0.1:9000/b/year%3D2025/a%20b%3F.csv?partNumber=1&uploadId=x");
}

}  // namespace
}  // namespace sqlflow
