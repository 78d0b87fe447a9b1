// Parameter specs of the file connectors (CSV, Parquet, JSON) and file export formats.
#pragma once

#include "common/connector_spec.h"

namespace sqlflow {

ConnectorSpec CsvSourceSpec();
ConnectorSpec ParquetSourceSpec();
ConnectorSpec JsonSourceSpec();
ConnectorSpec CsvExportSpec();
ConnectorSpec ParquetExportSpec();
ConnectorSpec JsonExportSpec();

}  // namespace sqlflow
