#include "connectors/s3/s3_client.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "connectors/s3/s3_errors.h"

namespace sqlflow {

namespace {

// SHA-256 of the empty body: every GET, HEAD, DELETE and LIST.
constexpr const char* kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string Hex(const unsigned char* bytes, unsigned int n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 15]);
  }
  return out;
}

bool Is2xx(long status) { return status >= 200 && status < 300; }

}  // namespace

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  return Hex(digest, n);
}

Result<std::string> Sha256HexOfFile(const std::string& file, uint64_t offset, uint64_t length) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError("cannot read '" + file + "' to upload it");
  in.seekg(static_cast<std::streamoff>(offset));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  uint64_t left = length;
  while (left > 0 && in) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
    in.read(buffer.data(), static_cast<std::streamsize>(want));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    EVP_DigestUpdate(ctx, buffer.data(), static_cast<size_t>(got));
    left -= static_cast<uint64_t>(got);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, digest, &n);
  EVP_MD_CTX_free(ctx);
  if (left != 0) return Status::IoError("'" + file + "' ended before the bytes to upload");
  return Hex(digest, n);
}

// What a request is, for its message and its price class.
struct S3Client::Call {
  std::string action;
  std::string bucket;
  std::string key;
  enum class Price { kList, kGet, kPut } price = Price::kGet;
};

S3Client::S3Client(S3ClientOptions options)
    : options_(std::move(options)), http_(options_.policy, options_.clock) {}

Result<HttpResponse> S3Client::Send(const Call& call, HttpRequest request) {
  const S3Credentials& creds = options_.auth.credentials;
  request.sigv4 =
      AwsSigV4{options_.endpoint.region, "s3", creds.access_key_id, creds.secret_access_key};
  if (!creds.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", creds.session_token);
  }
  switch (call.price) {
    case Call::Price::kList:
      counts_.list.fetch_add(1);
      break;
    case Call::Price::kGet:
      counts_.get.fetch_add(1);
      break;
    case Call::Price::kPut:
      counts_.put.fetch_add(1);
      break;
  }
  std::string where = "S3 " + call.action + " " + FormatS3Url(call.bucket, call.key) + ": ";
  Result<HttpResponse> response = http_.Send(request);
  if (!response.ok()) {
    return Status(response.status().code(), where + response.status().message());
  }
  if (Is2xx(response->status)) return response;
  S3RequestContext context{
      call.action, call.bucket, call.key, options_.endpoint.base, options_.endpoint.region,
      creds.origin};
  return S3ErrorStatus(context, response->status, response->body,
                       response->Header("x-amz-bucket-region"));
}

Result<S3ListPage> S3Client::ListPage(const std::string& bucket, const std::string& prefix,
                                      const std::string& delimiter,
                                      const std::string& continuation) {
  // SigV4 signs the query as sent: parameters in byte order, each encoded.
  std::string query;
  if (!continuation.empty()) query += "continuation-token=" + UriEncode(continuation, false) + "&";
  if (!delimiter.empty()) query += "delimiter=" + UriEncode(delimiter, false) + "&";
  query += "encoding-type=url&list-type=2";
  if (options_.list_page_size > 0) query += "&max-keys=" + std::to_string(options_.list_page_size);
  query += "&prefix=" + UriEncode(prefix, false);
  HttpRequest request;
  request.url = S3ObjectUrl(options_.endpoint, bucket, "", query);
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  SQLFLOW_ASSIGN_OR_RETURN(HttpResponse response,
                           Send({"ListObjectsV2", bucket, prefix, Call::Price::kList}, request));
  Result<S3ListPage> page = ParseListObjectsV2(response.body);
  if (!page.ok()) {
    return Status(page.status().code(), "S3 ListObjectsV2 " + FormatS3Url(bucket, prefix) + ": " +
                                            page.status().message());
  }
  return page;
}

Result<std::vector<S3Object>> S3Client::ListAll(const std::string& bucket,
                                                const std::string& prefix) {
  std::vector<S3Object> objects;
  std::string token;
  do {
    SQLFLOW_ASSIGN_OR_RETURN(S3ListPage page, ListPage(bucket, prefix, "", token));
    for (S3Object& o : page.objects) objects.push_back(std::move(o));
    token = page.is_truncated ? page.next_continuation_token : "";
  } while (!token.empty());
  return objects;
}

Result<std::vector<std::string>> S3Client::ListFolders(const std::string& bucket,
                                                       const std::string& prefix) {
  std::vector<std::string> folders;
  std::string token;
  do {
    SQLFLOW_ASSIGN_OR_RETURN(S3ListPage page, ListPage(bucket, prefix, "/", token));
    for (std::string& p : page.common_prefixes) folders.push_back(std::move(p));
    token = page.is_truncated ? page.next_continuation_token : "";
  } while (!token.empty());
  return folders;
}

Result<std::optional<S3Object>> S3Client::Head(const std::string& bucket, const std::string& key) {
  HttpRequest request;
  request.method = "HEAD";
  request.url = S3ObjectUrl(options_.endpoint, bucket, key);
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  Result<HttpResponse> response = Send({"HeadObject", bucket, key, Call::Price::kGet}, request);
  if (!response.ok()) {
    // HEAD has no body: a 404 is the key's absence unless the bucket itself is missing, which
    // the caller finds out from a listing.
    if (response.status().code() == StatusCode::kNotFound) return std::optional<S3Object>();
    return response.status();
  }
  S3Object object;
  object.key = key;
  if (auto length = response->Header("content-length")) {
    object.size = std::strtoull(length->c_str(), nullptr, 10);
  }
  if (auto etag = response->Header("etag")) object.etag = UnquoteEtag(*etag);
  if (auto modified = response->Header("last-modified")) object.last_modified = *modified;
  return std::optional<S3Object>(object);
}

