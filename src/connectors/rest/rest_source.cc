#include "connectors/rest/rest_source.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "common/file_system.h"
#include "common/status_prefix.h"
#include "common/strings.h"
#include "connectors/http/resilience_params.h"
#include "connectors/rest/rest_json_path.h"
#include "engine/type_text.h"

namespace sqlflow {

namespace {

using Json = RestJson;

std::string JsonTypeName(const Json& value) {
  if (value.is_object()) return "object";
  if (value.is_array()) return "array";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  return "null";
}

}  // namespace

RestSource::RestSource(RestConfig config, std::unique_ptr<HttpClient> client,
                       std::shared_ptr<RestAuth> auth, std::string label, std::string project_root)
    : config_(std::move(config)),
      client_(std::move(client)),
      auth_(std::move(auth)),
      label_(std::move(label)),
      project_root_(std::move(project_root)) {}

RestSource::~RestSource() = default;

Result<std::unique_ptr<Source>> RestSource::Open(const std::string& params_json,
                                                 const SourceContext& context) {
  nlohmann::ordered_json params = nlohmann::ordered_json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(context.label + ": params must be an object");
  SQLFLOW_ASSIGN_OR_RETURN(
      ResiliencePolicy policy,
      ResiliencePolicyFromParams(params_json, ResiliencePolicy{}, context.label));
  return OpenWithClient(params_json, context, std::make_unique<HttpClient>(policy));
}

Result<std::unique_ptr<Source>> RestSource::OpenWithClient(const std::string& params_json,
                                                           const SourceContext& context,
                                                           std::unique_ptr<HttpClient> client,
                                                           RestExtensions extensions,
                                                           std::shared_ptr<RestAuth> auth) {
  nlohmann::ordered_json params = nlohmann::ordered_json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(context.label + ": params must be an object");
  SQLFLOW_ASSIGN_OR_RETURN(RestConfig config,
                           ReadRestConfig(params, context.project_root, context.label));
  if (!auth) {
    SQLFLOW_ASSIGN_OR_RETURN(auth,
                             MakeRestAuth(config.auth, client.get(), SystemClock(), context.label));
  }
  auto source = std::unique_ptr<RestSource>(new RestSource(
      std::move(config), std::move(client), std::move(auth), context.label, context.project_root));
  source->extensions_ = std::move(extensions);
  return std::unique_ptr<Source>(std::move(source));
}

SourceCapabilities RestSource::capabilities() const {
  SourceCapabilities can;
  can.columns_from_read = true;
  // An API's records have no order a table keeps (merges dedupe by cursor, not by position):
  // DuckDB inserts them on every thread, in a third less time and memory (bench/run_rest_bench.sh).
  can.keeps_row_order = false;
  return can;
}

std::string RestSource::StartValueFor(const std::string& value_text) {
  // DuckDB's text of a TIMESTAMP ("2024-01-01 10:00:00") or of a TIMESTAMPTZ in the session's
  // zone ("2024-01-01 12:00:00+02", "…-04:30"): sent in UTC, "2024-01-01T10:00:00Z".
  static const std::regex kTimestamp(
      R"((\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?)");
  std::smatch m;
  if (!std::regex_match(value_text, m, kTimestamp)) return value_text;
  auto number = [&](int i) { return std::stoi(m[i].str()); };
  using namespace std::chrono;
  sys_seconds at = sys_days(year{number(1)} / month(number(2)) / day(number(3))) +
                   hours(number(4)) + minutes(number(5)) + seconds(number(6));
  if (m[9].matched) {
    minutes offset = hours(number(10)) + minutes(m[11].matched ? number(11) : 0);
    at += m[9].str() == "+" ? -offset : offset;
  }
  sys_days date = floor<days>(at);
  year_month_day ymd(date);
  hh_mm_ss<seconds> time(at - date);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text + m[7].str() + "Z";
}

Result<ReadPlan> RestSource::Read(const ReadRequest& request) const {
  std::lock_guard<std::mutex> lock(mu_);
  return ReadLocked(request);
}

Result<ReadPlan> RestSource::ReadLocked(const ReadRequest& request) const {
  std::optional<std::string> start;
  if (config_.incremental && request.cursor_bound) {
    start = StartValueFor(request.cursor_bound->value_text);
  } else if (!config_.initial_value.empty()) {
    start = config_.initial_value;
  }
  // One fetch serves every use of the same read (the columns, then the load).
  if (read_done_ && last_start_ == start) {
    if (last_plan_) return *last_plan_;
    ReadPlan empty;
    empty.no_rows_columns_unknown = true;
    return empty;
  }
  if (!staging_) {
    SQLFLOW_ASSIGN_OR_RETURN(staging_,
                             StagingFolder::Create(config_.staging_root, "rest", "REST", label_));
  }
  std::string file = staging_->path() + "/read-" + std::to_string(next_file_++) + ".ndjson";
  RestConfig read_config = config_;
  if (extensions_.read_config) {
    RestProbe probe = [this](const std::string& path,
                             const std::vector<std::pair<std::string, std::string>>& query) {
      return Probe(path, query);
    };
    SQLFLOW_ASSIGN_OR_RETURN(read_config,
                             extensions_.read_config(config_, start, &notices_, probe));
  }
  RestFetchInput input;
  input.config = &read_config;
  input.make_paginator = &extensions_.paginator;
  input.final_response = &extensions_.final_response;
  input.client = client_.get();
  input.auth = auth_.get();
  input.start = start;
  input.ndjson_path = file;
  input.label = label_;
  input.counts = &counts_;
  RestFetchResult fetched;
  if (extensions_.fan_out) {
    std::string parents = staging_->path() + "/parents-" + std::to_string(next_file_) + ".ndjson";
    SQLFLOW_ASSIGN_OR_RETURN(fetched, FetchFanOut(*extensions_.fan_out, input, parents));
  } else {
    SQLFLOW_ASSIGN_OR_RETURN(fetched, FetchPages(input));
  }
  if (!fetched.stopped_by.empty()) {
    notices_.push_back("development cap: read " + std::to_string(fetched.pages) + " page(s), " +
                       std::to_string(fetched.records) + " record(s) (" + fetched.stopped_by +
                       "); later pages were not requested");
  }
  read_done_ = true;
  last_start_ = start;
  last_plan_.reset();
  last_files_.reset();
  columns_declared_ = false;
  last_path_ = file;
  if (fetched.rows == 0) {
    ReadPlan empty;
    empty.no_rows_columns_unknown = true;
    return empty;
  }
  Json reader = {{"path", file}, {"format", "newline_delimited"}};
  FileSourceRequest files{"NDJSON", reader.dump(), project_root_, label_, ", sample_size = -1", ""};
  RealFileSystem real;
  SQLFLOW_ASSIGN_OR_RETURN(last_files_, FileSource::FromRequest(files, real));
  ReadRequest all;  // the runner filters by the cursor itself
  SQLFLOW_ASSIGN_OR_RETURN(ReadPlan plan, last_files_->Read(all));
  last_plan_ = plan;
  return plan;
}

Result<HttpResponse> RestSource::Probe(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& query) const {
  HttpRequest request;
  request.headers = {{"Accept", "application/json"}};
  for (const auto& h : config_.headers) request.headers.push_back(h);
  std::vector<std::pair<std::string, std::string>> all = query;
  Status applied = auth_->Apply(&request.headers, &all);
  if (!applied.ok()) {
    return Status(applied.code(), ScrubSecrets(applied.message(), auth_->Secrets()));
  }
  request.url = config_.base_url + path;
  char sep = '?';
  for (const auto& [name, value] : all) {
    request.url += sep + UrlEncode(name) + "=" + UrlEncode(value);
    sep = '&';
  }
  request.timeout = config_.timeout;
  request.accept_compressed = true;
  Result<HttpResponse> response = client_->Send(request);
  if (!response.ok()) {
    return Status(response.status().code(),
                  ScrubSecrets(label_ + ": GET " + config_.base_url + path + ": " +
                                   response.status().message(),
                               auth_->Secrets()));
  }
  return response;
}

Result<std::vector<ColumnInfo>> RestSource::Columns(Connection& conn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!read_done_) SQLFLOW_RETURN_IF_ERROR(ReadLocked(ReadRequest{}).status());
  if (!last_files_) return std::vector<ColumnInfo>();
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> columns, last_files_->Columns(conn));
  for (ColumnInfo& c : columns) {
    for (const auto& [name, type] : config_.column_types) {
      if (EqualsIgnoreCase(c.name, name)) c.type = type;
    }
    // Nothing in these records says the recorded type is wrong: keep it (engine/type_text.h).
    bool recorded = false;
    for (const ColumnInfo& r : recorded_) {
      if (!EqualsIgnoreCase(c.name, r.name)) continue;
      recorded = true;
      if (c.type != r.type && ReadsAs(c.type, r.type)) c.type = r.type;
    }
    // A field null in every record (or of mixed kinds) is inferred as JSON; as text it reads
    // later values as they are ("changed", not "\"changed\"").
    if (!recorded && c.type == "JSON") c.type = "VARCHAR";
  }
  if (!columns_declared_) SQLFLOW_RETURN_IF_ERROR(DeclareColumns(columns));
  return columns;
}

