#include <cstdio>

#include "cli/engine_choice.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "plan/plan_printer.h"

namespace sqlflow {

int RunCompile(const GlobalOptions& options, const CompileOptions& compile) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) {
    PrintError(ctx.status().message());
    return kExitUsage;
  }
  auto analyzer = OpenAnalyzerFor(ctx->profile());
  if (!analyzer.ok()) {
    PrintError(analyzer.status().message());
    return kExitUsage;
  }
  PlanResult result = ctx->PlanPipeline(compile.pipeline, **analyzer);
  PrintDiagnostics(result.diagnostics, result.texts,
                   [&](std::string text) { return ctx->Redact(std::move(text)); });
  if (!result.plan) return kExitUsage;

  // The plan as it may be shown and kept: the file gets exactly what stdout gets.
  Plan shown = ctx->redactor().RedactPlan(*result.plan);
  ParamMask mask = [&](const std::string& params) { return ctx->MaskParams(params); };
  std::string json = ctx->Redact(FormatPlanJson(shown, mask));
  std::string out_path =
      ctx->project().target_dir() + "/compiled/" + result.plan->pipeline + ".json";
  Status written = fs.WriteFileAtomic(out_path, json);
  if (!written.ok()) {
    PrintError(written.message(), "check that target/ is writable");
    return kExitUsage;
  }
  std::string text = compile.json ? json : ctx->Redact(FormatPlanText(shown, mask));
  std::fputs(text.c_str(), stdout);
  if (!compile.json) {
    std::printf("plan written to %s\n", ctx->project().DisplayPath(out_path).c_str());
  }
  return kExitOk;
}

}  // namespace sqlflow
