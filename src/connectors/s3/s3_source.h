// S3Source: SOURCE … TYPE S3 (SPEC-CONNECTORS §1). It lists the objects a run needs — pruning
// partition folders before listing them, and objects by modification time — checks the caps and
// the cost limit, downloads the objects in parallel into a bounded staging folder (S3Staging),
// and hands DuckDB's own file readers the staged files, with hive folders as columns
// (ARCHITECTURE.md: "engine SQL over a relation (… objects staged from S3)").
// Thread-safety: see connectors/source.h; Read() and Columns() serialise on a mutex.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/files/file_connector.h"
#include "connectors/s3/s3_client.h"
#include "connectors/s3/s3_cost.h"
#include "connectors/s3/s3_staging.h"
#include "connectors/source.h"
#include "engine/connection.h"
#include "engine/database.h"

namespace sqlflow {

// The SOURCE's params, resolved.
struct S3SourceConfig {
  std::string bucket;
  std::string prefix;      // listed under
  std::string key_glob;    // a whole-key glob the keys must match; "" = every key
  std::string single_key;  // "path" named one object
  std::string format;      // CSV, JSON, NDJSON or PARQUET
  std::vector<std::string> partition_keys;
  std::string partition_filter;
  std::string cursor_field;
  bool incremental = false;
  std::optional<double> cost_limit_usd;
  S3Pricing pricing;
  std::optional<int64_t> max_files, max_bytes, dev_max_files;
  double dev_sampling = 0;  // 0: off
  std::string staging_root;
  std::string reader_params_json;  // the CSV/JSON reader's options, for FileSource
};

// The column holding each row's object modification time when cursor_field names it.
inline constexpr const char* kModifiedAtColumn = "_modified_at";

class S3Source : public Source {
 public:
  // Resolves params, credentials and endpoint; lists nothing yet. Errors (prefixed by the
  // label): neither "path" nor "bucket", a path that is not s3://, an unknown format, bad
  // resilience params, credentials that cannot be found.
  static Result<std::unique_ptr<Source>> Open(const std::string& params_json,
                                              const SourceContext& context);
  ~S3Source() override;

  SourceCapabilities capabilities() const override;
  Result<std::vector<ColumnInfo>> Columns(Connection& conn) override;
  Result<ReadPlan> Read(const ReadRequest& request) const override;
  std::vector<Metric> Metrics() const override;
  void Cancel() const override { client_->Cancel(); }
  Status ExplainLoadError(const Status& error, const std::string& label) const override;
  std::vector<std::string> TakeLoadWarnings(Connection& conn) const override;

  // `connect test`: lists the bucket under the prefix (one page) and says what it found.
  static Result<std::string> Test(const std::string& params_json, const SourceContext& context);

 private:
  struct Selection;
  S3Source(S3SourceConfig config, std::unique_ptr<S3Client> client, std::string label);

