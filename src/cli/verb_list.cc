#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/terminal.h"
#include "cli/verbs.h"
#include "state/run_store.h"

namespace sqlflow {

namespace {

// How many recorded runs `list` reads to find each pipeline's last one.
constexpr size_t kRunsScanned = 200;

// pipeline -> "succeeded 2026-11-21T12:55:01Z (run 20261121-…)", from the newest run records.
std::map<std::string, std::string> LastRuns(const Project& project, const FileSystem& fs) {
  std::map<std::string, std::string> last;
  for (const RunRecord& run : ListRunFiles(fs, project.target_dir() + "/runs", kRunsScanned)) {
    last.emplace(run.pipeline, run.status + " " + run.started_at + " (" + run.run_id + ")");
  }
  return last;
}

}  // namespace

int RunList(const GlobalOptions& options) {
  RealFileSystem fs;
  Result<Project> project = FindProjectOf(options, fs);
  if (!project.ok()) {
    PrintError(project.status().message());
    return kExitUsage;
  }
  std::vector<std::string> names = ListPipelines(*project, fs);
  if (names.empty()) {
    std::printf("no pipelines in pipelines/\n");
    return kExitOk;
  }
  std::map<std::string, std::string> last = LastRuns(*project, fs);
  size_t width = 8;
  for (const std::string& n : names) width = std::max(width, n.size());
  int name_w = static_cast<int>(width);
  int file_w = static_cast<int>(width + 13);
  std::printf("%-*s  %-*s  %s\n", name_w, "PIPELINE", file_w, "FILE", "LAST RUN");
  for (const std::string& n : names) {
    std::string file = "pipelines/" + n + ".sf";
    auto it = last.find(n);
    std::printf("%-*s  %-*s  %s\n", name_w, n.c_str(), file_w, file.c_str(),
                it == last.end() ? "never run" : it->second.c_str());
  }
  return kExitOk;
}

}  // namespace sqlflow
