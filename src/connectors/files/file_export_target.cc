#include "connectors/files/file_export_target.h"

#include <nlohmann/json.hpp>

#include "connectors/files/file_match.h"
#include "connectors/s3/s3_export.h"
#include "engine/file_export.h"

namespace sqlflow {

namespace {

// An option that only an s3:// destination takes, given for a local path: named before the file
// export would call it unknown.
Status RefuseS3Options(const ExportRequest& request) {
  nlohmann::json options = nlohmann::json::parse(
      request.options_json.empty() ? "{}" : request.options_json, nullptr, false);
  if (!options.is_object()) return Status::OK();  // the file export says what is wrong
  for (const auto& [name, value] : options.items()) {
    if (!IsS3ExportOption(name)) continue;
    return Status::Invalid(request.label + ": option '" + name + "' applies to s3:// " +
                           "destinations only, and '" + request.destination +
                           "' is a local path; remove the option or export to s3://bucket/key");
  }
  return Status::OK();
}

}  // namespace

Result<ExportOutcome> WriteFileExport(Connection& conn, const ExportRequest& request,
                                      const ExportContext& context) {
  if (IsS3Destination(request.destination)) return WriteS3Export(conn, request, context);
  SQLFLOW_RETURN_IF_ERROR(RefuseS3Options(request));
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
