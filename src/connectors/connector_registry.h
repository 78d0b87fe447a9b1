// The connectors this build knows, declared explicitly at start-up (no self-registering statics).
#pragma once

#include <vector>

#include "common/connector_spec.h"
#include "connectors/export_target.h"
#include "connectors/source.h"

namespace sqlflow {

// Params every source accepts (SPEC §3.3, §3.4): sync_mode, cursor_field, primary_key, …
std::vector<ParamSpec> CommonSourceParams();

// The SOURCE connectors of this build, found by TYPE. Read-only after it is built.
class SourceConnectors {
 public:
  void Add(SourceConnector connector);
  // The connector of `type` (case-insensitive); nullptr when there is none.
  const SourceConnector* Find(const std::string& type) const;
  const std::vector<SourceConnector>& all() const { return connectors_; }

 private:
  std::vector<SourceConnector> connectors_;
};

// Every SOURCE connector of this build: one line per connector.
SourceConnectors BuildSourceConnectors();

// The EXPORT formats of this build, found by TYPE. Read-only after it is built.
class ExportConnectors {
 public:
  void Add(ExportConnector connector);
  // The export format `type` (case-insensitive); nullptr when there is none.
  const ExportConnector* Find(const std::string& type) const;
  const std::vector<ExportConnector>& all() const { return connectors_; }

 private:
  std::vector<ExportConnector> connectors_;
};

// Every EXPORT format of this build: one line per format.
ExportConnectors BuildExportConnectors();

// Every source connector and export format with its declared params.
ConnectorCatalog BuildConnectorCatalog();

}  // namespace sqlflow
