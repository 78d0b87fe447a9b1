#include "cli/cli_context.h"

#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/connector_keys.h"
#include "cli/dotenv.h"
#include "cli/secrets.h"
#include "cli/terminal.h"
#include "connectors/connector_registry.h"
#include "plan/variables.h"

namespace sqlflow {

namespace {

std::string WorkingDirectory() {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  return ec ? "." : cwd;
}

std::vector<ProfileConnection> ConnectionsOf(const Profile& profile) {
  std::vector<ProfileConnection> out;
  for (const auto& [name, c] : profile.connectors) {
    out.push_back({name, c.type, c.params ? c.params->dump() : "{}"});
  }
  return out;
}

}  // namespace

Result<ProjectContext> ProjectContext::Load(const GlobalOptions& options, FileSystem& fs) {
  ProjectContext ctx;
  ctx.fs_ = &fs;
  std::string start = options.project_dir.empty() ? WorkingDirectory() : options.project_dir;
  if (!options.project_dir.empty() && !fs.IsDirectory(start)) {
    return Status::Invalid("--project-dir " + start + ": no such directory");
  }
  SQLFLOW_ASSIGN_OR_RETURN(ctx.project_, FindProject(start, fs));
  SQLFLOW_ASSIGN_OR_RETURN(EnvironmentMap dotenv, LoadDotenv(ctx.project_, fs));
  ctx.environment_ = MergeEnvironment(SnapshotEnvironment(), dotenv);
  SQLFLOW_ASSIGN_OR_RETURN(ctx.profile_,
                           LoadProfile(ctx.project_, options.profile, fs, ctx.environment_));
  if (!options.vars.empty()) {
    auto vars = ParseCliVars(options.vars);
    if (!vars.ok()) return vars.status();
    ctx.cli_vars_ = std::move(vars).value();
  }
  ctx.redactor_.Add(CollectSecretValues(ctx.profile_));
  for (const std::string& w : ctx.profile_.warnings) PrintWarning(ctx.Redact(w));
  ctx.catalog_ = BuildConnectorCatalog();
  for (const std::string& w : CheckConnectorKeys(ctx.profile_, ctx.catalog_)) {
    PrintWarning(ctx.Redact(w));
  }
  return ctx;
}

Result<Project> FindProjectOf(const GlobalOptions& options, const FileSystem& fs) {
  return FindProject(
      options.project_dir.empty() ? std::filesystem::current_path().string() : options.project_dir,
      fs);
}

PlanResult ProjectContext::PlanPipeline(const std::string& name_or_path, SqlAnalyzer& analyzer) {
  Result<std::string> path = ResolvePipelinePath(project_, name_or_path, *fs_);
  if (!path.ok()) {
    PlanResult failed;
    failed.diagnostics.Error(SourceSpan{}, path.status().message());
    return failed;
  }
  PlanRequest request;
  request.path = *path;
  request.display_path = project_.DisplayPath(*path);
  request.pipeline_name = PipelineNameFromPath(*path);
  request.display_root = project_.root;
  request.cli_vars = cli_vars_;
  request.profile_vars = profile_.variables;
  request.profile_file = profile_.file;
  for (const auto& [name, env_name] : profile_.unresolved_variables) {
    request.profile_vars.erase(name);
    request.unavailable_profile_vars[name] = "its value in " + profile_.file +
                                             " needs environment variable '" + env_name +
                                             "', which is not set";
  }
  request.environment = environment_;
  request.connections = ConnectionsOf(profile_);
  // Bare calls of Python UDFs are possible only in a project that has some.
  analyzer.set_list_unknown_functions(fs_->IsDirectory(project_.root + "/python_udfs"));
  PlanResult planned = sqlflow::PlanPipeline(request, {fs_, &analyzer, &catalog_});
  if (planned.plan) AddSecretsOf(*planned.plan);
  return planned;
}

std::string ProjectContext::MaskParams(const std::string& params_json) const {
  return redactor_.Params(params_json);
}

std::string ProjectContext::Redact(std::string text) const {
  return redactor_.Text(std::move(text));
}

}  // namespace sqlflow
