// What a run does when a step fails (SPEC §3.7).
#pragma once

namespace sqlflow {

enum class FailurePolicy {
  kFailFast,  // start no new step after a failure (the default)
  kContinue,  // skip only the dependants of failed steps
};
const char* ToString(FailurePolicy policy);  // "fail_fast", "continue"

}  // namespace sqlflow
