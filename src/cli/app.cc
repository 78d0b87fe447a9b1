#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/terminal.h"
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

const std::vector<std::string> kVerbs = {"validate", "compile", "list", "pipeline"};
// Verbs of SPEC §4 that this build does not have yet: they fail with a plain message.
const std::vector<std::string> kLaterVerbs = {"run",  "init",  "graph", "udf",     "schema",
                                              "state", "runs", "query", "connect"};

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
                 "this build can: validate, compile, list");
      return kExitUsage;
    }
  }
  auto near = SuggestClosest(verb, kVerbs);
  PrintError("unknown command '" + verb + "'",
             near ? "did you mean '" + *near + "'?" : "commands: validate, compile, list; see --help");
  return kExitUsage;
}

}  // namespace

int RunCli(int argc, char** argv) {
  if (int code = CheckVerb(argc, argv); code >= 0) return code;

  CLI::App app{"SQLFlow: SQL-native data pipelines (ingest, transform, export) on DuckDB",
               "sqlflow"};
  app.set_version_flag("--version",
                       std::string("sqlflow " SQLFLOW_VERSION " (DuckDB " SQLFLOW_DUCKDB_VERSION ")"));
  app.require_subcommand(0, 1);
  GlobalOptions global;
  std::vector<std::string> validate_names;
  CompileOptions compile;
  std::string which;

  auto add_validate = [&](CLI::App& parent) {
    CLI::App* cmd = parent.add_subcommand("validate", "parse, plan and check pipelines; writes nothing");
    cmd->add_option("pipeline", validate_names, "pipelines to check (default: all)");
    AddGlobalOptions(*cmd, global);
    cmd->callback([&] { which = "validate"; });
  };
  auto add_compile = [&](CLI::App& parent) {
    CLI::App* cmd = parent.add_subcommand("compile", "print the plan; write target/compiled/PIPELINE.json");
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
  add_validate(app);
  add_compile(app);
  add_list(app);
  // `sqlflow pipeline validate|compile|list` for users of the earlier tool.
  CLI::App* pipeline = app.add_subcommand("pipeline", "aliases: pipeline validate|compile|list");
  pipeline->require_subcommand(1);
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
  std::fputs(app.help().c_str(), stderr);
  return kExitUsage;
}

}  // namespace sqlflow
