#include "connectors/rest/rest_pages.h"

#include <algorithm>
#include <fstream>
#include <memory>

#include "common/secret_text.h"
#include "common/strings.h"
#include "connectors/rest/rest_page_body.h"
#include "connectors/rest/rest_paginator.h"
#include "connectors/rest/rest_records.h"

namespace sqlflow {
namespace {

using Json = RestJson;
using Pairs = std::vector<std::pair<std::string, std::string>>;

void SetPair(Pairs& pairs, const std::string& name, const std::string& value) {
  for (auto& [n, v] : pairs) {
    if (n == name) {
      v = value;
      return;
    }
  }
  pairs.emplace_back(name, value);
}

std::string WithQuery(const std::string& url, const Pairs& query) {
  std::string out = url;
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : query) {
    out += sep + UrlEncode(name) + "=" + UrlEncode(value);
    sep = '&';
  }
  return out;
}

// The URL as messages show it: without its query, which may hold a key.
std::string Shown(const std::string& method, const std::string& url) {
  return method + " " + url.substr(0, url.find('?'));
}

// Replaces the placeholder in every string of a JSON body.
void ReplaceInJson(Json& value, const std::string& start) {
  if (value.is_string()) {
    value = ReplaceAll(value.get<std::string>(), kIncrementalStartPlaceholder, start);
  } else if (value.is_structured()) {
    for (auto& item : value) ReplaceInJson(item, start);
  }
}

// One request of the read: the first from the config, the next ones as the paginator says.
struct PlannedRequest {
  std::string url;  // without the auth's query params
  std::string body;
};

PlannedRequest PlanRequest(const RestConfig& config, const std::optional<std::string>& start,
                           const PageRequest& page) {
  const std::string start_text = start.value_or("");
  PlannedRequest out;
  Json body;
  if (config.method == "POST") {
    body = config.json_body.value_or(Json::object());
    if (start) ReplaceInJson(body, start_text);
    if (start && !config.incremental_param.empty() && body.is_object()) {
      body[config.incremental_param] = start_text;
    }
  }
  if (page.url) {
    out.url = *page.url;
  } else {
    Pairs query;
    for (const auto& [name, value] : config.params) {
      query.emplace_back(name, ReplaceAll(value, kIncrementalStartPlaceholder, start_text));
    }
    if (start && !config.incremental_param.empty() && config.method == "GET") {
      SetPair(query, config.incremental_param, start_text);
    }
    for (const auto& [name, value] : page.query) {
      if (config.method == "POST" && body.is_object()) {
        body[name] = value;  // a POST search pages in its body
      } else {
        SetPair(query, name, value);
      }
    }
    if (config.method == "POST" && body.is_object() && page.body_fields.is_object()) {
      for (auto it = page.body_fields.begin(); it != page.body_fields.end(); ++it) {
        body[it.key()] = *it;
      }
    }
    out.url = WithQuery(
        config.base_url + ReplaceAll(config.path, kIncrementalStartPlaceholder, start_text), query);
  }
  if (config.method == "POST") out.body = body.dump();
  return out;
}

class PageFetcher {
 public:
  explicit PageFetcher(const RestFetchInput& input) : in_(input), config_(*input.config) {}

  Result<RestFetchResult> Run();

 private:
  Result<HttpResponse> Send(const PlannedRequest& planned);
  // An error for a response that is not 2xx (after its retries), or OK to go on.
  Status CheckStatus(const HttpResponse& response, const std::string& shown);
  Status Error(const std::string& text) const {
    return Status::Invalid(ScrubSecrets(in_.label + ": " + text, in_.auth->Secrets()));
  }
  bool Ignored(long status) const {
    for (const RestResponseAction& a : config_.response_actions) {
      if (a.status_code == status && a.action == "ignore") return true;
    }
    return false;
  }

