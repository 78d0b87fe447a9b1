// Parameter specs of the PostgreSQL source and export.
#pragma once

#include "common/connector_spec.h"

namespace sqlflow {

ConnectorSpec PostgresSourceSpec();
ConnectorSpec PostgresExportSpec();

}  // namespace sqlflow
