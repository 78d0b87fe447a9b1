#include "connectors/s3/s3_source.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/status_prefix.h"
#include "common/strings.h"
#include "connectors/param_values.h"
#include "connectors/s3/s3_client_params.h"
#include "connectors/s3/s3_glob.h"
#include "connectors/s3/s3_partitions.h"
#include "connectors/s3/s3_sampling.h"
#include "connectors/s3/s3_spec.h"
#include "connectors/s3/s3_url.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace fs = std::filesystem;
// Ordered: a CSV "columns" object maps columns by position.
using Json = nlohmann::ordered_json;

namespace {

// Objects downloaded at once.
constexpr int kParallelDownloads = 8;

std::string StringParam(const Json& params, const char* name) {
  auto it = params.find(name);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int64_t> IntParam(const Json& params, const char* name) {
  auto it = params.find(name);
  if (it == params.end() || !it->is_number()) return std::nullopt;
  return it->get<int64_t>();
}

// CSV, JSON, NDJSON or PARQUET from the "format" param or else the key's extension.
Result<std::string> FormatOf(const std::string& format_param, const std::string& key,
                             const std::string& label) {
  if (!format_param.empty()) return ToUpperAscii(format_param);
  std::string lower = ToLowerAscii(key);
  for (const char* gz : {".gz", ".zst"}) {
    if (lower.size() > 3 && lower.ends_with(gz)) lower.resize(lower.size() - strlen(gz));
  }
  if (lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt"))
    return std::string("CSV");
  if (lower.ends_with(".parquet") || lower.ends_with(".pq")) return std::string("PARQUET");
  if (lower.ends_with(".ndjson") || lower.ends_with(".jsonl")) return std::string("NDJSON");
  if (lower.ends_with(".json")) return std::string("JSON");
  return Status::Invalid(label + ": cannot tell the objects' format from '" + key +
                         "'; set \"format\" to csv, json, ndjson or parquet");
}

// DuckDB's text of a timestamp ("2025-06-01 10:00:00[.123]") as µs since the epoch.
std::optional<int64_t> TimestampTextUs(std::string text) {
  if (text.size() < 19) return std::nullopt;
  if (text.size() == 10) text += " 00:00:00";
  text[10] = 'T';
  if (text.find('+') == std::string::npos && !text.ends_with("Z")) text += "Z";
  int64_t us = 0;
  if (!ParseIso8601Us(text, &us)) return std::nullopt;
  return us;
}

int64_t WallNowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The params the CSV/JSON readers take: everything that is not about where the objects are.
std::string ReaderParams(const Json& params) {
  Json reader = Json::object();
  static const std::vector<std::string> kNotReader = {"sync_mode", "cursor_field", "primary_key",
                                                      "lookback_window", "schema_policy"};
  for (const auto& [name, value] : params.items()) {
    if (IsS3LocationOrAccessParam(name)) continue;
    if (std::find(kNotReader.begin(), kNotReader.end(), name) != kNotReader.end()) continue;
    reader[name] = value;
  }
  return reader.dump();
}

Result<S3SourceConfig> ParseConfig(const Json& params, const SourceContext& context) {
  const std::string& label = context.label;
  S3SourceConfig c;
  std::string path = StringParam(params, "path");
  c.bucket = StringParam(params, "bucket");
  if (!path.empty()) {
    if (!c.bucket.empty()) {
      return Status::Invalid(label + ": give either \"path\" or \"bucket\" (with \"prefix\" and " +
                             "\"pattern\"), not both");
    }
    Result<S3Url> url = ParseS3Url(path);
    if (!url.ok()) return Status::Invalid(label + ": \"path\": " + url.status().message());
    c.bucket = url->bucket;
    std::string literal = GlobLiteralPrefix(url->key);
    if (literal.size() == url->key.size() && !url->key.empty() && !url->key.ends_with("/")) {
      c.single_key = url->key;
      c.prefix = url->key;
    } else {
      SQLFLOW_RETURN_IF_ERROR(ValidateGlob(url->key));
      c.prefix = literal;
      if (literal.size() < url->key.size()) c.key_glob = url->key;
    }
  } else {
    if (c.bucket.empty()) {
      return Status::Invalid(label + ": an S3 SOURCE needs \"path\" (s3://bucket/key or a glob) " +
                             "or \"bucket\" with \"prefix\" and \"pattern\"");
    }
    c.prefix = StringParam(params, "prefix");
    std::string pattern = StringParam(params, "pattern");
    if (!pattern.empty()) {
      if (!c.prefix.empty() && !c.prefix.ends_with("/")) c.prefix += "/";
      c.key_glob = c.prefix + pattern;
      Status valid = ValidateGlob(c.key_glob);
      if (!valid.ok()) return Status::Invalid(label + ": \"pattern\": " + valid.message());
    }
  }
  std::string format_key = !c.single_key.empty() ? c.single_key : c.key_glob;
  SQLFLOW_ASSIGN_OR_RETURN(c.format, FormatOf(StringParam(params, "format"), format_key, label));
  c.partition_keys = StringOrList(params, "partition_keys");
  c.partition_filter = StringParam(params, "partition_filter");
  c.cursor_field = StringParam(params, "cursor_field");
  c.incremental = ToLowerAscii(StringParam(params, "sync_mode")) == "incremental";
  if (auto it = params.find("cost_limit_usd"); it != params.end() && it->is_number()) {
    c.cost_limit_usd = it->get<double>();
  }
  if (auto it = params.find("pricing"); it != params.end()) {
    Result<S3Pricing> pricing = ParsePricing(it->dump());
    if (!pricing.ok()) return Status::Invalid(label + ": " + pricing.status().message());
    c.pricing = *pricing;
  }
  c.max_files = IntParam(params, "max_files");
  c.max_bytes = IntParam(params, "max_bytes");
  c.dev_max_files = IntParam(params, "dev_max_files");
  if (auto it = params.find("dev_sampling"); it != params.end() && it->is_number()) {
    c.dev_sampling = it->get<double>();
    if (c.dev_sampling <= 0 || c.dev_sampling > 1) {
      return Status::Invalid(label + ": \"dev_sampling\" must be a fraction in (0, 1], such as " +
                             "0.1 for 10% of the objects");
    }
  }
  std::string staging = StringParam(params, "staging_dir");
  if (staging.empty()) {
    staging = context.project_root.empty() ? fs::temp_directory_path().string()
                                           : context.project_root + "/target/s3-staging";
  } else if (!fs::path(staging).is_absolute() && !context.project_root.empty()) {
    staging = context.project_root + "/" + staging;
  }
  c.staging_root = staging;
  c.reader_params_json = ReaderParams(params);
  return c;
}

}  // namespace

struct S3Source::Selection {
  std::vector<S3Object> objects;
  std::vector<std::string> notices;  // for the load's warnings
};

S3Source::S3Source(S3SourceConfig config, std::unique_ptr<S3Client> client, std::string label)
    : config_(std::move(config)), client_(std::move(client)), label_(std::move(label)) {
  size_t slash = config_.prefix.rfind('/');
  base_ = slash == std::string::npos ? "" : config_.prefix.substr(0, slash + 1);
}

S3Source::~S3Source() = default;

Result<std::unique_ptr<Source>> S3Source::Open(const std::string& params_json,
                                               const SourceContext& context) {
  Json params = Json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(context.label + ": params must be an object");
  SQLFLOW_ASSIGN_OR_RETURN(S3SourceConfig config, ParseConfig(params, context));
  SQLFLOW_ASSIGN_OR_RETURN(
      std::unique_ptr<S3Client> client,
      S3ClientFromParams(nlohmann::json::parse(params_json), params_json, context.label));
  if (!config.partition_keys.empty()) {
    // The predicate is checked now so that a bad partition_filter fails before any request.
    Result<PartitionPredicate> predicate =
        PartitionPredicate::Create(config.partition_keys, config.partition_filter, std::nullopt);
    if (!predicate.ok()) return Prefixed(predicate.status(), context.label + ": ");
  } else if (!config.partition_filter.empty()) {
    return Status::Invalid(context.label + ": \"partition_filter\" needs \"partition_keys\" " +
                           "(the hive folder keys, outermost first, e.g. [\"year\", \"month\"])");
  }
  return std::unique_ptr<Source>(new S3Source(std::move(config), std::move(client), context.label));
}

std::string S3Source::RelativeKey(const std::string& key) const {
  return key.rfind(base_, 0) == 0 ? key.substr(base_.size()) : key;
}

Result<std::vector<std::string>> S3Source::CachedFolders(const std::string& prefix) const {
  for (const auto& [p, folders] : folder_cache_) {
    if (p == prefix) return folders;
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<std::string> folders,
                           client_->ListFolders(config_.bucket, prefix));
  folder_cache_.emplace_back(prefix, folders);
  return folders;
}

Result<std::vector<S3Object>> S3Source::CachedObjects(const std::string& prefix) const {
  for (const auto& [p, objects] : object_cache_) {
    if (p == prefix) return objects;
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<S3Object> objects, client_->ListAll(config_.bucket, prefix));
  object_cache_.emplace_back(prefix, objects);
  return objects;
}

Result<std::vector<S3Object>> S3Source::ListFlat() const { return CachedObjects(config_.prefix); }

// Level by level: the folders of each partition key are listed with a delimiter, and only those
// the predicate may need are descended into; the objects of the leaves are then listed.
Result<std::vector<S3Object>> S3Source::ListPrunedPartitions(
    const std::optional<SourceCursorBound>& bound) const {
  std::optional<PartitionCursorBound> partition_bound;
  if (bound)
    partition_bound = PartitionCursorBound{bound->column, bound->value_text, bound->inclusive};
  Result<PartitionPredicate> predicate =
      PartitionPredicate::Create(config_.partition_keys, config_.partition_filter, partition_bound);
  if (!predicate.ok()) return Prefixed(predicate.status(), label_ + ": ");
  if (!predicate->prunes()) return ListFlat();
  using Known = std::vector<std::pair<std::string, std::string>>;
  std::vector<std::pair<std::string, Known>> frontier = {{base_, {}}};
  for (const std::string& key : config_.partition_keys) {
    std::vector<std::pair<std::string, Known>> next;
    for (const auto& [prefix, known] : frontier) {
      SQLFLOW_ASSIGN_OR_RETURN(std::vector<std::string> folders, CachedFolders(prefix));
      for (const std::string& folder : folders) {
        std::string segment = folder.substr(prefix.size());
        if (segment.ends_with("/")) segment.pop_back();
        std::optional<std::pair<std::string, std::string>> kv = ParseHiveSegment(segment);
        if (!kv || !EqualsIgnoreCase(kv->first, key)) continue;  // not a partition folder
        Known with = known;
        with.push_back(*kv);
        Result<bool> may = predicate->MayMatch(with);
        if (!may.ok()) return Prefixed(may.status(), label_ + ": partition_filter: ");
        if (*may) next.emplace_back(folder, std::move(with));
      }
    }
    frontier = std::move(next);
  }
  std::vector<S3Object> objects;
  for (const auto& [prefix, known] : frontier) {
    SQLFLOW_ASSIGN_OR_RETURN(std::vector<S3Object> leaf, CachedObjects(prefix));
    objects.insert(objects.end(), leaf.begin(), leaf.end());
  }
  return objects;
}

Result<S3Source::Selection> S3Source::SelectObjects(
    const std::optional<SourceCursorBound>& bound) const {
  std::vector<S3Object> listed;
  if (!config_.partition_keys.empty()) {
    SQLFLOW_ASSIGN_OR_RETURN(listed, ListPrunedPartitions(bound));
  } else {
    SQLFLOW_ASSIGN_OR_RETURN(listed, ListFlat());
  }
  Selection out;
  bool by_modified_at = EqualsIgnoreCase(config_.cursor_field, kModifiedAtColumn);
  std::optional<int64_t> bound_us;
  if (bound && (by_modified_at || config_.partition_keys.empty())) {
    bound_us = TimestampTextUs(bound->value_text);
  }
  // An object written in this very second may have a sibling written later in the same second:
  // both are left for the next run, so that a second's objects are loaded together, once.
  int64_t this_second_us = WallNowUs() / 1000000 * 1000000;
  size_t deferred = 0;
  for (S3Object& o : listed) {
    if (!config_.single_key.empty() && o.key != config_.single_key) continue;
    if (o.key.ends_with("/")) continue;  // a folder marker
    if (!config_.key_glob.empty() && !GlobMatches(config_.key_glob, o.key)) continue;
    // An object last written before the watermark holds no row past it.
    if (bound_us && o.last_modified_us < *bound_us) continue;
    // Its rows' _modified_at would equal the watermark, which an exclusive bound leaves out.
    if (bound_us && by_modified_at && !bound->inclusive && o.last_modified_us == *bound_us) {
      continue;
    }
    if (by_modified_at && config_.incremental && o.last_modified_us >= this_second_us) {
      ++deferred;
      continue;
    }
    if (config_.dev_sampling > 0 && !SampledIn(o.key, config_.dev_sampling)) continue;
    out.objects.push_back(std::move(o));
  }
  if (!config_.single_key.empty() && out.objects.empty() && deferred == 0 && !bound) {
    return Status::NotFound(
        label_ + ": no object " + FormatS3Url(config_.bucket, config_.single_key) +
        "; check the key (aws s3 ls " + FormatS3Url(config_.bucket, base_) + ")");
  }
  if (config_.dev_max_files && out.objects.size() > static_cast<size_t>(*config_.dev_max_files)) {
    out.objects.resize(static_cast<size_t>(*config_.dev_max_files));
  }
  if (config_.dev_sampling > 0 || config_.dev_max_files) {
    out.notices.push_back("development sampling: read " + std::to_string(out.objects.size()) +
                          " object(s) of " + FormatS3Url(config_.bucket, config_.prefix) +
                          " (dev_sampling / dev_max_files); the table is not complete");
  }
  if (deferred > 0) {
    out.notices.push_back(std::to_string(deferred) + " object(s) written in the current second " +
                          "are left for the next run");
  }
  return out;
}

Status S3Source::CheckCapsAndCost(const std::vector<S3Object>& objects) const {
  uint64_t bytes = 0;
  int64_t gets = 0;
  for (const S3Object& o : objects) {
    bytes += o.size;
    bool staged = std::any_of(staged_.begin(), staged_.end(),
                              [&](const auto& s) { return s.first == o.key; });
    if (!staged) ++gets;
  }
  std::string where = FormatS3Url(config_.bucket, config_.prefix);
  if (config_.max_files && static_cast<int64_t>(objects.size()) > *config_.max_files) {
    return Status::Invalid(label_ + ": " + std::to_string(objects.size()) + " objects match " +
                           where + ", more than max_files " + std::to_string(*config_.max_files) +
                           "; narrow \"prefix\"/\"pattern\"/\"partition_filter\" or raise " +
                           "max_files. Largest prefixes: " + LargestPrefixes(objects, base_));
  }
  if (config_.max_bytes && bytes > static_cast<uint64_t>(*config_.max_bytes)) {
    return Status::Invalid(label_ + ": the objects matching " + where + " hold " +
                           FormatBytes(bytes) + ", more than max_bytes " +
                           FormatBytes(static_cast<uint64_t>(*config_.max_bytes)) +
                           "; narrow the selection or raise max_bytes. Largest prefixes: " +
                           LargestPrefixes(objects, base_));
  }
  if (config_.cost_limit_usd) {
    S3CostEstimate estimate =
        EstimateCost(config_.pricing, client_->request_counts().list.load(), gets, bytes);
    if (estimate.usd > *config_.cost_limit_usd) {
      return Status::Invalid(
          label_ + ": reading " + where + " would cost about " + FormatUsd(estimate.usd) + " (" +
          std::to_string(estimate.list_requests) + " LIST, " +
          std::to_string(estimate.get_requests) + " GET requests, " + FormatBytes(estimate.bytes) +
          " out), more than cost_limit_usd " + FormatUsd(*config_.cost_limit_usd) +
          "; nothing was read. Largest prefixes: " + LargestPrefixes(objects, base_) +
          ". Narrow \"prefix\"/\"partition_filter\", or raise cost_limit_usd");
    }
  }
  return staging_->CheckRoom(bytes);
}

Result<std::vector<std::string>> S3Source::Stage(const std::vector<S3Object>& objects) const {
  std::vector<StagedObject> downloads;
  std::vector<std::string> paths;
  for (const S3Object& o : objects) {
    auto cached = std::find_if(staged_.begin(), staged_.end(),
                               [&](const auto& s) { return s.first == o.key; });
    if (cached != staged_.end()) {
      paths.push_back(cached->second);
      continue;
    }
    std::string local = staging_->LocalPath("cache", RelativeKey(o.key));
    downloads.push_back({o, local});
    paths.push_back(local);
  }
  Status downloaded = staging_->Download(*client_, config_.bucket, downloads, kParallelDownloads);
  if (!downloaded.ok()) return Prefixed(downloaded, label_ + ": ");
  for (const StagedObject& d : downloads) staged_.emplace_back(d.object.key, d.local_path);
  return paths;
}

Result<std::string> S3Source::StageParquetFooter(const S3Object& object) const {
  // A Parquet file ends with its footer, the footer's length (4 bytes, little-endian) and "PAR1".
  constexpr uint64_t kTail = 64 << 10;
  std::string shown = FormatS3Url(config_.bucket, object.key);
  if (object.size < 12) {
    return Status::Invalid(shown + " holds " + std::to_string(object.size) +
                           " bytes, too few for a Parquet file; remove it or narrow \"pattern\"");
  }
  std::string local = staging_->LocalPath("footers", RelativeKey(object.key));
  std::error_code ec;
  fs::create_directories(fs::path(local).parent_path(), ec);
  std::ofstream(local, std::ios::binary | std::ios::trunc).close();
  fs::resize_file(local, object.size, ec);  // sparse: only the footer is written
  if (ec) return Status::IoError("cannot stage '" + local + "': " + ec.message());
  uint64_t tail = std::min<uint64_t>(kTail, object.size);
  SQLFLOW_RETURN_IF_ERROR(
      client_->GetRangeToFile(config_.bucket, object.key, local, object.size - tail, tail));
  std::ifstream in(local, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(object.size - 8));
  unsigned char end[8] = {};
  in.read(reinterpret_cast<char*>(end), 8);
  if (std::string(reinterpret_cast<char*>(end) + 4, 4) != "PAR1") {
    return Status::Invalid(shown + " does not end as a Parquet file does (\"PAR1\"); check " +
                           "\"format\" and \"pattern\"");
  }
  uint64_t footer = end[0] | (end[1] << 8) | (end[2] << 16) | (uint64_t{end[3]} << 24);
  if (footer + 8 > object.size) {
    return Status::Invalid(shown + ": its Parquet footer is longer than the object; the object " +
                           "is damaged");
  }
  if (footer + 8 > tail) {
    uint64_t start = object.size - 8 - footer;
    SQLFLOW_RETURN_IF_ERROR(client_->GetRangeToFile(config_.bucket, object.key, local, start,
                                                    object.size - tail - start));
  }
  return local;
}

Result<S3Object> S3Source::SampleObject() const {
  if (sample_) return *sample_;
  if (!config_.incremental) {
    // A full read's selection is known now: its last object is read anyway.
    SQLFLOW_ASSIGN_OR_RETURN(Selection selection, SelectObjects(std::nullopt));
    if (!selection.objects.empty()) {
      sample_ = selection.objects.back();
      return *sample_;
    }
  }
  std::vector<S3Object> candidates;
  if (!config_.partition_keys.empty() && config_.single_key.empty()) {
    // The newest partition: the last folder at each level.
    std::string prefix = base_;
    for (size_t level = 0; level < config_.partition_keys.size(); ++level) {
      SQLFLOW_ASSIGN_OR_RETURN(std::vector<std::string> folders, CachedFolders(prefix));
      if (folders.empty()) break;
      prefix = folders.back();
    }
    SQLFLOW_ASSIGN_OR_RETURN(candidates, CachedObjects(prefix));
  }
  std::vector<S3Object> matching;
  for (const S3Object& o : candidates) {
    if (!o.key.ends_with("/") && (config_.key_glob.empty() || GlobMatches(config_.key_glob, o.key)))
      matching.push_back(o);
  }
  if (matching.empty()) {
    SQLFLOW_ASSIGN_OR_RETURN(std::vector<S3Object> all, ListFlat());
    for (const S3Object& o : all) {
      if (!config_.single_key.empty() && o.key != config_.single_key) continue;
      if (o.key.ends_with("/")) continue;
      if (!config_.key_glob.empty() && !GlobMatches(config_.key_glob, o.key)) continue;
      matching.push_back(o);
    }
  }
  if (matching.empty()) {
    std::string what = !config_.single_key.empty()
                           ? "no object " + FormatS3Url(config_.bucket, config_.single_key)
                       : !config_.key_glob.empty()
                           ? "no object matches " + FormatS3Url(config_.bucket, config_.key_glob)
                           : "no object under " + FormatS3Url(config_.bucket, config_.prefix);
    return Status::NotFound(label_ + ": " + what + ", so there are no columns to read; check the " +
                            "path (aws s3 ls " + FormatS3Url(config_.bucket, base_) + ")");
  }
  sample_ = matching.back();
  return *sample_;
}

Result<std::unique_ptr<FileSource>> S3Source::FilesOver(
    const std::vector<std::string>& files) const {
  std::string folder = staging_->path() + "/read-" + std::to_string(next_folder_++);
  last_folder_ = folder;
  last_links_.clear();
  for (const std::string& file : files) {
    // <staging>/<cache|footers>/<relative key>
    std::string below = file.substr(staging_->path().size() + 1);
    fs::path link = folder + "/" + below.substr(below.find('/') + 1);
    std::error_code ec;
    fs::create_directories(link.parent_path(), ec);
    if (!ec) fs::create_hard_link(file, link, ec);
    last_links_.push_back(link.lexically_normal().string());
    if (ec)
      return Status::IoError(label_ + ": cannot stage '" + link.string() + "': " + ec.message());
  }
  Json reader = Json::parse(config_.reader_params_json);
  reader["path"] = "**/*";
  std::string extra = ", hive_partitioning = true";
  if (EqualsIgnoreCase(config_.cursor_field, kModifiedAtColumn)) {
    extra += ", filename = '__sqlflow_object'";
  }
  FileSourceRequest request{config_.format, reader.dump(), folder,
                            label_,         extra,         FormatS3Url(config_.bucket, base_)};
  RealFileSystem real;
  return FileSource::FromRequest(request, real);
}

// The relation with each row's object modification time, when the cursor is _modified_at.
std::string S3Source::WithModifiedAt(const std::string& relation,
                                     const std::vector<S3Object>& objects) const {
  std::string values;
  for (size_t i = 0; i < objects.size() && i < last_links_.size(); ++i) {
    if (!values.empty()) values += ", ";
    values += "(" + QuoteString(last_links_[i]) + ", make_timestamp(" +
              std::to_string(objects[i].last_modified_us) + "))";
  }
  std::string modified = values.empty()
                             ? "CAST(NULL AS TIMESTAMP) AS " + std::string(kModifiedAtColumn)
                             : "m.modified AS " + std::string(kModifiedAtColumn);
  std::string join = values.empty() ? ""
                                    : " JOIN (VALUES " + values +
                                          ") AS m(file, modified) ON s.__sqlflow_object = m.file";
  return "(SELECT s.* EXCLUDE (__sqlflow_object), " + modified + " FROM " + relation + " AS s" +
         join + ")";
}

Status S3Source::EnsureStaging() const {
  if (staging_) return Status::OK();
  SQLFLOW_ASSIGN_OR_RETURN(staging_, S3Staging::Create(config_.staging_root, label_));
  return Status::OK();
}

Status S3Source::Labelled(const Status& status) const {
  if (status.ok() || status.message().rfind(label_, 0) == 0) return status;
  return Status(status.code(), label_ + ": " + status.message());
}

Result<std::vector<ColumnInfo>> S3Source::Columns(Connection& conn) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::vector<ColumnInfo>> columns = ColumnsLocked(conn);
  if (!columns.ok()) return Labelled(columns.status());
  return columns;
}

Result<std::vector<ColumnInfo>> S3Source::ColumnsLocked(Connection& conn) {
  SQLFLOW_RETURN_IF_ERROR(EnsureStaging());
  SQLFLOW_ASSIGN_OR_RETURN(S3Object sample, SampleObject());
  std::vector<std::string> files;
  if (config_.format == "PARQUET") {
    // A Parquet file's schema is in its footer: only that is fetched.
    SQLFLOW_ASSIGN_OR_RETURN(files, StageFooters({sample}));
  } else {
    SQLFLOW_ASSIGN_OR_RETURN(files, Stage({sample}));
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<FileSource> reader, FilesOver(files));
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> columns, reader->Columns(conn));
  columns.erase(std::remove_if(columns.begin(), columns.end(),
                               [](const ColumnInfo& c) { return c.name == "__sqlflow_object"; }),
                columns.end());
  if (EqualsIgnoreCase(config_.cursor_field, kModifiedAtColumn)) {
    ColumnInfo modified;
    modified.name = kModifiedAtColumn;
    modified.type = "TIMESTAMP";
    modified.nullable = true;
    columns.push_back(modified);
  }
  columns_ = columns;
  return columns;
}

