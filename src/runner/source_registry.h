// SourceRegistry: the SOURCEs a run has prepared, and how a query reads each one. A source whose
// read plan is engine SQL (a file's reader call, read_csv(…)) is read as it is; every other
// source streams typed chunks into DuckDB through one table function this registry registers,
// `<name>('<scan id>')`, whose bind asks the registry for a fresh scan of that id
// (ARCHITECTURE.md, the data path).
// Thread-safety: every method may be called from several threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/source.h"
#include "engine/connection.h"
#include "engine/table_function.h"
#include "plan/plan.h"

namespace sqlflow {

struct PreparedSource {
  const Step* step = nullptr;  // the SOURCE step (its params)
  std::shared_ptr<Source> source;
  // What its schema snapshots are recorded under: the SOURCE's name, or "name.stream" for one
  // stream of a source that serves several.
  std::string schema_name;
};

class SourceRegistry {
 public:
  SourceRegistry();

  // Registers the registry's table function in the database of `conn`.
  Status RegisterTableFunction(Connection& conn);

  void Add(const std::string& source_key, PreparedSource source);
  // Source::Cancel() of every source added.
  void CancelAll() const;
  std::optional<PreparedSource> Find(const std::string& source_key) const;

  // A query over the rows of `source` — all of them, or, when the source pushes `bound` down,
  // only those past it (the caller filters by the bound either way). `scan_id` names the scan
  // (one per use). With `columns`, the query selects only those (none: every column, of which
  // the caller reads none), and the source is told it needs no others. An empty query when the
  // source found no rows and cannot tell its columns (ReadPlan::no_rows_columns_unknown).
  // Errors: the source's Read().
  Result<std::string> QueryFor(const std::string& scan_id, const PreparedSource& source,
                               const std::optional<SourceCursorBound>& bound,
                               const std::optional<std::vector<std::string>>& columns = {});

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
