// The plan for people (`sqlflow compile`) and as JSON (`--json`, target/compiled/*.json).
// Params and options are printed through `mask`, which hides secret values.
#pragma once

#include <functional>
#include <string>

#include "plan/plan.h"

namespace sqlflow {

// Takes a JSON object text, returns it with secrets masked.
using ParamMask = std::function<std::string(const std::string& params_json)>;

std::string FormatPlanText(const Plan& plan, const ParamMask& mask);
std::string FormatPlanJson(const Plan& plan, const ParamMask& mask);

}  // namespace sqlflow
