// Every error message of the parser, compared in full as the user sees it.
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

TEST(ParserErrors, MisspelledStatementKeyword) {
  EXPECT_EQ(Errors("LAOD orders FROM s;"),
            "p.sf:1:1: error: unknown statement 'LAOD'\n"
            " 1 | LAOD orders FROM s;\n"
            "   | ^~~~\n"
            "   = hint: did you mean LOAD?\n");
  EXPECT_EQ(Errors("SORCE s TYPE CSV PARAMS {};"),
            "p.sf:1:1: error: unknown statement 'SORCE'\n"
            " 1 | SORCE s TYPE CSV PARAMS {};\n"
            "   | ^~~~~\n"
            "   = hint: did you mean SOURCE?\n");
}

TEST(ParserErrors, OtherSqlStartsAreNotTypos) {
  EXPECT_EQ(Errors("VACUUM;\nCOPY t TO 'x';\nPRAGMA version;\nUSE db;\nFOO bar;\n"), "");
}

TEST(ParserErrors, SourceErrors) {
  EXPECT_EQ(Errors("SOURCE;"),
            "p.sf:1:7: error: expected a source name after SOURCE\n"
            " 1 | SOURCE;\n"
            "   |       ^\n"
            "   = hint: write SOURCE name TYPE CSV PARAMS {…};\n");
  EXPECT_EQ(Errors("SOURCE s;"),
            "p.sf:1:9: error: expected TYPE or FROM after SOURCE s\n"
            " 1 | SOURCE s;\n"
            "   |         ^\n"
            "   = hint: write SOURCE s TYPE CSV PARAMS {…}; or SOURCE s FROM \"connection\";\n");
  EXPECT_EQ(Errors("SOURCE s TPYE CSV PARAMS {};"),
            "p.sf:1:10: error: expected TYPE or FROM after SOURCE s\n"
            " 1 | SOURCE s TPYE CSV PARAMS {};\n"
            "   |          ^~~~\n"
            "   = hint: did you mean TYPE?\n");
  EXPECT_EQ(Errors("SOURCE s TYPE;"),
            "p.sf:1:14: error: expected a connector type after SOURCE s TYPE\n"
            " 1 | SOURCE s TYPE;\n"
            "   |              ^\n"
            "   = hint: e.g. TYPE CSV\n");
  EXPECT_EQ(Errors("SOURCE s TYPE CSV;"),
            "p.sf:1:18: error: expected PARAMS after SOURCE s TYPE CSV\n"
            " 1 | SOURCE s TYPE CSV;\n"
            "   |                  ^\n"
            "   = hint: add PARAMS {\"path\": …}\n");
  EXPECT_EQ(Errors("SOURCE s TYPE CSV OPTIONS {};"),
            "p.sf:1:19: error: expected PARAMS after SOURCE s TYPE CSV\n"
            " 1 | SOURCE s TYPE CSV OPTIONS {};\n"
            "   |                   ^~~~~~~\n"
            "   = hint: a TYPE source takes PARAMS {…}; OPTIONS go with SOURCE name FROM "
            "\"connection\"\n");
  EXPECT_EQ(Errors("SOURCE s TYPE CSV PARAMS [1];"),
            "p.sf:1:26: error: expected a JSON object after PARAMS\n"
            " 1 | SOURCE s TYPE CSV PARAMS [1];\n"
            "   |                          ^\n"
            "   = hint: write PARAMS {\"key\": \"value\"}\n");
  EXPECT_EQ(Errors("SOURCE s TYPE CSV PARAMS {} x;"),
            "p.sf:1:29: error: expected ';' after the PARAMS object\n"
            " 1 | SOURCE s TYPE CSV PARAMS {} x;\n"
            "   |                             ^\n"
            "   = hint: end the statement with ';'\n");
}

