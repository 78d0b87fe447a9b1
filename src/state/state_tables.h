// Whether a table of the sqlflow state schema exists yet (EngineSession::TableExists).
// Thread-safety: uses the session it is given (one thread at a time).
#pragma once

#include <string>

#include "common/status.h"
#include "engine/engine_session.h"

namespace sqlflow {

// True when sqlflow.`table` exists. EngineError for any failure other than its absence.
Result<bool> StateTableExists(EngineSession& session, const std::string& table);

}  // namespace sqlflow
