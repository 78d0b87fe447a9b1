#include "lang/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "lang/ast_printer.h"

namespace sqlflow {
namespace {

// The AST dump of `text`, which must parse without diagnostics.
std::string Parse(std::string_view text) {
  ParseResult result = ParsePipeline(text, "p.sf");
  SourceTexts texts;
  texts.Add("p.sf", std::string(text));
  EXPECT_TRUE(result.diagnostics.empty()) << FormatDiagnostics(result.diagnostics, texts);
  return PrintAst(result.ast);
}

const Statement& OnlyStatement(const ParseResult& result) {
  EXPECT_EQ(result.ast.statements.size(), 1u);
  return result.ast.statements.at(0);
}

TEST(Parser, SpecExamples) {
  const char* text =
      R"(SOURCE orders_src TYPE CSV PARAMS {"path": "${data_dir}/orders.csv", "has_header": true};
SOURCE pg_users FROM "warehouse" OPTIONS {"table": "users", "sync_mode": "incremental",
                                          "cursor_field": "updated_at", "primary_key": "id"};
LOAD orders FROM orders_src;                                  -- MODE REPLACE is the default
LOAD events FROM events_src MODE APPEND;
LOAD stock  FROM stock_src  MODE MERGE KEY (sku, warehouse);
CREATE TABLE daily AS WITH o AS (SELECT * FROM orders) SELECT day, sum(amount) s FROM o GROUP BY 1;
CREATE TABLE dim_customer MODE MERGE KEY customer_id AS SELECT * FROM pg_users;
EXPORT SELECT * FROM daily WHERE s > 0 TO 'output/daily_${run_date}.parquet' TYPE PARQUET;
EXPORT daily TO 's3://bucket/reports/daily.csv' TYPE CSV OPTIONS {"header": true};
SET region = 'eu';
INCLUDE 'common/sources.sf';
IF ${env|dev} == 'prod' AND ${full|false} == true THEN
  LOAD big FROM big_src;
ELSE
  LOAD sample FROM sample_src;
END IF;
)";
  EXPECT_EQ(
      Parse(text),
      R"(Source orders_src type=CSV params={"path":"${data_dir}/orders.csv","has_header":true} @1:1
Source pg_users from='warehouse' options={"table":"users","sync_mode":"incremental","cursor_field":"updated_at","primary_key":"id"} @2:1
Load orders from=orders_src @4:1
Load events from=events_src mode=APPEND @5:1
Load stock from=stock_src mode=MERGE keys=(sku, warehouse) @6:1
CreateTable daily query=`WITH o AS (SELECT * FROM orders) SELECT day, sum(amount) s FROM o GROUP BY 1` @7:1
CreateTable dim_customer mode=MERGE keys=(customer_id) query=`SELECT * FROM pg_users` @8:1
Export query=`SELECT * FROM daily WHERE s > 0` to='output/daily_${run_date}.parquet' type=PARQUET @9:1
Export table=daily to='s3://bucket/reports/daily.csv' type=CSV options={"header":true} @10:1
Set region='eu' @11:1
Include 'common/sources.sf' @12:1
If @13:1
  if `${env|dev} == 'prod' AND ${full|false} == true` @13:4
    Load big from=big_src @14:3
  else
    Load sample from=sample_src @16:3
)");
}

TEST(Parser, SourceForms) {
  EXPECT_EQ(Parse("source s type csv params {};\nSOURCE \"my src\" FROM 'conn';"),
            "Source s type=csv params={} @1:1\nSource \"my src\" from='conn' @2:1\n");
  ParseResult r = ParsePipeline("SOURCE s FROM \"w\";", "p.sf");
  const auto& source = std::get<SourceStmt>(OnlyStatement(r).node);
  EXPECT_EQ(source.params.kind, JsonValue::Kind::kObject);
  EXPECT_FALSE(source.connector_type);
  EXPECT_EQ(source.connection->value, "w");
  EXPECT_EQ(source.connection->span.column, 15u);
}

TEST(Parser, LoadModes) {
  EXPECT_EQ(Parse("LOAD a FROM s MODE REPLACE;\n"
                  "load a from s mode append;\n"
                  "LOAD a FROM s MODE MERGE KEY id;\n"
                  "LOAD a FROM s MODE MERGE KEY (a, b);\n"
                  "LOAD a FROM s MODE MERGE KEY a, b;\n"
                  "LOAD a FROM s MODE MERGE MERGE_KEYS (a);\n"
                  "LOAD a FROM s MODE MERGE_KEYS a, b;\n"
                  "LOAD a FROM s MODE upsert key (\"Id\");\n"),
            "Load a from=s mode=REPLACE @1:1\n"
            "Load a from=s mode=APPEND @2:1\n"
            "Load a from=s mode=MERGE keys=(id) @3:1\n"
            "Load a from=s mode=MERGE keys=(a, b) @4:1\n"
            "Load a from=s mode=MERGE keys=(a, b) @5:1\n"
            "Load a from=s mode=MERGE keys=(a) @6:1\n"
            "Load a from=s mode=MERGE(MERGE_KEYS) keys=(a, b) @7:1\n"
            "Load a from=s mode=MERGE(UPSERT) keys=(\"Id\") @8:1\n");
}

TEST(Parser, ModeClauseFields) {
  ParseResult r = ParsePipeline("LOAD t FROM s MODE UPSERT KEY (a, b);", "p.sf");
  const ModeClause& mode = std::get<LoadStmt>(OnlyStatement(r).node).mode;
  EXPECT_TRUE(mode.is_explicit);
  EXPECT_EQ(mode.mode, WriteMode::kMerge);
  EXPECT_EQ(mode.keyword, "UPSERT");
  EXPECT_EQ(mode.span.column, 15u);
  EXPECT_EQ(mode.span.length, 22u);  // MODE … )
  ParseResult d = ParsePipeline("LOAD t FROM s;", "p.sf");
  EXPECT_FALSE(std::get<LoadStmt>(OnlyStatement(d).node).mode.is_explicit);
  EXPECT_EQ(std::get<LoadStmt>(OnlyStatement(d).node).mode.mode, WriteMode::kReplace);
}

TEST(Parser, CreateTableForms) {
  EXPECT_EQ(Parse("CREATE OR REPLACE TABLE s.t AS SELECT 1;\n"
                  "CREATE TABLE t MODE APPEND AS FROM x;\n"
                  "CREATE TABLE t MODE UPSERT KEY a, b AS SELECT * FROM x;\n"
                  "CREATE TABLE t MODE INCREMENTAL BY updated_at AS SELECT 1;\n"
                  "CREATE TABLE t MODE INCREMENTAL BY ts LOOKBACK 2 DAYS AS SELECT 1;\n"
                  "CREATE TABLE t MODE incremental by ts lookback 30 minute AS SELECT 1;\n"
                  "CREATE TABLE t MODE INCREMENTAL BY ts LOOKBACK 1 HOURS AS (SELECT 1);\n"),
            "CreateTable or_replace s.t query=`SELECT 1` @1:1\n"
            "CreateTable t mode=APPEND query=`FROM x` @2:1\n"
            "CreateTable t mode=MERGE(UPSERT) keys=(a, b) query=`SELECT * FROM x` @3:1\n"
            "CreateTable t mode=INCREMENTAL by=updated_at query=`SELECT 1` @4:1\n"
            "CreateTable t mode=INCREMENTAL by=ts lookback=2 DAY query=`SELECT 1` @5:1\n"
            "CreateTable t mode=INCREMENTAL by=ts lookback=30 MINUTE query=`SELECT 1` @6:1\n"
            "CreateTable t mode=INCREMENTAL by=ts lookback=1 HOUR query=`(SELECT 1)` @7:1\n");
}

TEST(Parser, OtherCreateStatementsAreSql) {
  EXPECT_EQ(Parse("CREATE TABLE t (a INT, b TEXT);\n"
                  "CREATE TEMP TABLE t AS SELECT 1;\n"
                  "CREATE TABLE IF NOT EXISTS t AS SELECT 1;\n"
                  "CREATE VIEW v AS SELECT 1;\n"
                  "CREATE OR REPLACE VIEW v AS SELECT 1;\n"
                  "CREATE MACRO m(x) AS x + 1;\n"),
            "Sql `CREATE TABLE t (a INT, b TEXT)` @1:1\n"
            "Sql `CREATE TEMP TABLE t AS SELECT 1` @2:1\n"
            "Sql `CREATE TABLE IF NOT EXISTS t AS SELECT 1` @3:1\n"
            "Sql `CREATE VIEW v AS SELECT 1` @4:1\n"
            "Sql `CREATE OR REPLACE VIEW v AS SELECT 1` @5:1\n"
            "Sql `CREATE MACRO m(x) AS x + 1` @6:1\n");
}

TEST(Parser, ExportForms) {
  EXPECT_EQ(Parse("EXPORT s.\"t 1\" TO \"out.csv\" TYPE csv;\n"
                  "EXPORT SELECT 'a TO b' AS x FROM t TO 'o.csv' TYPE CSV;\n"
                  "EXPORT (SELECT x FROM t WHERE y TO 'z') TO 'o.csv' TYPE CSV;\n"
                  "EXPORT SELECT INTERVAL '1' DAY TO SECOND FROM t TO 'o.csv' TYPE CSV;\n"
                  "EXPORT FROM t TO 'o.json' TYPE JSON OPTIONS {\"array\": true,};\n"
                  "EXPORT database TO 'db.csv' TYPE CSV;\n"
                  "EXPORT DATABASE 'backup' (FORMAT PARQUET);\n"),
            "Export table=s.\"t 1\" to='out.csv' type=csv @1:1\n"
            "Export query=`SELECT 'a TO b' AS x FROM t` to='o.csv' type=CSV @2:1\n"
            "Export query=`(SELECT x FROM t WHERE y TO 'z')` to='o.csv' type=CSV @3:1\n"
            "Export query=`SELECT INTERVAL '1' DAY TO SECOND FROM t` to='o.csv' type=CSV @4:1\n"
            "Export query=`FROM t` to='o.json' type=JSON options={\"array\":true} @5:1\n"
            "Export table=database to='db.csv' type=CSV @6:1\n"
            "Sql `EXPORT DATABASE 'backup' (FORMAT PARQUET)` @7:1\n");
}

TEST(Parser, SetValues) {
  EXPECT_EQ(Parse("SET a = 'eu';\nSET b = \"${OTHER|d}\";\nSET c = 42;\nSET d = -1.5;\n"
                  "SET e = TRUE;\nSET f = false;\nSET g = ${x|'us east'};\nSET h='it''s';\n"),
            "Set a='eu' @1:1\nSet b='${OTHER|d}' @2:1\nSet c=42 @3:1\nSet d=-1.5 @4:1\n"
            "Set e=true @5:1\nSet f=false @6:1\nSet g=${x|'us east'} @7:1\nSet h='it''s' @8:1\n");
  ParseResult r = ParsePipeline("SET d = -1.5;", "p.sf");
  const auto& set = std::get<SetStmt>(OnlyStatement(r).node);
  EXPECT_EQ(set.value_kind, SetStmt::ValueKind::kNumber);
  EXPECT_EQ(set.value_span.column, 9u);
  EXPECT_EQ(set.value_span.length, 4u);
}

TEST(Parser, DuckDbSetForms) {
  EXPECT_EQ(Parse("SET threads = 4;\nSET memory_limit='1GB';\nSET GLOBAL threads = 2;\n"
                  "SET SESSION x = 1;\nSET search_path TO a;\nRESET threads;\n"),
            "Set threads=4 @1:1\nSet memory_limit='1GB' @2:1\n"
            "Sql `SET GLOBAL threads = 2` @3:1\nSql `SET SESSION x = 1` @4:1\n"
            "Sql `SET search_path TO a` @5:1\nSql `RESET threads` @6:1\n");
}

TEST(Parser, IncludeForms) {
  EXPECT_EQ(Parse("INCLUDE 'a.sf';\ninclude \"b.sf\" as common;\n"),
            "Include 'a.sf' @1:1\nInclude 'b.sf' as=common @2:1\n");
}

TEST(Parser, LoadOfAnExtensionIsSql) {
  EXPECT_EQ(Parse("INSTALL httpfs;\nLOAD httpfs;\nLOAD '/x/ext.duckdb_extension';\n"),
            "Sql `INSTALL httpfs` @1:1\nSql `LOAD httpfs` @2:1\n"
            "Sql `LOAD '/x/ext.duckdb_extension'` @3:1\n");
}

TEST(Parser, KeywordsAreContextual) {
  EXPECT_EQ(Parse("LOAD mode FROM type;\n"
                  "CREATE TABLE key AS SELECT 1 AS source;\n"
                  "LOAD source FROM key MODE MERGE KEY (mode, type);\n"
                  "CREATE TABLE mode MODE APPEND AS SELECT 1;\n"
                  "SOURCE load TYPE csv PARAMS {};\n"
                  "SET mode = 1;\n"),
            "Load mode from=type @1:1\n"
            "CreateTable key query=`SELECT 1 AS source` @2:1\n"
            "Load source from=key mode=MERGE keys=(mode, type) @3:1\n"
            "CreateTable mode mode=APPEND query=`SELECT 1` @4:1\n"
            "Source load type=csv params={} @5:1\n"
            "Set mode=1 @6:1\n");
}

TEST(Parser, QuotedAndQualifiedNames) {
  ParseResult r = ParsePipeline("LOAD sales.\"my \"\"big\"\" table\" FROM \"s\";", "p.sf");
  const auto& load = std::get<LoadStmt>(OnlyStatement(r).node);
  ASSERT_EQ(load.table.parts.size(), 2u);
  EXPECT_EQ(load.table.parts[1].name, "my \"big\" table");
  EXPECT_TRUE(load.table.parts[1].quoted);
  EXPECT_FALSE(load.table.parts[0].quoted);
  EXPECT_EQ(load.table.ToString(), "sales.\"my \"\"big\"\" table\"");
  EXPECT_EQ(load.table.span.column, 6u);
  EXPECT_EQ(load.table.span.length, 24u);
  EXPECT_TRUE(load.source.quoted);
  EXPECT_EQ(Parse("LOAD a.b.c FROM s;"), "Load a.b.c from=s @1:1\n");
}

TEST(Parser, SqlPassThroughIsVerbatim) {
  EXPECT_EQ(Parse("  INSERT INTO t\n  VALUES (1, 'a;b') ;\n"
                  "WITH x AS (SELECT 1) SELECT * FROM x;\n"
                  "FROM orders SELECT count(*);\n"
                  "DROP TABLE IF EXISTS t;\n"
                  "UPDATE t SET a = 1 WHERE b;\n"
                  "select /* inner; comment */ 1 -- trailing\n;\n"),
            "Sql `INSERT INTO t\\n  VALUES (1, 'a;b')` @1:3\n"
            "Sql `WITH x AS (SELECT 1) SELECT * FROM x` @3:1\n"
            "Sql `FROM orders SELECT count(*)` @4:1\n"
            "Sql `DROP TABLE IF EXISTS t` @5:1\n"
            "Sql `UPDATE t SET a = 1 WHERE b` @6:1\n"
            "Sql `select /* inner; comment */ 1` @7:1\n");
}

TEST(Parser, SemicolonsInsideQuotesCommentsAndDollarQuotes) {
  EXPECT_EQ(Parse("CREATE TABLE t AS SELECT 'a;' AS \"b;\", $$c;$$, $f$d;$f$ -- e;\n FROM x;\n"
                  "/* ; */ -- ;\nCREATE MACRO m() AS TABLE SELECT E'\\';';\n"),
            "CreateTable t query=`SELECT 'a;' AS \"b;\", $$c;$$, $f$d;$f$ -- e;\\n FROM x` @1:1\n"
            "Sql `CREATE MACRO m() AS TABLE SELECT E'\\\\';'` @4:1\n");
}

TEST(Parser, SqlTextSpanIsItsFirstCharacter) {
  ParseResult r = ParsePipeline("\n\nCREATE TABLE t AS\n   SELECT 1\n  ;", "p.sf");
  const Statement& s = OnlyStatement(r);
  const SqlText& query = std::get<CreateTableStmt>(s.node).query;
  EXPECT_EQ(query.text, "SELECT 1");
  EXPECT_EQ(query.span.ToString(), "p.sf:4:4");
  EXPECT_EQ(query.span.offset, 23u);
  EXPECT_EQ(query.span.length, 8u);
  EXPECT_EQ(s.span.ToString(), "p.sf:3:1");
  EXPECT_EQ(s.span.length, 33u);  // through the ';'
}

TEST(Parser, EmptyStatementsAreIgnored) {
  EXPECT_EQ(Parse(";;\nSELECT 1;;;\n;"), "Sql `SELECT 1` @2:1\n");
  EXPECT_EQ(Parse(""), "");
  EXPECT_EQ(Parse("-- only a comment\n/* and another */"), "");
}

TEST(Parser, NestedIfBlocks) {
  const char* text = R"(IF ${a} == 1 THEN
  IF (b <> 'x') OR NOT c THEN
    SELECT CASE WHEN 1 THEN 2 ELSE 3 END;
  ELSEIF d THEN
    INCLUDE 'x.sf' AS y;
  ELSE IF e THEN
    SET z = true;
  ENDIF;
elseif ${b} THEN
else
  FROM t SELECT 1;
  IF f THEN END IF;
end if;
)";
  EXPECT_EQ(Parse(text), R"(If @1:1
  if `${a} == 1` @1:4
    If @2:3
      if `(b <> 'x') OR NOT c` @2:6
        Sql `SELECT CASE WHEN 1 THEN 2 ELSE 3 END` @3:5
      elseif `d` @4:10
        Include 'x.sf' as=y @5:5
      elseif `e` @6:11
        Set z=true @7:5
  elseif `${b}` @9:8
  else
    Sql `FROM t SELECT 1` @11:3
    If @12:3
      if `f` @12:6
)");
}

