#include "connectors/s3/s3_xml.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

constexpr char kTruncatedPage[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>analytics-data</Name><Prefix>events/</Prefix><KeyCount>2</KeyCount>
  <MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>events/2025/a b &amp; c.csv</Key>
    <LastModified>2025-06-01T10:00:00.000Z</LastModified>
    <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
    <Size>434234</Size><StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents>
    <Key>events/2025/big.parquet</Key>
    <LastModified>1970-01-01T00:00:01.5Z</LastModified>
    <ETag>"abc-12"</ETag><Size>18446744073709551615</Size>
  </Contents>
</ListBucketResult>)";

TEST(S3XmlTest, ParsesAListPage) {
  auto page = ParseListObjectsV2(kTruncatedPage);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 2u);
  const S3Object& first = page->objects[0];
  EXPECT_EQ(first.key, "events/2025/a b & c.csv");
  EXPECT_EQ(first.size, 434234u);
  EXPECT_EQ(first.last_modified, "2025-06-01T10:00:00.000Z");
  EXPECT_EQ(first.last_modified_us, 1748772000LL * 1000000);
  EXPECT_EQ(first.etag, "9b2cf535f27731c974343645a3985328");
  EXPECT_EQ(page->objects[1].size, 18446744073709551615ull);
  EXPECT_EQ(page->objects[1].last_modified_us, 1500000);
  EXPECT_EQ(page->objects[1].etag, "abc-12");
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3XmlTest, LastPageWithCommonPrefixesAndUrlEncodedKeys) {
  auto page = ParseListObjectsV2(R"(<ListBucketResult><Name>b</Name>
    <EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>
    <Contents><Key>year%3D2025/a+b%C3%A9.csv</Key><Size>0</Size>
      <LastModified>2025-06-01T12:00:00+02:00</LastModified><ETag>"e"</ETag></Contents>
    <CommonPrefixes><Prefix>year%3D2024/</Prefix></CommonPrefixes>
    <CommonPrefixes><Prefix>year%3D2025/</Prefix></CommonPrefixes>
  </ListBucketResult>)");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_FALSE(page->is_truncated);
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "year=2025/a bé.csv");
  EXPECT_EQ(page->objects[0].last_modified_us, 1748772000LL * 1000000);
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"year=2024/", "year=2025/"}));
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult/>")->objects.empty());
}

TEST(S3XmlTest, ListErrors) {
  EXPECT_EQ(ParseListObjectsV2("<html>oops")
                .status()
                .message()
                .rfind("S3 ListObjectsV2 response is not XML (", 0),
            0u);
  EXPECT_EQ(ParseListObjectsV2("<Error><Code>X</Code></Error>").status().message(),
            "S3 ListObjectsV2 response is not a ListBucketResult document: "
            "'<Error><Code>X</Code></Error>'");
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                               "</ListBucketResult>")
                .status()
                .message(),
            "S3 ListObjectsV2 response: the listing is truncated but has no "
            "NextContinuationToken, so it cannot go on; the server does not implement "
            "ListObjectsV2 paging");
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents><Size>1</Size></Contents>"
                               "</ListBucketResult>")
                .status()
                .message(),
            "S3 ListObjectsV2 response: an object (<Contents>) has no <Key>");
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>-1</Size>"
                               "</Contents></ListBucketResult>")
                .status()
                .message(),
            "S3 ListObjectsV2 response: object 'k' has the size '-1', not a number of bytes");
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>1</Size>"
                               "<LastModified>Sun, 01 Jun 2025</LastModified></Contents>"
                               "</ListBucketResult>")
                .status()
                .message(),
            "S3 ListObjectsV2 response: object 'k' has LastModified 'Sun, 01 Jun 2025', not an "
            "ISO 8601 time such as 2025-06-01T10:00:00.000Z");
}

