// Prefixed: an error put in its caller's terms ("pipelines/x.sf:3: SOURCE s: …").
#pragma once

#include <string>

#include "common/status.h"

namespace sqlflow {

// `status` with `prefix` put before its message; OK stays OK.
inline Status Prefixed(const Status& status, const std::string& prefix) {
  if (status.ok()) return status;
  return Status(status.code(), prefix + status.message(), status.span());
}

}  // namespace sqlflow
