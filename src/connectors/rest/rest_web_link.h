// Web links for the REST source's link paginators: RFC 8288 `Link` headers
// (`<https://api.example.com/items?page=2>; rel="next", </items?page=9>; rel="last"`) and
// RFC 3986 resolution of a relative link against the URL that was requested.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sqlflow {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One link of a `Link` header.
struct WebLink {
  std::string target;             // the URI reference between < and >, as written
  std::vector<std::string> rels;  // the first rel param's relation types, lower-cased
};

// The links of one `Link` header value: comma-separated links, each `<target>` followed by
// `; name=value` params whose values may be quoted strings (holding commas, semicolons and
// backslash escapes). A rel value is a space-separated list (`rel="next last"`). A link that
// does not start with `<` is skipped up to the next comma; nothing fails.
std::vector<WebLink> ParseLinkHeader(std::string_view value);

// The target of the first link, over every `Link` header in `headers` (names compared ignoring
// case), whose rels hold `rel` (ignoring case, as RFC 8288 compares relation types); nullopt
// when there is none.
std::optional<std::string> FindLinkTarget(const HttpHeaders& headers, std::string_view rel);

// The value of the first header named `name` (ignoring case), or nullptr.
const std::string* FindHeader(const HttpHeaders& headers, std::string_view name);

// `reference` resolved against the absolute URL `base` (RFC 3986 §5.2: an absolute reference,
// `//host/…`, `/path`, `?query`, or a path relative to base's folder, with `.` and `..`
// segments removed). Fragments are dropped: they are never sent in a request.
std::string ResolveUrl(std::string_view base, std::string_view reference);

}  // namespace sqlflow
