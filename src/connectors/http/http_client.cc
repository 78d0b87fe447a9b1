#include "connectors/http/http_client.h"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <string_view>

#include "connectors/http/circuit_breaker.h"
#include "connectors/http/curl_session.h"
#include "connectors/http/rate_limiter.h"
#include "connectors/http/retry_policy.h"

namespace sqlflow {

std::optional<std::string> HttpResponse::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return std::nullopt;
}

namespace {

using Outcome = CircuitBreakers::Outcome;

// What one attempt means for the retry loop.
enum class Verdict {
  kDone,       // a response to hand back
  kRetry,      // transient: try again while attempts remain
  kFail,       // an error no retry will fix
  kCancelled,  // Cancel() stopped it
};

Verdict Judge(const AttemptResult& result, bool cancelled, const HttpRequest& request) {
  if (!result.local_error.ok()) return Verdict::kFail;
  if (result.curl_code == CURLE_ABORTED_BY_CALLBACK && cancelled) return Verdict::kCancelled;
  if (result.curl_code != CURLE_OK) {
    return IsTransientCurlError(result.curl_code) ? Verdict::kRetry : Verdict::kFail;
  }
  if (!IsTransientStatus(result.response.status)) return Verdict::kDone;
  if (request.final_response && request.final_response(result.response)) return Verdict::kDone;
  return Verdict::kRetry;
}

// Only a host that does not answer, or answers with a 5xx it may not repeat, is failing:
// throttling (429), one slow request (408) or our own errors say nothing about its health.
Outcome BreakerOutcome(const AttemptResult& result, Verdict verdict) {
  if (verdict == Verdict::kCancelled || !result.local_error.ok()) return Outcome::kNeutral;
  if (result.curl_code != CURLE_OK) {
    return IsTransientCurlError(result.curl_code) ? Outcome::kFailure : Outcome::kNeutral;
  }
  const long status = result.response.status;
  return status >= 500 && IsTransientStatus(status) ? Outcome::kFailure : Outcome::kSuccess;
}

struct Attempted {
  AttemptResult result;
  Verdict verdict = Verdict::kFail;
  bool opened_breaker = false;  // this attempt's failure opened the host's breaker
};

Status Interrupted(const std::string& host) {
  return Status::IoError("request to " + host + " interrupted");
}

// TLS failures and scheme mix-ups in the user's words. curl's reasons ("SSL certificate problem:
// self-signed certificate", "wrong version number", "Empty reply from server") say what broke,
// not what it means for the URL nor what to do about it. Verification is never turned off: the
// advice is to fix the certificate or the trust store, and no option exists to skip it.

constexpr std::string_view kTrustAdvice =
    "TLS verification stays on: use the service's https:// URL with a certificate from a trusted "
    "CA, or add its CA to the system's trust store (/usr/local/share/ca-certificates, "
    "update-ca-certificates)";

bool HasScheme(const std::string& url, std::string_view scheme) {
  return url.size() > scheme.size() && url[scheme.size()] == ':' &&
         strncasecmp(url.c_str(), scheme.data(), scheme.size()) == 0;
}

// The peer's certificate (chain, name or issuer) failed verification.
bool IsUntrustedCertificate(int curl_code) {
  return curl_code == CURLE_PEER_FAILED_VERIFICATION || curl_code == CURLE_SSL_ISSUER_ERROR;
}

// curl's reason for an untrusted certificate without its "SSL certificate problem: " or "SSL: "
// preamble: "self-signed certificate", "certificate has expired", "no alternative certificate
// subject name matches target host name 'x'".
std::string_view CertificateProblem(std::string_view reason) {
  for (std::string_view preamble : {"SSL certificate problem: ", "SSL: "}) {
    if (reason.starts_with(preamble)) return reason.substr(preamble.size());
  }
  return reason;
}

// A TLS handshake answered by something that does not speak TLS (OpenSSL's reasons for plain
// HTTP bytes where a TLS record was expected).
bool AnsweredWithoutTls(const AttemptResult& result) {
  if (result.curl_code != CURLE_SSL_CONNECT_ERROR) return false;
  for (std::string_view marker :
       {"wrong version number", "packet length too long", "unknown protocol"}) {
    if (result.curl_error.find(marker) != std::string::npos) return true;
  }
  return false;
}

// A failed attempt that no retry fixes.
Status Failed(const AttemptResult& result, const std::string& host) {
  if (IsUntrustedCertificate(result.curl_code)) {
    return Status::IoError("the TLS certificate of " + host + " is not trusted (" +
                           std::string(CertificateProblem(result.curl_error)) + "); " +
                           std::string(kTrustAdvice));
  }
  return Status::IoError("request to " + host + " failed: " + result.curl_error);
}

// A transient failure that outlasted every attempt, with a hint when the URL's scheme may not
// be the one the port speaks.
Status Unreachable(const AttemptResult& result, const std::string& url, const std::string& host,
                   int attempts) {
  std::string message = "cannot reach " + host + ": " + result.curl_error + " (after " +
                        std::to_string(attempts) + " attempts)";
  if (HasScheme(url, "https") && AnsweredWithoutTls(result)) {
    message += "; " + host +
               " answered an https:// URL without TLS: check the URL's scheme (http:// if the "
               "service serves plain HTTP on that port, else the port where it serves HTTPS)";
  } else if (HasScheme(url, "http") && result.curl_code == CURLE_GOT_NOTHING) {
    message += "; if " + host + " serves HTTPS on that port, check the URL's scheme: https://";
  }
  return Status::IoError(message);
}

}  // namespace