SourceCapabilities S3Source::capabilities() const {
  SourceCapabilities can;
  can.reads_needed_columns = config_.format == "PARQUET";
  return can;
}

Result<ReadPlan> S3Source::Read(const ReadRequest& request) const {
  std::lock_guard<std::mutex> lock(mu_);
  Result<ReadPlan> plan = ReadLocked(request);
  if (!plan.ok()) return Labelled(plan.status());
  return plan;
}

Result<ReadPlan> S3Source::ReadLocked(const ReadRequest& request) const {
  SQLFLOW_RETURN_IF_ERROR(EnsureStaging());
  std::optional<SourceCursorBound> bound =
      config_.incremental ? request.cursor_bound : std::nullopt;
  SQLFLOW_ASSIGN_OR_RETURN(Selection selection, SelectObjects(bound));
  notices_.insert(notices_.end(), selection.notices.begin(), selection.notices.end());
  SQLFLOW_RETURN_IF_ERROR(CheckCapsAndCost(selection.objects));
  std::vector<S3Object> objects = selection.objects;
  bool by_modified_at = EqualsIgnoreCase(config_.cursor_field, kModifiedAtColumn);
  std::map<std::string, std::string> rewritten;  // objects read in part: key → local file
  if (bound && config_.format == "PARQUET" && !by_modified_at) {
    SQLFLOW_ASSIGN_OR_RETURN(objects, SkipObjectsBeforeBound(objects, *bound, &rewritten));
  }
  // A step that needs only some columns of Parquet objects fetches only their chunks.
  bool some_columns = config_.format == "PARQUET" && request.columns.has_value();
  std::vector<S3Object> whole;
  for (const S3Object& o : objects) {
    if (!rewritten.contains(o.key)) whole.push_back(o);
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<std::string> whole_files,
                           some_columns ? StageColumns(whole, *request.columns) : Stage(whole));
  std::vector<std::string> files;
  for (size_t o = 0, w = 0; o < objects.size(); ++o) {
    auto part = rewritten.find(objects[o].key);
    files.push_back(part != rewritten.end() ? part->second : whole_files[w++]);
  }
  bool empty = files.empty();
  if (empty && columns_) {
    // Nothing new: an empty relation of the columns already known, without another GET.
    ReadPlan plan;
    std::string select;
    for (const ColumnInfo& c : *columns_) {
      select += (select.empty() ? "" : ", ") + std::string("CAST(NULL AS ") + c.type + ") AS " +
                QuoteIdentifier(c.name);
    }
    plan.relation_sql = "(SELECT " + select + " LIMIT 0)";
    return plan;
  }
  if (empty) {
    // Nothing new: the sample gives the columns of an empty relation.
    SQLFLOW_ASSIGN_OR_RETURN(S3Object sample, SampleObject());
    SQLFLOW_ASSIGN_OR_RETURN(files, Stage({sample}));
  }
  SQLFLOW_ASSIGN_OR_RETURN(last_files_, FilesOver(files));
  SQLFLOW_ASSIGN_OR_RETURN(ReadPlan plan, last_files_->Read(request));
  if (by_modified_at) {
    plan.relation_sql =
        WithModifiedAt(plan.relation_sql, empty ? std::vector<S3Object>{} : objects);
  }
  if (empty) plan.relation_sql = "(SELECT * FROM " + plan.relation_sql + " LIMIT 0)";
  return plan;
}

