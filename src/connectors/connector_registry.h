// The connectors this build knows, declared explicitly at start-up (no self-registering statics).
#pragma once

#include <vector>

#include "common/connector_spec.h"

namespace sqlflow {

// Params every source accepts (SPEC §3.3, §3.4): sync_mode, cursor_field, primary_key, …
std::vector<ParamSpec> CommonSourceParams();

// Every source connector and export format with its declared params.
ConnectorCatalog BuildConnectorCatalog();

}  // namespace sqlflow