TEST(Parser, IfStatementFields) {
  ParseResult r = ParsePipeline("IF a THEN\nELSE IF b THEN\n SELECT 1;\nELSE\nEND IF;", "p.sf");
  const Statement& s = OnlyStatement(r);
  const auto& block = std::get<IfStmt>(s.node);
  ASSERT_EQ(block.branches.size(), 2u);
  EXPECT_TRUE(block.branches[0].body.empty());
  EXPECT_EQ(block.branches[1].condition.text, "b");
  ASSERT_TRUE(block.else_body.has_value());
  EXPECT_TRUE(block.else_body->empty());
  EXPECT_EQ(s.span.length, 48u);
}

TEST(Parser, RelaxedJson) {
  EXPECT_EQ(Parse(R"(SOURCE s TYPE X PARAMS {
  "a": [1, -2.5e3, true, false, null,],
  "b": {"c": "x\"y\\z\n\u00e9\ud83d\ude00", "d": ${n|5}},  -- comment
  "e": "${dir}/f.csv", /* another */
  "f": "it's",
};)"),
            "Source s type=X params={\"a\":[1,-2.5e3,true,false,null],\"b\":{\"c\":\"x\\\"y\\\\z\\n"
            "é😀\",\"d\":${n|5}},\"e\":\"${dir}/f.csv\",\"f\":\"it's\"} @1:1\n");
}