// DuckDB has inferred the columns over every record (sample_size = -1); the load reads the same
// file with them declared, so that it does not infer them a second time (a whole pass). The
// types read back as they were inferred: the JSON reader only infers ISO dates and times, which
// the declared types parse alike. Keys equal but for case keep inference: DuckDB names the
// second "code" "code_1", a column no record holds under that name.
Status RestSource::DeclareColumns(const std::vector<ColumnInfo>& columns) const {
  columns_declared_ = true;
  auto folded = [](std::string text) {
    for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return text;
  };
  std::set<std::string> names;
  for (const ColumnInfo& c : columns) names.insert(folded(c.name));
  Json declared = Json::object();
  for (const ColumnInfo& c : columns) {
    size_t underscore = c.name.rfind('_');
    if (underscore != std::string::npos && underscore + 1 < c.name.size() &&
        c.name.find_first_not_of("0123456789", underscore + 1) == std::string::npos &&
        names.count(folded(c.name.substr(0, underscore)))) {
      if (!config_.column_types.empty()) {
        return Status::Invalid(label_ + ": records have fields whose names differ only by case " +
                               "(DuckDB named one '" + c.name + "'), so \"columns\" cannot " +
                               "type them; remove \"columns\" or ask the API for one of them");
      }
      return Status::OK();  // maybe renamed by DuckDB: keep inferring
    }
    declared[c.name] = c.type;
  }
  Json reader = {{"path", last_path_}, {"format", "newline_delimited"}, {"columns", declared}};
  FileSourceRequest files{"NDJSON", reader.dump(), project_root_, label_, "", ""};
  RealFileSystem real;
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<FileSource> typed, FileSource::FromRequest(files, real));
  SQLFLOW_ASSIGN_OR_RETURN(ReadPlan plan, typed->Read(ReadRequest{}));
  last_files_ = std::move(typed);
  last_plan_ = plan;
  return Status::OK();
}

