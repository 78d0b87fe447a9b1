#include "connectors/rest/rest_page_body.h"

#include <simdjson.h>

#include <algorithm>

#include "connectors/rest/rest_records.h"

namespace sqlflow {
namespace {

namespace dom = simdjson::dom;
using Json = RestJson;

Json ToTree(dom::element e) {
  switch (e.type()) {
    case dom::element_type::ARRAY: {
      Json out = Json::array();
      for (dom::element item : dom::array(e)) out.push_back(ToTree(item));
      return out;
    }
    case dom::element_type::OBJECT: {
      Json out = Json::object();
      for (dom::key_value_pair field : dom::object(e)) {
        out[std::string(field.key)] = ToTree(field.value);  // a repeated key: the last wins
      }
      return out;
    }
    case dom::element_type::INT64:
      return e.get_int64().value();
    case dom::element_type::UINT64:
      return e.get_uint64().value();
    case dom::element_type::DOUBLE:
      return e.get_double().value();
    case dom::element_type::STRING:
      return std::string(e.get_string().value());
    case dom::element_type::BOOL:
      return e.get_bool().value();
    case dom::element_type::NULL_VALUE:
      break;
  }
  return nullptr;
}

// The body below `e` with the array at `path` (from `depth` on) replaced by `count` nulls. False
// in *ok when a key on the path appears twice in one object (the tree path decides then).
Json EnvelopeOf(dom::element e, const std::vector<std::string>& path, size_t depth, size_t count,
                bool* ok) {
  if (depth == path.size()) return Json(Json::array_t(count, nullptr));
  Json out = Json::object();
  int seen = 0;
  for (dom::key_value_pair field : dom::object(e)) {
    if (field.key == path[depth]) {
      if (++seen > 1) *ok = false;
      out[std::string(field.key)] = EnvelopeOf(field.value, path, depth + 1, count, ok);
    } else {
      out[std::string(field.key)] = ToTree(field.value);
    }
  }
  return out;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  if (path.empty()) return parts;
  size_t from = 0;
  for (;;) {
    size_t dot = path.find('.', from);
    parts.push_back(path.substr(from, dot - from));
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  return parts;
}

bool IsIndex(const std::string& part) {
  return !part.empty() && std::all_of(part.begin(), part.end(),
                                      [](unsigned char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

struct PageBody::Fast {
  dom::parser parser;
  dom::array records;
};

PageBody::PageBody(std::string data_selector, std::vector<std::string> paths_read)
    : data_selector_(std::move(data_selector)),
      paths_read_(std::move(paths_read)),
      fast_(std::make_unique<Fast>()) {}

PageBody::~PageBody() = default;

Status PageBody::ParseTree(const std::string& text, const std::string& where, bool* is_json) {
  fast_used_ = false;
  tree_records_ = nullptr;
  count_ = 0;
  envelope_ = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  *is_json = !envelope_.is_discarded();
  if (!*is_json) return Status::OK();
  SQLFLOW_ASSIGN_OR_RETURN(tree_records_, SelectRecords(envelope_, data_selector_, where));
  count_ = tree_records_->is_array() ? tree_records_->size() : 0;
  return Status::OK();
}

Result<bool> PageBody::Parse(const std::string& text, const std::string& where) {
  bool is_json = false;
  auto parsed = fast_->parser.parse(text);
  if (parsed.error()) {  // not JSON, or JSON that simdjson does not take (1e400, 2^70)
    SQLFLOW_RETURN_IF_ERROR(ParseTree(text, where, &is_json));
    return is_json;
  }
  dom::element root = parsed.value();
  // Where the records are, as keys from the root; anything else than an array of records found
  // by keys alone takes the tree path, whose SelectRecords gives the same answers and errors.
  std::vector<std::string> path;
  dom::element at = root;
  bool fast = true;
  if (!data_selector_.empty()) {
    path = SplitPath(data_selector_);
    for (const std::string& part : path) {
      if (IsIndex(part) || !at.is_object()) {
        fast = false;
        break;
      }
      auto child = dom::object(at).at_key(part);
      if (child.error()) {
        fast = false;
        break;
      }
      at = child.value();
    }
  } else if (root.is_object()) {
    int arrays = 0;
    for (dom::key_value_pair field : dom::object(root)) {
      if (field.value.is_array()) {
        ++arrays;
        path = {std::string(field.key)};
        at = field.value;
      }
    }
    fast = arrays == 1;
  }
  fast = fast && at.is_array();
  std::string joined;
  for (const std::string& part : path) joined += (joined.empty() ? "" : ".") + part;
  for (const std::string& read : paths_read_) {
    if (!read.empty() && (joined.empty() || read == joined || read.rfind(joined + ".", 0) == 0)) {
      fast = false;  // the paginator reads inside the records: keep them in the envelope
    }
  }
  if (fast) {
    fast_->records = dom::array(at);
    count_ = fast_->records.size();
    bool unique = true;
    envelope_ = EnvelopeOf(root, path, 0, count_, &unique);
    fast = unique;
  }
  if (!fast) {
    SQLFLOW_RETURN_IF_ERROR(ParseTree(text, where, &is_json));
    return is_json;
  }
  fast_used_ = true;
  tree_records_ = nullptr;
  return true;
}

Status PageBody::AppendLines(size_t n, bool flatten, const RecordShape& shape, std::string& out,
                             std::vector<RestJson>* first, size_t first_max,
                             const std::string& where) const {
  auto append = [&](const Json& item) -> Status {
    if (shape.empty()) {
      out += RecordLine(item, flatten);
      if (first != nullptr && first->size() < first_max) first->push_back(item);
      return Status::OK();
    }
    SQLFLOW_ASSIGN_OR_RETURN(Json record, ShapeRecord(item, shape, where));
    SQLFLOW_ASSIGN_OR_RETURN(std::vector<Json> rows,
                             ExplodeRecord(std::move(record), shape, where));
    for (Json& row : rows) {
      out += RecordLine(row, flatten);
      if (first != nullptr && first->size() < first_max) first->push_back(std::move(row));
    }
    return Status::OK();
  };
  if (!fast_used_) {
    for (size_t i = 0; i < n; ++i) SQLFLOW_RETURN_IF_ERROR(append((*tree_records_)[i]));
    return Status::OK();
  }
  size_t i = 0;
  for (dom::element item : fast_->records) {
    if (i++ == n) break;
    if (item.is_object() && !flatten && shape.empty()) {
      out += simdjson::minify(item);  // the record as sent, on one line
      out += '\n';
      if (first != nullptr && first->size() < first_max) first->push_back(ToTree(item));
    } else {
      SQLFLOW_RETURN_IF_ERROR(append(ToTree(item)));
    }
  }
  return Status::OK();
}

RestJson PageBody::LastRecord() const {
  if (count_ == 0) return nullptr;
  if (!fast_used_) return (*tree_records_)[count_ - 1];
  return ToTree(fast_->records.at(count_ - 1).value());
}

std::vector<std::string> PaginatorBodyPaths(const nlohmann::json& paginator) {
  std::vector<std::string> paths;
  if (!paginator.is_object()) return paths;
  for (auto it = paginator.begin(); it != paginator.end(); ++it) {
    const std::string& key = it.key();
    if (key.size() > 5 && key.compare(key.size() - 5, 5, "_path") == 0 && it->is_string()) {
      paths.push_back(it->get<std::string>());
    }
  }
  // The paths a paginator reads when its config does not name them (rest_paginator.cc).
  std::string type = paginator.value("type", "");
  if (type == "cursor" && !paginator.contains("cursor_path")) paths.push_back("cursors.next");
  if (type == "json_link" && !paginator.contains("next_url_path")) paths.push_back("next");
  return paths;
}

}  // namespace sqlflow
