// The REST connector's declaration (SPEC-CONNECTORS §2): its params for validation and docs.
#pragma once

#include <string>
#include <vector>

#include "common/connector_spec.h"

namespace sqlflow {

ConnectorSpec RestSourceSpec();

// How a REST read is paced and capped: max_pages, max_records, timeout, staging_dir, retry,
// rate_limit (described as given), circuit — REST's params, and every SaaS source's.
std::vector<ParamSpec> RestReadParams(const std::string& rate_limit_description);

}  // namespace sqlflow
