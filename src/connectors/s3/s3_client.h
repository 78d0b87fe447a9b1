// S3Client: the S3 REST calls SQLFlow makes (ListObjectsV2, GetObject, HeadObject, PutObject,
// the multipart upload steps, DeleteObject), signed with AWS Signature V4 and sent through
// HttpClient (retries, rate limit, circuit breaker). A non-2xx answer becomes S3ErrorStatus's
// message; the client counts LIST and GET requests for the cost record.
// Thread-safety: every method may be called from several threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/http/http_client.h"
#include "connectors/s3/s3_credentials.h"
#include "connectors/s3/s3_url.h"
#include "connectors/s3/s3_xml.h"

namespace sqlflow {

struct S3ClientOptions {
  S3ResolvedAuth auth;
  S3Endpoint endpoint;
  ResiliencePolicy policy;
  std::shared_ptr<Clock> clock;  // null: the system clock
  int list_page_size = 0;        // max-keys of a listing page; 0: the server's (1000)
};

// Requests by S3's price classes: LIST (and PUT, COPY, POST) and GET (and HEAD, others).
struct S3RequestCounts {
  std::atomic<int64_t> list{0};
  std::atomic<int64_t> get{0};
  std::atomic<int64_t> put{0};
};

class S3Client {
 public:
  explicit S3Client(S3ClientOptions options);

  // One page of ListObjectsV2 under `prefix`; with `delimiter` "/", the folders below it come
  // as common prefixes. `continuation` continues a truncated listing.
  Result<S3ListPage> ListPage(const std::string& bucket, const std::string& prefix,
                              const std::string& delimiter, const std::string& continuation);
  // Every object under `prefix`, paging to the end (no cap).
  Result<std::vector<S3Object>> ListAll(const std::string& bucket, const std::string& prefix);
  // The folders directly below `prefix` ("events/year=2025/"), paging to the end.
  Result<std::vector<std::string>> ListFolders(const std::string& bucket,
                                               const std::string& prefix);

  // The object's size and modification time; nullopt when there is no such key.
  Result<std::optional<S3Object>> Head(const std::string& bucket, const std::string& key);
  // Writes the whole object to `file` (created or truncated).
  Status GetToFile(const std::string& bucket, const std::string& key, const std::string& file);
  // Writes bytes [offset, offset + length) of the object at the same offset of `file`, which
  // must exist (a ranged GET: one part of a parallel download).
  Status GetRangeToFile(const std::string& bucket, const std::string& key, const std::string& file,
                        uint64_t offset, uint64_t length);

  // PUT of a whole local file as one object.
  Status PutFile(const std::string& bucket, const std::string& key, const std::string& file);
  Result<std::string> CreateMultipartUpload(const std::string& bucket, const std::string& key);
  // Uploads bytes [offset, offset + length) of `file` as part `part_number`; returns its ETag.
  Result<std::string> UploadPart(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, int part_number,
                                 const std::string& file, uint64_t offset, uint64_t length);
  Status CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id,
                                 const std::vector<std::pair<int, std::string>>& part_etags);
  Status AbortMultipartUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id);
  Status DeleteObject(const std::string& bucket, const std::string& key);

  // Makes requests in progress, and every later one, fail soon ("interrupted").
  void Cancel() { http_.Cancel(); }

  const HttpMetrics& http_metrics() const { return http_.metrics(); }
  const S3RequestCounts& request_counts() const { return counts_; }
  const S3Endpoint& endpoint() const { return options_.endpoint; }
  const S3ResolvedAuth& auth() const { return options_.auth; }

 private:
  struct Call;
  Result<HttpResponse> Send(const Call& call, HttpRequest request);

  S3ClientOptions options_;
  HttpClient http_;
  S3RequestCounts counts_;
};

// Hex SHA-256 of `data` (S3's x-amz-content-sha256).
std::string Sha256Hex(const std::string& data);
// Hex SHA-256 of bytes [offset, offset + length) of `file`.
Result<std::string> Sha256HexOfFile(const std::string& file, uint64_t offset, uint64_t length);

}  // namespace sqlflow
