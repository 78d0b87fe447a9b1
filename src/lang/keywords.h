// The SQL statement starts the parser must never mistake for misspelled DSL keywords.
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace sqlflow {

// True when `word` (any case) starts an SQL statement the engine knows: SELECT, WITH, INSERT,
// LOAD, EXPORT, … A word that is one is never reported as a misspelled DSL keyword.
bool IsSqlStatementStart(std::string_view word);

}  // namespace sqlflow
