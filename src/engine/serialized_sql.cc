#include "engine/serialized_sql.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <nlohmann/json.hpp>

#include "common/strings.h"

namespace sqlflow {
namespace {

using Json = nlohmann::json;

// Table functions that read tables named by a string argument, which no parse tree shows.
constexpr const char* kOpaqueTableFunctions[] = {"query", "query_table"};
constexpr const char* kPythonFunc = "python_func";
constexpr const char* kNeedsName =
    "PYTHON_FUNC needs the UDF's name as a string literal first, e.g. "
    "PYTHON_FUNC('pricing.discount', price)";
constexpr const char* kNeedsTable =
    "PYTHON_FUNC in FROM needs the input table second, as a table name or a (SELECT …) "
    "subquery, e.g. SELECT * FROM PYTHON_FUNC('ltv.lifetime_value', customers, horizon := 24)";

// `SELECT * FROM <table>` as json_serialize_sql writes it; json_deserialize_sql needs every field.
constexpr const char* kSelectStarTemplate = R"({"node":{"type":"SELECT_NODE","modifiers":[],
"cte_map":{"map":[]},"select_list":[{"class":"STAR","type":"STAR","alias":"",
"query_location":18446744073709551615,"relation_name":"","exclude_list":[],"replace_list":[],
"columns":false,"expr":null,"qualified_exclude_list":[],"rename_list":[]}],
"from_table":{"type":"BASE_TABLE","alias":"","sample":null,"query_location":18446744073709551615,
"schema_name":"","table_name":"","column_name_alias":[],"catalog_name":"","at_clause":null},
"where_clause":null,"group_expressions":[],"group_sets":[],"aggregate_handling":"STANDARD_HANDLING",
"having":null,"sample":null,"qualify":null},"named_param_map":[]})";

