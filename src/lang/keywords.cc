#include "lang/keywords.h"

#include <algorithm>

#include "lang/token.h"

namespace sqlflow {

namespace {

constexpr std::string_view kSqlStatementStarts[] = {
    "ALTER",   "ANALYZE",  "ATTACH",     "BEGIN",  "CALL",     "CHECKPOINT", "COMMENT", "COMMIT",
    "COPY",    "CREATE",   "DEALLOCATE", "DELETE", "DESCRIBE", "DETACH",     "DROP",    "EXECUTE",
    "EXPLAIN", "EXPORT",   "FROM",       "IMPORT", "INSERT",   "INSTALL",    "LOAD",    "MERGE",
    "PIVOT",   "PRAGMA",   "PREPARE",    "RESET",  "ROLLBACK", "SELECT",     "SHOW",    "SUMMARIZE",
    "TABLE",   "TRUNCATE", "UNPIVOT",    "UPDATE", "USE",      "VACUUM",     "VALUES",  "WITH"};

}  // namespace

bool IsSqlStatementStart(std::string_view word) {
  std::string upper = ToUpperAscii(word);
  return std::find(std::begin(kSqlStatementStarts), std::end(kSqlStatementStarts), upper) !=
         std::end(kSqlStatementStarts);
}

}  // namespace sqlflow
