// RunStore: writes and reads run records. Files: target/runs/<id>/run.json (always). Database:
// sqlflow.runs and sqlflow.run_steps (persistent mode), written in one transaction.
// Thread-safety: use from one thread.
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"
#include "engine/engine_session.h"
#include "state/run_record.h"

namespace sqlflow {

// target/runs/<id>/run.json, written atomically.
Status WriteRunFile(FileSystem& fs, const std::string& runs_dir, const RunRecord& run,
                    const std::string& json);

// Creates the sqlflow schema and tables when missing, then inserts the run and its steps.
Status RecordRunInDatabase(EngineSession& session, const RunRecord& run);

// The newest `limit` runs found under runs_dir (by id, newest first); unreadable records are
// skipped.
std::vector<RunRecord> ListRunFiles(const FileSystem& fs, const std::string& runs_dir,
                                    size_t limit);

// The run.json of one run, as text. NotFound with the ids of the newest runs when it is unknown.
Result<std::string> ReadRunFile(const FileSystem& fs, const std::string& runs_dir,
                                const std::string& run_id);

// Parses a run.json text into a record (the fields ListRunFiles shows).
Result<RunRecord> ParseRunJson(const std::string& json);

}  // namespace sqlflow
