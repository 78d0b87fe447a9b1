#include "lang/statement_parser.h"

#include <algorithm>

#include "common/edit_distance.h"
#include "lang/keywords.h"

namespace sqlflow {

namespace {

// Past this many errors the rest of the file is mostly noise; stop and let the user fix these.
constexpr size_t kMaxErrors = 50;
// Bounds the recursion of nested IF blocks on hostile input; real pipelines nest a few levels.
constexpr int kMaxIfDepth = 32;

}  // namespace

StatementParser::StatementParser(std::string_view text, std::string file)
    : text_(text), file_(std::move(file)), lines_(text), tokens_(text) {}

ParseResult StatementParser::Parse() {
  ParseResult result;
  result.ast.file = file_;
  ParseStatements(&result.ast.statements);
  std::vector<Diagnostic> all = diagnostics_.items();
  for (const LexError& e : tokens_.lexer().errors()) {
    all.push_back({Severity::kError, Span(e.offset, e.offset + e.length), e.message, e.hint});
  }
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.offset < b.span.offset;
  });
  for (Diagnostic& d : all) result.diagnostics.Add(std::move(d));
  return result;
}

// pipeline := { statement }
// Also reads the body of an IF branch, which ends before ELSEIF, ELSE, END IF or ENDIF.
void StatementParser::ParseStatements(std::vector<Statement>* out) {
  while (!stopped_) {
    Token t = tokens_.Peek();
    if (t.kind == TokenKind::kEnd) return;
    if (t.IsSymbol(";")) {  // an empty statement
      tokens_.Take();
      continue;
    }
    if (AtBlockKeyword()) {
      if (if_depth_ > 0) return;
      ReportStrayBlockKeyword();
      continue;
    }
    ParseStatement(out);
  }
}

void StatementParser::ParseStatement(std::vector<Statement>* out) {
  Token first = tokens_.Peek();
  size_t taken_before = tokens_.taken();
  std::optional<StatementNode> node = ParseStatementNode();
  if (!node) {
    Resync(taken_before);
    return;
  }
  out->push_back(Statement{std::move(*node), Span(first.offset, tokens_.last_end())});
}

// statement := source | load | create | export | set | include | if_block | sql_statement
std::optional<StatementNode> StatementParser::ParseStatementNode() {
  Token t = tokens_.Peek();
  if (t.IsKeyword("SOURCE")) return ParseSource();
  if (t.IsKeyword("LOAD") && IsDslLoad()) return ParseLoad();
  if (t.IsKeyword("CREATE") && IsDslCreate()) return ParseCreate();
  if (t.IsKeyword("EXPORT") && IsDslExport()) return ParseExport();
  if (t.IsKeyword("SET") && IsDslSet()) return ParseSet();
  if (t.IsKeyword("INCLUDE")) return ParseInclude();
  if (t.IsKeyword("IF")) return ParseIf();
  if (ReportMisspelledKeyword()) return std::nullopt;
  return ParseSql();
}

// sql_statement := any other statement, kept verbatim up to its ';'
std::optional<StatementNode> StatementParser::ParseSql() {
  SqlStmt stmt{TakeSqlBody()};
  if (!ExpectSemicolon("';'", "the statement")) return std::nullopt;
  return StatementNode(std::move(stmt));
}

// if_block := IF cond THEN { statement }
//             { ( ELSEIF | ELSE IF ) cond THEN { statement } }
//             [ ELSE { statement } ]
//             ( END IF | ENDIF ) ";"
std::optional<StatementNode> StatementParser::ParseIf() {
  Token if_token = tokens_.Take();
  if (if_depth_ >= kMaxIfDepth) {
    // Recovering would report every inner END IF as stray; one error is clearer.
    Error(if_token, "IF blocks are nested too deeply",
          "nest at most " + std::to_string(kMaxIfDepth) + " levels");
    stopped_ = true;
    return std::nullopt;
  }
  IfStmt stmt;
  stmt.branches.emplace_back();
  ParseCondition("IF", &stmt.branches.back().condition);
  ParseBranchBody(&stmt.branches.back().body);
  // An IF that never closes has been reported; there is nothing left to skip.
  if (!ParseElseParts(if_token, &stmt)) return StatementNode(std::move(stmt));
  if (!ExpectSemicolon("';'", "END IF")) return std::nullopt;
  return StatementNode(std::move(stmt));
}

