// The records of a REST page: where they are in the body (data_selector, or a guess that must be
// unambiguous), and how they are written for DuckDB's JSON reader (one per line, nested objects
// flattened into "a.b" fields when asked).
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_json_path.h"

namespace sqlflow {

// The records array of `body`: at `data_selector` (a dotted path) when given; else the body
// itself when it is an array; else the one top-level field that holds an array. InvalidArgument
// (the message starts with `where`) when the selector leads nowhere or not to an array, or
// when no single array can be told — naming what the body holds and the data_selector to set.
Result<const RestJson*> SelectRecords(const RestJson& body, const std::string& data_selector,
                                      const std::string& where);

// `record` with every nested object's fields lifted to the top as "parent.child" (arrays are
// kept as they are). A record that is not an object becomes {"value": record}.
RestJson FlattenRecord(const RestJson& record);

// `item` (one element of the records array) shaped as `shape` says (rest_config.h RecordShape).
// InvalidArgument (starting with `where`) when shape.path leads nowhere in the item or to
// something other than an object, or shape.lift is not an object.
Result<RestJson> ShapeRecord(const RestJson& item, const RecordShape& shape,
                             const std::string& where);

// The rows of a shaped record: one, or one per element of shape.explode, or the elements of
// shape.each (none when it is absent, null or empty). InvalidArgument when that field is
// neither absent, null nor a list of objects.
Result<std::vector<RestJson>> ExplodeRecord(RestJson record, const RecordShape& shape,
                                            const std::string& where);

// One NDJSON line for `record` (an object; a scalar is wrapped as {"value": …}), with "\n".
std::string RecordLine(const RestJson& record, bool flatten);

}  // namespace sqlflow
