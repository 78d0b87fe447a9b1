// The connectors this build knows, declared explicitly at start-up (no self-registering statics).
#pragma once

#include <string>
#include <vector>

#include "common/connector_spec.h"
#include "common/strings.h"
#include "connectors/export_target.h"
#include "connectors/source.h"

namespace sqlflow {

// Params every source accepts (SPEC §3.3, §3.4): sync_mode, cursor_field, primary_key, …
std::vector<ParamSpec> CommonSourceParams();

// Connectors (SourceConnector, ExportConnector) found by their spec's TYPE, case-insensitively.
// Read-only after it is built.
template <typename Connector>
class ConnectorsByType {
 public:
  void Add(Connector connector) { connectors_.push_back(std::move(connector)); }
  // The connector of `type`; nullptr when there is none.
  const Connector* Find(const std::string& type) const {
    for (const Connector& c : connectors_) {
      if (EqualsIgnoreCase(c.spec.type, type)) return &c;
    }
    return nullptr;
  }
  const std::vector<Connector>& all() const { return connectors_; }

 private:
  std::vector<Connector> connectors_;
};

using SourceConnectors = ConnectorsByType<SourceConnector>;
using ExportConnectors = ConnectorsByType<ExportConnector>;

// Every SOURCE connector of this build: one line per connector.
SourceConnectors BuildSourceConnectors();

// Every EXPORT format of this build: one line per format.
ExportConnectors BuildExportConnectors();

// Every source connector and export format with its declared params.
ConnectorCatalog BuildConnectorCatalog();

}  // namespace sqlflow
