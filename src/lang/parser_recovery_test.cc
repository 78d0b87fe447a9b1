// IF-block errors, lexical and JSON errors, and recovery: all errors of a file in one pass.
#include <gtest/gtest.h>

#include <string>

#include "common/diagnostic.h"
#include "lang/ast_printer.h"
#include "lang/parser.h"

namespace sqlflow {
namespace {

std::string Errors(std::string_view text) {
  ParseResult result = ParsePipeline(text, "p.sf");
  SourceTexts texts;
  texts.Add("p.sf", std::string(text));
  return FormatDiagnostics(result.diagnostics, texts);
}

// The AST dump, then the errors: what survives recovery, and what was reported.
std::string ParseWithErrors(std::string_view text) {
  ParseResult result = ParsePipeline(text, "p.sf");
  SourceTexts texts;
  texts.Add("p.sf", std::string(text));
  return PrintAst(result.ast) + "--\n" + FormatDiagnostics(result.diagnostics, texts);
}

TEST(ParserBlockErrors, IfWithoutEndIf) {
  EXPECT_EQ(ParseWithErrors("IF a THEN\n  IF b THEN\n    SELECT 1;\n  END IF;\n"),
            "If @1:1\n"
            "  if `a` @1:4\n"
            "    If @2:3\n"
            "      if `b` @2:6\n"
            "        Sql `SELECT 1` @3:5\n"
            "--\n"
            "p.sf:1:1: error: IF without END IF\n"
            " 1 | IF a THEN\n"
            "   | ^~\n"
            "   = hint: add END IF; after the last statement of the block\n");
}

TEST(ParserBlockErrors, StrayBlockKeywords) {
  EXPECT_EQ(ParseWithErrors("ELSE\nLOAD a FROM b;\nEND IF;\nENDIF;"),
            "Load a from=b @2:1\n"
            "--\n"
            "p.sf:1:1: error: ELSE without IF\n"
            " 1 | ELSE\n"
            "   | ^~~~\n"
            "   = hint: remove it, or open the block with IF condition THEN\n"
            "p.sf:3:1: error: END IF without IF\n"
            " 3 | END IF;\n"
            "   | ^~~~~~\n"
            "   = hint: remove it, or open the block with IF condition THEN\n"
            "p.sf:4:1: error: ENDIF without IF\n"
            " 4 | ENDIF;\n"
            "   | ^~~~~\n"
            "   = hint: remove it, or open the block with IF condition THEN\n");
  EXPECT_EQ(ParseWithErrors("ELSEIF x THEN\n  LOAD a FROM b;\nELSE IF y THEN SELECT 1;"),
            "Load a from=b @2:3\n"
            "Sql `SELECT 1` @3:16\n"
            "--\n"
            "p.sf:1:1: error: ELSEIF without IF\n"
            " 1 | ELSEIF x THEN\n"
            "   | ^~~~~~\n"
            "   = hint: open the block with IF condition THEN\n"
            "p.sf:3:1: error: ELSE IF without IF\n"
            " 3 | ELSE IF y THEN SELECT 1;\n"
            "   | ^~~~~~~\n"
            "   = hint: open the block with IF condition THEN\n");
}

TEST(ParserBlockErrors, ConditionErrors) {
  EXPECT_EQ(Errors("IF THEN SELECT 1; END IF;"),
            "p.sf:1:4: error: expected a condition after IF\n"
            " 1 | IF THEN SELECT 1; END IF;\n"
            "   |    ^~~~\n"
            "   = hint: write IF ${env} == 'prod' THEN\n");
  // The block is still read to its END IF, so nothing else is reported.
  EXPECT_EQ(ParseWithErrors("IF x\n  LOAD a FROM b;\nEND IF;"),
            "If @1:1\n"
            "  if `x` @1:4\n"
            "    Load a from=b @2:3\n"
            "--\n"
            "p.sf:1:5: error: expected THEN after the IF condition\n"
            " 1 | IF x\n"
            "   |     ^\n"
            "   = hint: write IF condition THEN\n");
  EXPECT_EQ(Errors("IF a THEN ELSEIF THEN END IF;"),
            "p.sf:1:18: error: expected a condition after ELSEIF\n"
            " 1 | IF a THEN ELSEIF THEN END IF;\n"
            "   |                  ^~~~\n"
            "   = hint: write ELSEIF ${env} == 'prod' THEN\n");
  EXPECT_EQ(Errors("IF a THEN ELSE IF b; END IF;"),
            "p.sf:1:20: error: expected THEN after the ELSE IF condition\n"
            " 1 | IF a THEN ELSE IF b; END IF;\n"
            "   |                    ^\n"
            "   = hint: write ELSE IF condition THEN\n");
  EXPECT_EQ(Errors("IF ;"),
            "p.sf:1:1: error: IF without END IF\n"
            " 1 | IF ;\n"
            "   | ^~\n"
            "   = hint: add END IF; after the last statement of the block\n"
            "p.sf:1:4: error: expected a condition after IF\n"
            " 1 | IF ;\n"
            "   |    ^\n"
            "   = hint: write IF ${env} == 'prod' THEN\n");
}

TEST(ParserBlockErrors, ElseMustComeLast) {
  EXPECT_EQ(Errors("IF x THEN\nELSE\nELSE\nEND IF;"),
            "p.sf:3:1: error: ELSE after ELSE\n"
            " 3 | ELSE\n"
            "   | ^~~~\n"
            "   = hint: ELSE must be the last branch of an IF block\n");
  EXPECT_EQ(Errors("IF x THEN\nELSE\nELSEIF y THEN\nEND IF;"),
            "p.sf:3:1: error: ELSEIF after ELSE\n"
            " 3 | ELSEIF y THEN\n"
            "   | ^~~~~~\n"
            "   = hint: ELSE must be the last branch of an IF block\n");
}

TEST(ParserBlockErrors, MissingSemicolonInsideABlockKeepsTheBlock) {
  EXPECT_EQ(ParseWithErrors("IF x THEN\n  SELECT 1\nELSE\n  LOAD a FROM b\nEND IF;\nSELECT 3;"),
            "If @1:1\n"
            "  if `x` @1:4\n"
            "  else\n"
            "Sql `SELECT 3` @6:1\n"
            "--\n"
            "p.sf:2:11: error: missing ';' at the end of the statement\n"
            " 2 |   SELECT 1\n"
            "   |           ^\n"
            "   = hint: add ';'\n"
            "p.sf:4:16: error: missing ';' at the end of the statement\n"
            " 4 |   LOAD a FROM b\n"
            "   |                ^\n"
            "   = hint: add ';'\n");
  EXPECT_EQ(Errors("IF x THEN\nEND IF\nLOAD a FROM b;"),
            "p.sf:2:7: error: missing ';' at the end of the statement\n"
            " 2 | END IF\n"
            "   |       ^\n"
            "   = hint: add ';'\n");
}

TEST(ParserBlockErrors, ErrorsInsideABlockDoNotLoseItsEnd) {
  EXPECT_EQ(ParseWithErrors("IF x THEN\n"
                            "  CREATE TABLE t MODE MERGE AS SELECT CASE WHEN a THEN 1 ELSE 2 END;\n"
                            "  LOAD a FROM b MODE MERG\n"
                            "ELSE\n"
                            "  SELECT 2;\n"
                            "END IF;\n"),
            "If @1:1\n"
            "  if `x` @1:4\n"
            "  else\n"
            "    Sql `SELECT 2` @5:3\n"
            "--\n"
            "p.sf:2:23: error: MERGE needs KEY (columns)\n"
            " 2 |   CREATE TABLE t MODE MERGE AS SELECT CASE WHEN a THEN 1 ELSE 2 END;\n"
            "   |                       ^~~~~\n"
            "   = hint: write MERGE KEY id or MERGE KEY (a, b)\n"
            "p.sf:3:22: error: unknown LOAD mode 'MERG'\n"
            " 3 |   LOAD a FROM b MODE MERG\n"
            "   |                      ^~~~\n"
            "   = hint: did you mean MERGE? valid modes: REPLACE, APPEND, MERGE KEY (cols), "
            "UPSERT KEY (cols)\n");
}

TEST(ParserRecovery, AllErrorsInOnePass) {
  EXPECT_EQ(ParseWithErrors("LAOD orders FROM s;\n"
                            "LOAD ok FROM s;\n"
                            "SOURCE x TYPE CSV PARAMS {\"p\": tru};\n"
                            "EXPORT SELECT 1 TYPE CSV;\n"
                            "SELECT 'still here';\n"
                            "INCLUDE;\n"),
            "Load ok from=s @2:1\n"
            "Sql `SELECT 'still here'` @5:1\n"
            "--\n"
            "p.sf:1:1: error: unknown statement 'LAOD'\n"
            " 1 | LAOD orders FROM s;\n"
            "   | ^~~~\n"
            "   = hint: did you mean LOAD?\n"
            "p.sf:3:32: error: 'tru' is not a JSON value\n"
            " 3 | SOURCE x TYPE CSV PARAMS {\"p\": tru};\n"
            "   |                                ^~~\n"
            "   = hint: write true, false, null, a number, \"text\" or ${variable}\n"
            "p.sf:4:1: error: EXPORT needs TO 'destination'\n"
            " 4 | EXPORT SELECT 1 TYPE CSV;\n"
            "   | ^~~~~~\n"
            "   = hint: write EXPORT SELECT … TO 'output/file.csv' TYPE CSV;\n"
            "p.sf:6:8: error: expected a quoted path after INCLUDE\n"
            " 6 | INCLUDE;\n"
            "   |        ^\n"
            "   = hint: write INCLUDE 'common/sources.sf';\n");
}

TEST(ParserRecovery, ABrokenStatementDoesNotSwallowTheNextLine) {
  EXPECT_EQ(ParseWithErrors("LOAD a FROM s MODE MERG KEY id\nLOAD b FROM s;\n"),
            "Load b from=s @2:1\n"
            "--\n"
            "p.sf:1:20: error: unknown LOAD mode 'MERG'\n"
            " 1 | LOAD a FROM s MODE MERG KEY id\n"
            "   |                    ^~~~\n"
            "   = hint: did you mean MERGE? valid modes: REPLACE, APPEND, MERGE KEY (cols), "
            "UPSERT KEY (cols)\n");
}

TEST(ParserRecovery, DeeplyNestedIfStopsTheParse) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "IF a THEN\n";
  text += "SELECT 1;\n";
  for (int i = 0; i < 40; ++i) text += "END IF;\n";
  EXPECT_EQ(Errors(text),
            "p.sf:33:1: error: IF blocks are nested too deeply\n"
            " 33 | IF a THEN\n"
            "    | ^~\n"
            "    = hint: nest at most 32 levels\n");
}

TEST(ParserRecovery, StopsAfterTooManyErrors) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "SET x;\n";
  ParseResult result = ParsePipeline(text, "p.sf");
  ASSERT_EQ(result.diagnostics.error_count(), 51u);
  const Diagnostic& last = result.diagnostics.items().back();
  EXPECT_EQ(last.message, "too many errors; stopped here");
  EXPECT_EQ(last.span.line, 50u);
}

