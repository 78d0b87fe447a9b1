#include "connectors/postgres/postgres_connector.h"

namespace sqlflow {

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