  Status EnsureStaging() const;  // REQUIRES: mu_ held
  // `status` with the SOURCE's label first (S3Client's messages start with the request).
  Status Labelled(const Status& status) const;
  Result<std::vector<ColumnInfo>> ColumnsLocked(Connection& conn);
  Result<ReadPlan> ReadLocked(const ReadRequest& request) const;
  Result<Selection> SelectObjects(const std::optional<SourceCursorBound>& bound) const;
  Result<std::vector<S3Object>> ListPrunedPartitions(
      const std::optional<SourceCursorBound>& bound) const;
  Result<std::vector<S3Object>> ListFlat() const;
  Result<std::vector<std::string>> CachedFolders(const std::string& prefix) const;
  Result<std::vector<S3Object>> CachedObjects(const std::string& prefix) const;
  Status CheckCapsAndCost(const std::vector<S3Object>& objects) const;
  Result<S3Object> SampleObject() const;
  // Stages only the footer of a Parquet object, in a sparse file of its size below "footers/"
  // (enough for its schema; never read for rows). Returns the local path.
  Result<std::string> StageParquetFooter(const S3Object& object) const;
  // StageParquetFooter once per object (in parallel); the local paths, in order.
  Result<std::vector<std::string>> StageFooters(const std::vector<S3Object>& objects) const;
  // For a read that needs only `columns` of Parquet objects: each object's footer and those
  // columns' chunks, in its sparse file (an object already staged whole is used whole).
  // Returns the local paths, in order. (s3_source_parquet.cc)
  Result<std::vector<std::string>> StageColumns(const std::vector<S3Object>& objects,
                                                const std::vector<std::string>& columns) const;
  Result<Connection*> MetadataConnection() const;
  // For an incremental read of Parquet objects by a column cursor: `objects` less those whose
  // footers' statistics show no cursor value past `bound` (their footers are fetched; the
  // objects then are not). Of an object with some row groups past the bound, only those row
  // groups are fetched, and its rows past the bound are written to a local Parquet file of their
  // own, entered in `rewritten` (key → path); when that fails the object is read whole.
  // (s3_source_parquet.cc)
  Result<std::vector<S3Object>> SkipObjectsBeforeBound(
      const std::vector<S3Object>& objects, const SourceCursorBound& bound,
      std::map<std::string, std::string>* rewritten) const;
  // The rows of the sparse `footer` file past `bound`, written to `path` (DuckDB skips the row
  // groups whose statistics show none, which were never fetched). False when DuckDB failed.
  bool RewriteRowsPast(const std::string& footer, const std::string& path, const ColumnInfo& cursor,
                       const SourceCursorBound& bound) const;
  // Downloads the objects not yet staged; returns their cache paths, in order.
  Result<std::vector<std::string>> Stage(const std::vector<S3Object>& objects) const;
  // A FileSource over `files` (linked into a fresh folder so that its glob sees only them).
  Result<std::unique_ptr<FileSource>> FilesOver(const std::vector<std::string>& files) const;
  std::string RelativeKey(const std::string& key) const;
  // The relation with each row's object modification time (the last FilesOver's files, which
  // are `objects`' in order).
  std::string WithModifiedAt(const std::string& relation,
                             const std::vector<S3Object>& objects) const;

  S3SourceConfig config_;
  std::unique_ptr<S3Client> client_;
  std::string label_;
  std::string base_;  // the folder below which keys are relative (hive folders start here)

  mutable std::mutex mu_;
  mutable std::unique_ptr<S3Staging> staging_;
  mutable std::vector<std::pair<std::string, std::vector<std::string>>> folder_cache_;
  mutable std::vector<std::pair<std::string, std::vector<S3Object>>> object_cache_;
  mutable std::vector<std::pair<std::string, std::string>> staged_;  // key → cache path
  // Objects staged in part (sparse files below "footers/"): key → path and the columns fetched.
  struct PartlyStaged {
    std::string path;
    std::vector<std::string> columns;  // lower-cased
  };
  mutable std::map<std::string, PartlyStaged> partly_staged_;
  // A private in-memory DuckDB that reads staged footers (parquet_metadata()).
  mutable std::unique_ptr<Database> metadata_db_;
  mutable std::unique_ptr<Connection> metadata_conn_;
  mutable std::atomic<int64_t> objects_skipped_{0};     // by SkipObjectsBeforeBound
  mutable std::atomic<int64_t> row_groups_skipped_{0};  // in objects read in part
  mutable std::optional<S3Object> sample_;
  mutable std::optional<std::vector<ColumnInfo>> columns_;  // Columns()' last answer
  mutable std::unique_ptr<FileSource> last_files_;          // the last read's, for its errors
  mutable std::vector<std::string> last_links_;             // the last FilesOver's paths, in order
  mutable std::string last_folder_;                         // … and their folder
  mutable std::vector<std::string> notices_;
  mutable int next_folder_ = 0;
};

}  // namespace sqlflow
