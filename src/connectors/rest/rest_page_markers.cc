#include "connectors/rest/rest_page_markers.h"

#include <cstdlib>
#include <optional>
#include <string_view>

#include "common/strings.h"
#include "connectors/rest/rest_json_path.h"
#include "connectors/rest/rest_web_link.h"

namespace sqlflow {

namespace {

using Json = RestJson;

// Body fields that hold the next cursor, token, page or URL in well-known APIs (JSON:API, HAL,
// OData, Slack, Facebook Graph, Google, GitHub-style envelopes, …). A field holding the CURRENT
// position (Facebook's paging.cursors.after, Airtable-like "offset") is left out: it is there on
// the last page too.
constexpr std::string_view kNextPaths[] = {
    "next",
    "next_cursor",
    "nextCursor",
    "next_page",
    "nextPage",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_url",
    "nextUrl",
    "next_link",
    "nextLink",
    "@odata.nextLink",
    "cursor",
    "cursors.next",
    "cursor.next",
    "links.next",
    "_links.next",
    "meta.next",
    "meta.next_cursor",
    "meta.next_page",
    "meta.cursor.next",
    "meta.pagination.next",
    "meta.pagination.next_cursor",
    "meta.pagination.next_page",
    "paging.next",
    "pagination.next",
    "pagination.next_cursor",
    "pagination.next_page",
    "pagination.next_url",
    "response_metadata.next_cursor",
    "page.next_cursor",
    "continuation",
    "continuationToken",
};
constexpr std::string_view kHasMorePaths[] = {
    "has_more",
    "hasMore",
    "has_next",
    "hasNext",
    "hasNextPage",
    "meta.has_more",
    "pagination.has_more",
    "pagination.has_next",
    "page.has_more",
    "pageInfo.hasNextPage",
    "meta.pagination.has_more",
};
constexpr std::string_view kTotalPagesPaths[] = {
    "total_pages",
    "totalPages",
    "meta.total_pages",
    "meta.totalPages",
    "pagination.total_pages",
    "pagination.totalPages",
    "meta.pagination.total_pages",
    "page.total_pages",
};

constexpr const char* kApiParam = "\"<the API's param>\"";

// A top-level key wins over a dotted path ("@odata.nextLink" is one key).
const Json* Lookup(const Json& body, std::string_view path) {
  if (body.is_object()) {
    auto it = body.find(std::string(path));
    if (it != body.end()) return &*it;
  }
  return FindJsonPath(body, path);
}

bool LooksLikeUrl(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://") || text.starts_with("/") ||
         text.starts_with("?");
}

PageMarker UrlMarker(const std::string& path) {
  return {PageMarkerKind::kBodyUrl, path, path + " holds a next-page URL",
          "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"" + path + "\"}"};
}

PageMarker CursorMarker(const std::string& path) {
  return {PageMarkerKind::kBodyCursor, path, path + " holds a cursor",
          "\"paginator\": {\"type\": \"cursor\", \"cursor_path\": \"" + path +
              "\", \"cursor_param\": " + kApiParam + "}"};
}

PageMarker HasMoreMarker(const std::string& path) {
  return {PageMarkerKind::kBodyHasMore, path, path + " is true",
          "the \"paginator\" this API's docs describe (cursor, offset, page_number, …)"};
}

std::optional<PageMarker> NextMarker(const std::string& path, const Json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) return std::nullopt;
    return LooksLikeUrl(text) ? UrlMarker(path) : CursorMarker(path);
  }
  if (value.is_number()) return CursorMarker(path);  // a next page number or offset
  if (value.is_boolean()) {
    return value.get<bool>() ? std::optional(HasMoreMarker(path)) : std::nullopt;
  }
  if (value.is_object()) {  // HAL and JSON:API: {"next": {"href": "…"}}
    auto href = value.find("href");
    if (href != value.end() && href->is_string() && !href->get_ref<const std::string&>().empty())
      return UrlMarker(path + ".href");
  }
  return std::nullopt;
}

std::optional<double> AsNumber(const Json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  char* end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
  return number;
}

void AddBodyMarkers(const Json& body, std::vector<PageMarker>& markers) {
  for (std::string_view path : kNextPaths) {
    const Json* value = Lookup(body, path);
    if (value == nullptr) continue;
    if (auto marker = NextMarker(std::string(path), *value)) markers.push_back(*marker);
  }
  for (std::string_view path : kHasMorePaths) {
    const Json* value = Lookup(body, path);
    if (value != nullptr && value->is_boolean() && value->get<bool>())
      markers.push_back(HasMoreMarker(std::string(path)));
  }
  for (std::string_view path : kTotalPagesPaths) {
    const Json* value = Lookup(body, path);
    std::optional<double> pages = value ? AsNumber(*value) : std::nullopt;
    if (!pages || *pages <= 1) continue;
    std::string where(path);
    markers.push_back(
        {PageMarkerKind::kBodyTotalPages, where, where + " is " + value->dump(),
         "\"paginator\": {\"type\": \"page_number\", \"total_path\": \"" + where + "\"}"});
  }
}

// x-next-cursor, X-Next-Page, x-ms-continuation, X-Page-Token; not x-nextjs-cache.
bool LooksLikeCursorHeader(std::string_view name) {
  std::string lower = ToLowerAscii(name);
  if (lower.find("pagetoken") != std::string::npos || lower.find("page-token") != std::string::npos)
    return true;
  size_t at = 0;
  while (at <= lower.size()) {
    size_t end = lower.find_first_of("-_", at);
    if (end == std::string::npos) end = lower.size();
    std::string_view word = std::string_view(lower).substr(at, end - at);
    if (word == "next" || word == "cursor" || word == "continuation") return true;
    at = end + 1;
  }
  return false;
}

void AddHeaderMarkers(const HttpHeaders& headers, std::vector<PageMarker>& markers) {
  if (FindLinkTarget(headers, "next")) {
    markers.push_back({PageMarkerKind::kLinkHeader, "Link", "a Link header has rel=\"next\"",
                       "\"paginator\": \"header_link\""});
  }
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, "link") || value.empty() || !LooksLikeCursorHeader(name)) continue;
    markers.push_back({PageMarkerKind::kCursorHeader, name, "header " + name + " is set",
                       "\"paginator\": {\"type\": \"header_cursor\", \"cursor_key\": \"" + name +
                           "\", \"cursor_param\": " + kApiParam + "}"});
  }
}

}  // namespace

std::vector<PageMarker> FindPageMarkers(const PageResponse& page) {
  std::vector<PageMarker> markers;
  if (page.headers != nullptr) AddHeaderMarkers(*page.headers, markers);
  if (page.body != nullptr) AddBodyMarkers(*page.body, markers);
  return markers;
}

std::string DescribePageMarkers(const std::vector<PageMarker>& markers) {
  std::vector<std::string> shown;
  for (const PageMarker& marker : markers) shown.push_back(marker.shown);
  return Join(shown, "; ");
}

}  // namespace sqlflow
