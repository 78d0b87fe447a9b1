#include "plan/plan.h"

#include <cctype>

namespace sqlflow {

const char* ToString(StepKind kind) {
  switch (kind) {
    case StepKind::kSource:
      return "source";
    case StepKind::kLoad:
      return "load";
    case StepKind::kTransform:
      return "transform";
    case StepKind::kSql:
      return "sql";
    case StepKind::kExport:
      return "export";
  }
  return "?";
}

const Step* Plan::FindStep(const std::string& id) const {
  for (const Step& s : steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string TableKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == '"') continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const char* prefix : {"memory.main.", "main."}) {
    std::string_view p(prefix);
    if (key.size() > p.size() && key.compare(0, p.size(), p) == 0) key.erase(0, p.size());
  }
  return key;
}

}  // namespace sqlflow
