#include "connectors/s3/s3_glob.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace sqlflow {
namespace {

std::vector<std::string_view> SplitSegments(std::string_view text) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    segments.push_back(text.substr(start, slash - start));
    if (slash == std::string_view::npos) return segments;
    start = slash + 1;
  }
}

// The index just past the ']' closing the class that opens at `open`, or npos. A ']' right
// after "[" or "[!" is a member, not the end (POSIX), so "[]]" is the class of ']'.
size_t ClassEnd(std::string_view segment, size_t open) {
  size_t i = open + 1;
  if (i < segment.size() && (segment[i] == '!' || segment[i] == '^')) ++i;
  if (i < segment.size() && segment[i] == ']') ++i;
  size_t close = segment.find(']', i);
  return close == std::string_view::npos ? close : close + 1;
}

// `body` is a class without its brackets.
bool ClassHas(std::string_view body, unsigned char c) {
  bool negated = !body.empty() && (body[0] == '!' || body[0] == '^');
  if (negated) body.remove_prefix(1);
  bool found = false;
  for (size_t i = 0; i < body.size(); ++i) {
    auto low = static_cast<unsigned char>(body[i]);
    if (i + 2 < body.size() && body[i + 1] == '-') {
      auto high = static_cast<unsigned char>(body[i + 2]);
      found = found || (c >= low && c <= high);
      i += 2;
    } else {
      found = found || c == low;
    }
  }
  return found != negated;
}

// Bytes in the UTF-8 sequence starting at text[at], so that '?' matches "é" as one character.
size_t SequenceLength(std::string_view text, size_t at) {
  auto lead = static_cast<unsigned char>(text[at]);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return std::min(length, text.size() - at);
}

// One wildcard token of `pattern` at `p` against text at `t`: the bytes of text consumed, or
// 0 when they do not match. Never called for '*'.
size_t MatchToken(std::string_view pattern, size_t p, std::string_view text, size_t t,
                  size_t* pattern_advance) {
  char c = pattern[p];
  if (c == '?') {
    *pattern_advance = 1;
    return SequenceLength(text, t);
  }
  if (c == '[') {
    size_t end = ClassEnd(pattern, p);
    if (end == std::string_view::npos) return 0;
    *pattern_advance = end - p;
    return ClassHas(pattern.substr(p + 1, end - p - 2), text[t]) ? 1 : 0;
  }
  *pattern_advance = 1;
  return c == text[t] ? 1 : 0;
}

// Greedy matching with backtracking to the last '*': linear for patterns with one '*' and at
// worst quadratic in the segment's length.
bool MatchSegment(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    size_t advance = 0;
    size_t consumed = p < pattern.size() ? MatchToken(pattern, p, text, t, &advance) : 0;
    if (consumed > 0) {
      p += advance;
      t += consumed;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool MatchSegments(const std::vector<std::string_view>& pattern, size_t p,
                   const std::vector<std::string_view>& key, size_t k) {
  if (p == pattern.size()) return k == key.size();
  if (pattern[p] == "**") {
    // Consecutive "**" are one: avoids exponential retries.
    while (p + 1 < pattern.size() && pattern[p + 1] == "**") ++p;
    for (size_t skip = k; skip <= key.size(); ++skip) {
      if (MatchSegments(pattern, p + 1, key, skip)) return true;
    }
    return false;
  }
  if (k == key.size() || !MatchSegment(pattern[p], key[k])) return false;
  return MatchSegments(pattern, p + 1, key, k + 1);
}

Status InvalidGlob(const std::string& pattern, const std::string& problem) {
  return Status::Invalid("glob '" + pattern + "' " + problem);
}

Status ValidateClass(const std::string& pattern, std::string_view body) {
  if (!body.empty() && (body[0] == '!' || body[0] == '^')) body.remove_prefix(1);
  for (size_t i = 0; i + 2 < body.size(); ++i) {
    if (body[i + 1] != '-') continue;
    if (static_cast<unsigned char>(body[i]) > static_cast<unsigned char>(body[i + 2])) {
      return InvalidGlob(pattern, "has the range '" + std::string(body.substr(i, 3)) +
                                      "', whose start comes after its end; write '" + body[i + 2] +
                                      "-" + body[i] + "'");
    }
    i += 2;
  }
  return Status::OK();
}

Status ValidateSegment(const std::string& pattern, std::string_view segment) {
  if (segment != "**" && segment.find("**") != std::string_view::npos) {
    return InvalidGlob(pattern,
                       "has '**' inside a name, where it means the same as '*'; '**' matches "
                       "any number of folders only as a whole part of the path, as in "
                       "'**/*.csv'");
  }
  for (size_t i = segment.find('['); i != std::string_view::npos; i = segment.find('[', i)) {
    size_t end = ClassEnd(segment, i);
    if (end == std::string_view::npos) {
      return InvalidGlob(pattern, "has a '[' that is never closed in '" + std::string(segment) +
                                      "' (a class such as [0-9] stays within one folder name)");
    }
    SQLFLOW_RETURN_IF_ERROR(ValidateClass(pattern, segment.substr(i + 1, end - i - 2)));
    i = end;
  }
  return Status::OK();
}

}  // namespace

std::string GlobLiteralPrefix(const std::string& pattern) {
  return pattern.substr(0, pattern.find_first_of("*?["));
}

bool GlobMatches(const std::string& pattern, const std::string& key) {
  return MatchSegments(SplitSegments(pattern), 0, SplitSegments(key), 0);
}

Status ValidateGlob(const std::string& pattern) {
  for (std::string_view segment : SplitSegments(pattern)) {
    SQLFLOW_RETURN_IF_ERROR(ValidateSegment(pattern, segment));
  }
  return Status::OK();
}

}  // namespace sqlflow
