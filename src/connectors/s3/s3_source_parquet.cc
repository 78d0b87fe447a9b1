// S3Source, for a step that needs only some columns of Parquet objects: it fetches each
// object's footer, asks DuckDB which byte ranges hold those columns' chunks, and fetches only
// them, into a sparse file of the object's size (s3_parquet_columns.h).
#include <algorithm>
#include <filesystem>

#include "common/run_parallel.h"
#include "common/status_prefix.h"
#include "common/strings.h"
#include "connectors/s3/s3_parquet_columns.h"
#include "connectors/s3/s3_source.h"
#include "engine/sql_quote.h"

namespace sqlflow {
namespace {

// Footers (and column ranges) fetched at once.
constexpr int kParallelRanges = 8;
// Chunks closer than this are fetched in one request: a GET costs more than 64 KiB of transfer.
constexpr uint64_t kMergeGap = 64 << 10;

}  // namespace

Result<Connection*> S3Source::MetadataConnection() const {
  if (metadata_conn_) return metadata_conn_.get();
  DatabaseOptions options;
  options.threads = 1;
  SQLFLOW_ASSIGN_OR_RETURN(Database database, Database::Open(options));
  metadata_db_ = std::make_unique<Database>(std::move(database));
  SQLFLOW_ASSIGN_OR_RETURN(Connection connection, Connection::Open(*metadata_db_));
  metadata_conn_ = std::make_unique<Connection>(std::move(connection));
  return metadata_conn_.get();
}

Result<std::vector<std::string>> S3Source::StageFooters(
    const std::vector<S3Object>& objects) const {
  std::vector<size_t> missing;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (!partly_staged_.contains(objects[i].key)) missing.push_back(i);
  }
  std::vector<std::string> fetched(missing.size());
  Status status = RunParallel(missing.size(), kParallelRanges, [&](size_t i) -> Status {
    SQLFLOW_ASSIGN_OR_RETURN(fetched[i], StageParquetFooter(objects[missing[i]]));
    return Status::OK();
  });
  if (!status.ok()) return Prefixed(status, label_ + ": ");
  for (size_t i = 0; i < missing.size(); ++i) {
    partly_staged_[objects[missing[i]].key] = PartlyStaged{fetched[i], {}};
  }
  std::vector<std::string> paths;
  for (const S3Object& o : objects) paths.push_back(partly_staged_[o.key].path);
  return paths;
}

Result<std::vector<std::string>> S3Source::StageColumns(
    const std::vector<S3Object>& objects, const std::vector<std::string>& columns) const {
  // Objects already staged whole stay whole; the others get what they lack.
  std::vector<S3Object> partial;
  for (const S3Object& o : objects) {
    bool whole = std::any_of(staged_.begin(), staged_.end(),
                             [&](const auto& s) { return s.first == o.key; });
    if (!whole) partial.push_back(o);
  }
  SQLFLOW_RETURN_IF_ERROR(StageFooters(partial).status());
  std::vector<std::string> wanted;
  for (const std::string& c : columns) wanted.push_back(ToLowerAscii(c));
  std::vector<S3Object> lacking;
  std::vector<std::string> lacking_paths, lacking_columns;
  for (const S3Object& o : partial) {
    const PartlyStaged& staged = partly_staged_[o.key];
    bool lacks = false;
    for (const std::string& c : wanted) {
      if (std::find(staged.columns.begin(), staged.columns.end(), c) != staged.columns.end())
        continue;
      lacks = true;
      if (std::find(lacking_columns.begin(), lacking_columns.end(), c) == lacking_columns.end())
        lacking_columns.push_back(c);
    }
    if (lacks) {
      lacking.push_back(o);
      lacking_paths.push_back(staged.path);
    }
  }
  if (!lacking.empty()) {
    SQLFLOW_ASSIGN_OR_RETURN(Connection * conn, MetadataConnection());
    Result<std::vector<std::vector<ByteRange>>> ranges =
        ParquetColumnRanges(*conn, lacking_paths, lacking_columns, kMergeGap);
    if (!ranges.ok()) return Prefixed(ranges.status(), label_ + ": ");
    std::vector<std::pair<size_t, ByteRange>> fetches;
    uint64_t bytes = 0;
    for (size_t i = 0; i < lacking.size(); ++i) {
      for (const ByteRange& r : (*ranges)[i]) {
        fetches.emplace_back(i, r);
        bytes += r.length;
      }
    }
    SQLFLOW_RETURN_IF_ERROR(Prefixed(staging_->CheckRoom(bytes), label_ + ": "));
    Status fetched = RunParallel(fetches.size(), kParallelRanges, [&](size_t i) {
      const auto& [object, range] = fetches[i];
      return client_->GetRangeToFile(config_.bucket, lacking[object].key, lacking_paths[object],
                                     range.offset, range.length);
    });
    if (!fetched.ok()) return Prefixed(fetched, label_ + ": ");
    for (const S3Object& o : lacking) {
      std::vector<std::string>& have = partly_staged_[o.key].columns;
      for (const std::string& c : lacking_columns) {
        if (std::find(have.begin(), have.end(), c) == have.end()) have.push_back(c);
      }
    }
  }
  std::vector<std::string> paths;
  for (const S3Object& o : objects) {
    auto whole = std::find_if(staged_.begin(), staged_.end(),
                              [&](const auto& s) { return s.first == o.key; });
    paths.push_back(whole != staged_.end() ? whole->second : partly_staged_[o.key].path);
  }
  return paths;
}