// The retry loop, with everything HttpClient's header keeps out of sight.
struct HttpClient::State {
  State(const ResiliencePolicy& policy, std::shared_ptr<Clock> clock,
        std::shared_ptr<CircuitBreakers> breakers, HttpMetrics& metrics,
        std::shared_ptr<RateLimiter> shared_limiter = nullptr)
      : policy(policy),
        clock(clock),
        breakers(std::move(breakers)),
        metrics(metrics),
        retry(policy.retry),
        limiter(shared_limiter ? std::move(shared_limiter)
                               : std::make_shared<RateLimiter>(policy.rate_limit, clock)) {}

  Result<HttpResponse> Send(const HttpRequest& request, const std::string& host);
  // One attempt through the breaker and the rate limit; an error when either refused it.
  Result<Attempted> Attempt(const HttpRequest& request, const std::string& host);
  // The wait before retry `retry_index`, or an error when the server asks for too long.
  Result<std::chrono::milliseconds> WaitBeforeRetry(const AttemptResult& result, int retry_index,
                                                    const std::string& host);
  // The breaker's error when it is open; when a zero cooldown lets an attempt through as the
  // probe, that admission is handed back unused.
  Status RefuseIfOpen(const std::string& host);

  const ResiliencePolicy policy;
  const std::shared_ptr<Clock> clock;
  const std::shared_ptr<CircuitBreakers> breakers;
  HttpMetrics& metrics;
  RetryPolicy retry;
  std::shared_ptr<RateLimiter> limiter;  // shared with sibling clients
  CurlSession session;
  std::atomic<bool> cancelled{false};
};

Result<Attempted> HttpClient::State::Attempt(const HttpRequest& request, const std::string& host) {
  if (cancelled.load()) return Interrupted(host);
  SQLFLOW_ASSIGN_OR_RETURN(CircuitBreakers::Admission admission,
                           breakers->Admit(host, policy.circuit));
  metrics.rate_limit_wait_ms += limiter->Acquire(&cancelled).count();
  if (cancelled.load()) {
    breakers->Record(host, admission, Outcome::kNeutral, policy.circuit);
    return Interrupted(host);
  }
  ++metrics.requests;
  Attempted attempted;
  attempted.result = session.Perform(request, &cancelled);
  const AttemptResult& result = attempted.result;
  if (!policy.rate_limit.usage_header.empty()) {
    std::optional<std::string> usage = result.response.Header(policy.rate_limit.usage_header);
    std::optional<double> remaining =
        usage ? RateLimiter::RemainingFromUsage(*usage) : std::nullopt;
    if (remaining) limiter->Observe(*remaining);
  }
  metrics.bytes_sent += static_cast<int64_t>(result.bytes_sent);
  metrics.bytes_received += static_cast<int64_t>(result.response.bytes_received);
  attempted.verdict = Judge(result, cancelled.load(), request);
  attempted.opened_breaker =
      breakers->Record(host, admission, BreakerOutcome(result, attempted.verdict), policy.circuit);
  if (attempted.opened_breaker) ++metrics.breaker_openings;
  return attempted;
}

