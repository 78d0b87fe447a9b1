// Signs that a REST response is one page of many: a `Link` header with rel="next", a header
// such as `X-Next-Cursor`, or a body field commonly meaning "more pages" (next, next_cursor,
// nextPageToken, has_more: true, links.next, meta.next_cursor, paging.next, total_pages > 1, …).
// CheckNotPaginated refuses a first page that shows one when no paginator is set; the link and
// header paginators use them to tell a misconfigured paginator from a single page.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "connectors/rest/rest_paginator.h"

namespace sqlflow {

enum class PageMarkerKind {
  kLinkHeader,    // Link: <…>; rel="next"
  kCursorHeader,  // a header whose name says next / cursor / continuation
  kBodyUrl,       // a body field holding a next-page URL
  kBodyCursor,    // a body field holding a next cursor, token or page number
  kBodyHasMore,   // has_more: true and the like
  kBodyTotalPages,
};

struct PageMarker {
  PageMarkerKind kind;
  std::string where;       // the header name or the body's dotted path ("meta.next_cursor")
  std::string shown;       // 'meta.next_cursor holds a cursor', 'has_more is true'
  std::string suggestion;  // the paginator that would follow it, as a SOURCE param
};

// The markers of `page`, the most telling first (Link header, next URLs and cursors, then
// has_more and total_pages). Empty for a bare array without such headers, and for next fields
// that are null, "" or false. Cursor values and URLs are never copied into `shown`.
std::vector<PageMarker> FindPageMarkers(const PageResponse& page);

// "meta.next_cursor holds a cursor; has_more is true"
std::string DescribePageMarkers(const std::vector<PageMarker>& markers);

}  // namespace sqlflow
