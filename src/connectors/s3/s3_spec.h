// The S3 source's declared params (SPEC-CONNECTORS §1), for validation, `connect list` and docs.
#pragma once

#include "common/connector_spec.h"

namespace sqlflow {

// TYPE S3: objects as CSV, JSON or Parquet, with the CSV reader's options.
ConnectorSpec S3SourceSpec();

// The params that say where the objects are and how to reach them (not reader options).
bool IsS3LocationOrAccessParam(const std::string& name);

}  // namespace sqlflow
