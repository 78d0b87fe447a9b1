#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/terminal.h"
#include "cli/verbs.h"
#include "common/strings.h"
#include "connectors/connector_registry.h"
#include "connectors/files/file_source.h"
#include "connectors/files/file_source_report.h"
#include "connectors/postgres/postgres_source.h"
#include "engine/connection.h"
#include "engine/duckdb_sql_analyzer.h"

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
  SQLFLOW_ASSIGN_OR_RETURN(auto analyzer, DuckDbSqlAnalyzer::Open());
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

// Really connects: the server's version and how many tables the database has; for a SOURCE,
// also its columns as they will be read.
int TestPostgres(const ProjectContext& ctx, const ConnectTarget& target) {
  Result<PostgresServerInfo> info = TestPostgresConnection(target.params_json);
  if (!info.ok()) {
    PrintError(ctx.Redact(target.what + ": " + info.status().message()));
    return kExitStepFailed;
  }
  std::printf("%s: ok\n  server: %s\n  %s\n  %lld table%s\n", target.what.c_str(),
              info->where.c_str(), info->version.c_str(), static_cast<long long>(info->table_count),
              info->table_count == 1 ? "" : "s");
  nlohmann::json params = nlohmann::json::parse(target.params_json, nullptr, false);
  if (!params.is_object() || (!params.contains("table") && !params.contains("query"))) {
    return kExitOk;
  }
  Result<std::shared_ptr<PostgresSource>> source =
      PostgresSource::Open(target.params_json, target.what);
  if (!source.ok()) {
    PrintError(ctx.Redact(source.status().message()));
    return kExitStepFailed;
  }
  std::printf("  %s: %zu columns\n", (*source)->Describe().c_str(), (*source)->columns().size());
  for (const ColumnInfo& c : (*source)->schema()) {
    std::printf("    %-24s %s%s\n", c.name.c_str(), c.type.c_str(), c.nullable ? "" : " NOT NULL");
  }
  for (const std::string& w : (*source)->warnings()) std::printf("  warning: %s\n", w.c_str());
  return kExitOk;
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
  if (target->type == "POSTGRES") return TestPostgres(*ctx, *target);
  if (target->type != "CSV" && target->type != "PARQUET" && target->type != "JSON") {
    PrintError(target->what + ": testing " + target->type +
               " connections is not available in this build yet");
    return kExitStepFailed;
  }
  FileSourceRequest request{target->type, target->params_json, ctx->project().root, target->what};
  Result<FileRelation> relation = PlanFileSource(request, fs);
  Result<Database> db = relation.ok() ? Database::Open({}) : Result<Database>(relation.status());
  Result<Connection> conn = db.ok() ? Connection::Open(*db) : Result<Connection>(db.status());
  Result<std::string> report =
      conn.ok() ? DescribeFileSource(*conn, *relation) : Result<std::string>(conn.status());
  if (!report.ok()) {
    PrintError(ctx->Redact(report.status().message()));
    return kExitStepFailed;
  }
  std::printf("%s: ok\n%s", target->what.c_str(), ctx->Redact(*report).c_str());
  return kExitOk;
}

}  // namespace sqlflow
