#include "connectors/rest/rest_config.h"

#include "common/strings.h"
#include "connectors/param_values.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

// The nlohmann::json the auth and paginator readers take.
nlohmann::json Unordered(const Json& value) { return nlohmann::json::parse(value.dump()); }

std::string ScalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();  // numbers
}

// An object of scalars ("params", "headers") as name/value pairs, in order.
Result<std::vector<std::pair<std::string, std::string>>> ScalarPairs(const Json& params,
                                                                     const char* name,
                                                                     const std::string& label) {
  std::vector<std::pair<std::string, std::string>> out;
  auto it = params.find(name);
  if (it == params.end() || it->is_null()) return out;
  if (!it->is_object()) {
    return Status::Invalid(label + ": \"" + name + "\" must be an object of names and values, " +
                           "e.g. {\"status\": \"open\"}");
  }
  for (auto item = it->begin(); item != it->end(); ++item) {
    if (item->is_object() || item->is_array() || item->is_null()) {
      return Status::Invalid(label + ": " + name + "." + item.key() +
                             " must be a string, number or boolean");
    }
    out.emplace_back(item.key(), ScalarText(*item));
  }
  return out;
}

std::optional<int64_t> PositiveInt(const Json& params, const char* name) {
  auto it = params.find(name);
  if (it == params.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

Result<std::vector<RestResponseAction>> ResponseActions(const Json& params,
                                                        const std::string& label) {
  std::vector<RestResponseAction> out;
  auto it = params.find("response_actions");
  if (it == params.end() || it->is_null()) return out;
  const std::string how = "; write [{\"status_code\": 404, \"action\": \"ignore\"}]";
  if (!it->is_array())
    return Status::Invalid(label + ": \"response_actions\" must be a list" + how);
  for (const Json& entry : *it) {
    if (!entry.is_object() || !entry.contains("status_code") ||
        !entry["status_code"].is_number_integer() || !entry.contains("action") ||
        !entry["action"].is_string()) {
      return Status::Invalid(label + ": each of \"response_actions\" needs a status_code and an " +
                             "action" + how);
    }
    std::string action = ToLowerAscii(entry["action"].get<std::string>());
    if (action != "ignore") {
      return Status::Invalid(label + ": response action '" + action +
                             "' is not supported; the one action is \"ignore\" (the page holds " +
                             "no records and paging stops)");
    }
    out.push_back({entry["status_code"].get<long>(), action});
  }
  return out;
}

Status ReadIncremental(const Json& params, RestConfig& config, const std::string& label) {
  config.incremental = ToLowerAscii(params.value("sync_mode", "")) == "incremental";
  config.cursor_field = params.value("cursor_field", "");
  config.primary_key = StringOrList(params, "primary_key");
  auto it = params.find("incremental");
  if (it != params.end() && !it->is_null()) {
    if (!it->is_object()) {
      return Status::Invalid(label + ": \"incremental\" must be an object, e.g. {\"param\": " +
                             "\"updated_since\", \"initial_value\": \"2024-01-01T00:00:00Z\"}");
    }
    for (auto field = it->begin(); field != it->end(); ++field) {
      const std::string& key = field.key();
      if (key != "param" && key != "initial_value" && key != "lag" && key != "cursor_path") {
        return Status::Invalid(label + ": incremental." + key + " is not a setting; use " +
                               "param, initial_value, lag");
      }
    }
    if (it->contains("param")) config.incremental_param = ScalarText((*it)["param"]);
    if (it->contains("initial_value")) config.initial_value = ScalarText((*it)["initial_value"]);
    if (it->contains("cursor_path") && config.cursor_field.empty()) {
      config.cursor_field = ScalarText((*it)["cursor_path"]);
    }
  }
  if (config.incremental && config.cursor_field.empty()) {
    return Status::Invalid(label + ": an incremental REST source needs \"cursor_field\": the " +
                           "record field whose largest value is the watermark");
  }
  return Status::OK();
}

Result<RecordShape> ReadRecordShape(const Json& params, const std::string& label) {
  RecordShape shape;
  auto it = params.find("record");
  if (it == params.end() || it->is_null()) return shape;
  if (!it->is_object()) {
    return Status::Invalid(label + ": \"record\" must be an object: {\"path\": \"data.object\", " +
                           "\"lift\": \"properties\", \"fields\": {\"updated\": \"created\"}}");
  }
  for (auto f = it->begin(); f != it->end(); ++f) {
    const std::string& key = f.key();
    if (key == "path" || key == "lift" || key == "explode" || key == "explode_prefix" ||
        key == "each") {
      if (!f->is_string()) {
        return Status::Invalid(label + ": record." + key + " must be a string");
      }
      (key == "path"      ? shape.path
       : key == "lift"    ? shape.lift
       : key == "explode" ? shape.explode
       : key == "each"    ? shape.each
                          : shape.explode_prefix) = f->get<std::string>();
    } else if (key == "fields") {
      SQLFLOW_ASSIGN_OR_RETURN(shape.fields, ScalarPairs(*it, "fields", label + ": record"));
    } else {
      return Status::Invalid(label + ": record." + key + " is not a setting; use path, lift, " +
                             "fields, explode, explode_prefix, each");
    }
  }
  if (!shape.each.empty() && !shape.explode.empty()) {
    return Status::Invalid(label + ": record.each and record.explode cannot both be set: each " +
                           "makes the list's elements the rows, explode adds them to the record");
  }
  return shape;
}

}  // namespace

Result<RestConfig> ReadRestConfig(const Json& params, const std::string& project_root,
                                  const std::string& label) {
  RestConfig config;
  config.base_url = params.value("base_url", "");
  if (config.base_url.empty()) {
    return Status::Invalid(label + ": a REST source needs \"base_url\", e.g. " +
                           "\"https://api.example.com/v2\"");
  }
  if (!config.base_url.starts_with("http://") && !config.base_url.starts_with("https://")) {
    return Status::Invalid(label + ": base_url '" + config.base_url +
                           "' must start with https:// (or http://)");
  }
  while (config.base_url.ends_with("/")) config.base_url.pop_back();
  config.path = params.value("path", "");
  if (!config.path.empty() && config.path[0] != '/') config.path = "/" + config.path;
  config.method = ToUpperAscii(params.value("method", "GET"));
  if (config.method != "GET" && config.method != "POST") {
    return Status::Invalid(label + ": method '" + config.method + "' is not supported; use GET " +
                           "or POST");
  }
  if (params.contains("json") && !params["json"].is_null()) {
    if (config.method != "POST") {
      return Status::Invalid(label + ": a \"json\" body needs \"method\": \"POST\"");
    }
    config.json_body = Unordered(params["json"]);
  }
  SQLFLOW_ASSIGN_OR_RETURN(config.params, ScalarPairs(params, "params", label));
  SQLFLOW_ASSIGN_OR_RETURN(config.headers, ScalarPairs(params, "headers", label));
  SQLFLOW_ASSIGN_OR_RETURN(config.column_types, ScalarPairs(params, "columns", label));
  config.auth = Unordered(params.value("auth", Json()));
  config.paginator = Unordered(params.value("paginator", Json()));
  config.data_selector = params.value("data_selector", "");
  config.flatten = params.value("flatten", false);
  SQLFLOW_ASSIGN_OR_RETURN(config.record, ReadRecordShape(params, label));
  config.max_pages = PositiveInt(params, "max_pages");
  config.max_records = PositiveInt(params, "max_records");
  SQLFLOW_ASSIGN_OR_RETURN(config.response_actions, ResponseActions(params, label));
  SQLFLOW_RETURN_IF_ERROR(ReadIncremental(params, config, label));
  std::string staging = params.value("staging_dir", "");
  config.staging_root = staging.empty()     ? project_root + "/target/rest-staging"
                        : staging[0] == '/' ? staging
                                            : project_root + "/" + staging;
  if (params.contains("timeout") && params["timeout"].is_number()) {
    config.timeout =
        std::chrono::milliseconds(static_cast<int64_t>(params["timeout"].get<double>() * 1000));
  }
  return config;
}

}  // namespace sqlflow
