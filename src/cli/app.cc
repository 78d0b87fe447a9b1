#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/profile.h"
#include "cli/terminal.h"
#include "cli/verb_schema.h"
#include "cli/verb_udf.h"
#include "cli/verbs.h"
#include "common/edit_distance.h"

#ifndef SQLFLOW_VERSION
#define SQLFLOW_VERSION "dev"
#endif
#ifndef SQLFLOW_DUCKDB_VERSION
#define SQLFLOW_DUCKDB_VERSION "?"
#endif

namespace sqlflow {

namespace {

const std::vector<std::string> kVerbs = {"init",     "run",   "validate", "compile",
                                         "list",     "runs",  "query",    "connect",
                                         "pipeline", "state", "schema",   "udf"};
// Verbs of SPEC §4 that this build does not have yet: they fail with a plain message.
const std::vector<std::string> kLaterVerbs = {"graph"};
const char* kVerbList =
    "init, run, validate, compile, list, runs, query, connect, state, schema, udf";

// Most runs an option of `runs` lists; more would only flood the terminal.
constexpr int64_t kMaxListedRuns = 1000000;

// A whole number from `min` to `max`, checked before CLI11 converts it: its own checks say
// "Value -1 not in range 0.000000 to 1797…" (309 digits) or "Could not convert".
CLI::Validator WholeNumberFromTo(int64_t min, int64_t max) {
  std::string range = std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        int64_t value = 0;
        const char* end = text.data() + text.size();
        auto [stop, ec] = std::from_chars(text.data(), end, value);
        if (ec == std::errc() && stop == end && value >= min && value <= max) return "";
        return "'" + text + "' is not a whole number from " + range;
      },
      "");
}

void AddGlobalOptions(CLI::App& cmd, GlobalOptions& g) {
  cmd.add_option("--project-dir", g.project_dir, "project folder (default: search upward from .)");
  cmd.add_option("--profile", g.profile, "profile name under profiles/ (default dev)");
  cmd.add_option("--vars", g.vars, "variables: JSON '{\"a\": 1}' or a=1,b=x");
}

// A first argument that is no verb: say so with a suggestion, before CLI11 gives its generic
// "arguments were not expected". Returns an exit code, or -1 to go on.
int CheckVerb(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return -1;
  std::string verb = argv[1];
  for (const std::string& v : kVerbs) {
    if (v == verb) return -1;
  }
  for (const std::string& v : kLaterVerbs) {
    if (v == verb) {
      PrintError("'sqlflow " + verb + "' is not available in this build yet",
                 std::string("this build can: ") + kVerbList);
      return kExitUsage;
    }
  }
  auto near = SuggestClosest(verb, kVerbs);
  PrintError("unknown command '" + verb + "'",
             near ? "did you mean '" + *near + "'?"
                  : std::string("commands: ") + kVerbList + "; see --help");
  return kExitUsage;
}

}  // namespace

