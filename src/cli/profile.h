// Profile: the settings of one environment, read from `profiles/<name>.yml` (or `.yaml`) —
// SPEC §1. LoadProfile() is strict: a missing file, malformed YAML, an unknown key or a bad value
// is an error naming the file, the line and the key path, with the valid values or a "did you
// mean". `${ENV_VAR}` and `${ENV_VAR|default}` in values are resolved from the environment at
// load time.
// Thread-safety: Profile is an immutable-after-load value; safe to share for reading.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/project.h"
#include "common/file_system.h"
#include "common/status.h"
#include "engine/schema_diff.h"
#include "exec/failure_policy.h"

namespace sqlflow {

enum class EngineMode { kMemory, kPersistent };
const char* ToString(EngineMode mode);  // "memory", "persistent"

enum class LogLevel { kDebug, kInfo, kWarning, kError };
const char* ToString(LogLevel level);  // "debug", "info", "warning", "error"

// engines.duckdb
struct DuckDbSettings {
  EngineMode mode = EngineMode::kMemory;
  std::string path;  // as written; relative to the project root (Project::Resolve); set iff
                     // mode is kPersistent
  std::optional<std::string> memory_limit;  // passed to DuckDB as written, e.g. "4GB"
  std::optional<int> threads;               // >= 1
};

// engines.postgres (SPEC-ENGINES.md): the pipeline's tables and SQL in a PostgreSQL server.
struct PostgresEngineSettings {
  std::string connection;                // a POSTGRES connector of this profile
  std::string schema = "public";         // where the pipeline's tables go
  std::string state_schema = "sqlflow";  // watermarks, schema snapshots, run history
};

// connectors.<name>: a named connection that `SOURCE x FROM "<name>"` and exports refer to.
struct ConnectorSettings {
  std::string name;
  std::string type;  // upper-cased: "POSTGRES", "S3", …
  // The params object, in file order, with ${ENV} resolved; plain YAML scalars are typed
  // (5432 → number, true → boolean, ~ → null), quoted ones stay strings. Never null: an empty
  // object when `params` is absent. Shared because it is immutable after load; held by pointer
  // so that this header needs only json_fwd.hpp.
  std::shared_ptr<const nlohmann::ordered_json> params;
};

// The most steps `run` starts at once (execution.max_parallel, --threads): each is a worker
// thread with its own DuckDB connection.
inline constexpr int kMaxParallelSteps = 256;

// execution: defaults for `run`; command-line flags override them.
struct ExecutionSettings {
  std::optional<int> max_parallel;  // 1 to kMaxParallelSteps; unset: the CLI's default
  FailurePolicy failure_policy = FailurePolicy::kFailFast;
  int retries = 0;  // >= 0
};

struct Profile {
  std::string name;  // "dev"
  std::string file;  // as shown to users: "profiles/dev.yml"
  DuckDbSettings duckdb;
  // Set when the profile's engine is postgres (then `duckdb` holds the defaults: the embedded
  // DuckDB still reads the sources).
  std::optional<PostgresEngineSettings> postgres;
  // Pipeline variables, values as text ("true", "5432"). A ${ENV} reference whose variable is
  // not set and has no default is kept as written and listed in unresolved_variables, so that
  // the planner can report it only if a pipeline uses the variable.
  std::map<std::string, std::string> variables;
  std::map<std::string, std::string> unresolved_variables;  // variable → missing env var name
  std::map<std::string, ConnectorSettings> connectors;
  ExecutionSettings execution;
  LogLevel log_level = LogLevel::kInfo;
  // schema_policy: the default for SOURCEs that do not set one (SPEC §3.4).
  SchemaPolicy schema_policy = SchemaPolicy::kAlert;
  // Keys the earlier Python tool used that this version ignores (`log_file`, `logging`,
  // `performance`, …), one message each: "profiles/dev.yml:7:1: 'performance' …".
  std::vector<std::string> warnings;
};

// Loads profile `name` of `project`: profiles/<name>.yml, else profiles/<name>.yaml (a trailing
// ".yml"/".yaml" in `name` is accepted). `env` is the environment for ${…} references (see
// MergeEnvironment in cli/dotenv.h).
// Errors: NotFound naming the paths tried and listing the available profiles (with a "did you
// mean"); InvalidArgument when both files exist, for malformed YAML
// ("profiles/dev.yml:3:7: invalid YAML: …"), and for invalid settings — one line per problem,
// all problems at once: "profiles/dev.yml:4:5: engines.duckdb.mdoe: unknown key; did you mean
// 'mode'?".
Result<Profile> LoadProfile(const Project& project, const std::string& name, const FileSystem& fs,
                            const std::map<std::string, std::string>& env);

// Names of the profiles in profiles/ (`*.yml` and `*.yaml` without the suffix), sorted, unique.
std::vector<std::string> ListProfiles(const Project& project, const FileSystem& fs);

}  // namespace sqlflow
