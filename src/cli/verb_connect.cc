#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/engine_choice.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "common/strings.h"
#include "connectors/connector_registry.h"

namespace sqlflow {

namespace {

// What `connect test NAME` opens: a connector of the profile, or a SOURCE of a pipeline.
struct ConnectTarget {
  std::string what;  // "connector 'files'" / "SOURCE orders_src (pipelines/shop.sf:3)"
  std::string type;
  std::string params_json;
};

Result<ConnectTarget> FindTarget(ProjectContext& ctx, const std::string& name) {
  auto conn = ctx.profile().connectors.find(name);
  if (conn != ctx.profile().connectors.end()) {
    return ConnectTarget{"connector '" + name + "' (" + ctx.profile().file + ")", conn->second.type,
                         conn->second.params->dump()};
  }
  SQLFLOW_ASSIGN_OR_RETURN(auto analyzer, OpenAnalyzerFor(ctx.profile()));
  std::vector<std::string> known;
  for (const auto& [n, c] : ctx.profile().connectors) known.push_back(n);
  for (const std::string& pipeline : ListPipelines(ctx.project(), ctx.fs())) {
    PlanResult planned = ctx.PlanPipeline(pipeline, *analyzer);
    if (!planned.plan) continue;
    for (const Step& step : planned.plan->steps) {
      if (step.kind != StepKind::kSource) continue;
      known.push_back(step.source_name);
      if (step.source_name == name) {
        return ConnectTarget{"SOURCE " + name + " (" + step.span.ToString() + ")",
                             step.connector_type, step.params_json};
      }
    }
  }
  return Status::NotFound("no connector or SOURCE named '" + name + "'" +
                          (known.empty() ? std::string() : "; known: " + Join(known)));
}

}  // namespace

int RunConnectList(const GlobalOptions& options) {
  ConnectorCatalog catalog = BuildConnectorCatalog();
  std::printf("connector types:\n");
  for (const ConnectorSpec& spec : catalog.sources()) {
    std::printf("  %-9s %s\n", spec.type.c_str(), spec.description.c_str());
  }
  std::printf("export types:\n");
  for (const ConnectorSpec& spec : catalog.export_formats()) {
    std::printf("  %-9s %s\n", spec.type.c_str(), spec.description.c_str());
  }
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) return kExitOk;  // outside a project the catalog is all there is to show
  std::printf("connectors in %s:\n", ctx->profile().file.c_str());
  if (ctx->profile().connectors.empty()) std::printf("  (none)\n");
  for (const auto& [name, c] : ctx->profile().connectors) {
    std::printf("  %-12s %-9s %s\n", name.c_str(), c.type.c_str(),
                ctx->MaskParams(c.params->dump()).c_str());
  }
  return kExitOk;
}

int RunConnectTest(const GlobalOptions& options, const std::string& name) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) {
    PrintError(ctx.status().message());
    return kExitUsage;
  }
  Result<ConnectTarget> target = FindTarget(*ctx, name);
  if (!target.ok()) {
    PrintError(target.status().message(), "`sqlflow connect list` shows the profile's connectors");
    return kExitUsage;
  }
  SourceConnectors connectors = BuildSourceConnectors();
  const SourceConnector* connector = connectors.Find(target->type);
  if (connector == nullptr || !connector->test_connection) {
    PrintError(target->what + ": testing " + target->type +
               " connections is not available in this build yet");
    return kExitStepFailed;
  }
  SourceContext context{ctx->project().root, &fs, target->what};
  Result<std::string> report = connector->test_connection(target->params_json, context);
  if (!report.ok()) {
    PrintError(ctx->Redact(report.status().message()));
    return kExitStepFailed;
  }
  std::printf("%s: ok\n%s", target->what.c_str(), ctx->Redact(*report).c_str());
  return kExitOk;
}

}  // namespace sqlflow
