// RunRecord: what is kept about one run — in target/runs/<id>/run.json for people and CI, and,
// in persistent mode, as rows of sqlflow.runs / sqlflow.run_steps in the target database.
// Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sqlflow {

struct StepRecord {
  std::string id;
  std::string kind;
  std::string status;  // succeeded, failed, skipped, not_started, not_selected, interrupted
  int64_t rows_read = -1;
  int64_t rows_written = -1;
  double seconds = 0;
  std::string error;
};

struct RunRecord {
  std::string run_id;
  std::string pipeline;
  std::string profile;
  std::string status;      // succeeded, failed, interrupted
  std::string started_at;  // ISO-8601 UTC
  std::string finished_at;
  double seconds = 0;
  std::vector<StepRecord> steps;
};

// A new run id: UTC time to the millisecond plus a random suffix, e.g. 20261121-125501123-3f9a
// (ids sort by time).
std::string NewRunId();
// The current UTC time as ISO-8601 with milliseconds: 2026-11-21T12:55:01.123Z.
std::string NowIso8601();

}  // namespace sqlflow