Status S3Client::GetToFile(const std::string& bucket, const std::string& key,
                           const std::string& file) {
  HttpRequest request;
  request.url = S3ObjectUrl(options_.endpoint, bucket, key);
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  request.response_file = file;
  return Send({"GetObject", bucket, key, Call::Price::kGet}, request).status();
}

Status S3Client::GetRangeToFile(const std::string& bucket, const std::string& key,
                                const std::string& file, uint64_t offset, uint64_t length) {
  HttpRequest request;
  request.url = S3ObjectUrl(options_.endpoint, bucket, key);
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  request.headers.emplace_back(
      "Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
  request.response_file = file;
  request.response_file_offset = offset;
  SQLFLOW_ASSIGN_OR_RETURN(HttpResponse response,
                           Send({"GetObject", bucket, key, Call::Price::kGet}, request));
  // A server that ignores Range sends the whole object from offset 0: the file would be wrong.
  if (response.status != 206 || response.bytes_received != length) {
    return Status::IoError("S3 GetObject " + FormatS3Url(bucket, key) + ": asked for bytes " +
                           std::to_string(offset) + "-" + std::to_string(offset + length - 1) +
                           " but got HTTP " + std::to_string(response.status) + " with " +
                           std::to_string(response.bytes_received) +
                           " bytes; the server does not serve ranges");
  }
  return Status::OK();
}

Status S3Client::PutFile(const std::string& bucket, const std::string& key,
                         const std::string& file) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) return Status::IoError("cannot read '" + file + "' to upload it: " + ec.message());
  SQLFLOW_ASSIGN_OR_RETURN(std::string sha, Sha256HexOfFile(file, 0, size));
  HttpRequest request;
  request.method = "PUT";
  request.url = S3ObjectUrl(options_.endpoint, bucket, key);
  request.headers.emplace_back("x-amz-content-sha256", sha);
  request.body_file = file;
  request.body_offset = 0;
  request.body_length = size;
  return Send({"PutObject", bucket, key, Call::Price::kPut}, request).status();
}

Result<std::string> S3Client::CreateMultipartUpload(const std::string& bucket,
                                                    const std::string& key) {
  HttpRequest request;
  request.method = "POST";
  request.url = S3ObjectUrl(options_.endpoint, bucket, key, "uploads=");
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  SQLFLOW_ASSIGN_OR_RETURN(
      HttpResponse response,
      Send({"CreateMultipartUpload", bucket, key, Call::Price::kPut}, request));
  return ParseInitiateMultipartUpload(response.body);
}

Result<std::string> S3Client::UploadPart(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, int part_number,
                                         const std::string& file, uint64_t offset,
                                         uint64_t length) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string sha, Sha256HexOfFile(file, offset, length));
  HttpRequest request;
  request.method = "PUT";
  request.url = S3ObjectUrl(
      options_.endpoint, bucket, key,
      "partNumber=" + std::to_string(part_number) + "&uploadId=" + UriEncode(upload_id, false));
  request.headers.emplace_back("x-amz-content-sha256", sha);
  request.body_file = file;
  request.body_offset = offset;
  request.body_length = length;
  SQLFLOW_ASSIGN_OR_RETURN(HttpResponse response,
                           Send({"UploadPart", bucket, key, Call::Price::kPut}, request));
  std::optional<std::string> etag = response.Header("etag");
  if (!etag) {
    return Status::IoError("S3 UploadPart " + FormatS3Url(bucket, key) +
                           ": the response has no ETag; the server is not S3-compatible here");
  }
  return *etag;
}

Status S3Client::CompleteMultipartUpload(
    const std::string& bucket, const std::string& key, const std::string& upload_id,
    const std::vector<std::pair<int, std::string>>& part_etags) {
  HttpRequest request;
  request.method = "POST";
  request.url =
      S3ObjectUrl(options_.endpoint, bucket, key, "uploadId=" + UriEncode(upload_id, false));
  request.body = CompleteMultipartUploadXml(part_etags);
  request.headers.emplace_back("x-amz-content-sha256", Sha256Hex(request.body));
  request.headers.emplace_back("Content-Type", "application/xml");
  SQLFLOW_ASSIGN_OR_RETURN(
      HttpResponse response,
      Send({"CompleteMultipartUpload", bucket, key, Call::Price::kPut}, request));
  // S3 may answer 200 with an <Error> body when the completion failed after it began.
  if (response.body.find("<Error>") != std::string::npos) {
    S3RequestContext context{"CompleteMultipartUpload",
                             bucket,
                             key,
                             options_.endpoint.base,
                             options_.endpoint.region,
                             options_.auth.credentials.origin};
    return S3ErrorStatus(context, 500, response.body, std::nullopt);
  }
  return Status::OK();
}

Status S3Client::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) {
  HttpRequest request;
  request.method = "DELETE";
  request.url =
      S3ObjectUrl(options_.endpoint, bucket, key, "uploadId=" + UriEncode(upload_id, false));
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  return Send({"AbortMultipartUpload", bucket, key, Call::Price::kGet}, request).status();
}

Status S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  HttpRequest request;
  request.method = "DELETE";
  request.url = S3ObjectUrl(options_.endpoint, bucket, key);
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  return Send({"DeleteObject", bucket, key, Call::Price::kGet}, request).status();
}

}  // namespace sqlflow
