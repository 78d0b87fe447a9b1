#include "connectors/rest/rest_records.h"

#include "connectors/rest/rest_json_path.h"

namespace sqlflow {
namespace {

using Json = RestJson;

void FlattenInto(const Json& object, const std::string& prefix, Json& out) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object() && !it->empty()) {
      FlattenInto(*it, name, out);
    } else {
      out[name] = *it;
    }
  }
}

}  // namespace

Result<const Json*> SelectRecords(const Json& body, const std::string& data_selector,
                                  const std::string& where) {
  if (!data_selector.empty()) {
    const Json* found = FindJsonPath(body, data_selector);
    if (found == nullptr) {
      return Status::Invalid(where + ": data_selector '" + data_selector +
                             "' matches nothing in the response, which is " +
                             DescribeJsonTop(body) + "; set \"data_selector\" to the path of " +
                             "the records array");
    }
    if (found->is_null()) return found;  // no records on this page
    if (!found->is_array()) {
      return Status::Invalid(where + ": data_selector '" + data_selector + "' leads to " +
                             DescribeJsonTop(*found) + ", not an array of records");
    }
    return found;
  }
  if (body.is_array()) return &body;
  if (body.is_object()) {
    const Json* only = nullptr;
    int arrays = 0;
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it->is_array()) {
        ++arrays;
        only = &*it;
      }
    }
    if (arrays == 1) return only;
  }
  return Status::Invalid(where + ": cannot tell where the records are in the response, which is " +
                         DescribeJsonTop(body) + "; set \"data_selector\" to the path of the " +
                         "records array (e.g. \"data\" or \"data.items\")");
}

Json FlattenRecord(const Json& record) {
  if (!record.is_object()) return Json{{"value", record}};
  Json out = Json::object();
  FlattenInto(record, "", out);
  return out;
}

Result<Json> ShapeRecord(const Json& item, const RecordShape& shape, const std::string& where) {
  const Json* found = shape.path.empty() ? &item : FindJsonPath(item, shape.path);
  if (found == nullptr || !found->is_object()) {
    return Status::Invalid(where + ": record.path '" + shape.path + "' leads to " +
                           (found == nullptr ? std::string("nothing") : DescribeJsonTop(*found)) +
                           " in a record, which is " + DescribeJsonTop(item) +
                           "; set record.path to the object each item holds");
  }
  Json out = *found;
  if (!shape.lift.empty()) {
    auto lifted = out.find(shape.lift);
    if (lifted != out.end() && !lifted->is_null()) {
      if (!lifted->is_object()) {
        return Status::Invalid(where + ": record.lift '" + shape.lift + "' is " +
                               DescribeJsonTop(*lifted) + " in a record, not an object");
      }
      Json fields = std::move(*lifted);
      out.erase(shape.lift);
      for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!out.contains(it.key())) out[it.key()] = std::move(*it);
      }
    } else if (lifted != out.end()) {
      out.erase(shape.lift);
    }
  }
  for (const auto& [column, path] : shape.fields) {
    const Json* value = FindJsonPath(item, path);
    out[column] = value == nullptr ? Json() : *value;
  }
  for (const auto& [column, value] : shape.values) out[column] = value;
  return out;
}

namespace {

// The rows of record.each: the list's elements, each with the record's fields and values.
Result<std::vector<Json>> EachElement(Json record, const RecordShape& shape,
                                      const std::string& where) {
  std::vector<Json> rows;
  auto list = record.find(shape.each);
  if (list == record.end() || list->is_null()) return rows;
  if (!list->is_array()) {
    return Status::Invalid(where + ": record.each '" + shape.each + "' is " +
                           DescribeJsonTop(*list) + " in a record, not a list");
  }
  for (Json& element : *list) {
    if (!element.is_object()) {
      return Status::Invalid(where + ": record.each '" + shape.each + "' holds " +
                             DescribeJsonTop(element) + ", not objects");
    }
    Json row = std::move(element);
    for (const auto& [column, path] : shape.fields) row[column] = record[column];
    for (const auto& [column, value] : shape.values) row[column] = value;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<std::vector<Json>> ExplodeRecord(Json record, const RecordShape& shape,
                                        const std::string& where) {
  if (!shape.each.empty()) return EachElement(std::move(record), shape, where);
  std::vector<Json> rows;
  auto list = record.find(shape.explode);
  if (shape.explode.empty() || list == record.end() || list->is_null() ||
      (list->is_array() && list->empty())) {
    if (!shape.explode.empty()) record.erase(shape.explode);
    rows.push_back(std::move(record));
    return rows;
  }
  if (!list->is_array()) {
    return Status::Invalid(where + ": record.explode '" + shape.explode + "' is " +
                           DescribeJsonTop(*list) + " in a record, not a list");
  }
  Json elements = std::move(*list);
  record.erase(shape.explode);
  for (const Json& element : elements) {
    if (!element.is_object()) {
      return Status::Invalid(where + ": record.explode '" + shape.explode + "' holds " +
                             DescribeJsonTop(element) + ", not objects");
    }
    Json row = record;
    for (auto it = element.begin(); it != element.end(); ++it) {
      row[shape.explode_prefix + it.key()] = *it;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string RecordLine(const Json& record, bool flatten) {
  std::string line;
  if (flatten) {
    line = FlattenRecord(record).dump();
  } else if (record.is_object()) {
    line = record.dump();
  } else {
    line = Json{{"value", record}}.dump();
  }
  line += '\n';
  return line;
}

}  // namespace sqlflow
