// Planner: turns a pipeline file into a Plan (SPEC §2.3–2.5, §3.1). It parses the file and every
// INCLUDE, applies SET and IF in file order against the variables, substitutes variables into
// SQL, strings and JSON, asks the SqlAnalyzer which tables each SQL text reads and writes, builds
// the DAG, validates params against the connector catalog, and orders the steps.
// All errors of one pass are reported together as diagnostics.
// Thread-safety: a Planner is used by one thread for one plan.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connector_spec.h"
#include "common/diagnostic.h"
#include "common/file_system.h"
#include "common/sql_analyzer.h"
#include "plan/plan.h"

namespace sqlflow {

// A named connection from the profile (`connectors:`), as the planner sees it.
struct ProfileConnection {
  std::string name;
  std::string type;         // upper case
  std::string params_json;  // a JSON object, environment variables already resolved
};

struct PlanRequest {
  std::string pipeline_name;
  std::string path;          // the file to read (as the FileSystem understands it)
  std::string display_path;  // the name shown in messages, e.g. pipelines/shop.sf
  std::string display_root;  // folder that display paths are relative to (project root)
  std::map<std::string, std::string> cli_vars;
  std::map<std::string, std::string> profile_vars;
  // Profile variables whose value could not be made (name -> why, e.g. an unset environment
  // variable): using one is an error, whatever lower layer or default might give it a value.
  std::map<std::string, std::string> unavailable_profile_vars;
  std::string profile_file;  // for messages about the profile
  std::map<std::string, std::string> environment;
  std::vector<ProfileConnection> connections;
};

struct PlanResult {
  std::optional<Plan> plan;  // set when there are no errors
  Diagnostics diagnostics;   // errors and warnings, in the order found
  SourceTexts texts;         // every file read, for quoting lines in diagnostics
};

struct PlannerDeps {
  const FileSystem* fs = nullptr;
  SqlAnalyzer* analyzer = nullptr;
  const ConnectorCatalog* catalog = nullptr;
};

// REQUIRES: every pointer in `deps` is set and outlives the call.
PlanResult PlanPipeline(const PlanRequest& request, const PlannerDeps& deps);

}  // namespace sqlflow
