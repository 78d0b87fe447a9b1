#include <algorithm>
#include <cstdio>

#include "cli/terminal.h"
#include "cli/verbs.h"

namespace sqlflow {

int RunList(const GlobalOptions& options) {
  RealFileSystem fs;
  Result<Project> project =
      FindProject(options.project_dir.empty() ? "." : options.project_dir, fs);
  if (!project.ok()) {
    PrintError(project.status().message());
    return kExitUsage;
  }
  std::vector<std::string> names = ListPipelines(*project, fs);
  if (names.empty()) {
    std::printf("no pipelines in pipelines/\n");
    return kExitOk;
  }
  size_t width = 8;
  for (const std::string& n : names) width = std::max(width, n.size());
  // Run history arrives with `sqlflow run`; until a pipeline has run, it has no status.
  std::printf("%-*s  %-*s  %s\n", static_cast<int>(width), "PIPELINE", static_cast<int>(width + 13),
              "FILE", "LAST RUN");
  for (const std::string& n : names) {
    std::string file = "pipelines/" + n + ".sf";
    std::printf("%-*s  %-*s  %s\n", static_cast<int>(width), n.c_str(),
                static_cast<int>(width + 13), file.c_str(), "never run");
  }
  return kExitOk;
}

}  // namespace sqlflow
