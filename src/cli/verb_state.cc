// sqlflow state show [PIPELINE] | state reset PIPELINE [SOURCE]: the watermarks of incremental
// loads, kept in sqlflow.watermarks of the profile's database (SPEC §3.3).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/result_table.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "engine/connection.h"
#include "engine/duckdb_session.h"
#include "state/watermarks.h"

namespace sqlflow {

namespace {

int ShowState(Connection& conn, const StateOptions& state) {
  DuckDbSession session(conn);
  Result<std::vector<Watermark>> marks = ListWatermarks(session, state.pipeline);
  if (!marks.ok()) {
    PrintError(marks.status().message());
    return kExitStepFailed;
  }
  if (state.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Watermark& m : *marks) {
      out.push_back({{"pipeline", m.key.pipeline},
                     {"source", m.key.source},
                     {"target", m.key.target},
                     {"cursor_field", m.cursor_field},
                     {"type", m.value_type},
                     {"value", m.value},
                     {"updated_at", m.updated_at}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  if (marks->empty()) {
    std::printf("no watermarks%s: incremental LOADs record one when they load rows\n",
                state.pipeline.empty() ? "" : (" for pipeline " + state.pipeline).c_str());
    return kExitOk;
  }
  StringRows rows;
  for (const Watermark& m : *marks) {
    rows.push_back({m.key.pipeline, m.key.source.empty() ? "(transform)" : m.key.source,
                    m.key.target, m.cursor_field, m.value, m.value_type, m.updated_at});
  }
  std::fputs(
      FormatResult({"pipeline", "source", "target", "cursor", "watermark", "type", "updated"}, rows,
                   ResultFormat::kTable)
          .c_str(),
      stdout);
  return kExitOk;
}

int ResetState(Connection& conn, const StateOptions& state) {
  DuckDbSession session(conn);
  Result<int64_t> deleted = DeleteWatermarks(session, state.pipeline, state.source);
  if (!deleted.ok()) {
    PrintError(deleted.status().message());
    return kExitStepFailed;
  }
  std::string what = "pipeline " + state.pipeline +
                     (state.source.empty() ? std::string() : ", source " + state.source);
  if (*deleted == 0) {
    PrintError("no watermark to reset for " + what,
               "`sqlflow state show` lists the stored watermarks");
    return kExitUsage;
  }
  std::printf("reset %lld watermark%s of %s: the next run reads everything\n",
              static_cast<long long>(*deleted), *deleted == 1 ? "" : "s", what.c_str());
  return kExitOk;
}

}  // namespace

int RunState(const GlobalOptions& options, const StateOptions& state) {
  const char* warning =
      "so there is no state between runs; use a persistent profile (--profile prod) to see what "
      "runs stored";
  return WithProfileConnection(options, warning, [&](ProjectContext&, Connection& conn) {
    return state.reset ? ResetState(conn, state) : ShowState(conn, state);
  });
}

}  // namespace sqlflow
