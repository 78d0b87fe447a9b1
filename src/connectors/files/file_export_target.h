// The file EXPORT targets (CSV, PARQUET, JSON) behind the ExportTarget interface: DuckDB's COPY
// to a temporary file beside the destination, renamed when complete (engine/file_export.h), or,
// for an s3:// destination, staged locally and uploaded (connectors/s3/s3_export.h).
// Thread-safety: a pure function; see connectors/export_target.h.
#pragma once

#include "connectors/export_target.h"

namespace sqlflow {

// Writes `request` to its s3:// destination (WriteS3Export) or its local path (relative paths
// resolve against the project root). For a local path: InvalidArgument for an option only s3://
// takes ("connection", "endpoint", …), otherwise the errors of ExportToFile.
Result<ExportOutcome> WriteFileExport(Connection& conn, const ExportRequest& request,
                                      const ExportContext& context);

}  // namespace sqlflow
