// SourceOpenAhead: opens the PostgreSQL sources of a plan in the background from the start of a
// run, so that connecting to the server and reading its catalog overlap with opening the DuckDB
// database (~20 ms here, longer for a big file) instead of following it. The source step then
// takes the open source, or Open's error, as if it had opened the source itself.
// Thread-safety: Take() may be called from any thread.
#pragma once

#include <cstddef>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "common/status.h"
#include "connectors/postgres/postgres_source.h"
#include "plan/plan.h"

namespace sqlflow {

class SourceOpenAhead {
 public:
  // Starts opening the first `limit` PostgreSQL SOURCE steps of `plan`, in plan order, among
  // `selected` (step ids; empty: every step). Each open runs on its own thread.
  SourceOpenAhead(const Plan& plan, const std::set<std::string>& selected, size_t limit);
  // Waits for the opens still running (a step that never ran to take its source).
  ~SourceOpenAhead();
  SourceOpenAhead(const SourceOpenAhead&) = delete;
  SourceOpenAhead& operator=(const SourceOpenAhead&) = delete;

  // What PostgresSource::Open returned for step `step_id`, waiting for it; nullopt when the step
  // was not opened ahead (or was taken already).
  std::optional<Result<std::shared_ptr<PostgresSource>>> Take(const std::string& step_id);

 private:
  std::mutex mutex_;
  std::map<std::string, std::future<Result<std::shared_ptr<PostgresSource>>>> opens_;
};

}  // namespace sqlflow
