#include "connectors/connector_registry.h"

#include "connectors/file_specs.h"
#include "connectors/files/file_connector.h"
#include "connectors/files/file_export_target.h"
#include "connectors/postgres/postgres_connector.h"
#include "connectors/postgres/postgres_export_target.h"
#include "connectors/postgres/postgres_spec.h"
#include "connectors/rest/rest_source.h"
#include "connectors/rest/rest_spec.h"
#include "connectors/s3/s3_source.h"
#include "connectors/s3/s3_spec.h"
#include "connectors/saas/saas_apis.h"

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

namespace {

// A file connector of `spec.type`: the reader call over its files.
SourceConnector FileConnector(ConnectorSpec spec) {
  std::string type = spec.type;
  return {std::move(spec),
          [type](const std::string& params_json, const SourceContext& context) {
            return FileSource::Open(type, params_json, context);
          },
          /*opens_ahead=*/false,
          [type](const std::string& params_json, const SourceContext& context) {
            return TestFileSource(type, params_json, context);
          }};
}

}  // namespace

SourceConnectors BuildSourceConnectors() {
  SourceConnectors connectors;
  connectors.Add(FileConnector(CsvSourceSpec()));
  connectors.Add(FileConnector(ParquetSourceSpec()));
  connectors.Add(FileConnector(JsonSourceSpec()));
  connectors.Add(
      {PostgresSourceSpec(), PostgresTableSource::Open, /*opens_ahead=*/true, TestPostgresSource});
  connectors.Add({S3SourceSpec(), S3Source::Open, /*opens_ahead=*/true, S3Source::Test});
  connectors.Add({RestSourceSpec(), RestSource::Open, /*opens_ahead=*/false, RestSource::Test});
  connectors.Add(SaasConnector(ShopifyApi()));
  connectors.Add(SaasConnector(StripeApi()));
  connectors.Add(SaasConnector(HubspotApi()));
  return connectors;
}

ExportConnectors BuildExportConnectors() {
  ExportConnectors formats;
  formats.Add({CsvExportSpec(), WriteFileExport});
  formats.Add({ParquetExportSpec(), WriteFileExport});
  formats.Add({JsonExportSpec(), WriteFileExport});
  formats.Add({PostgresExportSpec(), WritePostgresExport});
  return formats;
}

ConnectorCatalog BuildConnectorCatalog() {
  ConnectorCatalog catalog;
  SourceConnectors connectors = BuildSourceConnectors();
  for (const SourceConnector& c : connectors.all()) catalog.AddSource(c.spec);
  ExportConnectors formats = BuildExportConnectors();
  for (const ExportConnector& f : formats.all()) catalog.AddExportFormat(f.spec);
  return catalog;
}

}  // namespace sqlflow