// Reads the branches after the first, up to and including END IF or ENDIF. False when the file
// ends first.
bool StatementParser::ParseElseParts(const Token& if_token, IfStmt* stmt) {
  while (!stopped_ && AtBlockKeyword()) {
    Token keyword = tokens_.Take();
    if (keyword.IsKeyword("ENDIF")) return true;
    if (keyword.IsKeyword("END")) {
      tokens_.Take();  // IF
      return true;
    }
    bool is_elseif = keyword.IsKeyword("ELSEIF");
    if (!is_elseif && tokens_.Peek().IsKeyword("IF")) {  // ELSE IF
      is_elseif = true;
      tokens_.Take();
    }
    std::string label = keyword.IsKeyword("ELSEIF") ? "ELSEIF" : is_elseif ? "ELSE IF" : "ELSE";
    if (stmt->else_body) {
      Error(keyword, label + " after ELSE", "ELSE must be the last branch of an IF block");
    }
    IfBranch branch;
    if (is_elseif) ParseCondition(label, &branch.condition);
    ParseBranchBody(&branch.body);
    if (stmt->else_body) continue;  // reported above
    if (is_elseif) {
      stmt->branches.push_back(std::move(branch));
    } else {
      stmt->else_body = std::move(branch.body);
    }
  }
  if (!stopped_ && !tokens_.lexer().ran_off_end()) {
    Error(if_token, "IF without END IF", "add END IF; after the last statement of the block");
  }
  return false;
}

// cond := the text up to THEN; the planner evaluates it (SPEC §2.4)
// The condition also ends, without THEN, at ';' or at a line that starts a DSL statement.
void StatementParser::ParseCondition(const std::string& keyword, SqlText* out) {
  Token first = tokens_.Peek();
  size_t taken_before = tokens_.taken();
  while (true) {
    Token t = tokens_.Peek();
    bool ends = t.kind == TokenKind::kEnd || t.IsSymbol(";") ||
                (tokens_.taken() > taken_before && StartsDslLine(t));
    if (ends || t.IsKeyword("THEN")) break;
    tokens_.Take();
  }
  bool empty = tokens_.taken() == taken_before;
  *out = MakeSqlText(first.offset, empty ? first.offset : tokens_.last_end());
  Token t = tokens_.Peek();
  if (empty) {
    Error(t, "expected a condition after " + keyword,
          "write " + keyword + " ${env} == 'prod' THEN");
  } else if (!t.IsKeyword("THEN") &&
             !(t.kind == TokenKind::kEnd && tokens_.lexer().ran_off_end())) {
    // Point just past the condition, where THEN belongs.
    ErrorAt(tokens_.last_end(), 1, "expected THEN after the " + keyword + " condition",
            "write " + keyword + " condition THEN");
  }
  if (t.IsKeyword("THEN")) tokens_.Take();
}

void StatementParser::ParseBranchBody(std::vector<Statement>* out) {
  ++if_depth_;
  ParseStatements(out);
  --if_depth_;
}