TEST(ParserErrors, SourceFromErrors) {
  EXPECT_EQ(Errors("SOURCE s FROM warehouse;"),
            "p.sf:1:15: error: expected a quoted connection name after SOURCE s FROM\n"
            " 1 | SOURCE s FROM warehouse;\n"
            "   |               ^~~~~~~~~\n"
            "   = hint: quote it: SOURCE s FROM \"warehouse\"\n");
  EXPECT_EQ(Errors("SOURCE s FROM;"),
            "p.sf:1:14: error: expected a quoted connection name after SOURCE s FROM\n"
            " 1 | SOURCE s FROM;\n"
            "   |              ^\n"
            "   = hint: write SOURCE s FROM \"connection\", a connector of the profile\n");
  EXPECT_EQ(Errors("SOURCE s FROM \"w\" OPTINS {};"),
            "p.sf:1:19: error: expected OPTIONS or ';' after SOURCE s FROM \"w\"\n"
            " 1 | SOURCE s FROM \"w\" OPTINS {};\n"
            "   |                   ^~~~~~\n"
            "   = hint: did you mean OPTIONS?\n");
  EXPECT_EQ(Errors("SOURCE s FROM \"w\" OPTIONS;"),
            "p.sf:1:26: error: expected a JSON object after OPTIONS\n"
            " 1 | SOURCE s FROM \"w\" OPTIONS;\n"
            "   |                          ^\n"
            "   = hint: write OPTIONS {\"key\": \"value\"}\n");
}

TEST(ParserErrors, LoadErrors) {
  EXPECT_EQ(Errors("LOAD orders FROM;"),
            "p.sf:1:17: error: expected a source name after LOAD orders FROM\n"
            " 1 | LOAD orders FROM;\n"
            "   |                 ^\n"
            "   = hint: write LOAD orders FROM source_name;\n");
  EXPECT_EQ(Errors("LOAD ${t} FROM s;"),
            "p.sf:1:6: error: expected a table name after LOAD\n"
            " 1 | LOAD ${t} FROM s;\n"
            "   |      ^~~~\n"
            "   = hint: write LOAD table FROM source;\n");
  EXPECT_EQ(Errors("LOAD a.'x' FROM s;"),
            "p.sf:1:8: error: expected a name after '.'\n"
            " 1 | LOAD a.'x' FROM s;\n"
            "   |        ^~~\n"
            "   = hint: write schema.table\n");
  EXPECT_EQ(Errors("LOAD a FORM b;"),
            "p.sf:1:8: error: expected FROM after LOAD a\n"
            " 1 | LOAD a FORM b;\n"
            "   |        ^~~~\n"
            "   = hint: did you mean FROM?\n");
  EXPECT_EQ(Errors("LOAD \"my t\" TO b;"),
            "p.sf:1:13: error: expected FROM after LOAD \"my t\"\n"
            " 1 | LOAD \"my t\" TO b;\n"
            "   |             ^~\n"
            "   = hint: write LOAD \"my t\" FROM source;\n");
  EXPECT_EQ(Errors("LOAD a FROM s MOED APPEND;"),
            "p.sf:1:15: error: expected MODE or ';' after LOAD a FROM s\n"
            " 1 | LOAD a FROM s MOED APPEND;\n"
            "   |               ^~~~\n"
            "   = hint: did you mean MODE?\n");
  EXPECT_EQ(Errors("LOAD a FROM s MODE APPEND extra;"),
            "p.sf:1:27: error: expected ';' after the MODE clause\n"
            " 1 | LOAD a FROM s MODE APPEND extra;\n"
            "   |                           ^~~~~\n"
            "   = hint: end the statement with ';'\n");
}

