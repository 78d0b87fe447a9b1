#include "connectors/postgres/postgres_connector.h"

#include <nlohmann/json.hpp>

namespace sqlflow {

Result<std::string> TestPostgresSource(const std::string& params_json,
                                       const SourceContext& context) {
  Result<PostgresServerInfo> info = TestPostgresConnection(params_json);
  if (!info.ok())
    return Status(info.status().code(), context.label + ": " + info.status().message());
  std::string out = "  server: " + info->where + "\n  " + info->version + "\n  " +
                    std::to_string(info->table_count) + " table" +
                    (info->table_count == 1 ? "" : "s") + "\n";
  nlohmann::json params = nlohmann::json::parse(params_json, nullptr, false);
  if (!params.is_object() || (!params.contains("table") && !params.contains("query"))) return out;
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<PostgresSource> source,
                           PostgresSource::Open(params_json, context.label));
  out += "  " + source->Describe() + ": " + std::to_string(source->columns().size()) + " columns\n";
  for (const ColumnInfo& c : source->schema()) {
    std::string name = c.name;
    if (name.size() < 24) name.resize(24, ' ');
    out += "    " + name + " " + c.type + (c.nullable ? "" : " NOT NULL") + "\n";
  }
  for (const std::string& w : source->warnings()) out += "  warning: " + w + "\n";
  return out;
}

Result<std::unique_ptr<Source>> PostgresTableSource::Open(const std::string& params_json,
                                                          const SourceContext& context) {
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<PostgresSource> source,
                           PostgresSource::Open(params_json, context.label));
  return std::unique_ptr<Source>(new PostgresTableSource(std::move(source)));
}

Result<std::vector<ColumnInfo>> PostgresTableSource::Columns(Connection& conn) {
  (void)conn;  // the catalog was read when the source opened
  return source_->schema();
}

Result<ReadPlan> PostgresTableSource::Read(const ReadRequest& request) const {
  std::optional<PostgresCursorFilter> filter;
  if (request.cursor_bound) {
    const SourceCursorBound& bound = *request.cursor_bound;
    filter = PostgresCursorFilter{bound.column, bound.value_text, bound.inclusive};
  }
  ReadPlan plan;
  std::shared_ptr<PostgresSource> source = source_;
  plan.new_scan = [source, filter] { return source->NewScan(filter); };
  plan.cursor_bound_pushed_down = filter.has_value();
  return plan;
}

}  // namespace sqlflow
