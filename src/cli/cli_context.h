// ProjectContext: what every project verb needs — the project, its environment (process + .env),
// the profile, and the --vars — loaded once, plus planning one pipeline with them.
// Thread-safety: none; one per CLI invocation.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/profile.h"
#include "cli/project.h"
#include "cli/secret_redactor.h"
#include "common/connector_spec.h"
#include "common/file_system.h"
#include "common/sql_analyzer.h"
#include "plan/planner.h"

namespace sqlflow {

// Options shared by the project verbs.
struct GlobalOptions {
  std::string project_dir;  // empty: the working directory
  std::string profile = "dev";
  std::string vars;  // --vars: JSON or a=1,b=x
};

// The project of --project-dir, or found upward from the working directory (verbs that need no
// profile: list, runs, udf).
Result<Project> FindProjectOf(const GlobalOptions& options, const FileSystem& fs);

class ProjectContext {
 public:
  // Errors (no project, bad .env, bad profile, bad --vars) are InvalidArgument with the place.
  static Result<ProjectContext> Load(const GlobalOptions& options, FileSystem& fs);

  const Project& project() const { return project_; }
  const Profile& profile() const { return profile_; }
  FileSystem& fs() const { return *fs_; }

  // Plans pipeline `name_or_path` (shop, shop.sf or pipelines/shop.sf). A pipeline that cannot
  // be found is reported as a diagnostic. The secrets a successful plan carries are learnt
  // (AddSecretsOf) before it is returned, so everything shown of it afterwards is scrubbed.
  PlanResult PlanPipeline(const std::string& name_or_path, SqlAnalyzer& analyzer);

  // The mask applied to params before they are shown (secret keys and known secret values).
  std::string MaskParams(const std::string& params_json) const;
  // Known secret values, and credentials recognisable by their shape, scrubbed from any text
  // shown to the user.
  std::string Redact(std::string text) const;
  // Learns the secrets a plan carries (values from .env, the environment, --vars
  // or inline params that reach a credential param, and the variables that feed them), so that
  // Redact() and redactor() scrub them too. Call before showing or keeping anything of the plan.
  void AddSecretsOf(const Plan& plan) { redactor_.AddSecretsOf(plan); }
  const SecretRedactor& redactor() const { return redactor_; }

 private:
  Project project_;
  Profile profile_;
  std::map<std::string, std::string> environment_;
  std::map<std::string, std::string> cli_vars_;
  SecretRedactor redactor_;
  ConnectorCatalog catalog_;
  FileSystem* fs_ = nullptr;
};

}  // namespace sqlflow
