// Fetching a REST source's pages (SPEC-CONNECTORS §2): request after request as the paginator
// says, each through HttpClient (retries, Retry-After, rate limit, circuit breaker), its records
// appended to an NDJSON file that DuckDB's JSON reader then reads — so that memory holds one
// page at a time, a page is written once however often it was retried, and nothing is loaded
// unless every page came.
// Thread-safety: FetchPages uses what it is given from one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/http/http_client.h"
#include "connectors/rest/rest_auth.h"
#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_json_path.h"

namespace sqlflow {

struct RestPageCounts {
  std::atomic<int64_t> pages{0};
  std::atomic<int64_t> records{0};
};

struct RestFetchResult {
  int64_t pages = 0;
  int64_t records = 0;     // the API's records
  int64_t rows = 0;        // the lines written: records shaped into rows (record.explode, each)
  std::string stopped_by;  // "max_pages" or "max_records" when a cap ended the read; else ""
};

class Paginator;

// A paginator made for a read instead of the config's kind (RestExtensions::paginator).
using PaginatorFactory =
    std::function<Result<std::unique_ptr<Paginator>>(const RestConfig&, const std::string& label)>;

// What a response that no retry would fix means (HubSpot's 429 of its daily limit), or "" for
// one handled as usual (RestExtensions::final_response).
using FinalResponse = std::function<std::string(const HttpResponse&)>;

struct RestFetchInput {
  const RestConfig* config = nullptr;
  HttpClient* client = nullptr;
  RestAuth* auth = nullptr;
  // The incremental start value (the watermark, or initial_value), as the API is sent it.
  std::optional<std::string> start;
  std::string ndjson_path;  // created (truncated) and appended to
  bool append = false;      // keep what ndjson_path holds (the reads of a fan-out)
  std::string label;        // "pipelines/x.sf:3: SOURCE tickets"
  RestPageCounts* counts = nullptr;
  const PaginatorFactory* make_paginator = nullptr;  // null or empty: the config's paginator
  // Null or empty: none. A response it explains is not retried and fails the read with its
  // text.
  const FinalResponse* final_response = nullptr;
  // Stop after the first page (connect test); the paginator is not consulted.
  bool first_page_only = false;
  // Filled with the first page's records (connect test); may be null.
  std::vector<RestJson>* first_records = nullptr;
  std::optional<long>* first_status = nullptr;
};

// Fetches every page. Errors name the request (method and URL without its query), the cause
// and what to do: an unreachable host (HttpClient's message), 401/403 (which auth, what to
// check), 404 (the URL), another status after its retries, a body that is not JSON, records
// that cannot be found (data_selector), a response that does not fit the paginator, or a
// paginated-looking response with no paginator. Secrets never appear in them.
Result<RestFetchResult> FetchPages(const RestFetchInput& input);

// `text` with every secret value masked (common/secret_text.h).
std::string ScrubSecrets(std::string text, const std::vector<std::string>& secrets);

// `text` with every `from` replaced by `to` (placeholders in paths, params and bodies); `text`
// as it is when `from` is empty.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to);

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string UrlEncode(const std::string& text);

}  // namespace sqlflow
