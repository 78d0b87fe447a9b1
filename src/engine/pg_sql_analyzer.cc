#include "engine/pg_sql_analyzer.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "common/source_span.h"

namespace sqlflow {
namespace {

using nlohmann::json;

// One pg_query_parse() result, freed on scope exit whatever happens.
class PgParse {
 public:
  explicit PgParse(const std::string& sql) : result_(pg_query_parse(sql.c_str())) {}
  ~PgParse() { pg_query_free_parse_result(result_); }
  PgParse(const PgParse&) = delete;
  PgParse& operator=(const PgParse&) = delete;

  const PgQueryError* error() const { return result_.error; }
  const char* tree() const { return result_.parse_tree; }

 private:
  PgQueryParseResult result_;
};

// The span at byte `offset` of `sql`, relative to `sql` (the caller knows the file).
SourceSpan SpanInSql(const std::string& sql, size_t offset) {
  return LineIndex(sql).SpanAt("", static_cast<uint32_t>(std::min(offset, sql.size())), 1);
}

// PostgreSQL's error cursor counts characters (the parser runs in UTF-8); spans count bytes.
size_t ByteOffsetOfChar(const std::string& sql, int char_index) {
  int seen = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    bool continuation = (static_cast<unsigned char>(sql[i]) & 0xC0) == 0x80;
    if (continuation) continue;
    if (seen == char_index) return i;
    ++seen;
  }
  return sql.size();
}

// The first byte of `sql` that does not belong to a well-formed UTF-8 sequence, if any.
// PostgreSQL's parser passes such bytes through into the tree, where they are not valid JSON.
std::optional<size_t> InvalidUtf8At(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size()) {
    auto byte = static_cast<unsigned char>(sql[i]);
    size_t length = 0;
    if (byte < 0x80) {
      length = 1;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
    }
    if (length == 0 || i + length > sql.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(sql[i + k]) & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::nullopt;
}

Status ParseError(const std::string& sql, const PgQueryError& error) {
  std::optional<SourceSpan> span;
  if (error.cursorpos > 0) span = SpanInSql(sql, ByteOffsetOfChar(sql, error.cursorpos - 1));
  return Status::Invalid(error.message ? error.message : "PostgreSQL's parser failed",
                         std::move(span));
}

// `obj[key]`, or null when `obj` is not an object or has no such member (a zero, false or
// empty field is left out of libpg_query's JSON).
const json& Member(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::string StringMember(const json& obj, const char* key) {
  const json& value = Member(obj, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// A RangeVar's body, wrapped ({"RangeVar": {…}}) in lists and Node fields, bare in typed ones.
bool IsRangeVar(const json& body) { return Member(body, "relname").is_string(); }

std::string DottedName(const json& range_var) {
  std::string name;
  for (const char* part : {"catalogname", "schemaname", "relname"}) {
    std::string value = StringMember(range_var, part);
    if (value.empty()) continue;
    if (!name.empty()) name += '.';
    name += value;
  }
  return name;
}

bool IsTableKind(const std::string& object_type) {
  return object_type == "OBJECT_TABLE" || object_type == "OBJECT_VIEW" ||
         object_type == "OBJECT_MATVIEW" || object_type == "OBJECT_FOREIGN_TABLE";
}

// Walks libpg_query's JSON parse tree of one statement, collecting the tables it reads and
// writes. Node objects are {"TypeName": {fields}}; fields of a fixed node type hold the bare
// {fields}; lists are arrays.
class TreeWalker {
 public:
  void Walk(const json& value);
  SqlTables Finish();

 private:
  using Keys = std::initializer_list<std::string_view>;

  void WalkValue(const json& value);
  void Node(const std::string& type, const json& body);
  // The fields of one node (minus `skip`), with its WITH clause's CTE names in scope.
  void Fields(const json& body, Keys skip = {});
  void Members(const json& body, Keys skip);
  // INSERT, UPDATE, DELETE, MERGE, CREATE TABLE, CREATE INDEX, ALTER TABLE: `relation` is
  // written, the rest walked.
  void Target(const json& body);
  void Drop(const json& body);
  void Rename(const json& body);
  void Copy(const json& body);
  void Read(const json& range_var);
  void Write(const json& range_var);
  bool IsCteInScope(const json& range_var) const;

  std::vector<std::set<std::string>> ctes_;         // CTE names in scope, innermost last
  std::vector<std::pair<int, std::string>> reads_;  // (byte offset in the SQL, name)
  std::vector<std::string> writes_;
  bool determined_ = true;
  int depth_ = 0;  // of Walk() calls, see kMaxDepth
};

// How deep Walk() recurses, about one level per nested expression or subquery: ~2 MB of stack.
// PostgreSQL itself runs out of stack (max_stack_depth 2 MB) a little beyond this, so deeper SQL
// is as good as unrunnable; it is only undetermined here, never refused.
constexpr int kMaxDepth = 4000;

void TreeWalker::Walk(const json& value) {
  if (depth_ >= kMaxDepth) {
    determined_ = false;
    return;
  }
  ++depth_;
  WalkValue(value);
  --depth_;
}

void TreeWalker::WalkValue(const json& value) {
  if (value.is_array()) {
    for (const json& item : value) Walk(item);
    return;
  }
  if (!value.is_object()) return;
  if (value.size() == 1) {
    auto only = value.begin();
    if (only.value().is_object() && std::isupper(static_cast<unsigned char>(only.key()[0]))) {
      Node(only.key(), only.value());
      return;
    }
  }
  Fields(value);
}

void TreeWalker::Node(const std::string& type, const json& body) {
  if (type == "SelectStmt" || type == "ExplainStmt") {
    Fields(body);
  } else if (type == "InsertStmt" || type == "UpdateStmt" || type == "DeleteStmt" ||
             type == "MergeStmt" || type == "CreateStmt" || type == "IndexStmt") {
    Target(body);
  } else if (type == "AlterTableStmt") {
    if (IsTableKind(StringMember(body, "objtype"))) {
      Target(body);
    } else {
      determined_ = false;
    }
  } else if (type == "CreateTableAsStmt") {  // also CREATE MATERIALIZED VIEW
    Write(Member(Member(body, "into"), "rel"));
    Fields(body, {"into"});
  } else if (type == "ViewStmt") {
    Write(Member(body, "view"));
    Fields(body, {"view"});
  } else if (type == "TruncateStmt") {
    for (const json& relation : Member(body, "relations")) Write(Member(relation, "RangeVar"));
  } else if (type == "DropStmt") {
    Drop(body);
  } else if (type == "RenameStmt") {
    Rename(body);
  } else if (type == "CopyStmt") {
    Copy(body);
  } else if (type == "RefreshMatViewStmt") {
    Write(Member(body, "relation"));
    determined_ = false;  // it reads whatever its stored query reads
  } else if (type.ends_with("Stmt")) {
    determined_ = false;  // DO, EXECUTE, CALL, SET, BEGIN, GRANT, CREATE FUNCTION, …
  } else {
    Fields(body);
  }
}

void TreeWalker::Fields(const json& body, Keys skip) {
  if (IsRangeVar(body)) {
    Read(body);
    return;
  }
  const json& with = Member(body, "withClause");
  if (with.is_null()) {
    Members(body, skip);
    return;
  }
  // A CTE's body sees the CTEs before it; with RECURSIVE it sees them all.
  const json& ctes = Member(with, "ctes");
  ctes_.emplace_back();
  if (Member(with, "recursive").is_boolean() && Member(with, "recursive").get<bool>()) {
    for (const json& cte : ctes) {
      ctes_.back().insert(StringMember(Member(cte, "CommonTableExpr"), "ctename"));
    }
  }
  for (const json& cte : ctes) {
    const json& cte_body = Member(cte, "CommonTableExpr");
    Walk(Member(cte_body, "ctequery"));
    ctes_.back().insert(StringMember(cte_body, "ctename"));
  }
  Members(body, skip);
  ctes_.pop_back();
}

void TreeWalker::Members(const json& body, Keys skip) {
  for (const auto& [key, value] : body.items()) {
    // `FOR UPDATE OF x` names a FROM item (often an alias), not a further table.
    if (key == "withClause" || key == "lockingClause") continue;
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    if (key == "intoClause") {  // SELECT … INTO creates a table
      Write(Member(value, "rel"));
      continue;
    }
    Walk(value);
  }
}

void TreeWalker::Target(const json& body) {
  Write(Member(body, "relation"));
  Fields(body, {"relation"});
}

void TreeWalker::Drop(const json& body) {
  if (!IsTableKind(StringMember(body, "removeType"))) {
    determined_ = false;  // DROP SCHEMA, FUNCTION, INDEX, …: which tables it touches is unknown
    return;
  }
  if (StringMember(body, "behavior") == "DROP_CASCADE") determined_ = false;
  for (const json& object : Member(body, "objects")) {
    std::string name;
    for (const json& part : Member(Member(object, "List"), "items")) {
      if (!name.empty()) name += '.';
      name += StringMember(Member(part, "String"), "sval");
    }
    if (!name.empty()) writes_.push_back(name);
  }
}

void TreeWalker::Rename(const json& body) {
  const json& relation = Member(body, "relation");
  std::string renamed = StringMember(body, "renameType");
  if (IsTableKind(renamed)) {
    Write(relation);
    // The new name stays in the old schema.
    json new_name = relation;
    new_name["relname"] = StringMember(body, "newname");
    Write(new_name);
  } else if ((renamed == "OBJECT_COLUMN" || renamed == "OBJECT_TABCONSTRAINT") &&
             IsTableKind(StringMember(body, "relationType"))) {
    Write(relation);
  } else {
    determined_ = false;
  }
}

void TreeWalker::Copy(const json& body) {
  const json& relation = Member(body, "relation");
  if (IsRangeVar(relation)) {
    bool from_file = Member(body, "is_from").is_boolean() && Member(body, "is_from").get<bool>();
    from_file ? Write(relation) : Read(relation);
  }
  Fields(body, {"relation"});
}

bool TreeWalker::IsCteInScope(const json& range_var) const {
  if (!StringMember(range_var, "schemaname").empty()) return false;
  std::string name = StringMember(range_var, "relname");
  return std::any_of(ctes_.begin(), ctes_.end(),
                     [&](const std::set<std::string>& scope) { return scope.count(name) > 0; });
}

void TreeWalker::Read(const json& range_var) {
  if (IsCteInScope(range_var)) return;
  const json& location = Member(range_var, "location");
  reads_.emplace_back(location.is_number_integer() ? location.get<int>() : 0,
                      DottedName(range_var));
}

void TreeWalker::Write(const json& range_var) {
  if (!IsRangeVar(range_var)) {
    determined_ = false;  // a target this walker does not know how to read
    return;
  }
  writes_.push_back(DottedName(range_var));
}

SqlTables TreeWalker::Finish() {
  SqlTables tables;
  std::stable_sort(reads_.begin(), reads_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::set<std::string> seen;
  for (auto& [location, name] : reads_) {
    if (seen.insert(name).second) tables.reads.push_back(std::move(name));
  }
  seen.clear();
  for (std::string& name : writes_) {
    if (seen.insert(name).second) tables.writes.push_back(std::move(name));
  }
  tables.determined = determined_;
  return tables;
}

// "InsertStmt" → "INSERT", "CreateTableAsStmt" → "CREATE TABLE AS": the words of a node type.
std::string StatementKind(const std::string& type) {
  static const std::map<std::string, std::string> kNames = {
      {"ViewStmt", "CREATE VIEW"},      {"CreateStmt", "CREATE TABLE"},
      {"IndexStmt", "CREATE INDEX"},    {"DropStmt", "DROP"},
      {"VariableSetStmt", "SET"},       {"TransactionStmt", "a transaction statement"},
      {"ExplainStmt", "EXPLAIN"},       {"CreateFunctionStmt", "CREATE FUNCTION"},
      {"RefreshMatViewStmt", "REFRESH"}};
  if (auto it = kNames.find(type); it != kNames.end()) return it->second;
  std::string words;
  std::string_view stem = std::string_view(type).substr(0, type.rfind("Stmt"));
  for (char c : stem) {
    if (std::isupper(static_cast<unsigned char>(c)) && !words.empty()) words += ' ';
    words += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return words;
}

Status NotAQuery(const json& stmt) {
  std::string found;
  if (stmt.is_object() && !stmt.empty()) found = StatementKind(stmt.begin().key());
  if (found == "CREATE TABLE AS" &&
      StringMember(stmt.begin().value(), "objtype") == "OBJECT_MATVIEW") {
    found = "CREATE MATERIALIZED VIEW";
  }
  return Status::Invalid("expected one query (SELECT, VALUES, TABLE or WITH … SELECT), found " +
                         found);
}

bool IsQuery(const json& stmt) {
  const json& select = Member(stmt, "SelectStmt");
  return select.is_object() && Member(select, "intoClause").is_null();
}

// The one statement of `sql` (its node: {"SelectStmt": {…}}), or why there is not exactly one.
Result<json> ParseOneStatement(const std::string& sql) {
  if (std::optional<size_t> bad = InvalidUtf8At(sql)) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02x", static_cast<unsigned char>(sql[*bad]));
    return Status::Invalid(std::string("invalid byte sequence for encoding \"UTF8\": ") + hex,
                           SpanInSql(sql, *bad));
  }
  PgParse parse(sql);
  if (parse.error() != nullptr) return ParseError(sql, *parse.error());
  json tree = json::parse(parse.tree() ? parse.tree() : "", nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) return Status::Internal("libpg_query's parse tree is not JSON");
  const json& stmts = Member(tree, "stmts");
  if (!stmts.is_array() || stmts.empty()) return Status::Invalid("no SQL statement found");
  if (stmts.size() > 1) {
    // The second statement's location starts right after the first one's ';'.
    const json& at = Member(stmts[1], "stmt_location");
    size_t offset = at.is_number_integer() ? at.get<size_t>() : 0;
    while (offset < sql.size() && std::isspace(static_cast<unsigned char>(sql[offset]))) ++offset;
    return Status::Invalid("expected one SQL statement, found " + std::to_string(stmts.size()),
                           SpanInSql(sql, offset));
  }
  return Member(stmts[0], "stmt");
}

SqlTables TablesOf(const json& stmt) {
  TreeWalker walker;
  walker.Walk(stmt);
  return walker.Finish();
}

}  // namespace

Result<SqlTables> PgSqlAnalyzer::AnalyzeQuery(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(json stmt, ParseOneStatement(sql));
  if (!IsQuery(stmt)) {
    if (!Member(Member(stmt, "SelectStmt"), "intoClause").is_null()) {
      return Status::Invalid(
          "expected one query, found SELECT … INTO, which creates a table; "
          "write CREATE TABLE … AS SELECT as a statement instead");
    }
    return NotAQuery(stmt);
  }
  return TablesOf(stmt);
}

Result<SqlTables> PgSqlAnalyzer::AnalyzeStatement(const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(json stmt, ParseOneStatement(sql));
  return TablesOf(stmt);
}

}  // namespace sqlflow
