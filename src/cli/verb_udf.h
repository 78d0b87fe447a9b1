// sqlflow udf list | udf info NAME [--json]: the project's Python UDFs (SPEC §3.6, §4).
#pragma once

#include <string>

#include "cli/cli_context.h"

namespace sqlflow {

struct UdfOptions {
  enum class Action { kList, kInfo };
  Action action = Action::kList;
  std::string name;   // udf info NAME: qualified, short or bare name
  bool json = false;  // --json
};

// Starts Python, discovers python_udfs/**/*.py and prints the UDFs (list: name, kind, signature,
// file; info: also docstring, parameters with types and defaults, output schema). Exit 0; 2 when
// there is no project, a UDF file fails to import or declares a bad signature, or NAME is
// unknown or ambiguous (the message says which and why).
int RunUdf(const GlobalOptions& options, const UdfOptions& udf);

}  // namespace sqlflow
