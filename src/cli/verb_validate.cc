#include <cstdio>

#include "cli/engine_choice.h"
#include "cli/terminal.h"
#include "cli/verbs.h"

namespace sqlflow {

int RunValidate(const GlobalOptions& options, const std::vector<std::string>& pipelines) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) {
    PrintError(ctx.status().message());
    return kExitUsage;
  }
  std::vector<std::string> names = pipelines;
  if (names.empty()) names = ListPipelines(ctx->project(), fs);
  if (names.empty()) {
    std::printf("no pipelines in %s\n",
                ctx->project().DisplayPath(ctx->project().pipelines_dir()).c_str());
    return kExitOk;
  }
  auto analyzer = OpenAnalyzerFor(ctx->profile());
  if (!analyzer.ok()) {
    PrintError(analyzer.status().message());
    return kExitUsage;
  }
  int failed = 0;
  for (const std::string& name : names) {
    PlanResult result = ctx->PlanPipeline(name, **analyzer);
    PrintDiagnostics(result.diagnostics, result.texts,
                     [&](std::string text) { return ctx->Redact(std::move(text)); });
    if (result.plan) {
      size_t n = result.plan->steps.size();
      std::printf("%s: ok (%zu step%s)\n", result.plan->file.c_str(), n, n == 1 ? "" : "s");
    } else {
      ++failed;
      size_t errors = result.diagnostics.error_count();
      std::fprintf(stderr, "%s: %zu error%s\n", name.c_str(), errors, errors == 1 ? "" : "s");
    }
  }
  std::fflush(stdout);
  return failed == 0 ? kExitOk : kExitUsage;
}

}  // namespace sqlflow
