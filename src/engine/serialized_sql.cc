#include "engine/serialized_sql.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "common/strings.h"

namespace sqlflow {
namespace {

using Json = nlohmann::json;

// Table functions that read tables named by a string argument, which no parse tree shows.
constexpr const char* kOpaqueTableFunctions[] = {"query", "query_table"};

std::string StringField(const Json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// CTE names visible at a point of the tree, lower-cased (DuckDB matches names without case).
using Scope = std::vector<std::string>;

class TableCollector {
 public:
  explicit TableCollector(SqlTables* tables) : tables_(tables) {}

  void Visit(const Json& value, const Scope& scope) {
    if (value.is_array()) {
      for (const Json& item : value) Visit(item, scope);
      return;
    }
    if (!value.is_object()) return;
    std::string type = StringField(value, "type");
    if (type == "BASE_TABLE" && value.contains("table_name")) AddTable(value, scope);
    if (type == "TABLE_FUNCTION") CheckTableFunction(value);
    // Inside a recursive CTE its own name means the working table.
    const Scope& inner =
        type == "RECURSIVE_CTE_NODE" ? With(scope, {StringField(value, "cte_name")}) : scope;
    auto cte_map = value.find("cte_map");
    if (cte_map != value.end() && cte_map->is_object()) {
      auto map = cte_map->find("map");
      VisitWithCtes(value, type, map != cte_map->end() ? *map : Json::array(), inner);
    } else {
      VisitMembers(value, inner);
    }
  }

 private:
  static Scope With(const Scope& scope, const std::vector<std::string>& names) {
    Scope out = scope;
    for (const std::string& name : names) out.push_back(ToLowerAscii(name));
    return out;
  }

  // The scope for the body of CTE `self` among `names`: every sibling but itself.
  static Scope BodyScope(const Scope& scope, const std::vector<std::string>& names,
                         const std::string& self) {
    std::vector<std::string> others = names;
    auto it = std::find(others.begin(), others.end(), self);
    if (it != others.end()) others.erase(it);
    return With(scope, others);
  }

  void VisitWithCtes(const Json& node, const std::string& type, const Json& map,
                     const Scope& scope) {
    std::vector<std::string> names;
    if (map.is_array()) {
      for (const Json& entry : map) names.push_back(StringField(entry, "key"));
      for (const Json& entry : map) {
        auto body = entry.find("value");
        if (body != entry.end()) Visit(*body, BodyScope(scope, names, StringField(entry, "key")));
      }
    }
    Scope full = With(scope, names);
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "cte_map") continue;
      // A materialised CTE_NODE repeats its CTE's body under "query".
      if (type == "CTE_NODE" && it.key() == "query") {
        Visit(it.value(), BodyScope(scope, names, StringField(node, "cte_name")));
      } else {
        Visit(it.value(), full);
      }
    }
  }

  void VisitMembers(const Json& node, const Scope& scope) {
    for (auto it = node.begin(); it != node.end(); ++it) Visit(it.value(), scope);
  }

  void AddTable(const Json& ref, const Scope& scope) {
    std::string catalog = StringField(ref, "catalog_name");
    std::string schema = StringField(ref, "schema_name");
    std::string table = StringField(ref, "table_name");
    if (catalog.empty() && schema.empty() &&
        std::find(scope.begin(), scope.end(), ToLowerAscii(table)) != scope.end()) {
      return;  // a CTE
    }
    std::string name;
    for (const std::string* part : {&catalog, &schema, &table}) {
      if (part->empty()) continue;
      if (!name.empty()) name += ".";
      name += *part;
    }
    auto& reads = tables_->reads;
    if (std::find(reads.begin(), reads.end(), name) == reads.end()) reads.push_back(name);
  }

  void CheckTableFunction(const Json& ref) {
    auto function = ref.find("function");
    if (function == ref.end() || !function->is_object()) return;
    std::string name = ToLowerAscii(StringField(*function, "function_name"));
    for (const char* opaque : kOpaqueTableFunctions) {
      if (name == opaque) tables_->determined = false;
    }
  }

  SqlTables* tables_;
};

}  // namespace

Result<SerializedSql> ReadSerializedSql(std::string_view json_text) {
  Json root = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("error")) {
    return Status::Internal("json_serialize_sql returned unexpected output");
  }
  SerializedSql out;
  out.error = root["error"].is_boolean() && root["error"].get<bool>();
  if (out.error) {
    out.error_type = StringField(root, "error_type");
    out.error_message = StringField(root, "error_message");
    std::string position = StringField(root, "position");
    bool numeric = !position.empty() && position.size() < 10 &&
                   std::all_of(position.begin(), position.end(),
                               [](unsigned char c) { return std::isdigit(c) != 0; });
    if (numeric) {
      out.error_position = static_cast<uint32_t>(std::stoul(position));
    }
    return out;
  }
  const Json& statements = root["statements"];
  if (!statements.is_array()) return Status::Internal("json_serialize_sql: no statements array");
  for (const Json& statement : statements) {
    SqlTables tables;
    TableCollector(&tables).Visit(statement, Scope());
    out.statements.push_back(std::move(tables));
  }
  return out;
}

}  // namespace sqlflow
