// The POSTGRES SOURCE connector behind the Source interface: a table or query on a PostgreSQL
// server, opened over the network (and so ahead of its step), streamed as binary COPY into typed
// chunks, with the cursor bound pushed into the COPY query.
// Thread-safety: see connectors/source.h.
#pragma once

#include <memory>
#include <string>

#include "connectors/postgres/postgres_source.h"
#include "connectors/source.h"

namespace sqlflow {

// `connect test` of a PostgreSQL connector or SOURCE: the server, its version and table count;
// with a table or query, the columns as they will be read.
Result<std::string> TestPostgresSource(const std::string& params_json,
                                       const SourceContext& context);

class PostgresTableSource : public Source {
 public:
  // PostgresSource::Open: connects, resolves the table or query, reads its columns.
  static Result<std::unique_ptr<Source>> Open(const std::string& params_json,
                                              const SourceContext& context);

  // No row order to keep (several workers decode one COPY, or page ranges arrive from several
  // connections); reading waits on the server.
  SourceCapabilities capabilities() const override {
    return {/*keeps_row_order=*/false, /*network_bound=*/true};
  }
  Result<std::vector<ColumnInfo>> Columns(Connection& conn) override;
  Result<ReadPlan> Read(const ReadRequest& request) const override;
  bool GuaranteesUniqueKey(const std::vector<std::string>& columns) const override {
    return source_->IsUniqueKey(columns);
  }
  std::vector<std::string> MostlyDistinctTextColumns() const override {
    return source_->mostly_distinct_text_columns();
  }
  std::vector<std::string> warnings() const override { return source_->warnings(); }
  std::vector<Metric> Metrics() const override {
    return {{"bytes_received", static_cast<double>(source_->bytes_received())}};
  }

 private:
  explicit PostgresTableSource(std::shared_ptr<PostgresSource> source)
      : source_(std::move(source)) {}

  // Shared with the scans it makes, which may outlive this source.
  std::shared_ptr<PostgresSource> source_;
};

}  // namespace sqlflow
