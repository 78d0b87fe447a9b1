// The current schema of a SOURCE, read cheaply and without reading its rows (SPEC §3.4): what
// the schema-drift check compares with the recorded snapshot, and what `sqlflow schema show`
// prints: what the SOURCE's connector says (Source::Columns).
// Thread-safety: uses the Connection it is given (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"
#include "engine/connection.h"
#include "engine/table_schema.h"
#include "plan/plan.h"

namespace sqlflow {

// The columns of `source_step` (a kSource step) in source order, from its connector (opened for
// this). Errors are prefixed by the step's label: the connector's (no file matches, a server
// that cannot be reached, …) and InvalidArgument for a connector this build does not have.
Result<std::vector<ColumnInfo>> ReadSourceSchema(Connection& connection, const Step& source_step,
                                                 const std::string& project_root,
                                                 const FileSystem& fs);

}  // namespace sqlflow
