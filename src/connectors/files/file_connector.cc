#include "connectors/files/file_connector.h"

#include "connectors/files/file_columns.h"
#include "connectors/files/file_error.h"
#include "connectors/files/file_source_report.h"
#include "connectors/files/rejected_rows.h"
#include "engine/database.h"

namespace sqlflow {

Result<std::unique_ptr<Source>> FileSource::Open(const std::string& connector_type,
                                                 const std::string& params_json,
                                                 const SourceContext& context) {
  FileSourceRequest request{connector_type, params_json, context.project_root, context.label};
  SQLFLOW_ASSIGN_OR_RETURN(FileRelation relation, PlanFileSource(request, *context.fs));
  return std::unique_ptr<Source>(new FileSource(std::move(relation)));
}

Result<std::unique_ptr<FileSource>> FileSource::FromRequest(const FileSourceRequest& request,
                                                            const FileSystem& fs) {
  SQLFLOW_ASSIGN_OR_RETURN(FileRelation relation, PlanFileSource(request, fs));
  return std::unique_ptr<FileSource>(new FileSource(std::move(relation)));
}

Result<std::string> TestFileSource(const std::string& connector_type,
                                   const std::string& params_json, const SourceContext& context) {
  FileSourceRequest request{connector_type, params_json, context.project_root, context.label};
  SQLFLOW_ASSIGN_OR_RETURN(FileRelation relation, PlanFileSource(request, *context.fs));
  SQLFLOW_ASSIGN_OR_RETURN(Database db, Database::Open({}));
  SQLFLOW_ASSIGN_OR_RETURN(Connection conn, Connection::Open(db));
  return DescribeFileSource(conn, relation);
}

Result<std::vector<ColumnInfo>> FileSource::Columns(Connection& conn) {
  return ReadFileColumns(conn, relation_);
}

// A file is read whole: the runner filters by the cursor in the engine.
Result<ReadPlan> FileSource::Read(const ReadRequest& request) const {
  (void)request;
  ReadPlan plan;
  plan.relation_sql = relation_.sql;
  return plan;
}

// The load writer's errors start with the load's label; reader errors (a CSV row that does not
// parse) are then put in the file's terms, which also start with the label.
Status FileSource::ExplainLoadError(const Status& error, const std::string& label) const {
  std::string prefix = label + ": ";
  if (error.message().rfind(prefix, 0) != 0) return ExplainFileError(error, relation_, label);
  Status bare(error.code(), error.message().substr(prefix.size()));
  Status explained = ExplainFileError(bare, relation_, label);
  // Not a reader error: keep the writer's whole message (it may span lines).
  if (explained.message() == prefix + bare.message().substr(0, bare.message().find('\n'))) {
    return error;
  }
  // A reader error: say where the SOURCE that read the file is defined, too.
  return Status(explained.code(), explained.message() + "\n(read by " + relation_.label + ")");
}

std::vector<std::string> FileSource::TakeLoadWarnings(Connection& conn) const {
  if (!relation_.ignore_errors) return {};
  Result<RejectedRows> rejected = TakeRejectedRows(conn, relation_);
  if (!rejected.ok() || rejected->count == 0) return {};
  int64_t n = rejected->count;
  std::vector<std::string> warnings = {std::to_string(n) + (n == 1 ? " row" : " rows") +
                                       " could not be read and " + (n == 1 ? "was" : "were") +
                                       " skipped (ignore_errors)"};
  warnings.insert(warnings.end(), rejected->examples.begin(), rejected->examples.end());
  return warnings;
}

}  // namespace sqlflow
