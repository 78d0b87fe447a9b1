#include <cstdio>

#include "cli/result_table.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "engine/connection.h"
#include "engine/database.h"

namespace sqlflow {

int RunQuery(const GlobalOptions& options, const QueryOptions& query) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) {
    PrintError(ctx.status().message());
    return kExitUsage;
  }
  if (ctx->profile().duckdb.mode == EngineMode::kMemory) {
    PrintWarning("profile '" + ctx->profile().name +
                 "' keeps its database in memory, so this query sees an empty database; use a "
                 "persistent profile (--profile prod) to query what runs loaded");
  }
  Result<Database> db = OpenProfileDatabase(*ctx);
  if (!db.ok()) {
    PrintError(ctx->profile().file + ": cannot open the database: " + db.status().message());
    return kExitUsage;
  }
  Result<Connection> conn = Connection::Open(*db);
  Result<QueryResult> result =
      conn.ok() ? conn->Query(query.sql) : Result<QueryResult>(conn.status());
  if (!result.ok()) {
    PrintError(ctx->Redact(result.status().message()),
               "check the SQL; tables come from runs with this profile");
    return kExitStepFailed;
  }
  Result<StringRows> rows = result->FetchAllAsStrings();
  if (!rows.ok()) {
    PrintError(rows.status().message());
    return kExitStepFailed;
  }
  std::fputs(FormatResult(result->column_names(), *rows, query.format).c_str(), stdout);
  return kExitOk;
}

}  // namespace sqlflow
