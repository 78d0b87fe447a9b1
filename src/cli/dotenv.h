// Environment for a run: the process environment, and the optional `.env` file at the project
// root (SPEC §1: "KEY=VALUE lines, loaded into the environment at start-up").
//
// Precedence: a variable already set in the process environment wins over the same name in
// `.env` — as in dotenv tools and docker compose — so `PGPASSWORD=x sqlflow run …` overrides the
// file. MergeEnvironment() builds that view for lookups (profile `${ENV}` references, pipeline
// variables); ExportToProcessEnvironment() makes it visible to libraries that read the
// environment themselves (libpq's PG* variables).
// Thread-safety: ParseDotenv, LoadDotenv, MergeEnvironment and ExpandEnvReferences are pure.
// SnapshotEnvironment and ExportToProcessEnvironment touch the process environment: call them at
// start-up, before any thread is started.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/project.h"
#include "common/file_system.h"
#include "common/status.h"

namespace sqlflow {

using EnvironmentMap = std::map<std::string, std::string>;

// dotenv   := { line }
// line     := blank | "#" comment | [ "export" ws ] NAME ws? "=" ws? [ value ] ws? [ "#" comment ]
// NAME     := [A-Za-z_][A-Za-z0-9_]*
// value    := '"' { char | escape } '"'   -- escapes \n \t \r \" \\ \$ ; may span lines
//           | "'" { char } "'"            -- literal; may span lines
//           | unquoted                    -- up to " #" or the end of line; trailing spaces trimmed
// Values are taken literally: no ${…} expansion inside .env. A later line for the same name
// wins. InvalidArgument "<file_name>:LINE: …" for a malformed line.
Result<EnvironmentMap> ParseDotenv(std::string_view text, const std::string& file_name = ".env");

// The project's `.env` parsed, or an empty map when the file does not exist.
Result<EnvironmentMap> LoadDotenv(const Project& project, const FileSystem& fs);

// A copy of the process environment (`environ`).
EnvironmentMap SnapshotEnvironment();

// `process` plus the names from `dotenv` that `process` does not have.
EnvironmentMap MergeEnvironment(const EnvironmentMap& process, const EnvironmentMap& dotenv);

// setenv() for each entry whose name is not already set in the process environment.
void ExportToProcessEnvironment(const EnvironmentMap& dotenv);

// The result of replacing environment references in one text.
struct EnvExpansion {
  std::string text;
  std::vector<std::string> missing;  // names referenced without a default and not in the env
};

// ref := "${" NAME [ "|" default ] "}"   -- default: raw text, or quoted with ' or " (quotes
//                                           removed); spaces around NAME and default ignored
// Replaces each reference in `text` by the value of NAME in `env` (set but empty counts as set),
// else by the default; a reference with neither is left as written and NAME goes to `missing`.
// InvalidArgument for "${" without "}" or an empty or malformed NAME.
// Used for profile values; a minimal form of the pipeline variable substitution of SPEC §2.3.
Result<EnvExpansion> ExpandEnvReferences(std::string_view text,
                                         const std::map<std::string, std::string>& env);

}  // namespace sqlflow
