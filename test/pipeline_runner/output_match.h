// Comparing what a command printed (or a file holds) with the lines a .test file expects.
// Both sides are compared as lines after normalization; see docs/testing.md.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sqlflow::test {

// The wildcard line of exact mode: matches zero or more lines.
inline constexpr std::string_view kAnyLines = "...";

// Splits `raw` into lines after stripping ANSI escape sequences, turning "\r\n" into "\n" and
// replacing every occurrence of each of `project_dirs` with "$PROJECT"; then strips trailing
// whitespace from each line and drops trailing blank lines.
std::vector<std::string> NormalizeOutput(std::string_view raw,
                                         const std::vector<std::string>& project_dirs);

// Expected lines get the same treatment as output, minus the replacements.
std::vector<std::string> NormalizeExpected(const std::vector<std::string>& lines);

// Where and why `actual` failed to match `expected`. Indices are 0-based.
struct Mismatch {
  size_t expected_index = 0;  // the expected line that failed (== size() when none is left)
  // What failed, e.g. "first difference at output line 3:\n  expected: a\n  actual:   b".
  std::string reason;
};

// Exact mode: line for line, where a line that is exactly "..." matches 0+ lines.
// nullopt when they match.
std::optional<Mismatch> MatchExact(const std::vector<std::string>& expected,
                                   const std::vector<std::string>& actual);

// Contains mode: each non-empty expected line must be a substring of an actual line, found
// after the previous one's match (later on the same line, or on a later line). nullopt when
// they match.
std::optional<Mismatch> MatchContains(const std::vector<std::string>& expected,
                                      const std::vector<std::string>& actual);

// Lacks mode: no expected line may be part of any actual line (an empty line is ignored).
std::optional<Mismatch> MatchLacks(const std::vector<std::string>& expected,
                                   const std::vector<std::string>& actual);

}  // namespace sqlflow::test