// ELSE, ELSEIF, END IF or ENDIF outside any IF block.
void StatementParser::ReportStrayBlockKeyword() {
  Token t = tokens_.Take();
  if (t.IsKeyword("END") || t.IsKeyword("ENDIF")) {
    Token last = t.IsKeyword("END") ? tokens_.Take() : t;  // END's IF
    ErrorAt(t.offset, last.end() - t.offset,
            std::string(t.IsKeyword("END") ? "END IF" : "ENDIF") + " without IF",
            "remove it, or open the block with IF condition THEN");
    if (tokens_.Peek().IsSymbol(";")) tokens_.Take();
    return;
  }
  if (t.IsKeyword("ELSE") && !tokens_.Peek().IsKeyword("IF")) {
    Error(t, "ELSE without IF", "remove it, or open the block with IF condition THEN");
    return;
  }
  Token last = t.IsKeyword("ELSE") ? tokens_.Take() : t;  // ELSE IF's IF
  ErrorAt(t.offset, last.end() - t.offset,
          std::string(t.IsKeyword("ELSE") ? "ELSE IF" : "ELSEIF") + " without IF",
          "open the block with IF condition THEN");
  // Skip the condition so that the branch's statements are read as ordinary ones.
  while (true) {
    Token next = tokens_.Peek();
    if (next.kind == TokenKind::kEnd || next.IsSymbol(";")) return;
    tokens_.Take();
    if (next.IsKeyword("THEN")) return;
  }
}

// A first word that is no statement but looks like a DSL keyword mistyped: LAOD orders FROM s.
bool StatementParser::ReportMisspelledKeyword() {
  static const std::vector<std::string> kKeywords = {"SOURCE", "LOAD",   "EXPORT", "SET", "INCLUDE",
                                                     "CREATE", "ELSEIF", "ENDIF",  "ELSE"};
  Token t = tokens_.Peek();
  if (t.kind != TokenKind::kWord || IsSqlStatementStart(t.text)) return false;
  std::optional<std::string> keyword = SuggestClosest(t.text, kKeywords);
  if (!keyword) return false;
  Error(t, "unknown statement '" + std::string(t.text) + "'", "did you mean " + *keyword + "?");
  return true;
}

// The SQL from the next token up to (not including) the statement's ';'. Inside an IF block it
// also stops where the branch ends, so that a missing ';' does not swallow the end of the block.
SqlText StatementParser::TakeSqlBody() {
  Token first = tokens_.Peek();
  size_t taken_before = tokens_.taken();
  int case_depth = 0;
  while (true) {
    Token t = tokens_.Peek();
    if (t.kind == TokenKind::kEnd || t.IsSymbol(";") || EndsBranch(case_depth)) break;
    TrackCase(t, &case_depth);
    tokens_.Take();
  }
  uint32_t end = tokens_.taken() == taken_before ? first.offset : tokens_.last_end();
  return MakeSqlText(first.offset, end);
}

// Ends a statement at its ';'. Otherwise reports "expected <expected> after <after>", or a
// missing ';' when the statement simply stops (at the end of the file or of an IF branch, or
// before a line that starts the next statement).
bool StatementParser::ExpectSemicolon(const std::string& expected, const std::string& after,
                                      const std::vector<std::string>& keywords) {
  Token t = tokens_.Peek();
  if (t.IsSymbol(";")) {
    tokens_.Take();
    return true;
  }
  bool stops = t.kind == TokenKind::kEnd || (if_depth_ > 0 && AtBlockKeyword()) || StartsDslLine(t);
  if (stops) {
    if (!(t.kind == TokenKind::kEnd && tokens_.lexer().ran_off_end())) {
      ErrorAt(tokens_.last_end(), 1, "missing ';' at the end of the statement", "add ';'");
    }
    return false;
  }
  Error(t, "expected " + expected + " after " + after,
        HintFor(t, keywords, "end the statement with ';'"));
  return false;
}

// Inside an IF block, the next token ends the branch: ELSEIF, END IF and ENDIF never occur in
// SQL, and ELSE does only inside CASE … END, which `case_depth` counts.
bool StatementParser::EndsBranch(int case_depth) {
  if (if_depth_ == 0) return false;
  return AtClosingBlockKeyword() || (case_depth == 0 && tokens_.Peek().IsKeyword("ELSE"));
}

void StatementParser::TrackCase(const Token& t, int* case_depth) {
  if (t.IsKeyword("CASE")) ++*case_depth;
  if (t.IsKeyword("END") && *case_depth > 0) --*case_depth;
}