TEST(Parser, JsonValuesKeepTheirSpans) {
  ParseResult r = ParsePipeline("SOURCE s TYPE X PARAMS {\"k\": ${v}};", "p.sf");
  const JsonValue& params = std::get<SourceStmt>(OnlyStatement(r).node).params;
  EXPECT_EQ(params.span.column, 24u);
  EXPECT_EQ(params.span.length, 11u);
  const JsonValue* v = params.Find("k");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->kind, JsonValue::Kind::kVariable);
  EXPECT_EQ(v->text, "${v}");
  EXPECT_EQ(v->span.column, 30u);
  EXPECT_EQ(params.members[0].key_span.column, 25u);
}

TEST(Parser, CommentsReachTheEngineInsideSql) {
  EXPECT_EQ(Parse("-- lead\nSELECT 1 -- one\n+ 2 /* two */ ;"),
            "Sql `SELECT 1 -- one\\n+ 2` @2:1\n");
}

TEST(Parser, PipelineKeepsTheFileName) {
  ParseResult r = ParsePipeline("SELECT 1;", "pipelines/a.sf");
  EXPECT_EQ(r.ast.file, "pipelines/a.sf");
  EXPECT_EQ(r.ast.statements[0].span.ToString(), "pipelines/a.sf:1:1");
}

}  // namespace
}  // namespace sqlflow
