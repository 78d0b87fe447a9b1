#include "lang/keywords.h"

#include <algorithm>

#include "common/edit_distance.h"
#include "lang/token.h"

namespace sqlflow {

namespace {

constexpr std::string_view kSqlStatementStarts[] = {
    "ALTER",   "ANALYZE",  "ATTACH",     "BEGIN",  "CALL",     "CHECKPOINT", "COMMENT", "COMMIT",
    "COPY",    "CREATE",   "DEALLOCATE", "DELETE", "DESCRIBE", "DETACH",     "DROP",    "EXECUTE",
    "EXPLAIN", "EXPORT",   "FROM",       "IMPORT", "INSERT",   "INSTALL",    "LOAD",    "MERGE",
    "PIVOT",   "PRAGMA",   "PREPARE",    "RESET",  "ROLLBACK", "SELECT",     "SHOW",    "SUMMARIZE",
    "TABLE",   "TRUNCATE", "UNPIVOT",    "UPDATE", "USE",      "VACUUM",     "VALUES",  "WITH"};

// True when `a` becomes `b` by swapping one pair of neighbouring letters (ignoring case).
bool IsOneTransposition(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::string ua = ToUpperAscii(a);
  std::string ub = ToUpperAscii(b);
  size_t i = 0;
  while (i < ua.size() && ua[i] == ub[i]) ++i;
  if (i + 1 >= ua.size()) return false;
  std::swap(ua[i], ua[i + 1]);
  return ua == ub;
}

}  // namespace

bool IsSqlStatementStart(std::string_view word) {
  std::string upper = ToUpperAscii(word);
  return std::find(std::begin(kSqlStatementStarts), std::end(kSqlStatementStarts), upper) !=
         std::end(kSqlStatementStarts);
}

std::optional<std::string> SuggestKeyword(std::string_view word,
                                          const std::vector<std::string>& candidates) {
  if (std::optional<std::string> close = SuggestClosest(word, candidates)) return close;
  for (const std::string& c : candidates) {
    if (IsOneTransposition(word, c)) return c;
  }
  return std::nullopt;
}

}  // namespace sqlflow