  const RestFetchInput& in_;
  const RestConfig& config_;
};

Result<HttpResponse> PageFetcher::Send(const PlannedRequest& planned) {
  for (int attempt = 0;; ++attempt) {
    HttpRequest request;
    request.method = config_.method;
    request.headers = {{"Accept", "application/json"}};
    for (const auto& h : config_.headers) request.headers.push_back(h);
    if (config_.method == "POST") request.headers.emplace_back("Content-Type", "application/json");
    Pairs query;
    Status applied = in_.auth->Apply(&request.headers, &query);
    if (!applied.ok())
      return Status(applied.code(), ScrubSecrets(applied.message(), in_.auth->Secrets()));
    request.url = WithQuery(planned.url, query);
    request.body = planned.body;
    request.timeout = config_.timeout;
    request.accept_compressed = true;
    if (in_.final_response != nullptr && *in_.final_response) {
      const FinalResponse* explain = in_.final_response;
      request.final_response = [explain](const HttpResponse& r) { return !(*explain)(r).empty(); };
    }
    Result<HttpResponse> response = in_.client->Send(request);
    if (!response.ok()) {
      return Status(response.status().code(),
                    ScrubSecrets(in_.label + ": " + Shown(config_.method, planned.url) + ": " +
                                     response.status().message(),
                                 in_.auth->Secrets()));
    }
    if (response->status == 401 && attempt == 0 &&
        in_.auth->RefreshAfterUnauthorized(request.headers)) {
      continue;
    }
    return response;
  }
}

Status PageFetcher::CheckStatus(const HttpResponse& response, const std::string& shown) {
  long status = response.status;
  if (status >= 200 && status < 300) return Status::OK();
  if (in_.final_response != nullptr && *in_.final_response) {
    std::string meaning = (*in_.final_response)(response);
    if (!meaning.empty()) {
      return Error(shown + " answered " + std::to_string(status) + ": " + meaning);
    }
  }
  if (status == 401 || status == 403) {
    return Error(shown + " answered " + std::to_string(status) +
                 (status == 401 ? " Unauthorized" : " Forbidden") + " to " + in_.auth->Describe() +
                 "; " + in_.auth->Advice());
  }
  if (status == 404) {
    return Error(shown + " answered 404 Not Found; check \"base_url\" and \"path\" (or declare " +
                 "\"response_actions\": [{\"status_code\": 404, \"action\": \"ignore\"}] when a " +
                 "missing page means no records)");
  }
  std::string excerpt = response.body.substr(0, 200);
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  bool transient = status == 408 || status == 429 || status >= 500;
  return Error(shown + " answered " + std::to_string(status) +
               (transient ? " after its retries (retry.max_attempts)" : "") +
               (excerpt.empty() ? std::string() : ": " + excerpt) +
               (transient ? "; the service is failing or limiting: try again later, or lower "
                            "\"rate_limit\""
                          : "; check the request's params"));
}

Result<RestFetchResult> PageFetcher::Run() {
  std::unique_ptr<Paginator> paginator;
  if (in_.make_paginator && *in_.make_paginator) {
    SQLFLOW_ASSIGN_OR_RETURN(paginator, (*in_.make_paginator)(config_, in_.label));
  } else {
    SQLFLOW_ASSIGN_OR_RETURN(paginator, MakePaginator(config_.paginator, in_.label));
  }
  std::ofstream out(in_.ndjson_path,
                    std::ios::binary | (in_.append ? std::ios::app : std::ios::trunc));
  if (!out) {
    return Status::IoError(in_.label + ": cannot write '" + in_.ndjson_path +
                           "'; set \"staging_dir\" to a writable folder");
  }
  RestFetchResult result;
  PageBody body(config_.data_selector, PaginatorBodyPaths(config_.paginator));
  PageRequest next = paginator->First();
  for (int64_t page = 1;; ++page) {
    if (in_.client->cancelled()) return Status::IoError(in_.label + ": interrupted");
    PlannedRequest planned = PlanRequest(config_, in_.start, next);
    std::string shown = Shown(config_.method, planned.url);
    SQLFLOW_ASSIGN_OR_RETURN(HttpResponse response, Send(planned));
    if (in_.first_status != nullptr && page == 1) *in_.first_status = response.status;
    if (Ignored(response.status)) break;
    SQLFLOW_RETURN_IF_ERROR(CheckStatus(response, shown));
    std::string where = shown + " (page " + std::to_string(page) + ")";
    SQLFLOW_ASSIGN_OR_RETURN(bool is_json, body.Parse(response.body, in_.label + ": " + where));
    if (!is_json) {
      std::string type = response.Header("Content-Type").value_or("no Content-Type");
      return Error(shown + " answered with a body that is not JSON (" + type + ", " +
                   std::to_string(response.body.size()) + " bytes); check \"base_url\" and " +
                   "\"path\" point at the API, not a web page");
    }
    size_t count = body.count();
    RestJson last = body.LastRecord();
    PageResponse seen{planned.url, &response.headers, &body.envelope(), count,
                      last.is_null() ? nullptr : &last};
    if (page == 1 && config_.paginator.is_null() && !in_.first_page_only) {
      Status paged = CheckNotPaginated(seen, in_.label);
      if (!paged.ok()) {
        return Status(paged.code(), ScrubSecrets(paged.message(), in_.auth->Secrets()));
      }
    }
    size_t written = count;
    if (config_.max_records) {
      int64_t room = *config_.max_records - result.records;
      if (static_cast<int64_t>(count) > room) {
        written = static_cast<size_t>(room);
        result.stopped_by = "max_records";
      }
    }
    std::string lines;
    SQLFLOW_RETURN_IF_ERROR(body.AppendLines(written, config_.flatten, config_.record, lines,
                                             in_.first_records, 3, in_.label + ": " + where));
    out.write(lines.data(), static_cast<std::streamsize>(lines.size()));
    if (!out) return Status::IoError(in_.label + ": cannot write '" + in_.ndjson_path + "'");
    result.pages++;
    result.records += static_cast<int64_t>(written);
    result.rows += std::count(lines.begin(), lines.end(), '\n');
    if (in_.counts != nullptr) {
      in_.counts->pages++;
      in_.counts->records += static_cast<int64_t>(written);
    }
    if (!result.stopped_by.empty() || in_.first_page_only) break;
    if (config_.max_pages && page >= *config_.max_pages) {
      result.stopped_by = "max_pages";
      break;
    }
    Result<std::optional<PageRequest>> following = paginator->Next(seen);
    if (!following.ok()) {
      return Status(following.status().code(),
                    ScrubSecrets(following.status().message(), in_.auth->Secrets()));
    }
    if (!*following) break;
    next = std::move(**following);
  }
  out.close();
  if (!out) return Status::IoError(in_.label + ": cannot write '" + in_.ndjson_path + "'");
  return result;
}

}  // namespace

std::string ScrubSecrets(std::string text, const std::vector<std::string>& secrets) {
  return RedactSecretValues(std::move(text), secrets);
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<RestFetchResult> FetchPages(const RestFetchInput& input) {
  PageFetcher fetcher(input);
  return fetcher.Run();
}

}  // namespace sqlflow
