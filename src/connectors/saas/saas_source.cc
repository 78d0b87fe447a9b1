#include "connectors/saas/saas_source.h"

#include "common/strings.h"
#include "connectors/http/resilience_params.h"
#include "connectors/rest/rest_auth.h"
#include "connectors/rest/rest_source.h"
#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

// The SOURCE params a stream's REST source takes as they are.
const char* const kPassedOn[] = {"retry",     "rate_limit",  "circuit",     "timeout",
                                 "max_pages", "max_records", "staging_dir", "sync_mode"};

std::string PinnedStreamName(const Json& params) {
  for (const char* key : {"stream", "object_name"}) {
    auto it = params.find(key);
    if (it != params.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

Status NoSuchStream(const SaasApi& api, const std::string& name, const std::string& why) {
  return Status::Invalid(
      api.name + " has no stream '" + name + "' (" + why + "); its streams: " + StreamNames(api) +
      ". Name the LOAD's table after a stream, or set " + "\"stream\" in the SOURCE's params");
}

// A stream's REST source, whose 403 says which permission the stream needs.
class SaasStreamSource : public Source {
 public:
  SaasStreamSource(std::unique_ptr<Source> rest, std::string hint)
      : rest_(std::move(rest)), hint_(std::move(hint)) {}

  SourceCapabilities capabilities() const override { return rest_->capabilities(); }
  Result<std::vector<ColumnInfo>> Columns(Connection& conn) override {
    Result<std::vector<ColumnInfo>> columns = rest_->Columns(conn);
    if (!columns.ok()) return Explained(columns.status());
    return columns;
  }
  Result<ReadPlan> Read(const ReadRequest& request) const override {
    Result<ReadPlan> plan = rest_->Read(request);
    if (!plan.ok()) return Explained(plan.status());
    return plan;
  }
  IncrementalKeys DefaultIncrementalKeys() const override {
    return rest_->DefaultIncrementalKeys();
  }
  void SetRecordedColumns(const std::vector<ColumnInfo>& recorded) const override {
    rest_->SetRecordedColumns(recorded);
  }
  std::vector<Metric> Metrics() const override { return rest_->Metrics(); }
  void Cancel() const override { rest_->Cancel(); }
  std::vector<std::string> TakeLoadWarnings(Connection& conn) const override {
    return rest_->TakeLoadWarnings(conn);
  }

 private:
  Status Explained(const Status& error) const {
    if (hint_.empty() || error.message().find(" answered 403 ") == std::string::npos) return error;
    return Status(error.code(), error.message() + "; " + hint_);
  }

  std::unique_ptr<Source> rest_;
  std::string hint_;
};

// The parent of a fan-out stream, read as `params` read it: with the watermark when the SOURCE
// is incremental and the parent can be filtered, with the parent's extra query params, without
// the SOURCE's settings of the child (its cursor, key, caps).
Result<RestConfig> ParentConfig(const SaasApi& api, const Json& params, const SaasParent& parent,
                                const std::string& project_root, const std::string& label) {
  const SaasStream* stream = FindStream(api, parent.stream);
  if (stream == nullptr) return Status::Internal(label + ": no parent stream " + parent.stream);
  Json own = params;
  for (const char* key : {"cursor_field", "primary_key", "max_pages", "max_records"}) {
    own.erase(key);
  }
  SQLFLOW_ASSIGN_OR_RETURN(Json rest, SaasSource::StreamParams(api, own, *stream, label));
  for (auto it = parent.params.begin(); it != parent.params.end(); ++it) {
    rest["params"][it.key()] = *it;
  }
  rest.erase("record");  // the parent's records as the API sends them
  return ReadRestConfig(rest, project_root, label);
}

std::string PermissionHint(const SaasApi& api, const SaasStream& stream) {
  if (stream.permission.empty()) return "";
  return "the " + api.name + " stream '" + stream.name + "' needs the " + stream.permission +
         " permission: grant it to the token (or the app) and run again";
}

}  // namespace

Result<Json> SaasSource::StreamParams(const SaasApi& api, const Json& params,
                                      const SaasStream& stream, const std::string& label) {
  SQLFLOW_ASSIGN_OR_RETURN(Json out, api.common_params(params, label));
  bool incremental = ToLowerAscii(params.value("sync_mode", "")) == "incremental";
  std::string cursor = params.value("cursor_field", stream.cursor_field);
  // A stream the API cannot filter is read in full (the plan warns: ConnectorSpec).
  bool filterable = !cursor.empty() && StreamTakesWatermark(api, stream);
  if (!filterable) incremental = false;
  std::string version = out.value("api_version", "");
  out.erase("api_version");
  out["path"] = ReplaceAll(stream.path, "{api_version}", version);
  out["data_selector"] = stream.data_selector;
  // The stream's query params, then the SOURCE's (the earlier tool's batch_size as limit).
  Json query = stream.params;
  Json given = out.value("params", Json::object());
  for (auto it = given.begin(); it != given.end(); ++it) query[it.key()] = *it;
  out["params"] = query;
  out["paginator"] = stream.paginator.is_null() ? api.paginator : stream.paginator;
  if (!stream.columns.empty()) out["columns"] = stream.columns;
  if (!stream.record.empty()) out["record"] = stream.record;
  for (const char* key : kPassedOn) {
    auto it = params.find(key);
    if (it != params.end()) out[key] = *it;
  }
  if (!incremental) out.erase("sync_mode");
  if (!cursor.empty()) out["cursor_field"] = cursor;
  if (params.contains("primary_key")) {
    out["primary_key"] = params["primary_key"];
  } else if (!stream.primary_key.empty()) {
    out["primary_key"] = stream.primary_key;
  }
  if (incremental && !stream.incremental_param.empty()) {
    out["incremental"] = Json{{"param", stream.incremental_param}};
  }
  return out;
}

SaasSource::SaasSource(const SaasApi& api, Json params, std::unique_ptr<HttpClient> root,
                       SourceContext context, std::string pinned)
    : api_(api),
      params_(std::move(params)),
      root_(std::move(root)),
      context_(std::move(context)),
      pinned_(std::move(pinned)) {}

SaasSource::~SaasSource() = default;

Result<std::unique_ptr<Source>> SaasSource::Open(const SaasApi& api, const std::string& params_json,
                                                 const SourceContext& context) {
  Json params = Json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(context.label + ": params must be an object");
  // The API's own params are checked now, not at the first LOAD.
  SQLFLOW_ASSIGN_OR_RETURN(Json common, api.common_params(params, context.label));
  std::string pinned = PinnedStreamName(params);
  if (!pinned.empty() && FindStream(api, pinned) == nullptr) {
    Status missing = NoSuchStream(api, pinned, "the SOURCE's \"stream\"");
    return Status::Invalid(context.label + ": " + missing.message());
  }
  // One rate limit for every stream: the API's, unless the SOURCE sets its own.
  for (const char* key : {"retry", "rate_limit", "circuit"}) {
    if (params.contains(key)) common[key] = params[key];
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      ResiliencePolicy policy,
      ResiliencePolicyFromParams(common.dump(), ResiliencePolicy{}, context.label));
  policy.rate_limit.usage_header = api.usage_header;
  return std::unique_ptr<Source>(new SaasSource(
      api, std::move(params), std::make_unique<HttpClient>(policy), context, std::move(pinned)));
}

Result<std::string> SaasSource::Test(const SaasApi& api, const std::string& params_json,
                                     const SourceContext& context) {
  Json params = Json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(context.label + ": params must be an object");
  std::string name = PinnedStreamName(params);
  if (name.empty() && !api.streams.empty()) name = api.streams.front().name;
  std::optional<SaasStream> stream = StreamFor(api, name, params);
  if (!stream) {
    return Status::Invalid(context.label + ": " +
                           NoSuchStream(api, name, "the SOURCE's \"stream\"").message());
  }
  // A stream read per parent record is tested by its parent's first page.
  std::string note;
  if (stream->parent) {
    note = " (read once per " + stream->parent->stream + " record; tested by its first page)";
    stream = StreamFor(api, stream->parent->stream, params);
    if (!stream) return Status::Internal(context.label + ": no parent stream");
  }
  Json rest_params = params;
  rest_params.erase("sync_mode");  // a test reads the first page, whatever the mode
  SQLFLOW_ASSIGN_OR_RETURN(Json stream_params,
                           StreamParams(api, rest_params, *stream, context.label));
  Result<std::string> tested = RestSource::Test(stream_params.dump(), context);
  if (!tested.ok()) {
    std::string hint = PermissionHint(api, *stream);
    if (!hint.empty() && tested.status().message().find(" answered 403 ") != std::string::npos) {
      return Status(tested.status().code(), tested.status().message() + "; " + hint);
    }
    return tested.status();
  }
  return "stream " + name + note + ":\n" + *tested;
}

Result<std::shared_ptr<Source>> SaasSource::OpenStream(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = streams_.find(name);
  if (found != streams_.end()) return found->second;
  std::optional<SaasStream> stream = StreamFor(api_, name, params_);
  if (!stream) return NoSuchStream(api_, name, "the LOAD's table name");
  std::string label = context_.label + " (stream " + name + ")";
  SQLFLOW_ASSIGN_OR_RETURN(Json params, StreamParams(api_, params_, *stream, label));
  SourceContext context = context_;
  context.label = label;
  RestExtensions extensions = stream->extensions;
  if (stream->parent) {
    RestFanOut fan_out;
    SQLFLOW_ASSIGN_OR_RETURN(
        fan_out.parent, ParentConfig(api_, params_, *stream->parent, context_.project_root, label));
    fan_out.field = stream->parent->field;
    fan_out.placeholder = stream->parent->placeholder;
    fan_out.batch = stream->parent->batch;
    fan_out.carry = stream->parent->carry;
    extensions.fan_out = std::move(fan_out);
  }
  // One auth for the SOURCE's streams: one OAuth token, refreshed once for all of them.
  if (!auth_) {
    nlohmann::json auth_config = nlohmann::json::parse(params.value("auth", Json()).dump());
    SQLFLOW_ASSIGN_OR_RETURN(auth_,
                             MakeRestAuth(auth_config, root_.get(), SystemClock(), context_.label));
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      std::unique_ptr<Source> rest,
      RestSource::OpenWithClient(params.dump(), context, root_->Sibling(), extensions, auth_));
  auto opened = std::make_shared<SaasStreamSource>(std::move(rest), PermissionHint(api_, *stream));
  streams_[name] = opened;
  return std::shared_ptr<Source>(opened);
}

Result<std::optional<SourceStream>> SaasSource::Stream(const std::string& target_name) const {
  std::string name = pinned_.empty() ? target_name : pinned_;
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<Source> source, OpenStream(name));
  return std::optional<SourceStream>(SourceStream{name, std::move(source)});
}

Result<std::shared_ptr<Source>> SaasSource::PinnedStream() const {
  if (pinned_.empty()) {
    return Status::Invalid(context_.label + ": a " + api_.name + " SOURCE serves several " +
                           "streams (" + StreamNames(api_) + "), so SQL cannot read it " +
                           "directly; LOAD a stream into a table (LOAD orders FROM source) and " +
                           "query the table, or set \"stream\" in the SOURCE's params");
  }
  return OpenStream(pinned_);
}

SourceCapabilities SaasSource::capabilities() const {
  SourceCapabilities can;
  can.columns_from_read = true;
  can.keeps_row_order = false;
  return can;
}

Result<std::vector<ColumnInfo>> SaasSource::Columns(Connection& conn) {
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<Source> stream, PinnedStream());
  return stream->Columns(conn);
}

