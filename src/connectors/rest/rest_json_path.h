// Dotted paths into a JSON body ("data.items", "meta.next_cursor", "links.next.href"): the REST
// source's data_selector and the paginators' cursor, total and next-URL paths. A part that is a
// number indexes an array ("results.0.id"). Bodies are RestJson (ordered_json: records keep the
// API's field order, which becomes the column order); configs may be either kind.
// Thread-safety: pure functions.
#pragma once

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sqlflow {

// An API response body or record, with its fields in the order the API sent them.
using RestJson = nlohmann::ordered_json;

// The value at `path` below `root`, or nullptr when a part is missing (or `root` is not an
// object/array where a part needs one). An empty path is `root` itself.
template <typename BasicJson>
const BasicJson* FindJsonPath(const BasicJson& root, std::string_view path) {
  const BasicJson* at = &root;
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

// "an object with keys data, meta, links" (the first 20 keys), "an array of 3 items", "a
// string", … — for messages that say where a path did not lead.
template <typename BasicJson>
std::string DescribeJsonTop(const BasicJson& value) {
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
