#include "common/secret_text.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/edit_distance.h"

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

// True when only blanks, a list dash or a diagnostic excerpt's gutter (` 12 | `) stand between
// the start of the line and `pos`: a YAML `key: value` line, shown as it is or in an excerpt.
bool StartsLine(std::string_view text, size_t pos) {
  size_t line = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  line = (line == std::string_view::npos || pos == 0) ? 0 : line + 1;
  std::string_view prefix = text.substr(line, pos - line);
  size_t bar = prefix.find('|');
  if (bar != std::string_view::npos) {
    std::string_view gutter = prefix.substr(0, bar);
    if (gutter.find_first_not_of(" 0123456789") != std::string_view::npos) return false;
    prefix = prefix.substr(bar + 1);
  }
  return prefix.find_first_not_of(" \t-") == std::string_view::npos;
}

// The end of a quoted value that opens at `open` (a backslash escapes the next character, as
// in JSON), or the end of the text.
size_t ClosingQuote(std::string_view text, size_t open) {
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == text[open]) {
      return i;
    }
  }
  return text.size();
}

// The end of an unquoted value starting at `v`: an `=` value ends at a blank or a separator; a
// `:` value (YAML, JSON) runs to the end of the line, a comma, a closing bracket or a comment.
size_t UnquotedValueEnd(std::string_view text, size_t v, char separator) {
  size_t end = v;
  if (separator == '=') {
    while (end < text.size() && !EndsValue(text[end])) ++end;
    return end;
  }
  while (end < text.size() && text[end] != '\n' && text[end] != ',' && text[end] != '}' &&
         text[end] != ']' && !(text[end] == '#' && end > v && text[end - 1] == ' ')) {
    ++end;
  }
  while (end > v && text[end - 1] == ' ') --end;
  return end;
}

// True for a value that is only a `${NAME}` reference: it names where the secret comes from,
// which an error about it must show, and holds none.
bool IsVariableReference(std::string_view value) {
  if (value.size() < 4 || value.substr(0, 2) != "${" || value.back() != '}') return false;
  std::string_view name = value.substr(2, value.size() - 3);
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The value of each `name=value` (`name = value`, `name='value'`), `"name": value` (JSON) or
// `name: value` at the start of a line (YAML) whose name is a secret key.
void FindSecretAssignments(std::string_view text, std::vector<Range>* out) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsKeyChar(text[i]) || (i > 0 && IsKeyChar(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t name_begin = i;
    size_t name_end = i;
    while (name_end < text.size() && IsKeyChar(text[name_end])) ++name_end;
    std::string_view name = text.substr(i, name_end - i);
    i = name_end;
    bool quoted = name_begin > 0 && name_end < text.size() &&
                  (text[name_begin - 1] == '"' || text[name_begin - 1] == '\'') &&
                  text[name_end] == text[name_begin - 1];
    size_t sep = quoted ? name_end + 1 : name_end;
    while (sep < text.size() && text[sep] == ' ') ++sep;
    if (sep >= text.size()) continue;
    char separator = text[sep];
    bool is_assignment = separator == '=' && (sep + 1 >= text.size() || text[sep + 1] != '=');
    bool is_key_value = separator == ':' && (quoted || StartsLine(text, name_begin)) &&
                        (sep + 1 >= text.size() || text[sep + 1] == ' ' || text[sep + 1] == '"' ||
                         text[sep + 1] == '\'');
    if (!(is_assignment || is_key_value) || !IsSecretKey(name)) continue;
    size_t v = sep + 1;
    while (v < text.size() && text[v] == ' ') ++v;
    size_t end = v;
    if (v < text.size() && (text[v] == '\'' || text[v] == '"')) {
      end = ClosingQuote(text, v);
      ++v;
    } else {
      end = UnquotedValueEnd(text, v, separator);
    }
    if (end > v && !IsVariableReference(text.substr(v, end - v))) out->push_back({v, end});
    i = std::max(end, i);
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

// A key one typo away from a credential name (`pasword`, `acess_key`, `db_passwrod`) is read as
// one: a misspelled credential is still a credential, and masking a harmless key costs nothing.
// Single words are compared part by part (`_`-separated); compound names as a whole.
bool IsNearMissOfSecretKey(const std::string& key) {
  auto near = [](std::string_view word, std::string_view name) {
    size_t allowed = name.size() >= 8 ? 2 : 1;
    return word.size() + 1 >= name.size() && EditDistance(word, name) <= allowed;
  };
  for (std::string_view name : {"api_key", "apikey", "access_key", "private_key"}) {
    if (near(key, name)) return true;
  }
  size_t begin = 0;
  while (begin <= key.size()) {
    size_t end = key.find('_', begin);
    if (end == std::string::npos) end = key.size();
    std::string_view part = std::string_view(key).substr(begin, end - begin);
    for (std::string_view name : {"password", "passwd", "secret", "token", "credential"}) {
      if (part.size() >= 5 && near(part, name)) return true;
    }
    begin = end + 1;
  }
  return false;
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
                                "apikey", "access_key", "private_key", "authorization"}) {
    if (k.find(part) != std::string::npos) return true;
  }
  return IsNearMissOfSecretKey(k);
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
