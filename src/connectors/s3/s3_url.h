// S3 addresses: `s3://bucket/key` URLs as users write them, and the HTTP URLs the S3 client
// sends requests to (AWS endpoints per region, or an S3-compatible server such as MinIO or
// s3rver), path style (`host/bucket/key`) or virtual-host style (`bucket.host/key`).
// Thread-safety: pure functions over values.
#pragma once

#include <string>

#include "common/status.h"

namespace sqlflow {

struct S3Url {
  std::string bucket;
  std::string key;  // without the leading '/'; empty for "s3://bucket" and "s3://bucket/"
};

// s3_url := "s3://" bucket [ "/" key ]
// bucket: 1..255 of [A-Za-z0-9._-] (AWS's own rules are stricter, but S3-compatible servers and
// legacy us-east-1 buckets allow upper case and '_'; the server has the final word).
// Returns InvalidArgument naming the text and the form expected ("'s3:/x' is not an S3 URL:
// expected s3://bucket/key").
Result<S3Url> ParseS3Url(const std::string& url);

// "s3://bucket/key": the form used in messages.
std::string FormatS3Url(const std::string& bucket, const std::string& key);

struct S3Endpoint {
  // "https://s3.eu-west-1.amazonaws.com" or "http://127.0.0.1:9000": scheme and authority,
  // maybe a path, never a trailing '/'.
  std::string base;
  std::string region;
  bool path_style = false;  // host/bucket/key rather than bucket.host/key
};

// The endpoint requests go to. An empty `endpoint_param` means AWS: the regional endpoint of
// `region` (amazonaws.com.cn for cn-* regions), virtual-host style. A custom endpoint (an
// S3-compatible server) defaults to path style, which needs no wildcard DNS; a custom endpoint
// without a scheme gets "https://". `url_style` "path" or "virtual" overrides the default; any
// other text is the default (s3_spec validates the param).
S3Endpoint ResolveEndpoint(const std::string& endpoint_param, const std::string& region,
                           const std::string& url_style);

// True when requests for `bucket` go path style: the endpoint says so, or the bucket's name
// has a '.' and the endpoint is https (a virtual host name would not match the certificate).
bool UsesPathStyle(const S3Endpoint& endpoint, const std::string& bucket);

// The URL of `key` in `bucket`, the key URI-encoded per S3's rules; `query` (already encoded,
// without '?') is appended when not empty. Path or virtual-host style per UsesPathStyle. An
// empty key addresses the bucket itself:
// "http://host/bucket" (path style) or "https://bucket.host/" (virtual host).
std::string S3ObjectUrl(const S3Endpoint& endpoint, const std::string& bucket,
                        const std::string& key, const std::string& query = "");

// Percent-encodes every byte of `text` except the unreserved A-Za-z0-9-._~ (and '/' when
// `keep_slash`), with upper-case hex digits: the encoding of AWS Signature V4's canonical URI
// and query, so that what is sent is what is signed.
std::string UriEncode(const std::string& text, bool keep_slash);

// The Host the request for `bucket` goes to: "127.0.0.1:9000" (path style) or
// "bucket.s3.eu-west-1.amazonaws.com" (virtual host), per UsesPathStyle. The port is kept when
// the base has one.
std::string HostOf(const S3Endpoint& endpoint, const std::string& bucket);

}  // namespace sqlflow
