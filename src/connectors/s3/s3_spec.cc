#include "connectors/s3/s3_spec.h"

#include <algorithm>

#include "connectors/connector_registry.h"
#include "connectors/file_specs.h"

namespace sqlflow {

namespace {

std::vector<ParamSpec> LocationParams() {
  return {
      {"path", ParamType::kString, false,
       "s3://bucket/key, or a glob: s3://bucket/events/**/*.csv"},
      {"bucket", ParamType::kString, false, "bucket name (with prefix and pattern)"},
      {"prefix", ParamType::kString, false, "key prefix to list under", {}, {"path_prefix"}},
      {"pattern", ParamType::kString, false, "glob below the prefix: *, **, ?, [...]"},
      {"format",
       ParamType::kString,
       false,
       "object format; default from the key's extension",
       {"csv", "json", "ndjson", "parquet"},
       {"file_format"}},
      {"partition_keys", ParamType::kStringOrList, false, "hive folder keys, outermost first"},
      {"partition_filter", ParamType::kString, false, "SQL condition on partition keys"},
      {"region", ParamType::kString, false, "bucket region (default from the environment)"},
      {"endpoint", ParamType::kString, false, "S3-compatible endpoint URL", {}, {"endpoint_url"}},
      {"url_style", ParamType::kString, false, "path or virtual (host)", {"path", "virtual"}},
      {"access_key_id", ParamType::kString, false, "key id (default: environment, ~/.aws)"},
      {"secret_access_key", ParamType::kString, false, "secret key (masked in every output)"},
      {"session_token", ParamType::kString, false, "temporary session token (masked)"},
      {"cost_limit_usd", ParamType::kNumber, false,
       "fail before reading when the estimate is higher"},
      {"pricing", ParamType::kObject, false, "list_per_1000, get_per_1000, egress_per_gb in USD"},
      {"max_files",
       ParamType::kInteger,
       false,
       "fail when more objects match",
       {},
       {},
       0,
       std::nullopt},
      {"max_bytes",
       ParamType::kInteger,
       false,
       "fail when the objects hold more",
       {},
       {},
       0,
       std::nullopt},
      {"dev_sampling", ParamType::kNumber, false, "read a deterministic fraction of the objects"},
      {"dev_max_files",
       ParamType::kInteger,
       false,
       "read at most this many objects",
       {},
       {},
       1,
       std::nullopt},
      {"staging_dir", ParamType::kString, false, "local folder for objects being loaded"},
      {"retry", ParamType::kObject, false, "max_attempts, max_retry_after (seconds)"},
      {"rate_limit", ParamType::kObject, false, "requests_per_second, burst"},
      {"circuit", ParamType::kObject, false, "failure_threshold, cooldown (seconds)"},
  };
}

}  // namespace

bool IsS3LocationOrAccessParam(const std::string& name) {
  for (const ParamSpec& p : LocationParams()) {
    if (p.name == name) return true;
    if (std::find(p.aliases.begin(), p.aliases.end(), name) != p.aliases.end()) return true;
  }
  return false;
}

ConnectorSpec S3SourceSpec() {
  ConnectorSpec spec{"S3", "objects in S3 or an S3-compatible store (CSV, JSON, Parquet)",
                     LocationParams()};
  // The CSV reader's options apply to CSV objects (and "columns" to JSON ones too).
  for (ParamSpec& p : CsvSourceSpec().params) {
    if (spec.FindParam(p.name) == nullptr) spec.params.push_back(std::move(p));
  }
  return spec;
}

}  // namespace sqlflow
