// ExecOptions: how the executor runs a plan (`--threads`, `--fail-fast|--continue`, `--select`).
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <set>
#include <string>

#include "exec/failure_policy.h"

namespace sqlflow {

struct ExecOptions {
  size_t max_parallel = 1;  // steps running at once; 0 is treated as 1
  FailurePolicy policy = FailurePolicy::kFailFast;
  std::set<std::string> selected;  // step ids from SelectSteps(); empty = every step
};

}  // namespace sqlflow