std::vector<Metric> S3Source::Metrics() const {
  const HttpMetrics& http = client_->http_metrics();
  const S3RequestCounts& counts = client_->request_counts();
  S3CostEstimate spent = EstimateCost(config_.pricing, counts.list.load(), counts.get.load(),
                                      static_cast<uint64_t>(http.bytes_received.load()));
  std::vector<Metric> out = ResilienceMetrics(http);
  out.insert(
      out.end(),
      {
          {"list_requests", static_cast<double>(counts.list.load())},
          {"get_requests", static_cast<double>(counts.get.load())},
          {"bytes_received", static_cast<double>(http.bytes_received.load())},
          {"estimated_cost_usd", spent.usd},
          {"objects_skipped_by_statistics", static_cast<double>(objects_skipped_.load())},
          {"row_groups_skipped_by_statistics", static_cast<double>(row_groups_skipped_.load())},
      });
  return out;
}

Status S3Source::ExplainLoadError(const Status& error, const std::string& label) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!last_files_) return error;
  Status explained = last_files_->ExplainLoadError(error, label);
  // DuckDB names the staged file; the user knows the object.
  std::string message = explained.message();
  std::string staged = last_folder_ + "/";
  std::string object = FormatS3Url(config_.bucket, base_);
  for (size_t at = message.find(staged); at != std::string::npos; at = message.find(staged, at)) {
    message.replace(at, staged.size(), object);
    at += object.size();
  }
  return Status(explained.code(), message);
}

