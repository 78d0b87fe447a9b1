#include "lang/ast.h"

#include <cctype>

namespace sqlflow {

namespace {

bool NeedsQuotes(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return true;
  }
  return false;
}

}  // namespace

std::string QualifiedName::ToString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '.';
    const std::string& n = parts[i].name;
    if (!NeedsQuotes(n)) {
      out += n;
      continue;
    }
    out += '"';
    for (char c : n) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out;
}

const char* ToString(WriteMode mode) {
  switch (mode) {
    case WriteMode::kReplace:
      return "REPLACE";
    case WriteMode::kAppend:
      return "APPEND";
    case WriteMode::kMerge:
      return "MERGE";
    case WriteMode::kIncremental:
      return "INCREMENTAL";
  }
  return "?";
}

const JsonValue* JsonValue::Find(const std::string& key) const {
  for (const JsonMember& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

}  // namespace sqlflow