TEST(ParserErrors, LoadModeErrors) {
  EXPECT_EQ(Errors("LOAD orders FROM s MODE MERG;"),
            "p.sf:1:25: error: unknown LOAD mode 'MERG'\n"
            " 1 | LOAD orders FROM s MODE MERG;\n"
            "   |                         ^~~~\n"
            "   = hint: did you mean MERGE? valid modes: REPLACE, APPEND, MERGE KEY (cols), "
            "UPSERT KEY (cols)\n");
  EXPECT_EQ(Errors("LOAD a FROM s MODE SYNC;"),
            "p.sf:1:20: error: unknown LOAD mode 'SYNC'\n"
            " 1 | LOAD a FROM s MODE SYNC;\n"
            "   |                    ^~~~\n"
            "   = hint: valid modes: REPLACE, APPEND, MERGE KEY (cols), UPSERT KEY (cols)\n");
  EXPECT_EQ(Errors("LOAD a FROM s MODE;"),
            "p.sf:1:19: error: expected a mode after MODE\n"
            " 1 | LOAD a FROM s MODE;\n"
            "   |                   ^\n"
            "   = hint: valid modes: REPLACE, APPEND, MERGE KEY (cols), UPSERT KEY (cols)\n");
  EXPECT_EQ(Errors("LOAD orders FROM s MODE MERGE;"),
            "p.sf:1:25: error: MERGE needs KEY (columns)\n"
            " 1 | LOAD orders FROM s MODE MERGE;\n"
            "   |                         ^~~~~\n"
            "   = hint: write MERGE KEY id or MERGE KEY (a, b)\n");
  EXPECT_EQ(Errors("LOAD a FROM s MODE UPSERT (id);"),
            "p.sf:1:20: error: UPSERT needs KEY (columns)\n"
            " 1 | LOAD a FROM s MODE UPSERT (id);\n"
            "   |                    ^~~~~~\n"
            "   = hint: write UPSERT KEY id or UPSERT KEY (a, b)\n");
  EXPECT_EQ(Errors("LOAD a FROM b MODE INCREMENTAL BY x;"),
            "p.sf:1:20: error: INCREMENTAL is a CREATE TABLE mode, not a LOAD mode\n"
            " 1 | LOAD a FROM b MODE INCREMENTAL BY x;\n"
            "   |                    ^~~~~~~~~~~\n"
            "   = hint: valid LOAD modes: REPLACE, APPEND, MERGE KEY (cols), UPSERT KEY (cols); "
            "an incremental SOURCE loads only new rows\n");
}

TEST(ParserErrors, KeyListErrors) {
  EXPECT_EQ(Errors("LOAD a FROM s MODE MERGE KEY;"),
            "p.sf:1:29: error: expected key columns after MERGE KEY\n"
            " 1 | LOAD a FROM s MODE MERGE KEY;\n"
            "   |                             ^\n"
            "   = hint: write MERGE KEY id or MERGE KEY (a, b)\n");
  EXPECT_EQ(Errors("LOAD a FROM s MODE MERGE KEY (a b);"),
            "p.sf:1:33: error: expected ',' or ')' in the key list\n"
            " 1 | LOAD a FROM s MODE MERGE KEY (a b);\n"
            "   |                                 ^\n"
            "   = hint: write MERGE KEY id or MERGE KEY (a, b)\n");
  EXPECT_EQ(Errors("LOAD a FROM s MODE MERGE KEY ();"),
            "p.sf:1:31: error: expected a key column name\n"
            " 1 | LOAD a FROM s MODE MERGE KEY ();\n"
            "   |                               ^\n"
            "   = hint: write MERGE KEY id or MERGE KEY (a, b)\n");
}

TEST(ParserErrors, CreateTableErrors) {
  EXPECT_EQ(Errors("CREATE TABLE t MODE REPLCE AS SELECT 1;"),
            "p.sf:1:21: error: unknown CREATE TABLE mode 'REPLCE'\n"
            " 1 | CREATE TABLE t MODE REPLCE AS SELECT 1;\n"
            "   |                     ^~~~~~\n"
            "   = hint: did you mean REPLACE? valid modes: REPLACE, APPEND, MERGE KEY (cols), "
            "UPSERT KEY (cols), INCREMENTAL BY col\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE APPEND SELECT 1;"),
            "p.sf:1:28: error: expected AS before the query of CREATE TABLE t\n"
            " 1 | CREATE TABLE t MODE APPEND SELECT 1;\n"
            "   |                            ^~~~~~\n"
            "   = hint: write CREATE TABLE t MODE … AS SELECT …;\n");
  EXPECT_EQ(Errors("CREATE TABLE t AS ;"),
            "p.sf:1:19: error: expected a query after CREATE TABLE t AS\n"
            " 1 | CREATE TABLE t AS ;\n"
            "   |                   ^\n"
            "   = hint: write CREATE TABLE t AS SELECT …;\n");
}

