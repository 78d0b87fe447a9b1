// sqlflow schema show|history|compare|accept SOURCE [--pipeline P] [--json] (SPEC §3.4, §4):
// a SOURCE's current schema, its recorded versions, the drift since the last load, and accepting
// the current schema as the baseline. SOURCE names a SOURCE of the project's pipelines; when
// several pipelines define one of that name, --pipeline says which.
#pragma once

#include <string>

#include "cli/cli_context.h"

namespace sqlflow {

enum class SchemaAction {
  kShow,     // the current schema, read from the source (not from the snapshots)
  kHistory,  // every recorded version, oldest first, with its time and changes
  kCompare,  // the current schema against the latest recorded one; loads nothing
  kAccept,   // records the current schema as the baseline of the next load
};

struct SchemaOptions {
  SchemaAction action = SchemaAction::kShow;
  std::string source;
  std::string pipeline;  // --pipeline; empty: the only pipeline that defines `source`
  bool json = false;     // --json
};

// Exit codes: 0 done; 1 when the source cannot be read, or (compare) when the policy would stop
// the next load; 2 for usage errors (no project, unknown or ambiguous SOURCE, history/compare/
// accept with a memory-mode profile, which keeps no snapshots).
int RunSchema(const GlobalOptions& options, const SchemaOptions& schema);

}  // namespace sqlflow
