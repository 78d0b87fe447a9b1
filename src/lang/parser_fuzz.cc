// libFuzzer entry: parses arbitrary bytes as a pipeline file, prints the AST and the
// diagnostics, so that every path from text to message runs under the sanitizers, and checks
// the parser's promises about spans: SQL text is the exact source slice, every span lies inside
// the text, and a file without errors has every statement ending in ';'.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/diagnostic.h"
#include "lang/ast_printer.h"
#include "lang/parser.h"

namespace sqlflow {
namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckSpan(const SourceSpan& span, std::string_view text) {
  Check(span.offset <= text.size() && span.length <= text.size() - span.offset);
}

void CheckSql(const SqlText& sql, std::string_view text) {
  CheckSpan(sql.span, text);
  Check(text.substr(sql.span.offset, sql.span.length) == sql.text);
}

void CheckStatements(const std::vector<Statement>& statements, std::string_view text,
                     bool no_errors) {
  for (const Statement& s : statements) {
    CheckSpan(s.span, text);
    if (no_errors) Check(s.span.length > 0 && text[s.span.offset + s.span.length - 1] == ';');
    if (const auto* sql = std::get_if<SqlStmt>(&s.node)) CheckSql(sql->sql, text);
    if (const auto* create = std::get_if<CreateTableStmt>(&s.node)) CheckSql(create->query, text);
    if (const auto* out = std::get_if<ExportStmt>(&s.node); out && out->query) {
      CheckSql(*out->query, text);
    }
    if (const auto* block = std::get_if<IfStmt>(&s.node)) {
      for (const IfBranch& b : block->branches) {
        CheckSql(b.condition, text);
        CheckStatements(b.body, text, no_errors);
      }
      if (block->else_body) CheckStatements(*block->else_body, text, no_errors);
    }
  }
}

}  // namespace
}  // namespace sqlflow

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  sqlflow::ParseResult result = sqlflow::ParsePipeline(text, "fuzz.sf");
  sqlflow::SourceTexts texts;
  texts.Add("fuzz.sf", text);
  std::string printed =
      sqlflow::PrintAst(result.ast) + sqlflow::FormatDiagnostics(result.diagnostics, texts);
  // A diagnostic may point one past the end, where a missing ';' belongs.
  for (const sqlflow::Diagnostic& d : result.diagnostics.items()) {
    sqlflow::Check(d.span.offset <= text.size());
  }
  sqlflow::CheckStatements(result.ast.statements, text, !result.diagnostics.has_errors());
  return 0;
}
