// What the profile's engine (SPEC-ENGINES.md) decides in the CLI: which parser checks the SQL
// (`validate`, `compile`), and whether this version can run pipelines on it.
// Thread-safety: pure functions.
#pragma once

#include <memory>

#include "cli/profile.h"
#include "common/sql_analyzer.h"
#include "common/status.h"

namespace sqlflow {

// PostgreSQL's own parser for a postgres profile, DuckDB's otherwise.
Result<std::unique_ptr<SqlAnalyzer>> OpenAnalyzerFor(const Profile& profile);

// OK when `run`, `query`, `state` and `schema` can use the profile's engine. A postgres profile:
// InvalidArgument saying what works on it so far and what to use instead.
Status CheckEngineRuns(const Profile& profile);

}  // namespace sqlflow
