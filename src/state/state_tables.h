// Whether a table of the sqlflow state schema exists yet, found by querying it (LIMIT 0) rather
// than by listing the catalog (duckdb_tables() costs tens of milliseconds on a large database).
// Thread-safety: uses the Connection it is given (one thread at a time).
#pragma once

#include <string>

#include "common/status.h"
#include "engine/connection.h"

namespace sqlflow {

// True when sqlflow.`table` exists. EngineError for any failure other than its absence.
Result<bool> StateTableExists(Connection& conn, const std::string& table);

}  // namespace sqlflow
