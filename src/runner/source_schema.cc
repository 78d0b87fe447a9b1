#include "runner/source_schema.h"

#include "common/strings.h"
#include "connectors/files/file_columns.h"
#include "connectors/files/file_source.h"
#include "connectors/postgres/postgres_source.h"
#include "runner/step_labels.h"

namespace sqlflow {

namespace {

Result<std::vector<ColumnInfo>> ReadFileSchema(Connection& connection, const Step& step,
                                               const std::string& project_root,
                                               const FileSystem& fs, const std::string& label) {
  FileSourceRequest request{step.connector_type, step.params_json, project_root, label};
  SQLFLOW_ASSIGN_OR_RETURN(FileRelation relation, PlanFileSource(request, fs));
  return ReadFileColumns(connection, relation);
}

}  // namespace

Result<std::vector<ColumnInfo>> ReadSourceSchema(Connection& connection, const Step& source_step,
                                                 const std::string& project_root,
                                                 const FileSystem& fs) {
  std::string label = StepLabel(source_step);
  const std::string& type = source_step.connector_type;
  if (type == "CSV" || type == "JSON" || type == "NDJSON" || type == "PARQUET") {
    return ReadFileSchema(connection, source_step, project_root, fs, label);
  }
  if (type == "POSTGRES") {
    SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<PostgresSource> source,
                             PostgresSource::Open(source_step.params_json, label));
    return source->schema();
  }
  return Status::Invalid(label + ": reading the schema of a " + type +
                         " source is not available in this build yet");
}

}  // namespace sqlflow