TEST(ParserLexicalErrors, UnterminatedTokens) {
  EXPECT_EQ(ParseWithErrors("SELECT 1;\nSELECT 'abc;\nSELECT 2;\n"),
            "Sql `SELECT 1` @1:1\n"
            "--\n"
            "p.sf:2:8: error: unterminated string\n"
            " 2 | SELECT 'abc;\n"
            "   |        ^\n"
            "   = hint: close it with '\n");
  EXPECT_EQ(Errors("LOAD a FROM \"b"),
            "p.sf:1:13: error: unterminated quoted name\n"
            " 1 | LOAD a FROM \"b\n"
            "   |             ^\n"
            "   = hint: close it with \"\n");
  EXPECT_EQ(Errors("SELECT 1 /* oops"),
            "p.sf:1:10: error: unterminated comment\n"
            " 1 | SELECT 1 /* oops\n"
            "   |          ^~\n"
            "   = hint: close it with */\n");
  EXPECT_EQ(Errors("SELECT $x$ 1;"),
            "p.sf:1:8: error: unterminated dollar-quoted string\n"
            " 1 | SELECT $x$ 1;\n"
            "   |        ^~~\n"
            "   = hint: close it with $x$\n");
  EXPECT_EQ(ParseWithErrors("SET x = ${a\n;"),
            "Set x=${a @1:1\n"
            "--\n"
            "p.sf:1:9: error: unterminated variable\n"
            " 1 | SET x = ${a\n"
            "   |         ^~\n"
            "   = hint: close it with }\n");
}

TEST(ParserLexicalErrors, UnclosedStringSwallowsTheEndOfABlock) {
  EXPECT_EQ(Errors("IF a THEN\n  SELECT 'x;\nEND IF;\n"),
            "p.sf:2:10: error: unterminated string\n"
            " 2 |   SELECT 'x;\n"
            "   |          ^\n"
            "   = hint: close it with '\n");
}

}  // namespace
}  // namespace sqlflow
