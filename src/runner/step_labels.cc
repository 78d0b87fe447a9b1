#include "runner/step_labels.h"

namespace sqlflow {

std::string StepLabel(const Step& step) {
  std::string place = step.span.file + ":" + std::to_string(step.span.line) + ": ";
  switch (step.kind) {
    case StepKind::kSource:
      return place + "SOURCE " + step.source_name;
    case StepKind::kLoad:
      return place + "LOAD " + step.target_table + " MODE " + ToString(step.mode);
    case StepKind::kTransform:
      return place + "CREATE TABLE " + step.target_table + " MODE " + ToString(step.mode);
    case StepKind::kExport:
      return place + "EXPORT TO '" + step.destination + "'";
    case StepKind::kSql:
      return place + "SQL statement";
  }
  return place;
}

LoadMode ToLoadMode(WriteMode mode) {
  switch (mode) {
    case WriteMode::kAppend:
      return LoadMode::kAppend;
    case WriteMode::kMerge:
      return LoadMode::kMerge;
    default:
      return LoadMode::kReplace;
  }
}

}  // namespace sqlflow
