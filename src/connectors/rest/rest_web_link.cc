#include "connectors/rest/rest_web_link.h"

#include <cctype>

#include "common/strings.h"

namespace sqlflow {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

void SkipSpaces(std::string_view text, size_t& at) {
  while (at < text.size() && IsSpace(text[at])) ++at;
}

// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE, starting at the opening quote.
std::string ReadQuoted(std::string_view text, size_t& at) {
  std::string out;
  for (++at; at < text.size() && text[at] != '"'; ++at) {
    if (text[at] == '\\' && at + 1 < text.size()) ++at;
    out += text[at];
  }
  if (at < text.size()) ++at;  // the closing quote
  return out;
}

// token = 1*tchar; here: anything up to a separator of the link grammar.
std::string ReadToken(std::string_view text, size_t& at) {
  size_t start = at;
  while (at < text.size() && !IsSpace(text[at]) && text[at] != ';' && text[at] != ',' &&
         text[at] != '=') {
    ++at;
  }
  return std::string(text.substr(start, at - start));
}

std::vector<std::string> SplitRels(std::string_view value) {
  std::vector<std::string> rels;
  size_t at = 0;
  while (at < value.size()) {
    while (at < value.size() && std::isspace(static_cast<unsigned char>(value[at]))) ++at;
    size_t start = at;
    while (at < value.size() && !std::isspace(static_cast<unsigned char>(value[at]))) ++at;
    if (at > start) rels.push_back(ToLowerAscii(value.substr(start, at - start)));
  }
  return rels;
}

// link-param = token BWS [ "=" BWS ( token / quoted-string ) ], after its ';'. Only the first
// rel counts (RFC 8288 §3.3: later occurrences are ignored).
void ReadParam(std::string_view text, size_t& at, WebLink& link, bool& rel_seen) {
  SkipSpaces(text, at);
  std::string name = ToLowerAscii(ReadToken(text, at));
  SkipSpaces(text, at);
  std::string value;
  if (at < text.size() && text[at] == '=') {
    ++at;
    SkipSpaces(text, at);
    value = at < text.size() && text[at] == '"' ? ReadQuoted(text, at) : ReadToken(text, at);
  }
  if (name == "rel" && !rel_seen) {
    link.rels = SplitRels(value);
    rel_seen = true;
  }
  // Anything else up to the next ';' or ',' is not part of a well-formed param: skip it.
  while (at < text.size() && text[at] != ';' && text[at] != ',') ++at;
}

void SkipToNextLink(std::string_view text, size_t& at) {
  while (at < text.size() && text[at] != ',') ++at;
}

}  // namespace

// Link = #link-value; link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
std::vector<WebLink> ParseLinkHeader(std::string_view value) {
  std::vector<WebLink> links;
  size_t at = 0;
  while (at < value.size()) {
    while (at < value.size() && (IsSpace(value[at]) || value[at] == ',')) ++at;
    if (at >= value.size()) break;
    if (value[at] != '<') {
      SkipToNextLink(value, at);
      continue;
    }
    size_t close = value.find('>', at);
    if (close == std::string_view::npos) break;
    WebLink link;
    link.target = std::string(value.substr(at + 1, close - at - 1));
    at = close + 1;
    bool rel_seen = false;
    while (true) {
      SkipSpaces(value, at);
      if (at >= value.size() || value[at] != ';') break;
      ++at;
      ReadParam(value, at, link, rel_seen);
    }
    SkipToNextLink(value, at);
    links.push_back(std::move(link));
  }
  return links;
}

std::optional<std::string> FindLinkTarget(const HttpHeaders& headers, std::string_view rel) {
  std::string wanted = ToLowerAscii(rel);
  for (const auto& [name, value] : headers) {
    if (!EqualsIgnoreCase(name, "link")) continue;
    for (const WebLink& link : ParseLinkHeader(value)) {
      for (const std::string& r : link.rels) {
        if (r == wanted) return link.target;
      }
    }
  }
  return std::nullopt;
}

const std::string* FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

namespace {

// The parts of RFC 3986 appendix B: scheme ":" "//" authority path "?" query ("#" fragment is
// dropped).
struct UrlParts {
  std::optional<std::string> scheme;
  std::optional<std::string> authority;
  std::string path;
  std::optional<std::string> query;
};

bool HasScheme(std::string_view url, size_t& colon) {
  colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(url[0]))) return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = url[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  url = url.substr(0, url.find('#'));
  size_t colon = 0;
  if (HasScheme(url, colon)) {
    parts.scheme = std::string(url.substr(0, colon));
    url.remove_prefix(colon + 1);
  }
  if (url.substr(0, 2) == "//") {
    url.remove_prefix(2);
    size_t end = url.find_first_of("/?");
    parts.authority = std::string(url.substr(0, end));
    url = end == std::string_view::npos ? std::string_view() : url.substr(end);
  }
  size_t question = url.find('?');
  parts.path = std::string(url.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(url.substr(question + 1));
  return parts;
}

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string in) {
  std::string out;
  auto drop_last_segment = [&out] {
    size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.erase(0, 3);
    } else if (in.starts_with("./")) {
      in.erase(0, 2);
    } else if (in.starts_with("/./")) {
      in.erase(0, 2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../")) {
      in.erase(0, 3);
      drop_last_segment();
    } else if (in == "/..") {
      in = "/";
      drop_last_segment();
    } else if (in == "." || in == "..") {
      in.clear();
    } else {
      size_t next = in.find('/', 1);
      out += in.substr(0, next);
      in.erase(0, next == std::string::npos ? in.size() : next);
    }
  }
  return out;
}

// RFC 3986 §5.2.3.
std::string MergePaths(const UrlParts& base, const std::string& reference_path) {
  if (base.authority && base.path.empty()) return "/" + reference_path;
  size_t slash = base.path.rfind('/');
  return (slash == std::string::npos ? "" : base.path.substr(0, slash + 1)) + reference_path;
}

// RFC 3986 §5.3.
std::string Recompose(const UrlParts& parts) {
  std::string url;
  if (parts.scheme) url += *parts.scheme + ":";
  if (parts.authority) url += "//" + *parts.authority;
  url += parts.path;
  if (parts.query) url += "?" + *parts.query;
  return url;
}

}  // namespace

// RFC 3986 §5.2.2, strict (a reference with a scheme is absolute even when it is base's).
std::string ResolveUrl(std::string_view base_url, std::string_view reference) {
  UrlParts ref = SplitUrl(reference);
  UrlParts base = SplitUrl(base_url);
  UrlParts target;
  if (ref.scheme) {
    target = ref;
    target.path = RemoveDotSegments(ref.path);
    return Recompose(target);
  }
  target.scheme = base.scheme;
  if (ref.authority) {
    target.authority = ref.authority;
    target.path = RemoveDotSegments(ref.path);
    target.query = ref.query;
    return Recompose(target);
  }
  target.authority = base.authority;
  if (ref.path.empty()) {
    target.path = base.path;
    target.query = ref.query ? ref.query : base.query;
  } else {
    target.path =
        RemoveDotSegments(ref.path.starts_with("/") ? ref.path : MergePaths(base, ref.path));
    target.query = ref.query;
  }
  return Recompose(target);
}

}  // namespace sqlflow
