// The S3Client a SOURCE's params or an EXPORT's options describe: credentials, region and
// endpoint along the chain of s3_credentials.h (params first), the "url_style" param, and the
// resilience params of SPEC-CONNECTORS §4 ("retry", "rate_limit", "circuit").
// Thread-safety: a pure function of its arguments, the environment and ~/.aws.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "connectors/s3/s3_client.h"

namespace sqlflow {

// `params` is the parsed `params_json` (a profile connector's params already merged in).
// Errors (InvalidArgument, "<label>: …"): the credential chain's (a half key pair, an unknown
// AWS profile, no credentials anywhere — never a value) and the resilience params'.
Result<std::unique_ptr<S3Client>> S3ClientFromParams(const nlohmann::json& params,
                                                     const std::string& params_json,
                                                     const std::string& label);

}  // namespace sqlflow