int RunCli(int argc, char** argv) {
  if (int code = CheckVerb(argc, argv); code >= 0) return code;

  CLI::App app{"SQLFlow: SQL-native data pipelines (ingest, transform, export) on DuckDB",
               "sqlflow"};
  app.set_version_flag(
      "--version", std::string("sqlflow " SQLFLOW_VERSION " (DuckDB " SQLFLOW_DUCKDB_VERSION ")"));
  app.require_subcommand(0, 1);
  GlobalOptions global;
  std::vector<std::string> validate_names;
  CompileOptions compile;
  RunOptions run;
  std::string which;

  auto add_validate = [&](CLI::App& parent) {
    CLI::App* cmd =
        parent.add_subcommand("validate", "parse, plan and check pipelines; writes nothing");
    cmd->add_option("pipeline", validate_names, "pipelines to check (default: all)");
    AddGlobalOptions(*cmd, global);
    cmd->callback([&] { which = "validate"; });
  };
  auto add_compile = [&](CLI::App& parent) {
    CLI::App* cmd =
        parent.add_subcommand("compile", "print the plan; write target/compiled/PIPELINE.json");
    cmd->add_option("pipeline", compile.pipeline, "the pipeline")->required();
    cmd->add_flag("--json", compile.json, "print the plan as JSON");
    AddGlobalOptions(*cmd, global);
    cmd->callback([&] { which = "compile"; });
  };
  auto add_list = [&](CLI::App& parent) {
    CLI::App* cmd = parent.add_subcommand("list", "list the project's pipelines");
    cmd->add_option("--project-dir", global.project_dir, "project folder");
    cmd->callback([&] { which = "list"; });
  };
  auto add_run = [&](CLI::App& parent) {
    CLI::App* cmd = parent.add_subcommand("run", "run a pipeline");
    cmd->add_option("pipeline", run.pipeline, "the pipeline")->required();
    cmd->add_option("--threads", run.threads, "steps run at once (default: profile, else 4)")
        ->check(WholeNumberFromTo(1, kMaxParallelSteps));
    cmd->add_flag("--fail-fast", run.fail_fast, "start no step after a failure (default)");
    cmd->add_flag("--continue", run.keep_going, "skip only the dependants of failed steps");
    cmd->add_option("--select", run.select, "run only STEP, or STEP+ (it and its dependants)");
    cmd->add_flag("--full-refresh", run.full_refresh, "ignore incremental state");
    cmd->add_flag("--dry-run", run.dry_run, "plan only; execute nothing");
    cmd->add_flag("--json", run.json, "print the run's result as JSON");
    AddGlobalOptions(*cmd, global);
    cmd->callback([&] { which = "run"; });
  };
  add_run(app);
  add_validate(app);
  add_compile(app);
  add_list(app);
  RunsOptions runs;
  CLI::App* runs_cmd = app.add_subcommand("runs", "recent runs, or one run: runs show RUN_ID");
  runs_cmd->add_option("--last", runs.last, "how many runs (default 20)")
      ->check(WholeNumberFromTo(1, kMaxListedRuns));
  runs_cmd->add_flag("--json", runs.json, "as JSON");
  runs_cmd->add_option("--project-dir", global.project_dir, "project folder");
  CLI::App* runs_show = runs_cmd->add_subcommand("show", "one run's steps");
  runs_show->add_option("run_id", runs.show_id, "the run id")->required();
  runs_show->add_flag("--json", runs.json, "the run.json document");
  runs_cmd->callback([&] { which = "runs"; });
  QueryOptions query;
  std::string query_format = "table";
  CLI::App* query_cmd =
      app.add_subcommand("query", "an ad-hoc query against the profile's database");
  query_cmd->add_option("sql", query.sql, "the SQL")->required();
  query_cmd->add_option("--format", query_format, "table (default), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  AddGlobalOptions(*query_cmd, global);
  query_cmd->callback([&] { which = "query"; });
  std::string connect_name;
  CLI::App* connect_cmd = app.add_subcommand("connect", "connect list | connect test NAME");
  connect_cmd->require_subcommand(1);
  CLI::App* connect_list = connect_cmd->add_subcommand("list", "connector types and connections");
  AddGlobalOptions(*connect_list, global);
  connect_list->callback([&] { which = "connect list"; });
  CLI::App* connect_test = connect_cmd->add_subcommand("test", "open a connection or SOURCE");
  connect_test->add_option("name", connect_name, "a profile connector or a SOURCE name")
      ->required();
  AddGlobalOptions(*connect_test, global);
  connect_test->callback([&] { which = "connect test"; });
  SchemaOptions schema;
  CLI::App* schema_cmd = app.add_subcommand("schema", "schema show|history|compare|accept SOURCE");
  schema_cmd->require_subcommand(1);
  const std::pair<const char*, SchemaAction> kSchemaActions[] = {
      {"show", SchemaAction::kShow},
      {"history", SchemaAction::kHistory},
      {"compare", SchemaAction::kCompare},
      {"accept", SchemaAction::kAccept}};
  for (const auto& [name, action] : kSchemaActions) {
    CLI::App* sub = schema_cmd->add_subcommand(name, std::string("schema ") + name + " SOURCE");
    sub->add_option("source", schema.source, "a SOURCE name")->required();
    sub->add_option("--pipeline", schema.pipeline, "the pipeline that defines SOURCE");
    sub->add_flag("--json", schema.json, "as JSON");
    AddGlobalOptions(*sub, global);
    SchemaAction chosen = action;
    sub->callback([&, chosen] {
      schema.action = chosen;
      which = "schema";
    });
  }
  UdfOptions udf;
  CLI::App* udf_cmd = app.add_subcommand("udf", "udf list | udf info NAME: the Python UDFs");
  udf_cmd->require_subcommand(1);
  CLI::App* udf_list = udf_cmd->add_subcommand("list", "name, kind, signature and file of each");
  udf_list->add_flag("--json", udf.json, "as JSON");
  AddGlobalOptions(*udf_list, global);
  udf_list->callback([&] { which = "udf"; });
  CLI::App* udf_info = udf_cmd->add_subcommand("info", "one UDF: parameters, docstring, schema");
  udf_info->add_option("name", udf.name, "qualified, short or bare name")->required();
  udf_info->add_flag("--json", udf.json, "as JSON");
  AddGlobalOptions(*udf_info, global);
  udf_info->callback([&] {
    udf.action = UdfOptions::Action::kInfo;
    which = "udf";
  });
  StateOptions state;
  CLI::App* state_cmd =
      app.add_subcommand("state", "state show [PIPELINE] | state reset PIPELINE [SOURCE]");
  state_cmd->require_subcommand(1);
  CLI::App* state_show = state_cmd->add_subcommand("show", "the watermarks of incremental loads");
  state_show->add_option("pipeline", state.pipeline, "one pipeline (default: all)");
  state_show->add_flag("--json", state.json, "as JSON");
  AddGlobalOptions(*state_show, global);
  state_show->callback([&] { which = "state"; });
  CLI::App* state_reset =
      state_cmd->add_subcommand("reset", "forget watermarks: the next run reads everything");
  state_reset->add_option("pipeline", state.pipeline, "the pipeline")->required();
  state_reset->add_option("source", state.source, "one SOURCE (default: all of the pipeline)");
  AddGlobalOptions(*state_reset, global);
  state_reset->callback([&] {
    state.reset = true;
    which = "state";
  });
  InitOptions init;
  CLI::App* init_cmd =
      app.add_subcommand("init", "create a project with sample data and pipelines");
  init_cmd->add_option("name", init.name, "the project folder to create")->required();
  init_cmd->add_flag("--minimal", init.minimal, "one small CSV file, one pipeline, dev profile");
  init_cmd->callback([&] { which = "init"; });
  // `sqlflow pipeline validate|compile|list` for users of the earlier tool.
  CLI::App* pipeline =
      app.add_subcommand("pipeline", "aliases: pipeline run|validate|compile|list");
  pipeline->require_subcommand(1);
  add_run(*pipeline);
  add_validate(*pipeline);
  add_compile(*pipeline);
  add_list(*pipeline);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::CallForVersion& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    PrintError(e.what(), "see sqlflow --help");
    return kExitUsage;
  }
  if (which == "validate") return RunValidate(global, validate_names);
  if (which == "compile") return RunCompile(global, compile);
  if (which == "list") return RunList(global);
  if (which == "init") return RunInit(init);
  if (which == "run") return RunRun(global, run);
  if (which == "runs") return RunRuns(global, runs);
  if (which == "state") return RunState(global, state);
  if (which == "schema") return RunSchema(global, schema);
  if (which == "udf") return RunUdf(global, udf);
  if (which == "connect list") return RunConnectList(global);
  if (which == "connect test") return RunConnectTest(global, connect_name);
  if (which == "query") {
    query.format = query_format == "csv"    ? ResultFormat::kCsv
                   : query_format == "json" ? ResultFormat::kJson
                                            : ResultFormat::kTable;
    return RunQuery(global, query);
  }
  std::fputs(app.help().c_str(), stderr);
  return kExitUsage;
}

}  // namespace sqlflow