std::vector<Metric> RestSource::Metrics() const {
  const HttpMetrics& http = client_->metrics();
  std::vector<Metric> out = ResilienceMetrics(http);
  out.push_back({"bytes_received", static_cast<double>(http.bytes_received.load())});
  out.push_back({"pages", static_cast<double>(counts_.pages.load())});
  out.push_back({"records", static_cast<double>(counts_.records.load())});
  return out;
}

std::vector<std::string> RestSource::TakeLoadWarnings(Connection& conn) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  if (last_files_) out = last_files_->TakeLoadWarnings(conn);
  out.insert(out.end(), notices_.begin(), notices_.end());
  notices_.clear();
  return out;
}

Result<std::string> RestSource::Test(const std::string& params_json, const SourceContext& context) {
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<Source> opened, Open(params_json, context));
  auto* source = static_cast<RestSource*>(opened.get());
  SQLFLOW_ASSIGN_OR_RETURN(auto staging, StagingFolder::Create(source->config_.staging_root, "rest",
                                                               "REST", context.label));
  std::vector<Json> first;
  std::optional<long> status;
  RestFetchInput input;
  input.config = &source->config_;
  input.client = source->client_.get();
  input.auth = source->auth_.get();
  if (!source->config_.initial_value.empty()) input.start = source->config_.initial_value;
  input.ndjson_path = staging->path() + "/test.ndjson";
  input.label = context.label;
  input.first_page_only = true;
  input.first_records = &first;
  input.first_status = &status;
  SQLFLOW_ASSIGN_OR_RETURN(RestFetchResult fetched, FetchPages(input));
  std::string out = "  " + source->config_.method + " " + source->config_.base_url +
                    source->config_.path + ": " + std::to_string(status.value_or(0)) + ", " +
                    source->auth_->Describe() +
                    "\n  first page: " + std::to_string(fetched.records) + " record(s)";
  if (!first.empty() && first[0].is_object()) {
    std::string fields;
    for (auto it = first[0].begin(); it != first[0].end(); ++it) {
      fields += (fields.empty() ? "" : ", ") + it.key() + " (" + JsonTypeName(*it) + ")";
    }
    out += "\n  fields: " + fields;
  }
  return out;
}

}  // namespace sqlflow
