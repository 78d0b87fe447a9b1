// ExportTarget: what every EXPORT destination is to the runner (ARCHITECTURE.md, "Connectors
// behind one interface"): files (CSV, Parquet, JSON) and PostgreSQL tables today. The runner finds
// the target by the EXPORT's TYPE in the registry (connector_registry.h) and hands it the query;
// it never learns which one it is.
// Thread-safety: ExportConnector::write may run on several threads at once, each with its own
// Connection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/connector_spec.h"
#include "common/status.h"
#include "engine/connection.h"

namespace sqlflow {

// One EXPORT, resolved.
struct ExportRequest {
  std::string query;         // the rows to write: a DuckDB query
  std::string destination;   // as written: a path, an s3:// URL, a table name
  std::string format;        // upper case: CSV, PARQUET, JSON, POSTGRES
  std::string options_json;  // the EXPORT's OPTIONS; empty means {}
  std::string label;         // "pipelines/shop.sf:20: EXPORT daily", the prefix of every message
};

// What an export needs besides the request.
struct ExportContext {
  std::string project_root;  // absolute; relative paths resolve against it
  // The profile's connectors by name: their params as JSON (secrets resolved), for targets
  // that name a connection (OPTIONS {"connection": …}).
  const std::map<std::string, std::string>* connections = nullptr;
  // True once the run is interrupted (Ctrl-C): a target that works in several requests (an S3
  // upload) stops between them and undoes what it wrote. Null: never interrupted.
  std::function<bool()> interrupted;
};

struct ExportOutcome {
  int64_t rows = 0;
  int64_t bytes = 0;
};

// An EXPORT format: its declaration and how to write it. A failed write leaves the destination
// as it was (each target says how: a temporary file renamed, a transaction).
struct ExportConnector {
  ConnectorSpec spec;
  std::function<Result<ExportOutcome>(Connection& conn, const ExportRequest& request,
                                      const ExportContext& context)>
      write;
};

}  // namespace sqlflow
