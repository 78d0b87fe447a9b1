// CurlSession: performs single HTTP attempts on libcurl for HttpClient, which owns the retry
// loop. It keeps a few idle easy handles so that later requests reuse their connections (and
// TLS sessions) instead of connecting anew each time.
// Thread-safety: Perform() may be called from several threads at once; each call uses a handle
// of its own.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/http/http_client.h"

namespace sqlflow {

// What one attempt gave: a response, curl's failure, or a failure of our own.
struct AttemptResult {
  // A CURLcode (0: a response came; kept an int so that this header does not include curl.h).
  int curl_code = 0;
  std::string curl_error;  // curl's reason when curl_code != 0; names the host, not the URL
  // Not OK when the attempt failed on this side: the body file could not be read or the
  // response file written. Such a failure is not retried.
  Status local_error;
  HttpResponse response;
  uint64_t bytes_sent = 0;
};

class CurlSession {
 public:
  CurlSession();
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  // Sends `request` once. When `*cancelled` becomes true the transfer stops within about a
  // second and the result has curl_code CURLE_ABORTED_BY_CALLBACK.
  AttemptResult Perform(const HttpRequest& request, const std::atomic<bool>* cancelled);

 private:
  void* TakeHandle();  // a CURL*, reset for a new request
  void ReturnHandle(void* handle);

  std::mutex mu_;
  std::vector<void*> idle_;  // CURL* handles, owned
};

// The host of `url` as messages name it: "s3.amazonaws.com", or "127.0.0.1:9000" when the URL
// gives a port (the path and query, which may carry tokens, are left out). InvalidArgument when
// `url` is not an absolute URL.
Result<std::string> HostOfUrl(const std::string& url);

}  // namespace sqlflow