// ELSE, ELSEIF, ENDIF or END IF next.
bool StatementParser::AtBlockKeyword() {
  return tokens_.Peek().IsKeyword("ELSE") || AtClosingBlockKeyword();
}

// ELSEIF, ENDIF or END IF next: words that never occur in SQL.
bool StatementParser::AtClosingBlockKeyword() {
  Token t = tokens_.Peek();
  return t.IsKeyword("ELSEIF") || t.IsKeyword("ENDIF") ||
         (t.IsKeyword("END") && tokens_.Peek(1).IsKeyword("IF"));
}

// `t` is the first token on its line and a DSL statement keyword: after a mistake, most likely
// the start of the next statement rather than part of the broken one.
bool StatementParser::StartsDslLine(const Token& t) {
  static const char* const kStarts[] = {"SOURCE", "LOAD", "CREATE", "EXPORT", "SET", "INCLUDE"};
  bool keyword = t.IsKeyword("IF") && !tokens_.Peek(1).IsSymbol("(");
  for (const char* k : kStarts) keyword = keyword || t.IsKeyword(k);
  if (!keyword) return false;
  size_t i = t.offset;
  while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t' || text_[i - 1] == '\r')) --i;
  return i == 0 || text_[i - 1] == '\n';
}

// Skips the rest of a statement that failed to parse so that one mistake gives one error: up to
// and including its ';', but not into a line that starts the next DSL statement, nor past the
// end of the IF branch being read.
void StatementParser::Resync(size_t taken_before) {
  int case_depth = 0;
  while (true) {
    Token t = tokens_.Peek();
    if (t.kind == TokenKind::kEnd || EndsBranch(case_depth)) break;
    if (tokens_.taken() > taken_before && StartsDslLine(t)) break;
    TrackCase(t, &case_depth);
    tokens_.Take();
    if (t.IsSymbol(";")) break;
  }
  if (tokens_.taken() == taken_before) tokens_.Take();  // always make progress
}

void StatementParser::Error(const Token& at, std::string message, std::string hint) {
  if (at.kind == TokenKind::kEnd) {
    // The file ended inside an unclosed string or comment, which is reported already.
    if (tokens_.lexer().ran_off_end()) return;
    ErrorAt(tokens_.last_end(), 1, std::move(message), std::move(hint));
    return;
  }
  ErrorAt(at.offset, at.length, std::move(message), std::move(hint));
}

void StatementParser::ErrorAt(uint32_t offset, uint32_t length, std::string message,
                              std::string hint) {
  if (stopped_) return;
  diagnostics_.Error(lines_.SpanAt(file_, offset, length), std::move(message), std::move(hint));
  if (diagnostics_.error_count() >= kMaxErrors) {
    diagnostics_.Error(lines_.SpanAt(file_, offset, length), "too many errors; stopped here",
                       "fix the errors above and try again");
    stopped_ = true;
  }
}

// "did you mean X?" when `found` looks like a typo of one of `keywords`, else `fallback`.
std::string StatementParser::HintFor(const Token& found, const std::vector<std::string>& keywords,
                                     std::string fallback) const {
  if (found.kind != TokenKind::kWord) return fallback;
  std::optional<std::string> keyword = SuggestClosest(found.text, keywords);
  return keyword ? "did you mean " + *keyword + "?" : fallback;
}

SourceSpan StatementParser::Span(uint32_t begin, uint32_t end) const {
  return lines_.SpanAt(file_, begin, end - begin);
}

SqlText StatementParser::MakeSqlText(uint32_t begin, uint32_t end) const {
  return SqlText{std::string(text_.substr(begin, end - begin)), Span(begin, end)};
}

std::string NameForMessage(const Identifier& name) {
  QualifiedName qualified;
  qualified.parts.push_back(name);
  return qualified.ToString();
}

}  // namespace sqlflow
