#include "cli/engine_choice.h"

#include "engine/duckdb_sql_analyzer.h"
#include "engine/pg_sql_analyzer.h"

namespace sqlflow {

Result<std::unique_ptr<SqlAnalyzer>> OpenAnalyzerFor(const Profile& profile) {
  if (profile.postgres) return std::unique_ptr<SqlAnalyzer>(std::make_unique<PgSqlAnalyzer>());
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<DuckDbSqlAnalyzer> duckdb, DuckDbSqlAnalyzer::Open());
  return std::unique_ptr<SqlAnalyzer>(std::move(duckdb));
}

Status CheckEngineRuns(const Profile& profile) {
  if (!profile.postgres) return Status::OK();
  return Status::Invalid(profile.file + ": engines.postgres: this version runs pipelines, " +
                         "queries and state on the duckdb engine only; on postgres, `sqlflow " +
                         "validate` and `sqlflow compile` check the pipelines' SQL with " +
                         "PostgreSQL's own parser. Run with a duckdb profile (--profile dev)");
}

}  // namespace sqlflow