Result<std::vector<S3Object>> S3Source::SkipObjectsBeforeBound(
    const std::vector<S3Object>& objects, const SourceCursorBound& bound,
    std::map<std::string, std::string>* rewritten) const {
  if (objects.empty() || !columns_) return objects;
  auto cursor = std::find_if(columns_->begin(), columns_->end(), [&](const ColumnInfo& c) {
    return EqualsIgnoreCase(c.name, bound.column);
  });
  if (cursor == columns_->end()) return objects;
  // Objects already staged whole are read as they are.
  std::vector<S3Object> unstaged;
  for (const S3Object& o : objects) {
    bool whole = std::any_of(staged_.begin(), staged_.end(),
                             [&](const auto& s) { return s.first == o.key; });
    if (!whole) unstaged.push_back(o);
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<std::string> footers, StageFooters(unstaged));
  SQLFLOW_ASSIGN_OR_RETURN(Connection * conn, MetadataConnection());
  Result<std::vector<RowGroupSelection>> selections = ParquetRowGroupsPast(
      *conn, footers, cursor->name, cursor->type, bound.value_text, bound.inclusive, kMergeGap);
  if (!selections.ok()) return Prefixed(selections.status(), label_ + ": ");
  std::vector<std::string> skipped;
  std::vector<size_t> partial;  // indexes into unstaged
  std::vector<std::pair<size_t, ByteRange>> fetches;
  for (size_t i = 0; i < unstaged.size(); ++i) {
    const RowGroupSelection& s = (*selections)[i];
    if (s.kept.empty()) {
      skipped.push_back(unstaged[i].key);
    } else if (static_cast<int64_t>(s.kept.size()) < s.row_groups) {
      partial.push_back(i);
      for (const ByteRange& r : s.ranges) fetches.emplace_back(i, r);
    }
  }
  Status fetched = RunParallel(fetches.size(), kParallelRanges, [&](size_t f) {
    const auto& [i, range] = fetches[f];
    return client_->GetRangeToFile(config_.bucket, unstaged[i].key, footers[i], range.offset,
                                   range.length);
  });
  if (!fetched.ok()) return Prefixed(fetched, label_ + ": ");
  for (size_t i : partial) {
    std::string path = staging_->LocalPath("rewritten", RelativeKey(unstaged[i].key));
    if (!RewriteRowsPast(footers[i], path, *cursor, bound)) continue;  // read whole instead
    (*rewritten)[unstaged[i].key] = path;
    const RowGroupSelection& s = (*selections)[i];
    row_groups_skipped_ += s.row_groups - static_cast<int64_t>(s.kept.size());
  }
  objects_skipped_ += static_cast<int64_t>(skipped.size());
  std::vector<S3Object> kept;
  for (const S3Object& o : objects) {
    if (std::find(skipped.begin(), skipped.end(), o.key) == skipped.end()) kept.push_back(o);
  }
  return kept;
}

bool S3Source::RewriteRowsPast(const std::string& footer, const std::string& path,
                               const ColumnInfo& cursor, const SourceCursorBound& bound) const {
  Result<Connection*> conn = MetadataConnection();
  if (!conn.ok()) return false;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return false;
  // The same condition as the runner's filter: the rows it would drop are not written.
  std::string condition = QuoteIdentifier(cursor.name) + (bound.inclusive ? " >= " : " > ") +
                          "CAST(" + QuoteString(bound.value_text) + " AS " + cursor.type + ")";
  Status copied = (*conn)->Execute("COPY (SELECT * FROM read_parquet(" + QuoteString(footer) +
                                   ", hive_partitioning = false) WHERE " + condition + ") TO " +
                                   QuoteString(path) + " (FORMAT parquet)");
  if (!copied.ok()) std::filesystem::remove(path, ec);
  return copied.ok();
}

}  // namespace sqlflow
