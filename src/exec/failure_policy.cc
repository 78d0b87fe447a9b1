#include "exec/failure_policy.h"

namespace sqlflow {

const char* ToString(FailurePolicy policy) {
  return policy == FailurePolicy::kFailFast ? "fail_fast" : "continue";
}

}  // namespace sqlflow
