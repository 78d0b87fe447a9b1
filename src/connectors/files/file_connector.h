// The file SOURCE connectors (CSV, PARQUET, JSON) behind the Source interface: a file source is
// a DuckDB reader call over the files its params match, planned when it opens.
// Thread-safety: see connectors/source.h.
#pragma once

#include <memory>
#include <string>

#include "connectors/files/file_source.h"
#include "connectors/source.h"

namespace sqlflow {

// `connect test` of a file source: its files and columns (DescribeFileSource), read with an
// in-memory database of its own.
Result<std::string> TestFileSource(const std::string& connector_type,
                                   const std::string& params_json, const SourceContext& context);

class FileSource : public Source {
 public:
  // Matches the files and builds the reader call (PlanFileSource): errors as listed there.
  static Result<std::unique_ptr<Source>> Open(const std::string& connector_type,
                                              const std::string& params_json,
                                              const SourceContext& context);

  // A file source over the files `request` names (a connector that stages files reads them so).
  static Result<std::unique_ptr<FileSource>> FromRequest(const FileSourceRequest& request,
                                                         const FileSystem& fs);

  SourceCapabilities capabilities() const override { return {}; }
  Result<std::vector<ColumnInfo>> Columns(Connection& conn) override;
  Result<ReadPlan> Read(const ReadRequest& request) const override;
  Status ExplainLoadError(const Status& error, const std::string& label) const override;
  std::vector<std::string> TakeLoadWarnings(Connection& conn) const override;

  const FileRelation& relation() const { return relation_; }

 private:
  explicit FileSource(FileRelation relation) : relation_(std::move(relation)) {}

  FileRelation relation_;
};

}  // namespace sqlflow
