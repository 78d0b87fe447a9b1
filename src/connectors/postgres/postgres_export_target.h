// The POSTGRES EXPORT target behind the ExportTarget interface: a table on the server of a
// profile connection, written with binary COPY (postgres_export.h).
// Thread-safety: a pure function; see connectors/export_target.h.
#pragma once

#include "connectors/export_target.h"

namespace sqlflow {

// Writes `request` into OPTIONS' table (schema default public) on the server of OPTIONS'
// connection, in OPTIONS' mode (append by default; replace; merge with key). InvalidArgument
// when the connection is not a connector of the profile; otherwise the errors of
// ExportToPostgres.
Result<ExportOutcome> WritePostgresExport(Connection& conn, const ExportRequest& request,
                                          const ExportContext& context);

}  // namespace sqlflow
