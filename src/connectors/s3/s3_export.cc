#include "connectors/s3/s3_export.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "common/status_prefix.h"
#include "common/strings.h"
#include "connectors/s3/s3_client_params.h"
#include "connectors/s3/s3_staging.h"
#include "connectors/s3/s3_upload.h"
#include "connectors/s3/s3_url.h"
#include "engine/file_export.h"

namespace sqlflow {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

// The EXPORT, resolved.
struct S3ExportConfig {
  S3Url url;
  bool to_prefix = false;  // the key ends in '/'
  bool overwrite = true;
  bool partitioned = false;
  std::string format;             // CSV, PARQUET or JSON
  std::string compression;        // as given, lower case; "" = none
  std::string file_options_json;  // the OPTIONS the file export takes
  Json access;                    // the connection's params with the S3 OPTIONS over them
  S3UploadOptions upload;
  std::string staging_root;
};

Result<Json> ParseOptions(const std::string& options_json, const std::string& label) {
  if (options_json.empty()) return Json::object();
  Json options = Json::parse(options_json, nullptr, /*allow_exceptions=*/false);
  if (!options.is_object()) return Status::Invalid(label + ": OPTIONS must be a JSON object");
  return options;
}

// The params of the profile connector the "connection" option names, with the S3 options of the
// EXPORT over them (as a SOURCE's PARAMS over its connector's).
Result<Json> AccessParams(const Json& options, const ExportContext& context,
                          const std::string& label) {
  Json access = Json::object();
  if (auto it = options.find("connection"); it != options.end()) {
    std::string name = it->is_string() ? it->get<std::string>() : it->dump();
    auto found = context.connections == nullptr
                     ? std::map<std::string, std::string>::const_iterator()
                     : context.connections->find(name);
    if (context.connections == nullptr || found == context.connections->end()) {
      return Status::Invalid(label + ": connection '" + name +
                             "' is not a connector of the profile; name one defined under "
                             "connectors: in the profile");
    }
    access = Json::parse(found->second, nullptr, /*allow_exceptions=*/false);
    if (!access.is_object()) access = Json::object();
  }
  for (const auto& [name, value] : options.items()) {
    if (name != "connection" && IsS3ExportOption(name)) access[name] = value;
  }
  if (!access.contains("endpoint") && access.contains("endpoint_url")) {
    access["endpoint"] = access["endpoint_url"];
  }
  return access;
}

// A multipart size option: a whole number of bytes within S3's part limits.
Status ReadPartSize(const Json& options, const char* name, uint64_t* out) {
  auto it = options.find(name);
  if (it == options.end()) return Status::OK();
  if (!it->is_number_integer() || it->get<int64_t>() < static_cast<int64_t>(kS3MinPartSize) ||
      it->get<int64_t>() > static_cast<int64_t>(kS3MaxPartSize)) {
    return Status::Invalid(std::string("option '") + name +
                           "' must be a number of bytes from 5242880 (5 MiB, S3's smallest "
                           "part) to 5368709120 (5 GiB)");
  }
  *out = it->get<uint64_t>();
  return Status::OK();
}

// The destination: an object or a prefix, never a bucket's root; partition_by needs a prefix.
Status ReadDestination(const ExportRequest& request, S3ExportConfig* c) {
  Result<S3Url> url = ParseS3Url(request.destination);
  if (!url.ok()) return Prefixed(url.status(), request.label + ": ");
  c->url = *url;
  c->to_prefix = c->url.key.empty() || c->url.key.ends_with("/");
  if (c->url.key.empty()) {
    return Status::Invalid(request.label + ": " + FormatS3Url(c->url.bucket, "") +
                           " is the root of bucket '" + c->url.bucket +
                           "', which an export would replace whole; export to a prefix (" +
                           FormatS3Url(c->url.bucket, "daily/") + ") or an object (" +
                           FormatS3Url(c->url.bucket, "daily.csv") + ")");
  }
  if (c->partitioned && !c->to_prefix) {
    return Status::Invalid(request.label + ": partition_by writes a folder of objects, but " +
                           request.destination + " names one object; end the destination with " +
                           "'/' (" + request.destination + "/)");
  }
  return Status::OK();
}

std::string StagingRoot(const Json& options, const std::string& project_root) {
  auto it = options.find("staging_dir");
  std::string dir = it != options.end() && it->is_string() ? it->get<std::string>() : "";
  if (dir.empty()) {
    return project_root.empty() ? fs::temp_directory_path().string()
                                : project_root + "/target/s3-staging";
  }
  if (!fs::path(dir).is_absolute() && !project_root.empty()) return project_root + "/" + dir;
  return dir;
}

Result<S3ExportConfig> ParseConfig(const ExportRequest& request, const ExportContext& context) {
  const std::string& label = request.label;
  SQLFLOW_ASSIGN_OR_RETURN(Json options, ParseOptions(request.options_json, label));
  S3ExportConfig c;
  c.format = ToUpperAscii(request.format);
  Json file_options = Json::object();
  for (const auto& [name, value] : options.items()) {
    if (name == "overwrite") {
      if (!value.is_boolean())
        return Status::Invalid(label + ": option 'overwrite' must be true or false");
      c.overwrite = value.get<bool>();
    } else if (!IsS3ExportOption(name)) {
      file_options[name] = value;  // the file export checks these
    }
  }
  c.partitioned = options.contains("partition_by");
  if (auto it = options.find("compression"); it != options.end() && it->is_string()) {
    c.compression = ToLowerAscii(it->get<std::string>());
  }
  c.file_options_json = file_options.dump();
  SQLFLOW_RETURN_IF_ERROR(ReadDestination(request, &c));
  SQLFLOW_ASSIGN_OR_RETURN(c.access, AccessParams(options, context, label));
  Status sizes = ReadPartSize(c.access, "multipart_threshold", &c.upload.multipart_threshold);
  if (sizes.ok()) sizes = ReadPartSize(c.access, "part_size", &c.upload.part_size);
  if (!sizes.ok()) return Prefixed(sizes, label + ": ");
  c.staging_root = StagingRoot(c.access, context.project_root);
  return c;
}

// The keys under the destination now, for "overwrite": false and for replacing a prefix. Refuses
// an existing destination when overwrite is false.
Result<std::vector<std::string>> ExistingKeys(S3Client& client, const S3ExportConfig& c,
                                              const std::string& label) {
  const std::string url = FormatS3Url(c.url.bucket, c.url.key);
  if (!c.to_prefix) {
    if (c.overwrite) return std::vector<std::string>{};
    Result<std::optional<S3Object>> head = client.Head(c.url.bucket, c.url.key);
    if (!head.ok()) return Prefixed(head.status(), label + ": ");
    if (!head->has_value()) return std::vector<std::string>{};
    return Status::Invalid(label + ": " + url + " already exists and \"overwrite\" is false; " +
                           "delete it (aws s3 rm " + url + "), export to another key, or set " +
                           "\"overwrite\": true");
  }
  Result<std::vector<S3Object>> listed = client.ListAll(c.url.bucket, c.url.key);
  if (!listed.ok()) return Prefixed(listed.status(), label + ": ");
  std::vector<std::string> keys;
  for (const S3Object& o : *listed) keys.push_back(o.key);
  if (c.overwrite || keys.empty()) return keys;
  return Status::Invalid(label + ": " + url + " already holds " + std::to_string(keys.size()) +
                         " object(s) (" + FormatS3Url(c.url.bucket, keys.front()) +
                         (keys.size() > 1 ? ", …" : "") +
                         ") and \"overwrite\" is false; empty it (aws s3 rm --recursive " + url +
                         "), export to another prefix, or set \"overwrite\": true");
}

// The extension of the key's last segment (".csv.gz" of "daily.csv.gz"), so that the staged file
// is compressed as the key says; "" when it has none or holds unusual characters.
std::string ExtensionOf(const std::string& key) {
  std::string name = key.substr(key.rfind('/') + 1);
  size_t dot = name.find('.', 1);
  if (dot == std::string::npos) return "";
  std::string ext = name.substr(dot);
  for (char ch : ext) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-') {
      return "";
    }
  }
  return ext;
}

