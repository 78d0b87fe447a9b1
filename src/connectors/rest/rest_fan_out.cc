#include "connectors/rest/rest_fan_out.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "connectors/rest/rest_json_path.h"

namespace sqlflow {
namespace {

std::string ValueText(const RestJson& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// A parent's value and the columns its children carry.
struct ParentValue {
  std::string text;
  std::vector<std::pair<std::string, RestJson>> carried;
};

// The parents' distinct values in the order the API listed them.
Result<std::vector<ParentValue>> ReadParentValues(const RestFanOut& fan_out,
                                                  const std::string& path,
                                                  const std::string& label) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(label + ": cannot read '" + path + "'");
  std::vector<ParentValue> out;
  std::set<std::string> seen;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    RestJson record = RestJson::parse(line, nullptr, false);
    const RestJson* value = record.is_object() ? FindJsonPath(record, fan_out.field) : nullptr;
    if (value == nullptr || value->is_null() || value->is_structured()) {
      return Status::Invalid(label + ": a record of " + fan_out.parent.path + " has no '" +
                             fan_out.field + "' to read " + fan_out.placeholder +
                             " from; the API's answer does not have the expected shape");
    }
    ParentValue parent{ValueText(*value), {}};
    if (!seen.insert(parent.text).second) continue;
    for (const auto& [column, field] : fan_out.carry) {
      const RestJson* carried = FindJsonPath(record, field);
      parent.carried.emplace_back(column, carried == nullptr ? RestJson() : *carried);
    }
    out.push_back(std::move(parent));
  }
  return out;
}

}  // namespace

RestConfig ChildConfig(const RestFanOut& fan_out, const RestConfig& child, const std::string& value,
                       const std::vector<std::pair<std::string, RestJson>>& carried) {
  RestConfig out = child;
  out.path = ReplaceAll(out.path, fan_out.placeholder, UrlEncode(value));
  for (auto& [name, text] : out.params) text = ReplaceAll(text, fan_out.placeholder, value);
  for (const auto& [column, v] : carried) out.record.values.emplace_back(column, v);
  bool ignores_404 = false;
  for (const RestResponseAction& a : out.response_actions) {
    if (a.status_code == 404) ignores_404 = true;
  }
  if (!ignores_404) out.response_actions.push_back({404, "ignore"});
  return out;
}

Result<RestFetchResult> FetchFanOut(const RestFanOut& fan_out, const RestFetchInput& input,
                                    const std::string& parent_ndjson_path) {
  RestFetchInput parent_input = input;
  parent_input.config = &fan_out.parent;
  parent_input.ndjson_path = parent_ndjson_path;
  parent_input.append = false;
  parent_input.make_paginator = nullptr;
  if (!fan_out.parent.incremental) parent_input.start.reset();
  SQLFLOW_ASSIGN_OR_RETURN(RestFetchResult parents, FetchPages(parent_input));
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ParentValue> values,
                           ReadParentValues(fan_out, parent_ndjson_path, input.label));

  RestFetchResult total;
  total.pages = parents.pages;
  // Truncate the child file once: every child read appends to it.
  { std::ofstream(input.ndjson_path, std::ios::binary | std::ios::trunc); }
  const RestConfig& child = *input.config;
  size_t batch = std::max<size_t>(1, fan_out.batch);
  for (size_t at = 0; at < values.size(); at += batch) {
    std::string joined;
    for (size_t i = at; i < std::min(values.size(), at + batch); ++i) {
      joined += (joined.empty() ? "" : ",") + values[i].text;
    }
    RestConfig config = ChildConfig(
        fan_out, child, joined,
        batch == 1 ? values[at].carried : std::vector<std::pair<std::string, RestJson>>{});
    if (child.max_pages) config.max_pages = *child.max_pages - (total.pages - parents.pages);
    if (child.max_records) config.max_records = *child.max_records - total.records;
    RestFetchInput child_input = input;
    child_input.config = &config;
    child_input.append = true;
    SQLFLOW_ASSIGN_OR_RETURN(RestFetchResult got, FetchPages(child_input));
    total.pages += got.pages;
    total.records += got.records;
    total.rows += got.rows;
    if (!got.stopped_by.empty()) {
      total.stopped_by = got.stopped_by;
      break;
    }
    bool more = at + batch < values.size();
    if (more && child.max_pages && total.pages - parents.pages >= *child.max_pages) {
      total.stopped_by = "max_pages";
      break;
    }
    if (more && child.max_records && total.records >= *child.max_records) {
      total.stopped_by = "max_records";
      break;
    }
  }
  return total;
}

}  // namespace sqlflow