TEST(S3XmlTest, Iso8601Times) {
  int64_t us = 0;
  EXPECT_TRUE(ParseIso8601Us("2025-06-01T10:00:00Z", &us));
  EXPECT_EQ(us, 1748772000LL * 1000000);
  EXPECT_TRUE(ParseIso8601Us("2025-06-01T10:00:00.123456Z", &us));
  EXPECT_EQ(us, 1748772000LL * 1000000 + 123456);
  EXPECT_TRUE(ParseIso8601Us("1969-12-31T23:59:59.000Z", &us));
  EXPECT_EQ(us, -1000000);
  EXPECT_FALSE(ParseIso8601Us("2025-02-30T10:00:00Z", &us));
  EXPECT_FALSE(ParseIso8601Us("2025-06-01T-1:00:00Z", &us));
  EXPECT_FALSE(ParseIso8601Us("2025-06-01T10:00:00Zjunk", &us));
  EXPECT_FALSE(ParseIso8601Us("", &us));
}

TEST(S3XmlTest, ErrorBodies) {
  S3ErrorXml error = ParseS3Error(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>
<Key>events/a.csv</Key><BucketName>data</BucketName><RequestId>4442587FB7D0A2F9</RequestId>
</Error>)");
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The specified key does not exist.");
  EXPECT_EQ(error.key, "events/a.csv");
  EXPECT_EQ(error.bucket, "data");
  EXPECT_EQ(error.request_id, "4442587FB7D0A2F9");
  EXPECT_EQ(error.region, "");

  error = ParseS3Error(
      "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access "
      "must be addressed using the specified endpoint.</Message><Endpoint>data.s3.eu-west-1."
      "amazonaws.com</Endpoint><Bucket>data</Bucket></Error>");
  EXPECT_EQ(error.bucket, "data");
  EXPECT_EQ(error.endpoint, "data.s3.eu-west-1.amazonaws.com");

  error = ParseS3Error(
      "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is "
      "malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message></Error>");
  EXPECT_EQ(error.region, "eu-west-1");
  error = ParseS3Error(
      "<Error><Code>AuthorizationHeaderMalformed</Code><Message>expecting 'x'</Message>"
      "<Region>ap-south-1</Region></Error>");
  EXPECT_EQ(error.region, "ap-south-1");

  EXPECT_EQ(ParseS3Error("").code, "");
  EXPECT_EQ(ParseS3Error("<html><body>Bad gateway</body></html>").message, "");
  EXPECT_EQ(ParseS3Error("<Error><Code>SlowDown").code, "");
}

TEST(S3XmlTest, MultipartUploadDocuments) {
  auto upload_id = ParseInitiateMultipartUpload(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE.ZWxp-bmcncyBt</UploadId>
</InitiateMultipartUploadResult>)");
  ASSERT_TRUE(upload_id.ok()) << upload_id.status().ToString();
  EXPECT_EQ(*upload_id, "VXBsb2FkIElE.ZWxp-bmcncyBt");
  EXPECT_EQ(ParseInitiateMultipartUpload("<InitiateMultipartUploadResult><Key>k</Key>"
                                         "</InitiateMultipartUploadResult>")
                .status()
                .message(),
            "S3 CreateMultipartUpload response has no UploadId: "
            "'<InitiateMultipartUploadResult><Key>k</Key></InitiateMultipartUploadResult>'");
  EXPECT_EQ(ParseInitiateMultipartUpload(std::string(300, 'x')).status().code(),
            StatusCode::kIoError);

  EXPECT_EQ(CompleteMultipartUploadXml({{1, "\"a1\""}, {2, "b2"}}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Part><PartNumber>1</PartNumber><ETag>\"a1\"</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>\"b2\"</ETag></Part>"
            "</CompleteMultipartUpload>");
  EXPECT_EQ(UnquoteEtag("\"x\""), "x");
  EXPECT_EQ(UnquoteEtag("x"), "x");
}

}  // namespace
}  // namespace sqlflow