Status HttpClient::State::RefuseIfOpen(const std::string& host) {
  Result<CircuitBreakers::Admission> admission = breakers->Admit(host, policy.circuit);
  if (!admission.ok()) return admission.status();
  breakers->Record(host, *admission, Outcome::kNeutral, policy.circuit);
  return Status::OK();
}

Result<std::chrono::milliseconds> HttpClient::State::WaitBeforeRetry(const AttemptResult& result,
                                                                     int retry_index,
                                                                     const std::string& host) {
  if (result.curl_code != CURLE_OK) return retry.Backoff(retry_index);
  return retry.WaitAfterResponse(retry_index, result.response.Header("Retry-After"),
                                 clock->WallNow(), host);
}

Result<HttpResponse> HttpClient::State::Send(const HttpRequest& request, const std::string& host) {
  const int max_attempts = std::max(1, policy.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    SQLFLOW_ASSIGN_OR_RETURN(Attempted attempted, Attempt(request, host));
    AttemptResult& result = attempted.result;
    switch (attempted.verdict) {
      case Verdict::kDone:
        return std::move(result.response);
      case Verdict::kCancelled:
        return Interrupted(host);
      case Verdict::kFail:
        if (!result.local_error.ok()) return result.local_error;
        return Failed(result, host);
      case Verdict::kRetry:
        break;
    }
    // Checked before the attempts run out: a server asking for a long wait fails the request
    // with that wait in the message rather than with its last transient status.
    SQLFLOW_ASSIGN_OR_RETURN(std::chrono::milliseconds wait,
                             WaitBeforeRetry(result, attempt - 1, host));
    if (attempt >= max_attempts) {
      if (result.curl_code == CURLE_OK) return std::move(result.response);
      return Unreachable(result, request.url, host, attempt);
    }
    // The retry would be refused after its wait: refuse now.
    if (attempted.opened_breaker) SQLFLOW_RETURN_IF_ERROR(RefuseIfOpen(host));
    if (!clock->SleepFor(wait, &cancelled)) return Interrupted(host);
    metrics.wait_ms += wait.count();
    ++metrics.retries;
  }
}

HttpClient::HttpClient(ResiliencePolicy policy, std::shared_ptr<Clock> clock,
                       std::shared_ptr<CircuitBreakers> breakers)
    : policy_(policy),
      clock_(clock ? std::move(clock) : SystemClock()),
      breakers_(breakers ? std::move(breakers) : ProcessCircuitBreakers()),
      state_(std::make_unique<State>(policy_, clock_, breakers_, metrics_)) {}

HttpClient::HttpClient(const HttpClient& from, int /*sibling_tag*/)
    : policy_(from.policy_),
      clock_(from.clock_),
      breakers_(from.breakers_),
      state_(std::make_unique<State>(policy_, clock_, breakers_, metrics_, from.state_->limiter)) {}

std::unique_ptr<HttpClient> HttpClient::Sibling() const {
  return std::unique_ptr<HttpClient>(new HttpClient(*this, 0));
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  SQLFLOW_ASSIGN_OR_RETURN(const std::string host, HostOfUrl(request.url));
  return state_->Send(request, host);
}

void HttpClient::Cancel() { state_->cancelled.store(true); }

bool HttpClient::cancelled() const { return state_->cancelled.load(); }

std::vector<Metric> ResilienceMetrics(const HttpMetrics& metrics) {
  return {
      {"requests", static_cast<double>(metrics.requests.load())},
      {"retries", static_cast<double>(metrics.retries.load())},
      {"wait_ms", static_cast<double>(metrics.wait_ms.load())},
      {"rate_limit_wait_ms", static_cast<double>(metrics.rate_limit_wait_ms.load())},
      {"breaker_openings", static_cast<double>(metrics.breaker_openings.load())},
  };
}

}  // namespace sqlflow
