// HttpClient: every network connector's HTTP requests (S3, REST, the SaaS APIs) go through here,
// on libcurl, with the resilience policy of SPEC-CONNECTORS §4: retries with exponential backoff
// and full jitter on transient failures (connection errors, timeouts, 408, 429, 500, 502, 503,
// 504), Retry-After as the minimum wait, a token-bucket rate limit per client and a circuit
// breaker per host. It counts what it did (HttpMetrics) for the step's record.
// Thread-safety: Send() may be called from several threads at once (one curl handle per call);
// metrics are atomic.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/metric.h"
#include "common/status.h"
#include "connectors/http/clock.h"

namespace sqlflow {

struct RetryOptions {
  int max_attempts = 5;  // attempts in all, the first included
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds cap{60000};
  // A Retry-After longer than this fails the request at once, with the wait in the message.
  std::chrono::milliseconds max_retry_after{300000};
};

struct RateLimitOptions {
  double requests_per_second = 0;  // 0: no limit
  double burst = 1;
  // A response header telling how much room the service's own limit has left: "used/limit"
  // (Shopify's X-Shopify-Shop-Api-Call-Limit: 32/40) or the count left (HubSpot's
  // X-HubSpot-RateLimit-Remaining: 87). The client's bucket then holds no more tokens than the
  // service has left, so that other clients of the same account are counted too.
  std::string usage_header;
};

struct CircuitOptions {
  int failure_threshold = 5;  // consecutive failed requests to one host open its breaker
  std::chrono::milliseconds cooldown{30000};
};

struct ResiliencePolicy {
  RetryOptions retry;
  RateLimitOptions rate_limit;
  CircuitOptions circuit;
};

// AWS Signature V4, done by libcurl (CURLOPT_AWS_SIGV4 "aws:amz:<region>:<service>" with the
// key pair as user name and password). libcurl signs the payload hash it finds in the request's
// `x-amz-content-sha256` header, which the caller supplies (the hex SHA-256 of the body, or
// "UNSIGNED-PAYLOAD"): HttpClient does not hash bodies, which may be file ranges read once.
struct AwsSigV4 {
  std::string region;  // "us-east-1"
  std::string service = "s3";
  std::string access_key_id;
  std::string secret_access_key;  // never printed
};

struct HttpResponse;

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  // The body sent (PUT/POST): `body`, or when `body_file` is set, `body_length` bytes of that
  // file from `body_offset` (read again from the start of the range on each attempt).
  std::string body;
  std::string body_file;
  uint64_t body_offset = 0;
  uint64_t body_length = 0;
  // When set, a 2xx response's body is written to this file (truncated on each attempt) instead
  // of HttpResponse::body; other responses' bodies still go to HttpResponse::body. The file is
  // created (empty) even when no 2xx response comes; what it holds then is unspecified.
  std::string response_file;
  // With response_file: write the body at this offset of the existing file instead (not
  // truncated; each attempt writes the same range again) — one range of a parallel download.
  std::optional<uint64_t> response_file_offset;
  std::optional<AwsSigV4> sigv4;
  std::chrono::seconds connect_timeout{10};
  // A transfer slower than 1 byte/s for this long is a timeout (retried).
  std::chrono::seconds low_speed_timeout{60};
  // When set, an attempt that takes longer in all is a timeout (retried).
  std::optional<std::chrono::milliseconds> timeout;
  // Ask for a gzip/deflate/br body (Accept-Encoding) and decode it: API responses. Off for S3
  // objects, whose bytes and ranges are taken as stored.
  bool accept_compressed = false;
  // When set, a transient response (429, 5xx) it returns true for is handed back at once, not
  // retried: a limit that no retry within the run lifts (HubSpot's daily quota).
  std::function<bool(const HttpResponse&)> final_response;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order received
  std::string body;
  uint64_t bytes_received = 0;  // body bytes, to memory or to the file

  // The value of header `name`, compared case-insensitively; nullopt when absent.
  std::optional<std::string> Header(const std::string& name) const;
};

// What a client did, for the step's record (SPEC-CONNECTORS §4).
struct HttpMetrics {
  std::atomic<int64_t> requests{0};  // attempts sent, retries included
  std::atomic<int64_t> retries{0};
  std::atomic<int64_t> wait_ms{0};             // backoff and Retry-After waits
  std::atomic<int64_t> rate_limit_wait_ms{0};  // waits for the token bucket
  std::atomic<int64_t> breaker_openings{0};
  std::atomic<int64_t> bytes_received{0};
  std::atomic<int64_t> bytes_sent{0};
};

// requests, retries, wait_ms, rate_limit_wait_ms, breaker_openings: what every network source
// reports of its client (SPEC-CONNECTORS §4), first in its Metrics().
std::vector<Metric> ResilienceMetrics(const HttpMetrics& metrics);

class CircuitBreakers;  // per host, shared by every client of the process (circuit_breaker.h)

class HttpClient {
 public:
  // `clock` defaults to the system clock; `breakers` to the process-wide registry.
  explicit HttpClient(ResiliencePolicy policy, std::shared_ptr<Clock> clock = nullptr,
                      std::shared_ptr<CircuitBreakers> breakers = nullptr);
  ~HttpClient();

  // Sends `request`, retrying transient failures per the policy. Returns the last response
  // whatever its status (the caller decides what a 403 or 404 means), or an error when no
  // response came: IoError "cannot reach <host>: <curl's reason> (after N attempts)", IoError
  // "<host> asked to wait 600 s (Retry-After), more than retry.max_retry_after (300 s); …",
  // IoError "<host> unavailable since 03:04:05 UTC (circuit open after 5 failed requests);
  // retrying after 03:04:35 UTC", IoError "the TLS certificate of <host> is not trusted
  // (self-signed certificate); TLS verification stays on: …" (not retried; verification cannot
  // be turned off), IoError "request to <host> failed: <curl's reason>" for another failure no
  // retry fixes, IoError "cannot read/write <file>: …" for the body or response file,
  // InvalidArgument "not a valid URL: …", and IoError "request to <host> interrupted" when
  // Cancel() was called. "cannot reach" ends with a hint to check the URL's scheme when an
  // https:// URL was answered without TLS, or an http:// URL got no reply at all. A transient
  // status still failing after the last attempt is returned as a response, not an error; so is a
  // 3xx (redirects are not followed). Messages name the host (with its port when the URL gives
  // one), never the path, query, headers or keys.
  Result<HttpResponse> Send(const HttpRequest& request);

  // Makes transfers and waits in progress, and every later Send, fail soon with "interrupted".
  // Safe from any thread (not from a signal handler).
  void Cancel();
  // True once Cancel() was called.
  bool cancelled() const;

  const HttpMetrics& metrics() const { return metrics_; }

  // A client with this one's policy, clock, breakers and rate limiter — so that together they
  // stay under one limit (a SaaS account's streams) — but metrics and a cancel flag of its own.
  std::unique_ptr<HttpClient> Sibling() const;

 private:
  struct State;
  HttpClient(const HttpClient& from, int sibling_tag);
  ResiliencePolicy policy_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<CircuitBreakers> breakers_;
  std::unique_ptr<State> state_;  // rate limiter, cancel flag
  HttpMetrics metrics_;
};

}  // namespace sqlflow
