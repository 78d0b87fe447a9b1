#include "runner/source_schema.h"

#include "connectors/connector_registry.h"
#include "runner/step_labels.h"

namespace sqlflow {

Result<std::vector<ColumnInfo>> ReadSourceSchema(Connection& connection, const Step& source_step,
                                                 const std::string& project_root,
                                                 const FileSystem& fs) {
  std::string label = StepLabel(source_step);
  SourceConnectors connectors = BuildSourceConnectors();
  const SourceConnector* connector = connectors.Find(source_step.connector_type);
  if (connector == nullptr) {
    return Status::Invalid(label + ": reading the schema of a " + source_step.connector_type +
                           " source is not available in this build yet");
  }
  SourceContext context{project_root, &fs, label};
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<Source> source,
                           connector->open(source_step.params_json, context));
  return source->Columns(connection);
}

}  // namespace sqlflow