// The name of the one object an unpartitioned export writes below a prefix.
std::string ObjectNameInPrefix(const S3ExportConfig& c) {
  std::string name = "data_0." + ToLowerAscii(c.format);
  if (c.format != "PARQUET" && (c.compression == "gzip" || c.compression == "zstd")) {
    name += c.compression == "gzip" ? ".gz" : ".zst";
  }
  return name;
}

// Where the file export writes: a file, or a folder with partition_by.
std::string StagedPath(const S3ExportConfig& c, const std::string& folder) {
  if (!c.to_prefix) return folder + "/object" + ExtensionOf(c.url.key);
  if (c.partitioned) return folder + "/partitions";
  return folder + "/" + ObjectNameInPrefix(c);
}

// The staged files and the keys they become, sorted by key.
Result<std::vector<S3UploadItem>> ItemsOf(const S3ExportConfig& c, const std::string& staged) {
  std::vector<S3UploadItem> items;
  if (!c.to_prefix) {
    items.push_back({staged, c.url.key});
  } else if (!c.partitioned) {
    items.push_back({staged, c.url.key + ObjectNameInPrefix(c)});
  } else {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(staged, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string relative = fs::relative(it->path(), staged, ec).generic_string();
      items.push_back({it->path().string(), c.url.key + relative});
    }
    if (ec)
      return Status::IoError("cannot list the staged files in '" + staged + "': " + ec.message());
  }
  std::sort(items.begin(), items.end(),
            [](const S3UploadItem& a, const S3UploadItem& b) { return a.key < b.key; });
  return items;
}

