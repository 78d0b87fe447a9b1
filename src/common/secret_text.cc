#include "common/secret_text.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sqlflow {

namespace {

// A span of text [begin, end) holding a credential.
struct Range {
  size_t begin;
  size_t end;
};

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

bool EndsValue(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '&' || c == ';' || c == ',' ||
         c == '"' || c == '\'' || c == ')';
}

// The password of each URL `scheme://user:password@host…` in `text`.
void FindUrlPasswords(std::string_view text, std::vector<Range>* out) {
  for (size_t scheme = text.find("://"); scheme != std::string_view::npos;
       scheme = text.find("://", scheme + 3)) {
    size_t start = scheme + 3;
    size_t end = start;
    while (end < text.size() && text[end] != '/' && text[end] != '?' && text[end] != '#' &&
           !EndsValue(text[end])) {
      ++end;
    }
    size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
    if (at == std::string_view::npos || at < start || at >= end) continue;
    size_t colon = text.find(':', start);
    if (colon == std::string_view::npos || colon >= at || colon + 1 == at) continue;
    out->push_back({colon + 1, at});
  }
}

// The value of each `name=value` (or `name = value`, `name='value'`) whose name is a secret key.
void FindSecretAssignments(std::string_view text, std::vector<Range>* out) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsKeyChar(text[i]) || (i > 0 && IsKeyChar(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t name_end = i;
    while (name_end < text.size() && IsKeyChar(text[name_end])) ++name_end;
    std::string_view name = text.substr(i, name_end - i);
    size_t eq = name_end;
    while (eq < text.size() && text[eq] == ' ') ++eq;
    i = name_end;
    if (eq >= text.size() || text[eq] != '=' || (eq + 1 < text.size() && text[eq + 1] == '=')) {
      continue;
    }
    if (!IsSecretKey(name)) continue;
    size_t v = eq + 1;
    while (v < text.size() && text[v] == ' ') ++v;
    size_t end = v;
    if (v < text.size() && (text[v] == '\'' || text[v] == '"')) {
      size_t close = text.find(text[v], v + 1);
      end = close == std::string_view::npos ? text.size() : close;
      ++v;
    } else {
      while (end < text.size() && !EndsValue(text[end])) ++end;
    }
    if (end > v) out->push_back({v, end});
    i = end;
  }
}

// Credential spans in `text`, sorted and without overlaps.
std::vector<Range> FindCredentials(std::string_view text) {
  std::vector<Range> ranges;
  FindUrlPasswords(text, &ranges);
  FindSecretAssignments(text, &ranges);
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
  std::vector<Range> merged;
  for (const Range& r : ranges) {
    if (!merged.empty() && r.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace

std::vector<std::string> FindCredentialsInText(std::string_view text) {
  std::vector<std::string> out;
  for (const Range& r : FindCredentials(text)) {
    out.emplace_back(text.substr(r.begin, r.end - r.begin));
  }
  return out;
}

bool IsSecretKey(std::string_view key) {
  std::string k(key);
  for (char& c : k) {
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (std::string_view part : {"password", "passwd", "secret", "token", "credential", "api_key",
                                "apikey", "access_key", "private_key"}) {
    if (k.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string MaskCredentialsInText(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (const Range& r : FindCredentials(text)) {
    out.append(text.substr(pos, r.begin - pos));
    out.append(kSecretMask);
    pos = r.end;
  }
  out.append(text.substr(pos));
  return out;
}

std::string RedactSecretValues(std::string text, const std::vector<std::string>& secret_values) {
  std::vector<std::string> values = secret_values;
  std::sort(values.begin(), values.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& v : values) {
    if (v.empty()) continue;
    for (size_t at = text.find(v); at != std::string::npos;
         at = text.find(v, at + kSecretMask.size())) {
      text.replace(at, v.size(), kSecretMask);
    }
  }
  return text;
}

}  // namespace sqlflow
