// The file EXPORT targets (CSV, PARQUET, JSON) behind the ExportTarget interface: DuckDB's COPY
// to a temporary file beside the destination, renamed when complete (engine/file_export.h).
// Thread-safety: a pure function; see connectors/export_target.h.
#pragma once

#include "connectors/export_target.h"

namespace sqlflow {

// Writes `request` to its local path (relative paths resolve against the project root).
// InvalidArgument for an s3:// destination, which this build cannot write yet; otherwise the
// errors of ExportToFile.
Result<ExportOutcome> WriteFileExport(Connection& conn, const ExportRequest& request,
                                      const ExportContext& context);

}  // namespace sqlflow
