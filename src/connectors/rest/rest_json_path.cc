#include "connectors/rest/rest_json_path.h"

#include <charconv>

namespace sqlflow {

const nlohmann::json* FindJsonPath(const nlohmann::json& root, std::string_view path) {
  const nlohmann::json* at = &root;
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (at->is_object()) {
      auto it = at->find(std::string(part));
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc() || end != part.data() + part.size() || index >= at->size()) {
        return nullptr;
      }
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string DescribeJsonTop(const nlohmann::json& value) {
  if (value.is_object()) {
    if (value.empty()) return "an empty object";
    std::string keys;
    int shown = 0;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (shown++ == 20) {
        keys += ", …";
        break;
      }
      keys += (keys.empty() ? "" : ", ") + it.key();
    }
    return "an object with keys " + keys;
  }
  if (value.is_array()) return "an array of " + std::to_string(value.size()) + " items";
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  return "null";
}

}  // namespace sqlflow
