// One function per CLI verb; each returns the process exit code (SPEC §3.7).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/cli_context.h"
#include "cli/result_table.h"
#include "engine/connection.h"
#include "engine/database.h"

namespace sqlflow {

inline constexpr int kExitOk = 0;
inline constexpr int kExitStepFailed = 1;
inline constexpr int kExitUsage = 2;  // usage, parse, validation or profile errors

// sqlflow validate [PIPELINE…]: every pipeline when none is named; writes nothing.
int RunValidate(const GlobalOptions& options, const std::vector<std::string>& pipelines);

struct CompileOptions {
  std::string pipeline;
  bool json = false;
};
// sqlflow compile PIPELINE [--json]: prints the plan, writes target/compiled/PIPELINE.json.
int RunCompile(const GlobalOptions& options, const CompileOptions& compile);

struct RunOptions {
  std::string pipeline;
  int threads = 0;  // --threads; 0: the profile's max_parallel, else 4
  bool fail_fast = false;
  bool keep_going = false;  // --continue
  std::vector<std::string> select;
  bool full_refresh = false;
  bool dry_run = false;
  bool json = false;
};
// sqlflow run PIPELINE …: plans, then executes the steps (SPEC §3.7). Exit 0, 1, 2 or 130.
int RunRun(const GlobalOptions& options, const RunOptions& run);

struct QueryOptions {
  std::string sql;
  ResultFormat format = ResultFormat::kTable;
};
// sqlflow query "SQL": an ad-hoc query against the profile's database.
int RunQuery(const GlobalOptions& options, const QueryOptions& query);

struct RunsOptions {
  size_t last = 20;
  std::string show_id;  // runs show ID
  bool json = false;
};
// sqlflow runs [--last N] | runs show ID
int RunRuns(const GlobalOptions& options, const RunsOptions& runs);

struct StateOptions {
  bool reset = false;    // state reset PIPELINE [SOURCE]; else state show [PIPELINE]
  std::string pipeline;  // show: empty for every pipeline
  std::string source;    // reset: empty for every source of the pipeline
  bool json = false;
};
// sqlflow state show [PIPELINE] | state reset PIPELINE [SOURCE]
int RunState(const GlobalOptions& options, const StateOptions& state);

// For verbs that read the profile's database (query, state): loads the project, warns with
// `memory_warning` (after "profile 'NAME' keeps its database in memory") when the profile is in
// memory, opens the database and one connection, and calls `body`. Exit 2 when any of that
// fails; otherwise what `body` returns.
int WithProfileConnection(const GlobalOptions& options, const std::string& memory_warning,
                          const std::function<int(ProjectContext&, Connection&)>& body);

// The profile's database: in memory, or the persistent file (its folder created when missing).
Result<Database> OpenProfileDatabase(const ProjectContext& ctx);

// sqlflow connect list: connector types, export types and the profile's connectors.
int RunConnectList(const GlobalOptions& options);
// sqlflow connect test NAME: really opens a profile connector or a pipeline's SOURCE and reports
// what it found.
int RunConnectTest(const GlobalOptions& options, const std::string& name);

// sqlflow list: the project's pipelines.
int RunList(const GlobalOptions& options);

struct InitOptions {
  std::string name;      // the folder to create; may be a path (work/shop)
  bool minimal = false;  // --minimal: one CSV file, one pipeline, the dev profile
};
// sqlflow init NAME [--minimal]: a new project with sample data (SPEC §1).
int RunInit(const InitOptions& options);

}  // namespace sqlflow
