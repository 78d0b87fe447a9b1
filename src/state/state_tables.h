// Whether a table of the sqlflow state schema exists yet (EngineSession::TableExists).
// Thread-safety: uses the session it is given (one thread at a time).
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "engine/engine_session.h"

namespace sqlflow {

// "2026-12-08T02:04:14" of an engine's text of a TIMESTAMP ("2026-12-08 02:04:14.123456"):
// state SQL reads times as text (CAST … AS VARCHAR), which every engine writes alike, rather
// than formatting them in SQL (strftime and to_char differ). "" for NULL.
std::string IsoSeconds(const std::optional<std::string>& timestamp_text);

// True when sqlflow.`table` exists. EngineError for any failure other than its absence.
Result<bool> StateTableExists(EngineSession& session, const std::string& table);

}  // namespace sqlflow
