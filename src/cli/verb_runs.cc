#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/result_table.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "state/run_store.h"

namespace sqlflow {

namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", s);
  return buf;
}

std::string Count(int64_t n) { return n < 0 ? "" : std::to_string(n); }

// "7 succeeded, 1 failed"
std::string StepCounts(const RunRecord& run) {
  std::map<std::string, int> counts;
  for (const StepRecord& s : run.steps) ++counts[s.status];
  std::string out;
  for (const char* status :
       {"succeeded", "failed", "skipped", "interrupted", "not_started", "not_selected"}) {
    if (counts[status] > 0)
      out += (out.empty() ? "" : ", ") + std::to_string(counts[status]) + " " + status;
  }
  return out;
}

int ShowRun(const std::string& runs_dir, const RunsOptions& options, const FileSystem& fs) {
  Result<std::string> json = ReadRunFile(fs, runs_dir, options.show_id);
  if (!json.ok()) {
    PrintError(json.status().message(), "`sqlflow runs` lists the recorded runs");
    return kExitUsage;
  }
  if (options.json) {
    std::fputs(json->c_str(), stdout);
    return kExitOk;
  }
  Result<RunRecord> run = ParseRunJson(*json);
  if (!run.ok()) {
    PrintError(runs_dir + "/" + options.show_id + "/run.json: " + run.status().message());
    return kExitUsage;
  }
  std::printf("run %s: pipeline %s, profile %s, %s in %ss (started %s)\n", run->run_id.c_str(),
              run->pipeline.c_str(), run->profile.c_str(), run->status.c_str(),
              Seconds(run->seconds).c_str(), run->started_at.c_str());
  StringRows rows;
  for (const StepRecord& s : run->steps) {
    rows.push_back({s.id, s.status, Count(s.rows_read), Count(s.rows_written), Seconds(s.seconds),
                    s.error.empty() ? std::optional<std::string>() : s.error});
  }
  std::fputs(FormatResult({"step", "status", "rows read", "rows written", "seconds", "error"}, rows,
                          ResultFormat::kTable)
                 .c_str(),
             stdout);
  return kExitOk;
}

}  // namespace

int RunRuns(const GlobalOptions& options, const RunsOptions& runs) {
  RealFileSystem fs;
  Result<Project> project = FindProjectOf(options, fs);
  if (!project.ok()) {
    PrintError(project.status().message());
    return kExitUsage;
  }
  std::string runs_dir = project->target_dir() + "/runs";
  if (!runs.show_id.empty()) return ShowRun(runs_dir, runs, fs);
  std::vector<RunRecord> listed = ListRunFiles(fs, runs_dir, runs.last);
  if (listed.empty()) {
    std::printf("no runs yet: `sqlflow run PIPELINE` records each run in target/runs/\n");
    return kExitOk;
  }
  StringRows rows;
  for (const RunRecord& r : listed) {
    rows.push_back({r.run_id, r.pipeline, r.profile, r.status, r.started_at, Seconds(r.seconds),
                    StepCounts(r)});
  }
  std::fputs(FormatResult({"run", "pipeline", "profile", "status", "started", "seconds", "steps"},
                          rows, runs.json ? ResultFormat::kJson : ResultFormat::kTable)
                 .c_str(),
             stdout);
  return kExitOk;
}

}  // namespace sqlflow
