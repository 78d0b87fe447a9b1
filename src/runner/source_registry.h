// SourceRegistry: the SOURCEs a run has prepared, and how a query reads each one. File sources
// are DuckDB reader calls (read_csv(…)); every other source streams typed chunks into DuckDB
// through one table function this registry registers, `<name>('<scan id>')`, whose bind asks the
// registry for a fresh scan of that id (ARCHITECTURE.md, the data path).
// Thread-safety: every method may be called from several threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/files/file_source.h"
#include "connectors/postgres/postgres_source.h"
#include "engine/connection.h"
#include "engine/table_function.h"
#include "plan/plan.h"

namespace sqlflow {

struct PreparedSource {
  const Step* step = nullptr;  // the SOURCE step (its params)
  std::optional<FileRelation> file;
  std::shared_ptr<PostgresSource> postgres;
};

class SourceRegistry {
 public:
  SourceRegistry();

  // Registers the registry's table function in the database of `conn`.
  Status RegisterTableFunction(Connection& conn);

  void Add(const std::string& source_key, PreparedSource source);
  std::optional<PreparedSource> Find(const std::string& source_key) const;

  // A query over every row of `source` — or, for a PostgreSQL source and a `filter`, only those
  // past the filter, pushed into the COPY query. `scan_id` names the scan (one per use).
  std::string QueryFor(const std::string& scan_id, const PreparedSource& source,
                       const std::optional<PostgresCursorFilter>& filter);

 private:
  using ScanFactory = std::function<Result<std::shared_ptr<TableScan>>()>;
  struct Scans {
    std::mutex mu;
    std::map<std::string, ScanFactory> factories;
  };

  std::string function_name_;
  mutable std::mutex mu_;
  std::map<std::string, PreparedSource> sources_;
  // Shared with the registered table function, which may outlive the registry.
  std::shared_ptr<Scans> scans_ = std::make_shared<Scans>();
};

}  // namespace sqlflow
