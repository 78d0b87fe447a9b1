#include "connectors/s3/s3_url.h"

#include <string_view>

namespace sqlflow {
namespace {

constexpr std::string_view kScheme = "s3://";

bool IsBucketChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

Status NotAnS3Url(const std::string& url, const std::string& why) {
  return Status::Invalid("'" + url + "' is not an S3 URL (" + why +
                         "): expected s3://bucket/key or s3://bucket/prefix/");
}

// The base split at its scheme: "https://" and "s3.eu-west-1.amazonaws.com[:port][/path]".
struct SplitBase {
  std::string scheme;     // with "://"
  std::string authority;  // host[:port]
  std::string path;       // "" or "/path"
};

SplitBase Split(const std::string& base) {
  SplitBase split;
  std::string rest = base;
  size_t scheme_end = base.find("://");
  if (scheme_end != std::string::npos) {
    split.scheme = base.substr(0, scheme_end + 3);
    rest = base.substr(scheme_end + 3);
  }
  size_t slash = rest.find('/');
  split.authority = rest.substr(0, slash);
  if (slash != std::string::npos) split.path = rest.substr(slash);
  return split;
}

}  // namespace

bool UsesPathStyle(const S3Endpoint& endpoint, const std::string& bucket) {
  // The TLS certificate of *.s3.region.amazonaws.com covers one label: "my.bucket.s3…" would
  // fail verification, so such buckets are addressed path style, as the AWS SDKs do.
  return endpoint.path_style ||
         (bucket.find('.') != std::string::npos && endpoint.base.rfind("https://", 0) == 0);
}

Result<S3Url> ParseS3Url(const std::string& url) {
  if (url.compare(0, kScheme.size(), kScheme) != 0) return NotAnS3Url(url, "no s3:// scheme");
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  S3Url parsed;
  parsed.bucket = rest.substr(0, slash);
  if (slash != std::string::npos) parsed.key = rest.substr(slash + 1);
  if (parsed.bucket.empty()) return NotAnS3Url(url, "no bucket name");
  if (parsed.bucket.size() > 255) return NotAnS3Url(url, "the bucket name is too long");
  for (char c : parsed.bucket) {
    if (!IsBucketChar(c)) {
      return NotAnS3Url(url, std::string("'") + c + "' cannot be part of a bucket name");
    }
  }
  return parsed;
}

std::string FormatS3Url(const std::string& bucket, const std::string& key) {
  return std::string(kScheme) + bucket + "/" + key;
}

S3Endpoint ResolveEndpoint(const std::string& endpoint_param, const std::string& region,
                           const std::string& url_style) {
  S3Endpoint endpoint;
  endpoint.region = region;
  if (endpoint_param.empty()) {
    // China regions live under their own domain.
    const char* domain = region.rfind("cn-", 0) == 0 ? ".amazonaws.com.cn" : ".amazonaws.com";
    endpoint.base = "https://s3." + region + domain;
    endpoint.path_style = url_style == "path";
    return endpoint;
  }
  endpoint.base = endpoint_param;
  if (endpoint.base.find("://") == std::string::npos) endpoint.base = "https://" + endpoint.base;
  while (!endpoint.base.empty() && endpoint.base.back() == '/') endpoint.base.pop_back();
  // S3-compatible servers seldom have wildcard DNS for bucket.host names: path style unless
  // told otherwise.
  endpoint.path_style = url_style != "virtual";
  return endpoint;
}

std::string UriEncode(const std::string& text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return encoded;
}

std::string HostOf(const S3Endpoint& endpoint, const std::string& bucket) {
  std::string authority = Split(endpoint.base).authority;
  return UsesPathStyle(endpoint, bucket) ? authority : bucket + "." + authority;
}

std::string S3ObjectUrl(const S3Endpoint& endpoint, const std::string& bucket,
                        const std::string& key, const std::string& query) {
  SplitBase base = Split(endpoint.base);
  std::string url;
  if (UsesPathStyle(endpoint, bucket)) {
    url = endpoint.base + "/" + bucket;
    if (!key.empty()) url += "/" + UriEncode(key, /*keep_slash=*/true);
  } else {
    url = base.scheme + bucket + "." + base.authority + base.path + "/" +
          UriEncode(key, /*keep_slash=*/true);
  }
  if (!query.empty()) url += "?" + query;
  return url;
}

}  // namespace sqlflow