TEST(ParserErrors, IncrementalErrors) {
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL AS SELECT 1;"),
            "p.sf:1:33: error: expected BY after INCREMENTAL\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL AS SELECT 1;\n"
            "   |                                 ^~\n"
            "   = hint: write INCREMENTAL BY updated_at\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL BY;"),
            "p.sf:1:35: error: expected a column name after INCREMENTAL BY\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL BY;\n"
            "   |                                   ^\n"
            "   = hint: write INCREMENTAL BY updated_at\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL BY x LOOKBACK two DAYS AS SELECT 1;"),
            "p.sf:1:47: error: expected a whole number after LOOKBACK\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL BY x LOOKBACK two DAYS AS SELECT 1;\n"
            "   |                                               ^~~\n"
            "   = hint: e.g. LOOKBACK 2 DAYS\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL BY x LOOKBACK 99999999999999999999 DAY AS "
                   "SELECT 1;"),
            "p.sf:1:47: error: LOOKBACK 99999999999999999999 is too large\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL BY x LOOKBACK 99999999999999999999 DAY AS "
            "SELECT 1;\n"
            "   |                                               ^~~~~~~~~~~~~~~~~~~~\n"
            "   = hint: use a smaller number or a larger unit\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL BY ts LOOKBACK 2 WEEKS AS SELECT 1;"),
            "p.sf:1:50: error: unknown LOOKBACK unit 'WEEKS'\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL BY ts LOOKBACK 2 WEEKS AS SELECT 1;\n"
            "   |                                                  ^~~~~\n"
            "   = hint: use MINUTES, HOURS or DAYS\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL BY ts LOOKBACK 2 HOUSR AS SELECT 1;"),
            "p.sf:1:50: error: unknown LOOKBACK unit 'HOUSR'\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL BY ts LOOKBACK 2 HOUSR AS SELECT 1;\n"
            "   |                                                  ^~~~~\n"
            "   = hint: did you mean HOURS?\n");
  EXPECT_EQ(Errors("CREATE TABLE t MODE INCREMENTAL BY x LOOKBACK 2 AS SELECT 1;"),
            "p.sf:1:49: error: expected a unit after LOOKBACK 2\n"
            " 1 | CREATE TABLE t MODE INCREMENTAL BY x LOOKBACK 2 AS SELECT 1;\n"
            "   |                                                 ^~\n"
            "   = hint: use MINUTES, HOURS or DAYS\n");
}

TEST(ParserErrors, ExportErrors) {
  EXPECT_EQ(Errors("EXPORT SELECT 1 TYPE CSV;"),
            "p.sf:1:1: error: EXPORT needs TO 'destination'\n"
            " 1 | EXPORT SELECT 1 TYPE CSV;\n"
            "   | ^~~~~~\n"
            "   = hint: write EXPORT SELECT … TO 'output/file.csv' TYPE CSV;\n");
  EXPECT_EQ(Errors("EXPORT TO 'x' TYPE CSV;"),
            "p.sf:1:8: error: expected a query or table name after EXPORT\n"
            " 1 | EXPORT TO 'x' TYPE CSV;\n"
            "   |        ^~\n"
            "   = hint: write EXPORT SELECT … TO 'path' or EXPORT table TO 'path'\n");
  EXPECT_EQ(Errors("EXPORT t TO out TYPE CSV;"),
            "p.sf:1:13: error: expected a quoted destination after TO\n"
            " 1 | EXPORT t TO out TYPE CSV;\n"
            "   |             ^~~\n"
            "   = hint: write TO 'output/file.csv'\n");
  EXPECT_EQ(Errors("EXPORT t TO 'x';"),
            "p.sf:1:16: error: expected TYPE after the EXPORT destination\n"
            " 1 | EXPORT t TO 'x';\n"
            "   |                ^\n"
            "   = hint: add TYPE CSV (or PARQUET, JSON, …)\n");
  EXPECT_EQ(Errors("EXPORT t TO 'x' TYPE;"),
            "p.sf:1:21: error: expected a format after TYPE\n"
            " 1 | EXPORT t TO 'x' TYPE;\n"
            "   |                     ^\n"
            "   = hint: e.g. TYPE CSV\n");
  EXPECT_EQ(Errors("EXPORT t TO 'x' TYPE CSV OPTONS {};"),
            "p.sf:1:26: error: expected OPTIONS or ';' after TYPE CSV\n"
            " 1 | EXPORT t TO 'x' TYPE CSV OPTONS {};\n"
            "   |                          ^~~~~~\n"
            "   = hint: did you mean OPTIONS?\n");
  EXPECT_EQ(Errors("EXPORT t TO 'x' TYPE CSV OPTIONS {\"a\": 1} x;"),
            "p.sf:1:43: error: expected ';' after the OPTIONS object\n"
            " 1 | EXPORT t TO 'x' TYPE CSV OPTIONS {\"a\": 1} x;\n"
            "   |                                           ^\n"
            "   = hint: end the statement with ';'\n");
}

