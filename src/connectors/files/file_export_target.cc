#include "connectors/files/file_export_target.h"

#include "connectors/files/file_match.h"
#include "engine/file_export.h"

namespace sqlflow {

Result<ExportOutcome> WriteFileExport(Connection& conn, const ExportRequest& request,
                                      const ExportContext& context) {
  if (request.destination.rfind("s3://", 0) == 0) {
    return Status::Invalid(request.label +
                           ": exporting to s3:// is not available in this build yet; write a "
                           "local path");
  }
  FileExportRequest file;
  file.query = request.query;
  file.path = ResolvePath(request.destination, context.project_root);
  file.format = request.format;
  file.options_json = request.options_json;
  file.label = request.label;
  SQLFLOW_ASSIGN_OR_RETURN(ExportResult written, ExportToFile(conn, file));
  return ExportOutcome{written.rows, written.bytes};
}

}  // namespace sqlflow