Result<ReadPlan> SaasSource::Read(const ReadRequest& request) const {
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<Source> stream, PinnedStream());
  return stream->Read(request);
}

void SaasSource::SetRecordedColumns(const std::vector<ColumnInfo>& recorded) const {
  Result<std::shared_ptr<Source>> stream = PinnedStream();
  if (stream.ok()) (*stream)->SetRecordedColumns(recorded);
}

IncrementalKeys SaasSource::DefaultIncrementalKeys() const {
  Result<std::shared_ptr<Source>> stream = PinnedStream();
  return stream.ok() ? (*stream)->DefaultIncrementalKeys() : IncrementalKeys{};
}

std::vector<Metric> SaasSource::Metrics() const {
  if (pinned_.empty()) return {};
  Result<std::shared_ptr<Source>> stream = PinnedStream();
  return stream.ok() ? (*stream)->Metrics() : std::vector<Metric>{};
}

void SaasSource::Cancel() const {
  root_->Cancel();
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [name, stream] : streams_) stream->Cancel();
}

std::vector<std::string> SaasSource::warnings() const {
  return api_.param_warnings ? api_.param_warnings(params_) : std::vector<std::string>{};
}

std::vector<std::string> SaasSource::TakeLoadWarnings(Connection& conn) const {
  if (pinned_.empty()) return {};
  Result<std::shared_ptr<Source>> stream = PinnedStream();
  return stream.ok() ? (*stream)->TakeLoadWarnings(conn) : std::vector<std::string>{};
}

SourceConnector SaasConnector(const SaasApi& api) {
  return {SaasSourceSpec(api),
          [&api](const std::string& params_json, const SourceContext& context) {
            return SaasSource::Open(api, params_json, context);
          },
          /*opens_ahead=*/false,
          [&api](const std::string& params_json, const SourceContext& context) {
            return SaasSource::Test(api, params_json, context);
          }};
}

}  // namespace sqlflow
