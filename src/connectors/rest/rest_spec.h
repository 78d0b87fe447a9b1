// The REST connector's declaration (SPEC-CONNECTORS §2): its params for validation and docs.
#pragma once

#include "common/connector_spec.h"

namespace sqlflow {

ConnectorSpec RestSourceSpec();

}  // namespace sqlflow