std::vector<std::string> S3Source::TakeLoadWarnings(Connection& conn) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  if (last_files_) out = last_files_->TakeLoadWarnings(conn);
  out.insert(out.end(), notices_.begin(), notices_.end());
  notices_.clear();
  return out;
}

Result<std::string> S3Source::Test(const std::string& params_json, const SourceContext& context) {
  Json params = Json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(context.label + ": params must be an object");
  std::string bucket = StringParam(params, "bucket");
  std::string prefix = StringParam(params, "prefix");
  if (std::string path = StringParam(params, "path"); !path.empty()) {
    Result<S3Url> url = ParseS3Url(path);
    if (!url.ok()) return Status::Invalid(context.label + ": \"path\": " + url.status().message());
    bucket = url->bucket;
    prefix = GlobLiteralPrefix(url->key);
  }
  if (bucket.empty()) {
    return Status::Invalid(context.label + ": nothing to test: give \"bucket\" (and \"prefix\") " +
                           "or \"path\"");
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      std::unique_ptr<S3Client> client,
      S3ClientFromParams(nlohmann::json::parse(params_json), params_json, context.label));
  Result<S3ListPage> page = client->ListPage(bucket, prefix, "", "");
  if (!page.ok()) return Prefixed(page.status(), context.label + ": ");
  uint64_t bytes = 0;
  for (const S3Object& o : page->objects) bytes += o.size;
  std::string out = "  endpoint: " + client->endpoint().base + " (region " +
                    client->endpoint().region + ", credentials from " +
                    client->auth().credentials.origin + ")\n  " + FormatS3Url(bucket, prefix) +
                    ": " + std::to_string(page->objects.size()) + (page->is_truncated ? "+" : "") +
                    " object(s), " + FormatBytes(bytes) +
                    (page->is_truncated ? " in the first page" : "") + "\n";
  for (size_t i = 0; i < page->objects.size() && i < 5; ++i) {
    out += "    " + page->objects[i].key + "  " + FormatBytes(page->objects[i].size) + "\n";
  }
  return out;
}

}  // namespace sqlflow
