// Paginators of the REST source (SPEC-CONNECTORS §2): how the next page is asked for, and when
// paging stops. Eight kinds: page_number, offset, cursor (in the body), last_record (the last
// record's id as the next page's start: Stripe), header_cursor, header_link (RFC 8288
// `Link: <…>; rel="next"`), json_link (a next URL in the body) and single_page. Paging stops on an
// empty page, a missing next cursor or link, or `total_path` / `maximum_page` reached — never
// silently after the first page: a response that does not fit the paginator (a cursor_path that
// leads nowhere on the first page, a total that is not a number) is an error saying what was found.
//
// Fields and defaults (dlt's rest_api names; docs/connectors-rest-paginators.md has the table):
//   page_number   page_param "page", base_page 1, page_size_param + page_size (together),
//                 total_path (number of PAGES), maximum_page (the last page read)
//   offset        offset_param "offset", limit_param "limit", limit (required), offset 0,
//                 total_path (number of RECORDS), maximum_offset; a short page does not stop it
//   cursor        cursor_path "cursors.next", cursor_param "cursor"
//   last_record   cursor_field "id" (in the page's last record), cursor_param "starting_after",
//                 has_more_path (a boolean in the body; false stops)
//   header_cursor cursor_key (or cursor_header) "X-Next-Cursor", cursor_param "cursor"
//   header_link   links_next_key "next"
//   json_link     next_url_path "next"
// Every kind stops on an empty page (PageResponse::records == 0). A cursor or next URL equal to
// the last one is an error (the API ignores the param: paging would never end). When the link
// and header paginators find no marker of theirs on the first page, the page is the only one —
// unless another marker says otherwise (rest_page_markers.h): then the error names it.
// Thread-safety: a Paginator is used by one read at a time; First() starts it again.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "connectors/rest/rest_json_path.h"

namespace sqlflow {

// What the paginator asks of the next request.
struct PageRequest {
  // Query params to set on the request (replacing params of the same name the SOURCE gave).
  std::vector<std::pair<std::string, std::string>> query;
  // An absolute URL (with its own query) to request instead of base_url + path + params:
  // header_link and json_link. Relative links are resolved against `PageResponse::url`.
  std::optional<std::string> url;
  // Fields to set in a POST body, as JSON (a search's filters): replacing fields of the same
  // name. Null: none.
  nlohmann::json body_fields;
};

// One page as the paginator sees it.
struct PageResponse {
  std::string url;  // the URL that was requested (to resolve relative links)
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;  // as received
  const RestJson* body = nullptr;                                             // parsed body
  size_t records = 0;                     // records the data_selector found on the page
  const RestJson* last_record = nullptr;  // the page's last record; null when none
};

class Paginator {
 public:
  virtual ~Paginator() = default;
  // The first request's params: page_number's page (base_page) and page size, offset's offset
  // (0) and limit; nothing for the others.
  virtual PageRequest First() = 0;
  // After a page: the next request, or nullopt when paging stops. InvalidArgument when the
  // response does not fit the paginator, naming the param and what the response holds (its
  // top-level keys, the headers looked for) — never a secret, never the body itself.
  virtual Result<std::optional<PageRequest>> Next(const PageResponse& page) = 0;
};

// The paginator `config` describes (the SOURCE's "paginator" param: an object with "type", or a
// string naming the type with default settings). `config` null: single_page, see
// CheckNotPaginated. InvalidArgument for an unknown type ("paginator.type 'pages' is not one
// of page_number, offset, cursor, last_record, header_cursor, header_link, json_link, single_page")
// or a bad field, the message starting with `label` + ": ".
Result<std::unique_ptr<Paginator>> MakePaginator(const nlohmann::json& config,
                                                 const std::string& label);

// For a SOURCE without a paginator: InvalidArgument when the first page looks paginated — a
// `Link` header with rel="next", or a body with a next-page marker (next, next_cursor,
// next_page, has_more: true, cursor, links.next, meta.next_cursor, …) — naming what was found
// and the paginator to set, so that a run never silently stops after the first page.
Status CheckNotPaginated(const PageResponse& first, const std::string& label);

}  // namespace sqlflow
