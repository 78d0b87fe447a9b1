// SourceOpenAhead: opens the network sources of a plan (those whose connector opens_ahead) in the
// background from the start of a run, so that connecting to a server and reading its catalog
// overlap with opening the DuckDB database (~20 ms here, longer for a big file) instead of
// following it. The source step then takes the open source, or the open's error, as if it had
// opened the source itself.
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
#include "connectors/connector_registry.h"
#include "plan/plan.h"

namespace sqlflow {

class SourceOpenAhead {
 public:
  // Starts opening the first `limit` SOURCE steps of `plan` whose connector in `connectors`
  // opens ahead, in plan order, among `selected` (step ids; empty: every step). Each open runs
  // on its own thread with `context` (its label set to the step's).
  SourceOpenAhead(const Plan& plan, const std::set<std::string>& selected, size_t limit,
                  const SourceConnectors& connectors, const SourceContext& context);
  // Waits for the opens still running (a step that never ran to take its source).
  ~SourceOpenAhead();
  SourceOpenAhead(const SourceOpenAhead&) = delete;
  SourceOpenAhead& operator=(const SourceOpenAhead&) = delete;

  // What the connector's open returned for step `step_id`, waiting for it; nullopt when the
  // step was not opened ahead (or was taken already).
  std::optional<Result<std::shared_ptr<Source>>> Take(const std::string& step_id);

 private:
  std::mutex mutex_;
  std::map<std::string, std::future<Result<std::shared_ptr<Source>>>> opens_;
};

}  // namespace sqlflow
