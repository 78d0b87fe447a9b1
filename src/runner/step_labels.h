// How a step names itself at the start of its error messages (SPEC §3.2):
// "pipelines/shop.sf:14: LOAD stock MODE APPEND".
#pragma once

#include <string>

#include "engine/load_writer.h"
#include "plan/plan.h"

namespace sqlflow {

std::string StepLabel(const Step& step);
// REQUIRES: mode is not kIncremental.
LoadMode ToLoadMode(WriteMode mode);

}  // namespace sqlflow
