#include "common/connector_spec.h"

#include <strings.h>

namespace sqlflow {

const char* ToString(ParamType type) {
  switch (type) {
    case ParamType::kString:
      return "string";
    case ParamType::kBool:
      return "boolean";
    case ParamType::kInteger:
      return "integer";
    case ParamType::kNumber:
      return "number";
    case ParamType::kStringOrList:
      return "string or list of strings";
    case ParamType::kObject:
      return "object";
    case ParamType::kList:
      return "list";
  }
  return "?";
}

const ParamSpec* ConnectorSpec::FindParam(const std::string& name) const {
  for (const ParamSpec& p : params) {
    if (p.name == name) return &p;
    for (const std::string& a : p.aliases) {
      if (a == name) return &p;
    }
  }
  return nullptr;
}

std::vector<std::string> ConnectorSpec::ParamNames() const {
  std::vector<std::string> names;
  for (const ParamSpec& p : params) {
    names.push_back(p.name);
    names.insert(names.end(), p.aliases.begin(), p.aliases.end());
  }
  return names;
}

namespace {

const ConnectorSpec* FindByType(const std::vector<ConnectorSpec>& specs, const std::string& type) {
  for (const ConnectorSpec& s : specs) {
    if (strcasecmp(s.type.c_str(), type.c_str()) == 0) return &s;
  }
  return nullptr;
}

std::vector<std::string> Types(const std::vector<ConnectorSpec>& specs) {
  std::vector<std::string> out;
  for (const ConnectorSpec& s : specs) out.push_back(s.type);
  return out;
}

}  // namespace

const ConnectorSpec* ConnectorCatalog::FindSource(const std::string& type) const {
  return FindByType(sources_, type);
}

const ConnectorSpec* ConnectorCatalog::FindExportFormat(const std::string& type) const {
  return FindByType(exports_, type);
}

std::vector<std::string> ConnectorCatalog::SourceTypes() const { return Types(sources_); }
std::vector<std::string> ConnectorCatalog::ExportTypes() const { return Types(exports_); }

}  // namespace sqlflow
