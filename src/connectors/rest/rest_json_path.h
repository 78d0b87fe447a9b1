// Dotted paths into a JSON body ("data.items", "meta.next_cursor", "links.next.href"): the REST
// source's data_selector and the paginators' cursor, total and next-URL paths. A part that is a
// number indexes an array ("results.0.id").
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sqlflow {

// The value at `path` below `root`, or nullptr when a part is missing (or `root` is not an
// object/array where a part needs one). An empty path is `root` itself.
const nlohmann::json* FindJsonPath(const nlohmann::json& root, std::string_view path);

// "data, meta, links" — the top-level keys of an object (the first 20), for messages that say
// where a path did not lead; "an array of 3 items", "a string", … for anything else.
std::string DescribeJsonTop(const nlohmann::json& value);

}  // namespace sqlflow
