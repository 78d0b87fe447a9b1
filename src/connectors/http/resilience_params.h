// The resilience params every network connector accepts (SPEC-CONNECTORS §4), read into a
// ResiliencePolicy: "retry": {"max_attempts": 5, "max_retry_after": 300}, "rate_limit":
// {"requests_per_second": 5, "burst": 10}, "circuit": {"failure_threshold": 5, "cooldown": 30}
// (times in seconds). Absent params keep `defaults`.
// Thread-safety: a pure function.
#pragma once

#include <string>

#include "common/status.h"
#include "connectors/http/http_client.h"

namespace sqlflow {

// `params_json` is the SOURCE's whole params object. Errors (InvalidArgument, prefixed by
// `label`): a group that is not an object, an unknown key in it (with a did-you-mean), a value
// that is not a number or is out of range.
Result<ResiliencePolicy> ResiliencePolicyFromParams(const std::string& params_json,
                                                    ResiliencePolicy defaults,
                                                    const std::string& label);

}  // namespace sqlflow
