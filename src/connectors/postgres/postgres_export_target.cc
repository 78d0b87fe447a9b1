#include "connectors/postgres/postgres_export_target.h"

#include <nlohmann/json.hpp>

#include "connectors/param_values.h"
#include "connectors/postgres/postgres_export.h"

namespace sqlflow {

Result<ExportOutcome> WritePostgresExport(Connection& conn, const ExportRequest& request,
                                          const ExportContext& context) {
  nlohmann::json options = nlohmann::json::parse(
      request.options_json.empty() ? "{}" : request.options_json, nullptr, false);
  if (!options.is_object()) options = nlohmann::json::object();
  std::string connection = options.value("connection", "");
  auto found = context.connections == nullptr ? std::map<std::string, std::string>::const_iterator()
                                              : context.connections->find(connection);
  if (context.connections == nullptr || found == context.connections->end()) {
    return Status::Invalid(request.label + ": connection '" + connection +
                           "' is not a connector of the profile");
  }
  PostgresExportRequest pg;
  pg.query = request.query;
  pg.label = request.label;
  pg.connection_params_json = found->second;
  pg.schema = options.value("schema", "public");
  pg.table = options.value("table", "");
  pg.mode = options.value("mode", "append");
  pg.keys = StringOrList(options, "key");
  SQLFLOW_ASSIGN_OR_RETURN(PostgresExportResult written, ExportToPostgres(conn, pg));
  return ExportOutcome{written.rows, written.bytes};
}

}  // namespace sqlflow
