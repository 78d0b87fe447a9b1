#include "pipeline_runner/output_match.h"

#include <algorithm>

namespace sqlflow::test {
namespace {

// Drops CSI sequences (ESC '[' params final-byte), which carry colors, and other two-byte
// ESC sequences.
std::string StripAnsi(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\x1b') {
      out += in[i];
      continue;
    }
    if (i + 1 < in.size() && in[i + 1] == '[') {
      i += 2;
      while (i < in.size() && !(in[i] >= 0x40 && in[i] <= 0x7e)) ++i;
    } else {
      ++i;
    }
  }
  return out;
}

void ReplaceAll(std::string& text, const std::string& from, std::string_view to) {
  if (from.empty()) return;
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

void TrimTrailing(std::vector<std::string>& lines) {
  for (std::string& line : lines) {
    size_t end = line.find_last_not_of(" \t\r");
    line.erase(end == std::string::npos ? 0 : end + 1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
}

std::string Quote(const std::vector<std::string>& lines, size_t i) {
  return i < lines.size() ? lines[i] : "(end of output)";
}

std::string LineNo(size_t index) { return std::to_string(index + 1); }

Mismatch DifferAt(const std::vector<std::string>& expected, size_t e,
                  const std::vector<std::string>& actual, size_t a) {
  std::string reason = "first difference at output line " + LineNo(a) + ":\n" +
                       "  expected: " + Quote(expected, e) + "\n" +
                       "  actual:   " + Quote(actual, a);
  return Mismatch{e, std::move(reason)};
}

// Compares expected[e_begin, e_end) with actual starting at `a`; the first differing
// expected index, or nullopt when all of them match.
std::optional<size_t> FirstDifference(const std::vector<std::string>& expected, size_t e_begin,
                                      size_t e_end, const std::vector<std::string>& actual,
                                      size_t a) {
  for (size_t e = e_begin; e < e_end; ++e, ++a) {
    if (a >= actual.size() || actual[a] != expected[e]) return e;
  }
  return std::nullopt;
}

// A run of expected lines between wildcards: [begin, end).
struct Segment {
  size_t begin = 0;
  size_t end = 0;
};

std::vector<Segment> SplitAtWildcards(const std::vector<std::string>& expected) {
  std::vector<Segment> segments;
  size_t begin = 0;
  for (size_t i = 0; i <= expected.size(); ++i) {
    if (i < expected.size() && expected[i] != kAnyLines) continue;
    if (i > begin) segments.push_back({begin, i});
    begin = i + 1;
  }
  return segments;
}

// The first position >= from where the segment matches, if any.
std::optional<size_t> FindSegment(const std::vector<std::string>& expected, Segment s,
                                  const std::vector<std::string>& actual, size_t from) {
  size_t length = s.end - s.begin;
  for (size_t a = from; a + length <= actual.size(); ++a) {
    if (!FirstDifference(expected, s.begin, s.end, actual, a)) return a;
  }
  return std::nullopt;
}

size_t FirstNonEmpty(const std::vector<std::string>& lines) {
  size_t i = 0;
  while (i < lines.size() && lines[i].empty()) ++i;
  return i;
}

}  // namespace

std::vector<std::string> NormalizeOutput(std::string_view raw,
                                         const std::vector<std::string>& project_dirs) {
  std::string text = StripAnsi(raw);
  ReplaceAll(text, "\r\n", "\n");
  std::vector<std::string> dirs = project_dirs;
  std::sort(dirs.begin(), dirs.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& dir : dirs) ReplaceAll(text, dir, "$PROJECT");
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  TrimTrailing(lines);
  return lines;
}

std::vector<std::string> NormalizeExpected(const std::vector<std::string>& lines) {
  std::vector<std::string> out = lines;
  TrimTrailing(out);
  return out;
}

std::optional<Mismatch> MatchExact(const std::vector<std::string>& expected,
                                   const std::vector<std::string>& actual) {
  std::vector<Segment> segments = SplitAtWildcards(expected);
  bool open_start = !expected.empty() && expected.front() == kAnyLines;
  bool open_end = !expected.empty() && expected.back() == kAnyLines;
  size_t a = 0;
  for (size_t k = 0; k < segments.size(); ++k) {
    Segment s = segments[k];
    size_t length = s.end - s.begin;
    bool anchored_start = k == 0 && !open_start;
    bool anchored_end = k + 1 == segments.size() && !open_end;
    if (anchored_end && !anchored_start) {
      // The last segment must match the last lines; align it there when it fits.
      a = std::max(a, actual.size() >= length ? actual.size() - length : a);
    }
    if (anchored_start || anchored_end) {
      if (auto e = FirstDifference(expected, s.begin, s.end, actual, a)) {
        return DifferAt(expected, *e, actual, a + (*e - s.begin));
      }
      a += length;
      continue;
    }
    std::optional<size_t> found = FindSegment(expected, s, actual, a);
    if (!found) {
      return Mismatch{s.begin, "not found (after '...') in output from line " + LineNo(a) +
                                   " on:\n  expected: " + expected[s.begin]};
    }
    a = *found + length;
  }
  if (!open_end && a < actual.size()) {
    return Mismatch{expected.size(), "unexpected output from line " + LineNo(a) + ":\n" +
                                         "  actual:   " + actual[a]};
  }
  return std::nullopt;
}

std::optional<Mismatch> MatchContains(const std::vector<std::string>& expected,
                                      const std::vector<std::string>& actual) {
  // The search resumes where the previous match ended: same line, later column, or below.
  size_t line = 0;
  size_t column = 0;
  for (size_t e = 0; e < expected.size(); ++e) {
    if (expected[e].empty()) continue;
    size_t found = std::string::npos;
    for (; line < actual.size(); ++line, column = 0) {
      found = actual[line].find(expected[e], column);
      if (found != std::string::npos) break;
    }
    if (found == std::string::npos) {
      std::string where =
          e == FirstNonEmpty(expected) ? "in the output" : "after the match of the line before it";
      return Mismatch{e, "not found " + where + ":\n  expected: " + expected[e]};
    }
    column = found + expected[e].size();
  }
  return std::nullopt;
}

std::optional<Mismatch> MatchLacks(const std::vector<std::string>& expected,
                                   const std::vector<std::string>& actual) {
  for (size_t i = 0; i < expected.size(); ++i) {
    if (expected[i].empty()) continue;
    for (size_t a = 0; a < actual.size(); ++a) {
      if (actual[a].find(expected[i]) != std::string::npos) {
        return Mismatch{i, "found in output line " + std::to_string(a + 1) + ", which must not " +
                               "hold it:\n  must lack: " + expected[i] +
                               "\n  actual:    " + actual[a]};
      }
    }
  }
  return std::nullopt;
}

}  // namespace sqlflow::test
