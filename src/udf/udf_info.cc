#include "udf/udf_info.h"

namespace sqlflow {

const char* ToString(UdfKind kind) {
  switch (kind) {
    case UdfKind::kScalar:
      return "scalar";
    case UdfKind::kVectorized:
      return "vectorized";
    case UdfKind::kTable:
      return "table";
  }
  return "?";
}

std::string UdfInfo::ShortName() const {
  const std::string prefix = "python_udfs.";
  return qualified_name.rfind(prefix, 0) == 0 ? qualified_name.substr(prefix.size())
                                              : qualified_name;
}

std::string UdfInfo::Signature() const {
  std::string text = function_name + "(";
  bool star_written = false;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const UdfParameter& p = parameters[i];
    if (i > 0) text += ", ";
    if (p.keyword_only && !star_written && kind == UdfKind::kTable) {
      text += "*, ";
      star_written = true;
    }
    text += p.name;
    if (!p.annotation.empty()) text += ": " + p.annotation;
    if (p.has_default) text += (p.annotation.empty() ? "=" : " = ") + p.default_repr;
  }
  text += ")";
  if (kind == UdfKind::kTable) return text + " -> DataFrame";
  return text + " -> " + return_sql_type;
}

}  // namespace sqlflow
