#include "connectors/rest/rest_paginator_fields.h"

#include <cmath>

#include "common/edit_distance.h"
#include "common/strings.h"
#include "connectors/rest/rest_json_path.h"

namespace sqlflow {

std::string ShownValue(const nlohmann::json& value) {
  if (value.is_number()) return value.dump();
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    if (text.size() > 40) text = text.substr(0, 40) + "…";
    return "a string (" + nlohmann::json(text).dump() + ")";
  }
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return DescribeJsonTop(value);
}

Status PaginatorFields::Invalid(const std::string& field, const std::string& what) const {
  return Status::Invalid(label_ + ": paginator." + field + " " + what);
}

Status PaginatorFields::CheckKnown(const std::vector<std::string>& fields) const {
  if (!config_.is_object()) return Status::OK();
  for (const auto& [key, value] : config_.items()) {
    if (key == "type") continue;
    bool known = false;
    for (const std::string& field : fields) known = known || field == key;
    if (known) continue;
    std::string what = "is not a field of the " + type_ + " paginator";
    if (auto near = SuggestClosest(key, fields)) what += "; did you mean '" + *near + "'?";
    what += fields.empty() ? " (it has none)" : " (its fields: " + Join(fields) + ")";
    return Invalid(key, what);
  }
  return Status::OK();
}

const nlohmann::json* PaginatorFields::Find(const char* name) const {
  if (!config_.is_object()) return nullptr;
  auto it = config_.find(name);
  if (it == config_.end() || it->is_null()) return nullptr;
  return &*it;
}

Result<std::optional<std::string>> PaginatorFields::OptionalString(const char* name) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return Invalid(name, "must be a string, not " + ShownValue(*value));
  if (value->get_ref<const std::string&>().empty()) return Invalid(name, "must not be empty");
  return std::optional(value->get<std::string>());
}

Result<std::string> PaginatorFields::String(const char* name, const std::string& fallback) const {
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(name));
  return value.value_or(fallback);
}

Result<std::optional<int64_t>> PaginatorFields::Integer(const char* name, int64_t minimum) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) return std::optional<int64_t>();
  bool whole =
      value->is_number_integer() ||
      (value->is_number_float() && value->get<double>() == std::floor(value->get<double>()) &&
       std::abs(value->get<double>()) < 9e15);
  if (!whole) return Invalid(name, "must be a whole number, not " + ShownValue(*value));
  int64_t number = value->is_number_unsigned() && value->get<uint64_t>() > INT64_MAX
                       ? INT64_MAX
                       : static_cast<int64_t>(value->is_number_float() ? value->get<double>()
                                                                       : value->get<int64_t>());
  if (number < minimum) {
    return Invalid(
        name, "must be at least " + std::to_string(minimum) + ", not " + std::to_string(number));
  }
  return std::optional(number);
}

}  // namespace sqlflow
