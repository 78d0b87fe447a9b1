// StatementParser: the recursive-descent parser behind ParsePipeline (parser.h). Its methods
// are spread over three files: statement_parser.cc (statement lists, IF blocks, SQL pass-through,
// errors and recovery), statement_parser_dsl.cc (SOURCE, LOAD, CREATE, EXPORT, SET, INCLUDE) and
// statement_parser_clauses.cc (names, MODE clauses, key lists, JSON objects).
// Thread-safety: none; one parser per text, used once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/source_span.h"
#include "lang/ast.h"
#include "lang/parser.h"
#include "lang/token_stream.h"

namespace sqlflow {

// Which statement a MODE clause belongs to; CREATE TABLE also allows INCREMENTAL.
enum class ModeTarget { kLoad, kCreateTable };

class StatementParser {
 public:
  // REQUIRES: `text` outlives the parser and is shorter than 4 GiB.
  StatementParser(std::string_view text, std::string file);

  // Parses the whole text. Call once.
  ParseResult Parse();

 private:
  // statement_parser.cc
  void ParseStatements(std::vector<Statement>* out);
  void ParseStatement(std::vector<Statement>* out);
  std::optional<StatementNode> ParseStatementNode();
  std::optional<StatementNode> ParseSql();
  std::optional<StatementNode> ParseIf();
  bool ParseElseParts(const Token& if_token, IfStmt* stmt);
  void ParseCondition(const std::string& keyword, SqlText* out);
  void ParseBranchBody(std::vector<Statement>* out);
  void ReportStrayBlockKeyword();
  bool ReportMisspelledKeyword();
  SqlText TakeSqlBody();
  bool ExpectSemicolon(const std::string& expected, const std::string& after,
                       const std::vector<std::string>& keywords = {});
  bool EndsBranch(int case_depth);
  static void TrackCase(const Token& t, int* case_depth);
  bool AtBlockKeyword();
  bool AtClosingBlockKeyword();
  bool StartsDslLine(const Token& t);
  void Resync(size_t taken_before);
  void Error(const Token& at, std::string message, std::string hint);
  void ErrorAt(uint32_t offset, uint32_t length, std::string message, std::string hint);
  std::string HintFor(const Token& found, const std::vector<std::string>& keywords,
                      std::string fallback) const;
  SourceSpan Span(uint32_t begin, uint32_t end) const;
  SqlText MakeSqlText(uint32_t begin, uint32_t end) const;

  // statement_parser_dsl.cc
  bool IsDslLoad();
  bool IsDslCreate();
  bool IsDslExport();
  bool IsDslSet();
  std::optional<StatementNode> ParseSource();
  bool ParseSourceType(const std::string& context, SourceStmt* stmt);
  bool ParseSourceFrom(const std::string& context, SourceStmt* stmt);
  std::optional<StatementNode> ParseLoad();
  std::optional<StatementNode> ParseCreate();
  std::optional<StatementNode> ParseExport();
  bool ParseExportTarget(const Token& export_token, ExportStmt* stmt);
  bool ParseExportFormat(ExportStmt* stmt);
  std::optional<StatementNode> ParseSet();
  bool ParseSetValue(const std::string& context, SetStmt* stmt);
  std::optional<StatementNode> ParseInclude();

  // statement_parser_clauses.cc
  size_t QualifiedNameLength(size_t ahead);
  Identifier MakeIdentifier(const Token& t) const;
  StringLiteral MakeString(const Token& t) const;
  bool ExpectIdentifier(const std::string& message, const std::string& hint, Identifier* out);
  bool ExpectQualifiedName(const std::string& message, const std::string& hint, QualifiedName* out);
  bool ExpectString(const std::string& message, const std::string& hint, StringLiteral* out);
  bool ExpectKeyword(const char* keyword, const std::string& after, const std::string& hint);
  bool ParseMode(ModeTarget target, ModeClause* out);
  bool ParseModeKind(ModeTarget target, ModeClause* out);
  bool ParseKeys(const std::string& after, std::vector<Identifier>* out);
  bool ParseIncremental(ModeClause* out);
  bool ParseLookback(ModeClause* out);
  bool ParseJsonObject(const std::string& keyword, JsonValue* out);

  std::string_view text_;
  std::string file_;
  LineIndex lines_;
  TokenStream tokens_;
  Diagnostics diagnostics_;
  int if_depth_ = 0;
  bool stopped_ = false;  // too many errors: stop reading
};

// `name` as a message shows it: quoted only when it needs quotes.
std::string NameForMessage(const Identifier& name);

}  // namespace sqlflow
