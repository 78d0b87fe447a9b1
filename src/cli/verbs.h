// One function per CLI verb; each returns the process exit code (SPEC §3.7).
#pragma once

#include <string>
#include <vector>

#include "cli/cli_context.h"

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

// sqlflow list: the project's pipelines.
int RunList(const GlobalOptions& options);

}  // namespace sqlflow
