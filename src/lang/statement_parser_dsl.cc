// The DSL statements: SOURCE, LOAD, CREATE TABLE, EXPORT, SET, INCLUDE.
#include "lang/statement_parser.h"

namespace sqlflow {

// LOAD t FROM … is ours; DuckDB's LOAD name; and LOAD 'file'; load extensions. Anything else
// after LOAD is a broken LOAD statement of ours, reported as such.
bool StatementParser::IsDslLoad() {
  Token second = tokens_.Peek(1);
  if (second.kind == TokenKind::kString || second.IsSymbol(";") || second.kind == TokenKind::kEnd) {
    return false;
  }
  Token after = tokens_.Peek(1 + QualifiedNameLength(1));
  return !(second.IsName() && (after.IsSymbol(";") || after.kind == TokenKind::kEnd));
}

// CREATE [OR REPLACE] TABLE t followed by MODE or AS is ours; CREATE TABLE t (a INT), CREATE
// TEMP TABLE, CREATE TABLE IF NOT EXISTS, CREATE VIEW … are SQL.
bool StatementParser::IsDslCreate() {
  size_t i = 1;
  if (tokens_.Peek(1).IsKeyword("OR")) {
    if (!tokens_.Peek(2).IsKeyword("REPLACE")) return false;
    i = 3;
  }
  if (!tokens_.Peek(i).IsKeyword("TABLE")) return false;
  size_t n = QualifiedNameLength(i + 1);
  if (n == 0) return false;
  Token after = tokens_.Peek(i + 1 + n);
  return after.IsKeyword("MODE") || after.IsKeyword("AS");
}

// DuckDB's EXPORT DATABASE ['db'] 'dir' is SQL; a table called `database` is followed by TO.
bool StatementParser::IsDslExport() {
  return !(tokens_.Peek(1).IsKeyword("DATABASE") && !tokens_.Peek(2).IsKeyword("TO"));
}

// SET GLOBAL|SESSION|LOCAL|VARIABLE x … and SET x TO … are DuckDB's; SET x = v is ours.
bool StatementParser::IsDslSet() {
  Token second = tokens_.Peek(1);
  bool scoped = second.IsKeyword("GLOBAL") || second.IsKeyword("SESSION") ||
                second.IsKeyword("LOCAL") || second.IsKeyword("VARIABLE");
  if (scoped && tokens_.Peek(2).IsName()) return false;
  return !(second.IsName() && tokens_.Peek(2).IsKeyword("TO"));
}

// source := SOURCE name TYPE connector PARAMS json ";"
//         | SOURCE name FROM string [ OPTIONS json ] ";"
std::optional<StatementNode> StatementParser::ParseSource() {
  tokens_.Take();  // SOURCE
  SourceStmt stmt;
  stmt.params.kind = JsonValue::Kind::kObject;
  if (!ExpectIdentifier("expected a source name after SOURCE",
                        "write SOURCE name TYPE CSV PARAMS {…};", &stmt.name)) {
    return std::nullopt;
  }
  std::string context = "SOURCE " + NameForMessage(stmt.name);
  Token t = tokens_.Peek();
  bool ok = false;
  if (t.IsKeyword("TYPE")) {
    tokens_.Take();
    ok = ParseSourceType(context + " TYPE", &stmt);
  } else if (t.IsKeyword("FROM")) {
    tokens_.Take();
    ok = ParseSourceFrom(context + " FROM", &stmt);
  } else {
    Error(t, "expected TYPE or FROM after " + context,
          HintFor(t, {"TYPE", "FROM"},
                  "write " + context + " TYPE CSV PARAMS {…}; or " + context +
                      " FROM \"connection\";"));
  }
  if (!ok) return std::nullopt;
  return StatementNode(std::move(stmt));
}

bool StatementParser::ParseSourceType(const std::string& context, SourceStmt* stmt) {
  Identifier connector;
  if (!ExpectIdentifier("expected a connector type after " + context, "e.g. TYPE CSV",
                        &connector)) {
    return false;
  }
  stmt->connector_type = connector;
  std::string after = context + " " + NameForMessage(connector);
  Token t = tokens_.Peek();
  if (t.IsKeyword("OPTIONS")) {
    Error(t, "expected PARAMS after " + after,
          "a TYPE source takes PARAMS {…}; OPTIONS go with SOURCE name FROM \"connection\"");
    return false;
  }
  if (!ExpectKeyword("PARAMS", after, "add PARAMS {\"path\": …}")) return false;
  if (!ParseJsonObject("PARAMS", &stmt->params)) return false;
  return ExpectSemicolon("';'", "the PARAMS object");
}

bool StatementParser::ParseSourceFrom(const std::string& context, SourceStmt* stmt) {
  StringLiteral connection;
  Token t = tokens_.Peek();
  std::string hint = t.kind == TokenKind::kWord
                         ? "quote it: " + context + " \"" + std::string(t.text) + "\""
                         : "write " + context + " \"connection\", a connector of the profile";
  if (!ExpectString("expected a quoted connection name after " + context, hint, &connection)) {
    return false;
  }
  stmt->connection = connection;
  if (!tokens_.Peek().IsKeyword("OPTIONS")) {
    return ExpectSemicolon("OPTIONS or ';'", context + " \"" + connection.value + "\"",
                           {"OPTIONS"});
  }
  tokens_.Take();
  if (!ParseJsonObject("OPTIONS", &stmt->params)) return false;
  return ExpectSemicolon("';'", "the OPTIONS object");
}

// load := LOAD table FROM name [ MODE load_mode ] ";"
std::optional<StatementNode> StatementParser::ParseLoad() {
  Token load = tokens_.Take();
  LoadStmt stmt;
  stmt.mode.span = Span(load.offset, load.end());
  if (!ExpectQualifiedName("expected a table name after LOAD", "write LOAD table FROM source;",
                           &stmt.table)) {
    return std::nullopt;
  }
  std::string context = "LOAD " + stmt.table.ToString();
  if (!ExpectKeyword("FROM", context, "write " + context + " FROM source;")) return std::nullopt;
  if (!ExpectIdentifier("expected a source name after " + context + " FROM",
                        "write " + context + " FROM source_name;", &stmt.source)) {
    return std::nullopt;
  }
  context += " FROM " + NameForMessage(stmt.source);
  bool ok = false;
  if (tokens_.Peek().IsKeyword("MODE")) {
    ok = ParseMode(ModeTarget::kLoad, &stmt.mode) && ExpectSemicolon("';'", "the MODE clause");
  } else {
    ok = ExpectSemicolon("MODE or ';'", context, {"MODE"});
  }
  if (!ok) return std::nullopt;
  return StatementNode(std::move(stmt));
}

// create := CREATE [ OR REPLACE ] TABLE table [ MODE create_mode ] AS query ";"
std::optional<StatementNode> StatementParser::ParseCreate() {
  Token create = tokens_.Take();
  CreateTableStmt stmt;
  stmt.mode.span = Span(create.offset, create.end());
  if (tokens_.Peek().IsKeyword("OR")) {
    tokens_.Take();
    tokens_.Take();  // REPLACE, as IsDslCreate checked
    stmt.or_replace = true;
  }
  tokens_.Take();  // TABLE
  if (!ExpectQualifiedName("expected a table name after CREATE TABLE",
                           "write CREATE TABLE name AS SELECT …;", &stmt.table)) {
    return std::nullopt;
  }
  std::string context = "CREATE TABLE " + stmt.table.ToString();
  if (tokens_.Peek().IsKeyword("MODE") && !ParseMode(ModeTarget::kCreateTable, &stmt.mode)) {
    return std::nullopt;
  }
  Token as = tokens_.Peek();
  if (!as.IsKeyword("AS")) {
    Error(as, "expected AS before the query of " + context,
          HintFor(as, {"AS"}, "write " + context + " MODE … AS SELECT …;"));
    return std::nullopt;
  }
  tokens_.Take();
  stmt.query = TakeSqlBody();
  if (stmt.query.text.empty()) {
    Error(tokens_.Peek(), "expected a query after " + context + " AS",
          "write " + context + " AS SELECT …;");
    return std::nullopt;
  }
  if (!ExpectSemicolon("';'", "the query")) return std::nullopt;
  return StatementNode(std::move(stmt));
}

// export := EXPORT ( query | table ) TO string TYPE format [ OPTIONS json ] ";"
std::optional<StatementNode> StatementParser::ParseExport() {
  Token export_token = tokens_.Take();
  ExportStmt stmt;
  stmt.options.kind = JsonValue::Kind::kObject;
  if (!ParseExportTarget(export_token, &stmt) || !ParseExportFormat(&stmt)) return std::nullopt;
  return StatementNode(std::move(stmt));
}

// ( query | table ) TO string. The query may hold TO itself (in strings, in parentheses, or as
// INTERVAL … TO …), so the clause is the first TO outside parentheses followed by a string.
bool StatementParser::ParseExportTarget(const Token& export_token, ExportStmt* stmt) {
  size_t to = 0;
  std::optional<size_t> bare_to;
  int depth = 0;
  for (;; ++to) {
    Token t = tokens_.Peek(to);
    if (t.kind == TokenKind::kEnd || t.IsSymbol(";")) break;
    if (t.IsSymbol("(") || t.IsSymbol("[")) ++depth;
    if ((t.IsSymbol(")") || t.IsSymbol("]")) && depth > 0) --depth;
    if (depth > 0 || !t.IsKeyword("TO")) continue;
    if (tokens_.Peek(to + 1).IsDslString()) break;
    if (!bare_to) bare_to = to;
  }
  if (!tokens_.Peek(to).IsKeyword("TO")) {
    if (bare_to) {
      Error(tokens_.Peek(*bare_to + 1), "expected a quoted destination after TO",
            "write TO 'output/file.csv'");
    } else {
      Error(export_token, "EXPORT needs TO 'destination'",
            "write EXPORT SELECT … TO 'output/file.csv' TYPE CSV;");
    }
    return false;
  }
  if (to == 0) {
    Error(tokens_.Peek(), "expected a query or table name after EXPORT",
          "write EXPORT SELECT … TO 'path' or EXPORT table TO 'path'");
    return false;
  }
  if (QualifiedNameLength(0) == to) {
    stmt->table.emplace();
    ExpectQualifiedName("", "", &*stmt->table);
  } else {
    uint32_t begin = tokens_.Peek().offset;
    for (size_t i = 0; i < to; ++i) tokens_.Take();
    stmt->query = MakeSqlText(begin, tokens_.last_end());
  }
  tokens_.Take();  // TO
  stmt->destination = MakeString(tokens_.Take());
  return true;
}

// TYPE format [ OPTIONS json ] ";"
bool StatementParser::ParseExportFormat(ExportStmt* stmt) {
  if (!ExpectKeyword("TYPE", "the EXPORT destination", "add TYPE CSV (or PARQUET, JSON, …)")) {
    return false;
  }
  if (!ExpectIdentifier("expected a format after TYPE", "e.g. TYPE CSV", &stmt->format)) {
    return false;
  }
  if (!tokens_.Peek().IsKeyword("OPTIONS")) {
    return ExpectSemicolon("OPTIONS or ';'", "TYPE " + NameForMessage(stmt->format), {"OPTIONS"});
  }
  tokens_.Take();
  return ParseJsonObject("OPTIONS", &stmt->options) && ExpectSemicolon("';'", "the OPTIONS object");
}

// set := SET name "=" value ";"
std::optional<StatementNode> StatementParser::ParseSet() {
  tokens_.Take();  // SET
  SetStmt stmt;
  if (!ExpectIdentifier("expected a variable name after SET", "write SET name = 'value';",
                        &stmt.name)) {
    return std::nullopt;
  }
  std::string context = "SET " + NameForMessage(stmt.name);
  Token eq = tokens_.Peek();
  if (!eq.IsSymbol("=")) {
    Error(eq, "expected '=' after " + context, "write " + context + " = 'value';");
    return std::nullopt;
  }
  tokens_.Take();
  if (!ParseSetValue(context + " =", &stmt)) return std::nullopt;
  std::string written(text_.substr(stmt.value_span.offset, stmt.value_span.length));
  if (!ExpectSemicolon("';'", context + " = " + written)) return std::nullopt;
  return StatementNode(std::move(stmt));
}

// value := string | number | true | false | ${…}
bool StatementParser::ParseSetValue(const std::string& context, SetStmt* stmt) {
  Token t = tokens_.Peek();
  Token number = tokens_.Peek(1);
  bool signed_number = (t.IsSymbol("-") || t.IsSymbol("+")) && number.kind == TokenKind::kNumber &&
                       number.offset == t.end();
  if (t.IsDslString()) {
    stmt->value_kind = SetStmt::ValueKind::kString;
    stmt->value = UnquoteToken(t);
  } else if (t.kind == TokenKind::kNumber || signed_number) {
    stmt->value_kind = SetStmt::ValueKind::kNumber;
    if (signed_number) tokens_.Take();
    stmt->value = std::string(t.text) + std::string(signed_number ? number.text : "");
  } else if (t.IsKeyword("TRUE") || t.IsKeyword("FALSE")) {
    stmt->value_kind = SetStmt::ValueKind::kBool;
    stmt->value = t.IsKeyword("TRUE") ? "true" : "false";
  } else if (t.kind == TokenKind::kVariable) {
    stmt->value_kind = SetStmt::ValueKind::kVariable;
    stmt->value = std::string(t.text);
  } else if (t.kind == TokenKind::kEnd || t.IsSymbol(";")) {
    Error(t, "expected a value after " + context, "write " + context + " 'text';");
    return false;
  } else {
    std::string hint = "quote text: " + context + " '" +
                       std::string(t.kind == TokenKind::kWord ? t.text : "text") + "';";
    Error(t, "a SET value must be a string, number, true, false or ${…}", hint);
    return false;
  }
  tokens_.Take();
  stmt->value_span = Span(t.offset, tokens_.last_end());
  return true;
}

// include := INCLUDE string [ AS name ] ";"
std::optional<StatementNode> StatementParser::ParseInclude() {
  tokens_.Take();  // INCLUDE
  IncludeStmt stmt;
  if (!ExpectString("expected a quoted path after INCLUDE", "write INCLUDE 'common/sources.sf';",
                    &stmt.path)) {
    return std::nullopt;
  }
  bool ok = false;
  if (tokens_.Peek().IsKeyword("AS")) {
    tokens_.Take();
    Identifier alias;
    ok = ExpectIdentifier("expected an alias name after AS", "write AS name", &alias) &&
         ExpectSemicolon("';'", "AS " + NameForMessage(alias));
    stmt.alias = alias;
  } else {
    ok = ExpectSemicolon("AS or ';'", "INCLUDE '" + stmt.path.value + "'", {"AS"});
  }
  if (!ok) return std::nullopt;
  return StatementNode(std::move(stmt));
}

}  // namespace sqlflow