std::string StringField(const Json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// A span holding only the byte offset of `node` in the SQL (the caller maps it to line/column).
std::optional<SourceSpan> OffsetOf(const Json& node) {
  auto it = node.find("query_location");
  if (it == node.end() || !it->is_number_unsigned()) return std::nullopt;
  uint64_t location = it->get<uint64_t>();
  if (location > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  SourceSpan span;
  span.offset = static_cast<uint32_t>(location);
  span.length = 1;
  return span;
}

bool IsPythonFunc(const Json& function) {
  std::string schema = ToLowerAscii(StringField(function, "schema"));
  return ToLowerAscii(StringField(function, "function_name")) == kPythonFunc &&
         (schema.empty() || schema == "main");
}

// The statement JSON json_deserialize_sql takes for one serialised statement.
std::string StatementsJson(const Json& statement) {
  Json doc = {{"error", false}, {"statements", Json::array({statement})}};
  return doc.dump();
}

Json VarcharConstant(const std::string& text, const Json& replaced) {
  Json value = {
      {"type", {{"id", "VARCHAR"}, {"type_info", nullptr}}}, {"is_null", false}, {"value", text}};
  return {{"class", "CONSTANT"},
          {"type", "VALUE_CONSTANT"},
          {"alias", ""},
          {"query_location", replaced.value("query_location", Json(0))},
          {"value", std::move(value)}};
}

// One WITH clause in scope: its CTE entries, minus `self` inside that CTE's own body.
struct CteFrame {
  const Json* map = nullptr;
  std::string self;
};

// CTE names visible at a point of the tree, lower-cased (DuckDB matches names without case),
// and the WITH clauses they come from, outermost first.
struct Scope {
  std::vector<std::string> names;
  std::vector<CteFrame> frames;
};

class TreeWalker {
 public:
  TreeWalker(SqlTables* tables, const SqlFromJson& to_sql) : tables_(tables), to_sql_(to_sql) {}

  const Status& status() const { return status_; }

  // Copies the calls found into `tables`, in the order they are written in the SQL (the tree's
  // members are visited in alphabetical order of their keys).
  void Finish() {
    auto by_location = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(calls_.begin(), calls_.end(), by_location);
    for (auto& [location, call] : calls_) tables_->python_calls.push_back(std::move(call));
    FinishColumns();
    std::stable_sort(functions_.begin(), functions_.end(), by_location);
    auto& names = tables_->unknown_functions;
    for (const auto& [location, name] : functions_) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }

  void Visit(Json& value, const Scope& scope) {
    if (!status_.ok()) return;
    if (value.is_array()) {
      for (Json& item : value) Visit(item, scope);
      return;
    }
    if (!value.is_object()) return;
    std::string type = StringField(value, "type");
    if (type == "BASE_TABLE" && value.contains("table_name")) AddTable(value, scope);
    NoteColumns(value, type);
    if (type == "FUNCTION" && StringField(value, "class") == "FUNCTION") {
      if (IsPythonFunc(value)) {
        RewriteScalarCall(value);
        if (!status_.ok()) return;
      } else {
        NoteFunction(value);
      }
    }
    if (type == "TABLE_FUNCTION") {
      CheckTableFunction(value);
      auto function = value.find("function");
      if (function != value.end() && function->is_object() && IsPythonFunc(*function)) {
        VisitTableCall(value, scope);
        return;
      }
    }
    // Inside a recursive CTE its own name means the working table.
    Scope inner = scope;
    if (type == "RECURSIVE_CTE_NODE")
      inner.names.push_back(ToLowerAscii(StringField(value, "cte_name")));
    auto cte_map = value.find("cte_map");
    if (cte_map != value.end() && cte_map->is_object()) {
      auto map = cte_map->find("map");
      if (map != cte_map->end() && map->is_array()) {
        VisitWithCtes(value, type, *map, inner);
        return;
      }
    }
    VisitMembers(value, inner);
  }

 private:
  // What the statement may read of its tables' columns (SqlTables::columns).
  void NoteColumns(const Json& node, const std::string& type) {
    std::string kind = StringField(node, "class");
    if (kind == "COLUMN_REF") {
      auto parts = node.find("column_names");
      if (parts == node.end() || !parts->is_array() || parts->empty()) {
        all_columns_ = true;
        return;
      }
      for (const Json& part : *parts) {
        if (part.is_string()) AddColumn(part.get<std::string>());
      }
      if (parts->back().is_string())
        last_parts_.push_back(ToLowerAscii(parts->back().get<std::string>()));
    }
    if (kind == "STAR" || kind == "POSITIONAL_REFERENCE") all_columns_ = true;
    if (type == "PIVOT" || type == "SHOW_REF") all_columns_ = true;
    if (type == "JOIN") {
      if (StringField(node, "ref_type") == "NATURAL") all_columns_ = true;
      auto using_columns = node.find("using_columns");
      if (using_columns != node.end() && using_columns->is_array()) {
        for (const Json& name : *using_columns) {
          if (name.is_string()) AddColumn(name.get<std::string>());
        }
      }
    }
    if (type == "BASE_TABLE") {
      relation_names_.push_back(ToLowerAscii(StringField(node, "table_name")));
      std::string alias = StringField(node, "alias");
      if (!alias.empty()) relation_names_.push_back(ToLowerAscii(alias));
    }
  }

  void AddColumn(const std::string& name) {
    std::string key = ToLowerAscii(name);
    if (std::find(columns_.begin(), columns_.end(), key) == columns_.end()) columns_.push_back(key);
  }

  // A reference that names a table or alias is a whole row: every column.
  void FinishColumns() {
    for (const std::string& last : last_parts_) {
      if (std::find(relation_names_.begin(), relation_names_.end(), last) !=
          relation_names_.end()) {
        all_columns_ = true;
      }
    }
    if (all_columns_ || !tables_->determined) return;
    tables_->columns = columns_;
  }

  static Scope With(const Scope& scope, const std::vector<std::string>& names, const Json& map,
                    const std::string& self) {
    Scope out = scope;
    for (const std::string& name : names) {
      if (name != self) out.names.push_back(ToLowerAscii(name));
    }
    out.frames.push_back({&map, self});
    return out;
  }

  void VisitWithCtes(Json& node, const std::string& type, Json& map, const Scope& scope) {
    std::vector<std::string> names;
    for (const Json& entry : map) names.push_back(StringField(entry, "key"));
    for (Json& entry : map) {
      auto body = entry.find("value");
      if (body != entry.end()) Visit(*body, With(scope, names, map, StringField(entry, "key")));
    }
    Scope full = With(scope, names, map, "");
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "cte_map") continue;
      // A materialised CTE_NODE repeats its CTE's body under "query".
      if (type == "CTE_NODE" && it.key() == "query") {
        Visit(it.value(), With(scope, names, map, StringField(node, "cte_name")));
      } else {
        Visit(it.value(), full);
      }
    }
  }

  void VisitMembers(Json& node, const Scope& scope) {
    for (auto it = node.begin(); it != node.end(); ++it) Visit(it.value(), scope);
  }

  // The index in scope.names of the CTE an unqualified `table` names, innermost first.
  static std::optional<size_t> FindCte(const Scope& scope, const std::string& table) {
    std::string key = ToLowerAscii(table);
    for (size_t i = scope.names.size(); i-- > 0;) {
      if (scope.names[i] == key) return i;
    }
    return std::nullopt;
  }

  void AddTable(const Json& ref, const Scope& scope) {
    std::string catalog = StringField(ref, "catalog_name");
    std::string schema = StringField(ref, "schema_name");
    std::string table = StringField(ref, "table_name");
    if (catalog.empty() && schema.empty()) {
      if (auto cte = FindCte(scope, table)) {
        if (*cte < table_arg_scope_) table_arg_uses_cte_ = true;
        return;
      }
    }
    AddRead(JoinNonEmpty({catalog, schema, table}));
  }

  static std::string JoinNonEmpty(const std::vector<std::string>& parts) {
    std::string name;
    for (const std::string& part : parts) {
      if (part.empty()) continue;
      if (!name.empty()) name += ".";
      name += part;
    }
    return name;
  }

  void AddRead(const std::string& name) {
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

  void NoteFunction(const Json& function) {
    auto is_operator = function.find("is_operator");
    if (is_operator != function.end() && is_operator->is_boolean() && is_operator->get<bool>()) {
      return;
    }
    std::string schema = ToLowerAscii(StringField(function, "schema"));
    if (!StringField(function, "catalog").empty() || !(schema.empty() || schema == "main")) return;
    std::string name = ToLowerAscii(StringField(function, "function_name"));
    if (!name.empty()) functions_.push_back({Location(function), name});
  }

  // The UDF name a PYTHON_FUNC call gives as its first argument, when that is a string literal.
  static std::optional<std::string> NameLiteral(const Json& function) {
    auto children = function.find("children");
    if (children == function.end() || !children->is_array() || children->empty()) return {};
    const Json& first = (*children)[0];
    if (StringField(first, "class") != "CONSTANT" || !first.contains("value")) return {};
    const Json& value = first["value"];
    if (!value.is_object() || value.value("is_null", true) || !value.contains("type") ||
        StringField(value["type"], "id") != "VARCHAR") {
      return {};
    }
    std::string name = StringField(value, "value");
    if (name.empty()) return {};
    return name;
  }

  // Replaces the leading name literal of a PYTHON_FUNC call: python_func('a.b', …) -> "a.b"(…).
  // False (and status_ set) when the first argument is not a string literal.
  bool TakeName(Json& function, bool table) {
    std::optional<std::string> name = NameLiteral(function);
    if (!name) {
      status_ = Status::Invalid(kNeedsName, OffsetOf(function));
      return false;
    }
    calls_.push_back({Location(function), {*name, table}});
    function["function_name"] = *name;
    function["schema"] = "";
    Json& children = function["children"];
    children.erase(children.begin());
    return true;
  }

  void RewriteScalarCall(Json& function) { TakeName(function, /*table=*/false); }

  // A table UDF in FROM: the name, then the table argument turned into query text, then the
  // remaining (named) arguments and the rest of the reference visited as usual.
  void VisitTableCall(Json& ref, const Scope& scope) {
    Json& function = ref["function"];
    all_columns_ = true;  // the UDF reads its table argument whole
    if (!TakeName(function, /*table=*/true)) return;
    Json& children = function["children"];
    if (children.empty() || !StringField(children[0], "alias").empty()) {
      status_ = Status::Invalid(kNeedsTable, OffsetOf(function));
      return;
    }
    Result<std::string> query = TableArgumentQuery(children[0], scope);
    if (!query.ok()) {
      if (status_.ok()) status_ = query.status();
      return;
    }
    children[0] = VarcharConstant(*query, children[0]);
    for (size_t i = 1; i < children.size(); ++i) Visit(children[i], scope);
    for (auto it = ref.begin(); it != ref.end(); ++it) {
      if (it.key() != "function") Visit(it.value(), scope);
    }
  }

  // The text of the query a table argument stands for; its tables are added to the reads.
  Result<std::string> TableArgumentQuery(Json& argument, const Scope& scope) {
    std::string kind = StringField(argument, "class");
    Json statement;
    bool uses_cte = false;
    if (kind == "COLUMN_REF") {
      SQLFLOW_ASSIGN_OR_RETURN(statement, SelectStarFrom(argument));
      const Json& parts = argument["column_names"];
      if (parts.size() == 1 && FindCte(scope, parts[0].get<std::string>())) {
        uses_cte = true;
      } else {
        AddTable(statement["node"]["from_table"], scope);
      }
    } else if (kind == "SUBQUERY" && argument.contains("subquery")) {
      size_t saved_scope = table_arg_scope_;
      bool saved_uses = table_arg_uses_cte_;
      table_arg_scope_ = scope.names.size();
      table_arg_uses_cte_ = false;
      Visit(argument["subquery"], scope);
      uses_cte = table_arg_uses_cte_;
      table_arg_scope_ = saved_scope;
      table_arg_uses_cte_ = saved_uses || uses_cte;
      if (!status_.ok()) return status_;
      statement = argument["subquery"];
    } else {
      return Status::Invalid(kNeedsTable, OffsetOf(argument));
    }
    if (uses_cte) CarryCtes(statement, scope);
    return to_sql_(StatementsJson(statement));
  }

  // `SELECT * FROM <name>` for a table argument written as a (possibly qualified) name.
  static Result<Json> SelectStarFrom(const Json& column_ref) {
    auto parts = column_ref.find("column_names");
    if (parts == column_ref.end() || !parts->is_array() || parts->empty() || parts->size() > 3) {
      return Status::Invalid(kNeedsTable, OffsetOf(column_ref));
    }
    Json statement = Json::parse(kSelectStarTemplate);
    Json& from = statement["node"]["from_table"];
    const char* fields[] = {"catalog_name", "schema_name", "table_name"};
    size_t first = 3 - parts->size();
    for (size_t i = 0; i < parts->size(); ++i) from[fields[first + i]] = (*parts)[i];
    return statement;
  }

  // Prepends the CTEs visible in `scope` to the WITH clause of `statement`'s query, so that the
  // query still means the same when run on its own. Inner definitions hide outer ones.
  static void CarryCtes(Json& statement, const Scope& scope) {
    Json carried = Json::array();
    auto drop = [&carried](const std::string& key) {
      for (size_t i = 0; i < carried.size(); ++i) {
        if (ToLowerAscii(StringField(carried[i], "key")) == key) {
          carried.erase(carried.begin() + static_cast<std::ptrdiff_t>(i));
          return;
        }
      }
    };
    for (const CteFrame& frame : scope.frames) {
      for (const Json& entry : *frame.map) {
        std::string key = ToLowerAscii(StringField(entry, "key"));
        if (key == ToLowerAscii(frame.self)) continue;
        drop(key);
        carried.push_back(entry);
      }
    }
    Json& map = statement["node"]["cte_map"]["map"];
    if (!map.is_array()) map = Json::array();
    for (const Json& own : map) drop(ToLowerAscii(StringField(own, "key")));
    map.insert(map.begin(), carried.begin(), carried.end());
  }

  // Where `node` starts in the SQL; the unknown location (DuckDB's ~0) sorts last.
  static uint64_t Location(const Json& node) {
    auto it = node.find("query_location");
    return it != node.end() && it->is_number_unsigned() ? it->get<uint64_t>()
                                                        : std::numeric_limits<uint64_t>::max();
  }

  SqlTables* tables_;
  const SqlFromJson& to_sql_;
  std::vector<std::pair<uint64_t, SqlTables::PythonCall>> calls_;
  std::vector<std::pair<uint64_t, std::string>> functions_;
  Status status_;
  std::vector<std::string> columns_;         // lower-cased, once each
  std::vector<std::string> last_parts_;      // of each column reference, lower-cased
  std::vector<std::string> relation_names_;  // tables and their aliases, lower-cased
  bool all_columns_ = false;
  // While inside a table argument's subquery: scope.names below this index are outside it, and
  // whether the subquery refers to one of those CTEs.
  size_t table_arg_scope_ = 0;
  bool table_arg_uses_cte_ = false;
};

Result<SqlTables> ReadStatement(Json& statement, const SqlFromJson& to_sql) {
  SqlTables tables;
  TreeWalker walker(&tables, to_sql);
  walker.Visit(statement, Scope());
  SQLFLOW_RETURN_IF_ERROR(walker.status());
  walker.Finish();
  if (!tables.python_calls.empty()) {
    SQLFLOW_ASSIGN_OR_RETURN(tables.rewritten_sql, to_sql(StatementsJson(statement)));
  }
  return tables;
}

}  // namespace

Result<SerializedSql> ReadSerializedSql(std::string_view json_text, const SqlFromJson& to_sql) {
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
  Json& statements = root["statements"];
  if (!statements.is_array()) return Status::Internal("json_serialize_sql: no statements array");
  for (Json& statement : statements) {
    SQLFLOW_ASSIGN_OR_RETURN(SqlTables tables, ReadStatement(statement, to_sql));
    out.statements.push_back(std::move(tables));
  }
  return out;
}

}  // namespace sqlflow
