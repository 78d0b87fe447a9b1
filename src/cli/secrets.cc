#include "cli/secrets.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "cli/profile.h"

namespace sqlflow {

namespace {

using Json = nlohmann::ordered_json;

void AddValue(const std::string& value, std::vector<std::string>* out) {
  if (value.size() >= kMinSecretLength) out->push_back(value);
}

void AddCredentialsIn(const std::string& text, std::vector<std::string>* out) {
  for (const std::string& credential : FindCredentialsInText(text)) AddValue(credential, out);
}

// Secret values in a connector's params: values of secret keys and credentials inside strings.
void CollectFromJson(const Json& value, bool under_secret_key, std::vector<std::string>* out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      CollectFromJson(child, under_secret_key || IsSecretKey(key), out);
    }
  } else if (value.is_array()) {
    for (const Json& child : value) CollectFromJson(child, under_secret_key, out);
  } else if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (under_secret_key) AddValue(s, out);
    AddCredentialsIn(s, out);
  } else if (under_secret_key && value.is_number()) {
    AddValue(value.dump(), out);
  }
}

}  // namespace

std::vector<std::string> CollectSecretValuesInParams(const Json& params) {
  std::vector<std::string> out;
  CollectFromJson(params, false, &out);
  return out;
}

Json MaskSecrets(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, child] : value.items()) {
      out[key] = IsSecretKey(key) && !child.is_null() ? Json(kSecretMask) : MaskSecrets(child);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& child : value) out.push_back(MaskSecrets(child));
    return out;
  }
  if (value.is_string()) return MaskCredentialsInText(value.get_ref<const std::string&>());
  return value;
}

std::vector<std::string> CollectSecretValues(const Profile& profile) {
  std::vector<std::string> out;
  for (const auto& [name, connector] : profile.connectors) {
    if (connector.params) CollectFromJson(*connector.params, false, &out);
  }
  for (const auto& [name, value] : profile.variables) {
    if (IsSecretKey(name) && profile.unresolved_variables.count(name) == 0) AddValue(value, &out);
    AddCredentialsIn(value, &out);
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace sqlflow
