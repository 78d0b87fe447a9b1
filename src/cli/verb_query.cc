#include <cstdio>

#include "cli/result_table.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "engine/connection.h"
#include "engine/database.h"

namespace sqlflow {

namespace {

int PrintResult(QueryResult& result, ResultFormat format) {
  Result<StringRows> rows = result.FetchAllAsStrings();
  if (!rows.ok()) {
    PrintError(rows.status().message());
    return kExitStepFailed;
  }
  std::fputs(FormatResult(result.column_names(), *rows, format).c_str(), stdout);
  return kExitOk;
}

}  // namespace

int RunQuery(const GlobalOptions& options, const QueryOptions& query) {
  const char* warning =
      "so this query sees an empty database; use a persistent profile (--profile prod) to query "
      "what runs loaded";
  return WithProfileConnection(options, warning, [&](ProjectContext& ctx, Connection& conn) {
    Result<QueryResult> result = conn.Query(query.sql);
    if (!result.ok()) {
      PrintError(ctx.Redact(result.status().message()),
                 "check the SQL; tables come from runs with this profile");
      return kExitStepFailed;
    }
    return PrintResult(*result, query.format);
  });
}

}  // namespace sqlflow