// After a complete export to a prefix: deletes the objects under it that this export did not
// write.
Status DeleteStale(S3Client& client, const S3ExportConfig& c,
                   const std::vector<std::string>& existing,
                   const std::vector<S3UploadItem>& written, const std::string& label) {
  std::set<std::string> fresh;
  for (const S3UploadItem& item : written) fresh.insert(item.key);
  int failed = 0;
  std::string first;
  for (const std::string& key : existing) {
    if (fresh.count(key) != 0) continue;
    Status deleted = client.DeleteObject(c.url.bucket, key);
    if (deleted.ok()) continue;
    if (failed++ == 0) first = deleted.message();
  }
  if (failed == 0) return Status::OK();
  return Status::IoError(
      label + ": the export is complete in " + FormatS3Url(c.url.bucket, c.url.key) + ", but " +
      std::to_string(failed) + " older object(s) under it could not be " + "deleted (" + first +
      "); delete them by hand so that readers of the " + "prefix see only this export");
}

}  // namespace

bool IsS3Destination(const std::string& destination) { return destination.rfind("s3://", 0) == 0; }

std::vector<ParamSpec> S3ExportOptionSpecs() {
  const std::optional<int64_t> kMin = static_cast<int64_t>(kS3MinPartSize);
  const std::optional<int64_t> kMax = static_cast<int64_t>(kS3MaxPartSize);
  return {
      {"connection", ParamType::kString, false, "s3://: a profile connector with the S3 access"},
      {"endpoint",
       ParamType::kString,
       false,
       "s3://: S3-compatible endpoint URL",
       {},
       {"endpoint_url"}},
      {"region", ParamType::kString, false, "s3://: bucket region"},
      {"url_style",
       ParamType::kString,
       false,
       "s3://: path or virtual (host)",
       {"path", "virtual"}},
      {"access_key_id", ParamType::kString, false, "s3://: key id (default: environment, ~/.aws)"},
      {"secret_access_key", ParamType::kString, false, "s3://: secret key (masked)"},
      {"session_token", ParamType::kString, false, "s3://: temporary session token (masked)"},
      {"multipart_threshold",
       ParamType::kInteger,
       false,
       "s3://: bytes above which a file goes by multipart upload (default 64 MiB)",
       {},
       {},
       kMin,
       kMax},
      {"part_size",
       ParamType::kInteger,
       false,
       "s3://: bytes per multipart part (default 16 MiB)",
       {},
       {},
       kMin,
       kMax},
      {"staging_dir", ParamType::kString, false, "s3://: local folder for files being uploaded"},
      {"retry", ParamType::kObject, false, "s3://: max_attempts, max_retry_after (seconds)"},
      {"rate_limit", ParamType::kObject, false, "s3://: requests_per_second, burst"},
      {"circuit", ParamType::kObject, false, "s3://: failure_threshold, cooldown (seconds)"},
  };
}

bool IsS3ExportOption(const std::string& name) {
  for (const ParamSpec& p : S3ExportOptionSpecs()) {
    if (p.name == name) return true;
    if (std::find(p.aliases.begin(), p.aliases.end(), name) != p.aliases.end()) return true;
  }
  return false;
}

Result<ExportOutcome> WriteS3Export(Connection& conn, const ExportRequest& request,
                                    const ExportContext& context) {
  const std::string& label = request.label;
  SQLFLOW_ASSIGN_OR_RETURN(S3ExportConfig config, ParseConfig(request, context));
  if (!config.upload.interrupted) config.upload.interrupted = context.interrupted;
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<S3Client> client,
                           S3ClientFromParams(config.access, config.access.dump(), label));
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<std::string> existing, ExistingKeys(*client, config, label));
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<S3Staging> staging,
                           S3Staging::Create(config.staging_root, label));
  FileExportRequest file{request.query, StagedPath(config, staging->path()), config.format,
                         config.file_options_json, label};
  SQLFLOW_ASSIGN_OR_RETURN(ExportResult written, ExportToFile(conn, file));
  Result<std::vector<S3UploadItem>> items = ItemsOf(config, file.path);
  if (!items.ok()) return Prefixed(items.status(), label + ": ");
  Result<uint64_t> uploaded = UploadFiles(*client, config.url.bucket, *items, config.upload);
  if (!uploaded.ok()) return Prefixed(uploaded.status(), label + ": ");
  if (config.to_prefix && config.overwrite) {
    SQLFLOW_RETURN_IF_ERROR(DeleteStale(*client, config, existing, *items, label));
  }
  return ExportOutcome{written.rows, static_cast<int64_t>(*uploaded)};
}

}  // namespace sqlflow
