// JsonReporter: `run --json` — one JSON document for the whole run, printed when it finishes.
// The same document, from RunSummaryToJson(), is what target/runs/<id>/run.json holds:
//
//   {"format_version": 1, "run_id": "…", "pipeline": "shop", "pipeline_file": "pipelines/shop.sf",
//    "profile": "dev", "status": "failed", "exit_code": 1,
//    "started_at": "2026-11-21T12:55:01.123Z", "finished_at": "…", "seconds": 1.234,
//    "max_parallel": 4, "policy": "fail_fast", "selected": [],
//    "counts": {"succeeded": 7, "failed": 1, "skipped": 2, "not_started": 0,
//               "not_selected": 0, "interrupted": 0},
//    "rows_read": 5000, "rows_written": 5031, "bytes_written": 0,
//    "steps": [{"id": "load.orders", "kind": "load", "status": "succeeded",
//               "started_at": "…", "finished_at": "…", "seconds": 0.04,
//               "rows_read": 5000, "rows_written": 5000, "bytes_written": null,
//               "sql": ["…"], "error": null, "skipped_because": null, "warnings": []}, …]}
//
// Unknown counts are null; the run totals add the known ones. Steps that never ran have null
// times. Steps are in plan order and include the unselected ones.
// Thread-safety: none needed; the executor serialises reporter calls.
#pragma once

#include <cstdio>
#include <string>
#include <utility>

#include "exec/reporter.h"
#include "exec/run_summary.h"

namespace sqlflow {

// Who ran what: the parts of the record the summary itself does not know.
struct RunIdentity {
  std::string run_id;
  std::string pipeline;
  std::string pipeline_file;  // display path, e.g. pipelines/shop.sf
  std::string profile;
  std::string started_at;  // ISO-8601 UTC; empty = taken from the summary
};

// The run document, pretty-printed with two-space indents, without a trailing newline.
std::string RunSummaryToJson(const RunSummary& summary, const RunIdentity& info);

class JsonReporter : public Reporter {
 public:
  // REQUIRES: `out` stays open while the reporter is used; it is not closed.
  JsonReporter(FILE* out, RunIdentity info) : out_(out), info_(std::move(info)) {}

  void OnRunStart(const Plan&, const ExecOptions&) override {}
  void OnStepStart(const Step&) override {}
  void OnStepFinish(const Step&, const StepResult&) override {}
  // Prints the document and a newline.
  void OnRunFinish(const RunSummary& summary) override;

 private:
  FILE* out_;
  RunIdentity info_;
};

}  // namespace sqlflow
