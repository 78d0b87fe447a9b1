#include "connectors/saas/saas_api.h"

#include "connectors/connector_registry.h"
#include "connectors/rest/rest_spec.h"

namespace sqlflow {

const SaasStream* FindStream(const SaasApi& api, const std::string& name) {
  for (const SaasStream& s : api.streams) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::optional<SaasStream> StreamFor(const SaasApi& api, const std::string& name,
                                    const nlohmann::ordered_json& params) {
  const SaasStream* found = FindStream(api, name);
  if (found == nullptr) return std::nullopt;
  SaasStream stream = *found;
  if (api.adjust_stream) api.adjust_stream(params, &stream);
  return stream;
}

bool StreamTakesWatermark(const SaasApi& api, const SaasStream& stream) {
  if (!stream.incremental_param.empty() || stream.extensions.read_config) return true;
  if (!stream.parent) return false;
  const SaasStream* parent = FindStream(api, stream.parent->stream);
  return parent != nullptr && !parent->cursor_field.empty() && !parent->incremental_param.empty();
}

std::string StreamNames(const SaasApi& api) {
  std::string out;
  for (const SaasStream& s : api.streams) out += (out.empty() ? "" : ", ") + s.name;
  return out;
}

std::vector<ParamSpec> SaasPassThroughParams() {
  std::vector<ParamSpec> out = {
      {"stream",
       ParamType::kString,
       false,
       "the stream every LOAD of this SOURCE reads (default: the LOAD's table name)",
       {},
       {"object_name"}},
      {"base_url", ParamType::kString, false,
       "replaces the API's origin (tests, proxies); the API's paths stay"},
  };
  for (ParamSpec& p : RestReadParams("requests_per_second, burst (default: the API's limit)")) {
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

// The stream a LOAD into `target_name` reads from a SOURCE with `params_json`.
std::optional<SaasStream> StreamOfLoad(const SaasApi& api, const std::string& params_json,
                                       const std::string& target_name) {
  nlohmann::ordered_json params = nlohmann::ordered_json::parse(params_json, nullptr, false);
  if (!params.is_object()) params = nlohmann::ordered_json::object();
  std::string name = target_name;
  for (const char* key : {"stream", "object_name"}) {
    if (params.contains(key) && params[key].is_string()) name = params[key].get<std::string>();
  }
  return StreamFor(api, name, params);
}

}  // namespace

ConnectorSpec SaasSourceSpec(const SaasApi& api) {
  ConnectorSpec spec{api.type, api.description, api.params};
  for (ParamSpec& p : SaasPassThroughParams()) spec.params.push_back(std::move(p));
  for (ParamSpec& p : CommonSourceParams()) spec.params.push_back(std::move(p));
  spec.knows_cursors = true;
  spec.stream_keys = [&api](const std::string& params_json, const std::string& target_name) {
    std::optional<SaasStream> stream = StreamOfLoad(api, params_json, target_name);
    return stream ? stream->primary_key : std::vector<std::string>();
  };
  spec.stream_has_cursor = [&api](const std::string& params_json, const std::string& target_name) {
    std::optional<SaasStream> stream = StreamOfLoad(api, params_json, target_name);
    // An unknown stream fails when it is read, naming the streams there are.
    return !stream || StreamTakesWatermark(api, *stream);
  };
  return spec;
}

}  // namespace sqlflow
