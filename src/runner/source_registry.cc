#include "runner/source_registry.h"

#include <atomic>

#include "engine/sql_quote.h"

namespace sqlflow {

SourceRegistry::SourceRegistry() {
  // Functions live in the database, registries in one run: each registry gets its own name.
  static std::atomic<int> next{0};
  function_name_ = "__sqlflow_source_" + std::to_string(next++);
}

Status SourceRegistry::RegisterTableFunction(Connection& conn) {
  TableFunctionSpec spec;
  spec.name = function_name_;
  spec.parameters = {ColumnType::Of(TypeId::kVarchar)};
  std::shared_ptr<Scans> scans = scans_;
  spec.bind = [scans](const BindInput& input) -> Result<std::shared_ptr<TableScan>> {
    std::string id = input.arguments.empty() ? "" : input.arguments[0].text;
    ScanFactory factory;
    {
      std::lock_guard<std::mutex> lock(scans->mu);
      auto it = scans->factories.find(id);
      if (it == scans->factories.end()) {
        return Status::Internal("no source scan '" + id + "' in this run");
      }
      factory = it->second;
    }
    return factory();
  };
  return ::sqlflow::RegisterTableFunction(conn, std::move(spec));
}

void SourceRegistry::Add(const std::string& source_key, PreparedSource source) {
  std::lock_guard<std::mutex> lock(mu_);
  sources_[source_key] = std::move(source);
}

void SourceRegistry::CancelAll() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, prepared] : sources_) prepared.source->Cancel();
}

std::optional<PreparedSource> SourceRegistry::Find(const std::string& source_key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sources_.find(source_key);
  if (it == sources_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> SourceRegistry::QueryFor(
    const std::string& scan_id, const PreparedSource& source,
    const std::optional<SourceCursorBound>& bound,
    const std::optional<std::vector<std::string>>& columns) {
  ReadRequest request;
  request.cursor_bound = bound;
  request.columns = columns;
  std::string select = "SELECT *";
  if (columns && !columns->empty()) {
    select = "SELECT ";
    for (size_t i = 0; i < columns->size(); ++i) {
      select += (i > 0 ? ", " : "") + QuoteIdentifier((*columns)[i]);
    }
  }
  SQLFLOW_ASSIGN_OR_RETURN(ReadPlan plan, source.source->Read(request));
  if (plan.no_rows_columns_unknown) return std::string();
  if (!plan.new_scan) return select + " FROM " + plan.relation_sql;
  {
    std::lock_guard<std::mutex> lock(scans_->mu);
    scans_->factories[scan_id] = std::move(plan.new_scan);
  }
  return select + " FROM " + function_name_ + "(" + QuoteString(scan_id) + ")";
}

}  // namespace sqlflow
