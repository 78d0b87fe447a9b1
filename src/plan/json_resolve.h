// Resolving the relaxed JSON of PARAMS and OPTIONS (SPEC §2.1) into plain JSON: variables are
// substituted and numbers typed. Objects keep the user's member order (nlohmann::ordered_json),
// so the plan shows params as written.
// Thread-safety: stateless functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "lang/ast.h"
#include "plan/variables.h"

namespace sqlflow {

// The JSON for `value`:
//  - strings (and object keys) splice `${…}` textually, never adding quotes;
//  - a bare `${…}` value becomes a JSON literal from its resolved text: a number when the text
//    is JSON number syntax (`7`, `-1.5`, `1e3`; not `007`), true/false in any case, else a
//    string. "null" stays the string "null": SPEC §2.1 gives variables numbers, booleans and
//    strings only;
//  - number literals become int64 when integral and in range (uint64 above that), else double.
// Undefined and malformed references are appended to `unresolved` and kept as written (a bare
// one as the string `${…}`); so is a number literal out of a double's range. When `resolved` is
// given, the variables used are recorded there.
// REQUIRES: spans of strings and keys cover the literal including its opening quote.
nlohmann::ordered_json ResolveJson(const JsonValue& value, const VariableScope& vars,
                                   std::vector<UnresolvedUse>* unresolved,
                                   ResolvedVariables* resolved = nullptr);

}  // namespace sqlflow