TEST(ParserErrors, SetErrors) {
  EXPECT_EQ(Errors("SET;"),
            "p.sf:1:4: error: expected a variable name after SET\n"
            " 1 | SET;\n"
            "   |    ^\n"
            "   = hint: write SET name = 'value';\n");
  EXPECT_EQ(Errors("SET x 1;"),
            "p.sf:1:7: error: expected '=' after SET x\n"
            " 1 | SET x 1;\n"
            "   |       ^\n"
            "   = hint: write SET x = 'value';\n");
  EXPECT_EQ(Errors("SET x = ;"),
            "p.sf:1:9: error: expected a value after SET x =\n"
            " 1 | SET x = ;\n"
            "   |         ^\n"
            "   = hint: write SET x = 'text';\n");
  EXPECT_EQ(Errors("SET y = abc;"),
            "p.sf:1:9: error: a SET value must be a string, number, true, false or ${…}\n"
            " 1 | SET y = abc;\n"
            "   |         ^~~\n"
            "   = hint: quote text: SET y = 'abc';\n");
  EXPECT_EQ(Errors("SET x = 1 2;"),
            "p.sf:1:11: error: expected ';' after SET x = 1\n"
            " 1 | SET x = 1 2;\n"
            "   |           ^\n"
            "   = hint: end the statement with ';'\n");
}

TEST(ParserErrors, IncludeErrors) {
  EXPECT_EQ(Errors("INCLUDE x;"),
            "p.sf:1:9: error: expected a quoted path after INCLUDE\n"
            " 1 | INCLUDE x;\n"
            "   |         ^\n"
            "   = hint: write INCLUDE 'common/sources.sf';\n");
  EXPECT_EQ(Errors("INCLUDE 'x' AS;"),
            "p.sf:1:15: error: expected an alias name after AS\n"
            " 1 | INCLUDE 'x' AS;\n"
            "   |               ^\n"
            "   = hint: write AS name\n");
  EXPECT_EQ(Errors("INCLUDE 'x' y;"),
            "p.sf:1:13: error: expected AS or ';' after INCLUDE 'x'\n"
            " 1 | INCLUDE 'x' y;\n"
            "   |             ^\n"
            "   = hint: end the statement with ';'\n");
}

TEST(ParserErrors, MissingSemicolonAtTheEndOfTheFile) {
  EXPECT_EQ(Errors("LOAD orders FROM s"),
            "p.sf:1:19: error: missing ';' at the end of the statement\n"
            " 1 | LOAD orders FROM s\n"
            "   |                   ^\n"
            "   = hint: add ';'\n");
  EXPECT_EQ(Errors("SELECT 1;\nSELECT 2  -- done\n"),
            "p.sf:2:9: error: missing ';' at the end of the statement\n"
            " 2 | SELECT 2  -- done\n"
            "   |         ^\n"
            "   = hint: add ';'\n");
}

TEST(ParserErrors, MissingSemicolonBeforeTheNextStatement) {
  EXPECT_EQ(Errors("LOAD a FROM b\nLOAD c FROM d MODE APPEND\nCREATE TABLE x AS SELECT 1;"),
            "p.sf:1:14: error: missing ';' at the end of the statement\n"
            " 1 | LOAD a FROM b\n"
            "   |              ^\n"
            "   = hint: add ';'\n"
            "p.sf:2:26: error: missing ';' at the end of the statement\n"
            " 2 | LOAD c FROM d MODE APPEND\n"
            "   |                          ^\n"
            "   = hint: add ';'\n");
}

}  // namespace
}  // namespace sqlflow
