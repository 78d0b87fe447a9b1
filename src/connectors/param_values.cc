#include "connectors/param_values.h"

namespace sqlflow {

std::vector<std::string> StringOrList(const nlohmann::json& params, const char* name) {
  std::vector<std::string> out;
  auto it = params.find(name);
  if (it == params.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const auto& item : *it) out.push_back(item.is_string() ? item.get<std::string>() : "");
  }
  return out;
}

}  // namespace sqlflow
