// Reading resolved params (a SOURCE's PARAMS, an EXPORT's OPTIONS) that the planner has already
// checked against the connector's spec.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sqlflow {

// A param declared kStringOrList ("id" or ["a", "b"]) as a list; empty when absent. A list item
// that is not a string reads as "" (validation has refused such params before a run).
std::vector<std::string> StringOrList(const nlohmann::json& params, const char* name);

}  // namespace sqlflow
