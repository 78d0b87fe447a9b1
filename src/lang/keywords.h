// Word lists the parser uses to tell DSL statements from SQL and to suggest fixes for typos.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

// True when `word` (any case) starts an SQL statement the engine knows: SELECT, WITH, INSERT,
// LOAD, EXPORT, … A word that is one is never reported as a misspelled DSL keyword.
bool IsSqlStatementStart(std::string_view word);

// The candidate `word` is most plausibly a typo of, if any. Like SuggestClosest, but also counts
// two swapped neighbouring letters as one slip (LAOD → LOAD), the commonest typo in short words.
std::optional<std::string> SuggestKeyword(std::string_view word,
                                          const std::vector<std::string>& candidates);

}  // namespace sqlflow
