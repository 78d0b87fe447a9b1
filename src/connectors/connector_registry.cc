#include "connectors/connector_registry.h"

#include "connectors/file_specs.h"
#include "connectors/postgres/postgres_spec.h"

namespace sqlflow {

std::vector<ParamSpec> CommonSourceParams() {
  return {
      {"sync_mode",
       ParamType::kString,
       false,
       "full_refresh (default) or incremental",
       {"full_refresh", "incremental"}},
      {"cursor_field", ParamType::kString, false, "column whose growth marks new rows"},
      {"primary_key", ParamType::kStringOrList, false, "key column(s) for deduplication"},
      {"lookback_window", ParamType::kString, false, "re-read margin, e.g. '2 hours'"},
      {"schema_policy",
       ParamType::kString,
       false,
       "what to do when the schema drifts",
       {"alert", "permissive", "evolve"}},
  };
}

ConnectorCatalog BuildConnectorCatalog() {
  ConnectorCatalog catalog;
  catalog.AddSource(CsvSourceSpec());
  catalog.AddSource(ParquetSourceSpec());
  catalog.AddSource(JsonSourceSpec());
  catalog.AddSource(PostgresSourceSpec());
  catalog.AddExportFormat(CsvExportSpec());
  catalog.AddExportFormat(ParquetExportSpec());
  catalog.AddExportFormat(JsonExportSpec());
  catalog.AddExportFormat(PostgresExportSpec());
  return catalog;
}

}  // namespace sqlflow
