#include "engine/duckdb_sql_analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sqlflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class DuckDbSqlAnalyzerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = DuckDbSqlAnalyzer::Open();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = std::move(analyzer).value();
  }

  // Tables `sql` reads, asserting that it is a determined query with no writes.
  std::vector<std::string> Reads(const std::string& sql) {
    auto tables = analyzer_->AnalyzeQuery(sql);
    EXPECT_TRUE(tables.ok()) << sql << ": " << tables.status().ToString();
    if (!tables.ok()) return {};
    EXPECT_TRUE(tables->determined) << sql;
    EXPECT_THAT(tables->writes, IsEmpty()) << sql;
    return tables->reads;
  }

  std::unique_ptr<DuckDbSqlAnalyzer> analyzer_;
};

TEST_F(DuckDbSqlAnalyzerTest, SimpleSelect) {
  EXPECT_THAT(Reads("SELECT id, amount FROM orders WHERE amount > 10"), ElementsAre("orders"));
  EXPECT_THAT(Reads("SELECT 1 AS one"), IsEmpty());
}

TEST_F(DuckDbSqlAnalyzerTest, Joins) {
  EXPECT_THAT(Reads("SELECT * FROM orders o JOIN customers c ON o.cid = c.id "
                    "LEFT JOIN regions r ON c.rid = r.id"),
              UnorderedElementsAre("orders", "customers", "regions"));
  EXPECT_THAT(Reads("SELECT * FROM a JOIN b USING (id) NATURAL JOIN c"),
              UnorderedElementsAre("a", "b", "c"));
  EXPECT_THAT(Reads("SELECT * FROM a, b CROSS JOIN c"), UnorderedElementsAre("a", "b", "c"));
  EXPECT_THAT(Reads("SELECT * FROM trades ASOF JOIN quotes USING (sym, ts)"),
              UnorderedElementsAre("trades", "quotes"));
}

TEST_F(DuckDbSqlAnalyzerTest, AliasesAreNotTables) {
  EXPECT_THAT(Reads("SELECT x.a FROM orders AS x, (SELECT 1 AS a) AS y"), ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, CteNamesAreExcluded) {
  EXPECT_THAT(Reads("WITH recent AS (SELECT * FROM orders WHERE day > 3) "
                    "SELECT * FROM recent JOIN customers USING (cid)"),
              UnorderedElementsAre("orders", "customers"));
}

TEST_F(DuckDbSqlAnalyzerTest, CteNamesMatchWithoutCase) {
  EXPECT_THAT(Reads("WITH Recent AS (SELECT * FROM orders) SELECT * FROM RECENT"),
              ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, CteScopeEndsWithItsQuery) {
  // `c` is a CTE only inside the subquery; outside it names a table.
  EXPECT_THAT(Reads("SELECT * FROM (WITH c AS (SELECT * FROM src) SELECT * FROM c) s, c"),
              UnorderedElementsAre("src", "c"));
}

TEST_F(DuckDbSqlAnalyzerTest, CteScopeReachesNestedSubqueries) {
  EXPECT_THAT(Reads("WITH c AS (SELECT * FROM src) "
                    "SELECT * FROM (SELECT * FROM (SELECT * FROM c) x) y "
                    "WHERE id IN (SELECT id FROM c)"),
              ElementsAre("src"));
}

TEST_F(DuckDbSqlAnalyzerTest, CteSeesItsSiblingsButNotItself) {
  // DuckDB resolves a later sibling (`b`) as the CTE; a CTE's own name inside its body is the
  // table of that name.
  EXPECT_THAT(Reads("WITH a AS (SELECT * FROM b), b AS (SELECT * FROM base) SELECT * FROM a"),
              ElementsAre("base"));
  EXPECT_THAT(Reads("WITH orders AS (SELECT * FROM orders WHERE ok) SELECT * FROM orders"),
              ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, InnerCteBodyMaySeeOuterCteOfTheSameName) {
  EXPECT_THAT(Reads("WITH x AS (SELECT * FROM base) "
                    "SELECT * FROM (WITH x AS (SELECT * FROM x) SELECT * FROM x)"),
              ElementsAre("base"));
}

TEST_F(DuckDbSqlAnalyzerTest, RecursiveCteReferencesItself) {
  EXPECT_THAT(Reads("WITH RECURSIVE tree(id, parent) AS ("
                    "  SELECT id, parent FROM nodes WHERE parent IS NULL"
                    "  UNION ALL"
                    "  SELECT n.id, n.parent FROM nodes n JOIN tree t ON n.parent = t.id) "
                    "SELECT * FROM tree"),
              ElementsAre("nodes"));
}

TEST_F(DuckDbSqlAnalyzerTest, MaterializedCte) {
  EXPECT_THAT(Reads("WITH m AS MATERIALIZED (SELECT * FROM m_source) SELECT * FROM m, m AS m2"),
              ElementsAre("m_source"));
}

TEST_F(DuckDbSqlAnalyzerTest, SubqueriesEverywhere) {
  EXPECT_THAT(Reads("SELECT (SELECT max(x) FROM s1) AS top, * FROM (SELECT * FROM base) b "
                    "WHERE b.a IN (SELECT a FROM s2) AND EXISTS (SELECT 1 FROM s3 "
                    "WHERE s3.a = b.a) AND b.v > ANY (SELECT v FROM s4)"),
              UnorderedElementsAre("s1", "base", "s2", "s3", "s4"));
}

TEST_F(DuckDbSqlAnalyzerTest, LateralJoin) {
  EXPECT_THAT(Reads("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.id = t.id) l"),
              UnorderedElementsAre("t", "u"));
}

TEST_F(DuckDbSqlAnalyzerTest, SetOperations) {
  EXPECT_THAT(Reads("SELECT id FROM a UNION SELECT id FROM b INTERSECT SELECT id FROM c "
                    "EXCEPT SELECT id FROM d UNION ALL BY NAME SELECT id FROM e"),
              UnorderedElementsAre("a", "b", "c", "d", "e"));
  // A WITH clause on a set operation covers both sides.
  EXPECT_THAT(Reads("WITH w AS (SELECT * FROM src) SELECT * FROM w UNION SELECT * FROM w"),
              ElementsAre("src"));
}

TEST_F(DuckDbSqlAnalyzerTest, QualifiedAndQuotedNamesKeepTheirCase) {
  EXPECT_THAT(Reads("SELECT * FROM Sales.Orders, \"My Schema\".\"Line Items\", "
                    "warehouse.main.facts, \"MixedCase\""),
              UnorderedElementsAre("Sales.Orders", "My Schema.Line Items", "warehouse.main.facts",
                                   "MixedCase"));
}

TEST_F(DuckDbSqlAnalyzerTest, QualifiedNameIsNeverACte) {
  EXPECT_THAT(Reads("WITH orders AS (SELECT 1) SELECT * FROM main.orders, orders"),
              ElementsAre("main.orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, FromFirstQueries) {
  EXPECT_THAT(Reads("FROM orders"), ElementsAre("orders"));
  EXPECT_THAT(Reads("FROM orders SELECT id WHERE id > 1"), ElementsAre("orders"));
  EXPECT_THAT(Reads("TABLE orders"), ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, ValuesAndDescribe) {
  EXPECT_THAT(Reads("VALUES (1, 'a'), (2, 'b')"), IsEmpty());
  EXPECT_THAT(Reads("DESCRIBE orders"), ElementsAre("orders"));
  EXPECT_THAT(Reads("SUMMARIZE SELECT * FROM orders"), ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, TableFunctionsAreNotTables) {
  EXPECT_THAT(Reads("SELECT * FROM read_csv('data/orders.csv') JOIN range(10) r ON true "
                    "JOIN read_parquet(['a.parquet', 'b.parquet']) p ON true"),
              IsEmpty());
  // A subquery in a table function's arguments still counts.
  EXPECT_THAT(Reads("SELECT * FROM range((SELECT count(*) FROM counts))"), ElementsAre("counts"));
}

TEST_F(DuckDbSqlAnalyzerTest, ReplacementScanOfAFileIsReportedAsWritten) {
  EXPECT_THAT(Reads("SELECT * FROM 'data/orders.parquet'"), ElementsAre("data/orders.parquet"));
}

TEST_F(DuckDbSqlAnalyzerTest, TablesNamedInStringsAreUndetermined) {
  auto tables = analyzer_->AnalyzeQuery("SELECT * FROM query_table('orders'), customers");
  ASSERT_TRUE(tables.ok());
  EXPECT_FALSE(tables->determined);
  EXPECT_THAT(tables->reads, ElementsAre("customers"));
}

TEST_F(DuckDbSqlAnalyzerTest, PivotAndParameters) {
  EXPECT_THAT(Reads("SELECT * FROM sales PIVOT (sum(amount) FOR region IN ('eu', 'us'))"),
              ElementsAre("sales"));
  EXPECT_THAT(Reads("SELECT * FROM orders WHERE id = ? AND day = $2"), ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, SyntaxErrorGivesDuckDbsMessageAndPlace) {
  auto tables = analyzer_->AnalyzeQuery("SELECT *\nFROM orders WHER id = 1");
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(tables.status().message(), "Parser Error: syntax error at or near \"id\"");
  ASSERT_TRUE(tables.status().span().has_value());
  EXPECT_EQ(tables.status().span()->offset, 26u);
  EXPECT_EQ(tables.status().span()->line, 2u);
  EXPECT_EQ(tables.status().span()->column, 18u);
  EXPECT_EQ(tables.status().span()->file, "");
}

TEST_F(DuckDbSqlAnalyzerTest, SyntaxErrorAtEndOfInput) {
  auto tables = analyzer_->AnalyzeStatement("SELECT * FROM");
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().message(), "Parser Error: syntax error at end of input");
}

TEST_F(DuckDbSqlAnalyzerTest, SyntaxErrorInANonQueryStatement) {
  auto tables = analyzer_->AnalyzeStatement("INSERT INTO t SELEC 1");
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(tables.status().message(), "Parser Error: syntax error at or near \"SELEC\"");
}

TEST_F(DuckDbSqlAnalyzerTest, EmptyAndMultipleStatementsAreRefused) {
  EXPECT_EQ(analyzer_->AnalyzeQuery("").status().message(), "no SQL statement found");
  EXPECT_EQ(analyzer_->AnalyzeQuery("-- only a comment").status().message(),
            "no SQL statement found");
  EXPECT_EQ(analyzer_->AnalyzeQuery("SELECT 1; SELECT 2").status().message(),
            "expected one SQL statement, found 2");
}

TEST_F(DuckDbSqlAnalyzerTest, SeveralStatementsWithANonQueryAreUndetermined) {
  auto tables = analyzer_->AnalyzeStatement("SELECT 1; DELETE FROM t");
  ASSERT_TRUE(tables.ok());
  EXPECT_FALSE(tables->determined);
}

TEST_F(DuckDbSqlAnalyzerTest, RepeatedTablesAreListedOnce) {
  EXPECT_THAT(Reads("SELECT * FROM b, a, b AS b2 WHERE x IN (SELECT x FROM a)"),
              ElementsAre("b", "a"));
}

TEST_F(DuckDbSqlAnalyzerTest, TrailingSemicolonIsFine) {
  EXPECT_THAT(Reads("SELECT * FROM orders;"), ElementsAre("orders"));
}

TEST_F(DuckDbSqlAnalyzerTest, StatementThatIsAQueryIsAnalysedAsOne) {
  auto tables = analyzer_->AnalyzeStatement("SELECT * FROM a JOIN b USING (id)");
  ASSERT_TRUE(tables.ok());
  EXPECT_TRUE(tables->determined);
  EXPECT_THAT(tables->reads, UnorderedElementsAre("a", "b"));
}

// DuckDB 1.4 offers no catalog-free way to see inside these statements (see the header), so
// each parses but comes back undetermined, with no tables.
TEST_F(DuckDbSqlAnalyzerTest, NonQueryStatementsAreUndetermined) {
  const char* statements[] = {
      "INSERT INTO t SELECT * FROM a",
      "INSERT INTO t BY NAME SELECT * FROM a JOIN b USING (id)",
      "INSERT INTO t VALUES (1, 'x')",
      "INSERT OR REPLACE INTO t SELECT * FROM a",
      "UPDATE t SET x = u.x FROM u WHERE t.id = u.id",
      "DELETE FROM t WHERE id IN (SELECT id FROM u)",
      "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET x = s.x "
      "WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.x)",
      "CREATE TABLE t AS SELECT * FROM a",
      "CREATE OR REPLACE TABLE t AS SELECT * FROM a",
      "CREATE TABLE t (id INTEGER PRIMARY KEY, x VARCHAR)",
      "CREATE VIEW v AS SELECT * FROM a JOIN b USING (id)",
      "CREATE OR REPLACE VIEW v AS SELECT * FROM a",
      "DROP TABLE t",
      "DROP VIEW IF EXISTS v",
      "ALTER TABLE t ADD COLUMN y INTEGER",
      "ALTER TABLE t RENAME TO t2",
      "CREATE INDEX idx ON t (x)",
      "CREATE SCHEMA s",
      "COPY t TO 'out.csv' (HEADER)",
      "COPY (SELECT * FROM a) TO 'out.parquet' (FORMAT parquet)",
      "TRUNCATE t",
      "PIVOT sales ON region USING sum(amount)",
      "SET threads = 2",
      "ATTACH 'other.duckdb' AS other",
      "USE other",
      "CHECKPOINT",
      "BEGIN TRANSACTION",
  };
  for (const char* sql : statements) {
    auto tables = analyzer_->AnalyzeStatement(sql);
    ASSERT_TRUE(tables.ok()) << sql << ": " << tables.status().ToString();
    EXPECT_FALSE(tables->determined) << sql;
    EXPECT_THAT(tables->reads, IsEmpty()) << sql;
    EXPECT_THAT(tables->writes, IsEmpty()) << sql;
  }
}

TEST_F(DuckDbSqlAnalyzerTest, AnalyzeQueryOnANonQueryIsUndeterminedNotAnError) {
  auto tables = analyzer_->AnalyzeQuery("PIVOT sales ON region USING sum(amount)");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_FALSE(tables->determined);
}

TEST_F(DuckDbSqlAnalyzerTest, AnalyzerIsReusable) {
  for (int i = 0; i < 50; ++i) {
    EXPECT_THAT(Reads("SELECT * FROM t" + std::to_string(i)), ElementsAre("t" + std::to_string(i)));
  }
}

TEST_F(DuckDbSqlAnalyzerTest, SqlIsNeverRunOrBound) {
  // A DROP is only parsed: a later query still parses fine, and nothing was executed.
  ASSERT_TRUE(analyzer_->AnalyzeStatement("CREATE TABLE made AS SELECT 1").ok());
  EXPECT_THAT(Reads("SELECT * FROM made"), ElementsAre("made"));
}

// --- Python UDF calls (SPEC §3.6) ---

// The analysis of a query that must succeed.
#define ANALYZE_OK(var, sql)                                          \
  auto var##_result = analyzer_->AnalyzeQuery(sql);                   \
  ASSERT_TRUE(var##_result.ok()) << var##_result.status().ToString(); \
  const SqlTables& var = *var##_result

std::vector<std::string> CallNames(const SqlTables& tables, bool table) {
  std::vector<std::string> out;
  for (const auto& call : tables.python_calls) {
    if (call.table == table) out.push_back(call.name);
  }
  return out;
}

TEST_F(DuckDbSqlAnalyzerTest, ScalarPythonCallIsRewrittenToTheNamedFunction) {
  ANALYZE_OK(t, "SELECT PYTHON_FUNC('pricing.discount', price, 0.2) AS d FROM orders");
  EXPECT_THAT(CallNames(t, false), ElementsAre("pricing.discount"));
  EXPECT_THAT(CallNames(t, true), IsEmpty());
  EXPECT_EQ(t.rewritten_sql, "SELECT \"pricing.discount\"(price, 0.2) AS d FROM orders");
  EXPECT_THAT(t.reads, ElementsAre("orders"));
  EXPECT_THAT(t.unknown_functions, IsEmpty());
}

TEST_F(DuckDbSqlAnalyzerTest, PythonFuncMatchesWithoutCase) {
  ANALYZE_OK(t, "SELECT python_func('a.f', x), Python_Func('g', 1) FROM t");
  EXPECT_THAT(CallNames(t, false), ElementsAre("a.f", "g"));
  EXPECT_EQ(t.rewritten_sql, "SELECT \"a.f\"(x), g(1) FROM t");
}

TEST_F(DuckDbSqlAnalyzerTest, NestedPythonCalls) {
  ANALYZE_OK(t, "SELECT PYTHON_FUNC('outer_fn', PYTHON_FUNC('m.inner', x) + 1, upper(y)) FROM t");
  EXPECT_THAT(CallNames(t, false), ElementsAre("outer_fn", "m.inner"));
  EXPECT_EQ(t.rewritten_sql, "SELECT outer_fn((\"m.inner\"(x) + 1), upper(y)) FROM t");
}

TEST_F(DuckDbSqlAnalyzerTest, PythonCallsInCtesAndSubqueries) {
  ANALYZE_OK(t,
             "WITH c AS (SELECT PYTHON_FUNC('m.a', x) AS v FROM src) "
             "SELECT * FROM c WHERE v > (SELECT max(PYTHON_FUNC('m.b', y)) FROM other)");
  EXPECT_THAT(CallNames(t, false), ElementsAre("m.a", "m.b"));
  EXPECT_THAT(t.reads, UnorderedElementsAre("src", "other"));
  EXPECT_EQ(t.rewritten_sql,
            "WITH c AS (SELECT \"m.a\"(x) AS v FROM src)SELECT * FROM c WHERE (v > (SELECT "
            "max(\"m.b\"(y)) FROM other))");
}

TEST_F(DuckDbSqlAnalyzerTest, TableCallWithATableNameReadsItAndKeepsNamedParameters) {
  ANALYZE_OK(t, "SELECT * FROM PYTHON_FUNC('ltv.lifetime_value', customers, horizon := 24) l");
  EXPECT_THAT(CallNames(t, true), ElementsAre("ltv.lifetime_value"));
  EXPECT_THAT(CallNames(t, false), IsEmpty());
  EXPECT_THAT(t.reads, ElementsAre("customers"));
  EXPECT_EQ(t.rewritten_sql,
            "SELECT * FROM \"ltv.lifetime_value\"('SELECT * FROM customers', horizon := 24) AS l");
  EXPECT_THAT(t.unknown_functions, IsEmpty());
}

TEST_F(DuckDbSqlAnalyzerTest, TableCallWithAQualifiedOrQuotedName) {
  ANALYZE_OK(t, "FROM PYTHON_FUNC('f', sales.\"Big Orders\")");
  EXPECT_THAT(t.reads, ElementsAre("sales.Big Orders"));
  EXPECT_EQ(t.rewritten_sql, "SELECT * FROM f('SELECT * FROM sales.\"Big Orders\"')");
}

TEST_F(DuckDbSqlAnalyzerTest, TableCallWithASubquery) {
  ANALYZE_OK(t,
             "SELECT * FROM PYTHON_FUNC('m.t', (SELECT id, PYTHON_FUNC('m.s', v) AS w FROM a "
             "JOIN b USING (id) WHERE name = 'it''s'), k := 'x''y')");
  EXPECT_THAT(CallNames(t, true), ElementsAre("m.t"));
  EXPECT_THAT(CallNames(t, false), ElementsAre("m.s"));
  EXPECT_THAT(t.reads, UnorderedElementsAre("a", "b"));
  EXPECT_EQ(t.rewritten_sql,
            "SELECT * FROM \"m.t\"('SELECT id, \"m.s\"(v) AS w FROM a INNER JOIN b USING (id) "
            "WHERE (\"name\" = ''it''''s'')', k := 'x''y')");
}

TEST_F(DuckDbSqlAnalyzerTest, TableCallOverACteCarriesTheCte) {
  ANALYZE_OK(t,
             "WITH recent AS (SELECT * FROM orders WHERE day > 3) "
             "SELECT * FROM PYTHON_FUNC('m.t', recent)");
  EXPECT_THAT(t.reads, ElementsAre("orders"));
  EXPECT_EQ(t.rewritten_sql,
            "WITH recent AS (SELECT * FROM orders WHERE (\"day\" > 3))SELECT * FROM "
            "\"m.t\"('WITH recent AS (SELECT * FROM orders WHERE (\"day\" > 3))SELECT * FROM "
            "recent')");
}

TEST_F(DuckDbSqlAnalyzerTest, TableCallSubqueryOverATableKeepsNoCtes) {
  ANALYZE_OK(t, "WITH unused AS (SELECT 1) SELECT * FROM PYTHON_FUNC('m.t', (SELECT * FROM base))");
  EXPECT_EQ(t.rewritten_sql,
            "WITH unused AS (SELECT 1)SELECT * FROM \"m.t\"('SELECT * FROM base')");
}

TEST_F(DuckDbSqlAnalyzerTest, ScalarCallInsideATableFunctionArgument) {
  ANALYZE_OK(t, "SELECT * FROM range(PYTHON_FUNC('m.n', 3))");
  EXPECT_THAT(CallNames(t, false), ElementsAre("m.n"));
  // (DuckDB quotes `range`, a keyword, when it prints the tree.)
  EXPECT_EQ(t.rewritten_sql, "SELECT * FROM \"range\"(\"m.n\"(3))");
}

TEST_F(DuckDbSqlAnalyzerTest, PythonFuncWithoutANameLiteralIsAnError) {
  for (const char* sql : {"SELECT 1,\n  PYTHON_FUNC(name_col, x) FROM t",
                          "SELECT 1,\n  PYTHON_FUNC()", "SELECT 1,\n  PYTHON_FUNC(42, x)",
                          "SELECT 1,\n  PYTHON_FUNC(NULL)", "SELECT 1,\n  PYTHON_FUNC('', x)"}) {
    auto tables = analyzer_->AnalyzeQuery(sql);
    ASSERT_FALSE(tables.ok()) << sql;
    EXPECT_EQ(tables.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(tables.status().message(),
              "PYTHON_FUNC needs the UDF's name as a string literal first, e.g. "
              "PYTHON_FUNC('pricing.discount', price)");
    ASSERT_TRUE(tables.status().span().has_value()) << sql;
    EXPECT_EQ(tables.status().span()->line, 2u) << sql;
    EXPECT_EQ(tables.status().span()->column, 3u) << sql;
  }
  auto in_from = analyzer_->AnalyzeQuery("SELECT * FROM PYTHON_FUNC(t)");
  ASSERT_FALSE(in_from.ok());
  EXPECT_THAT(in_from.status().message(), ::testing::StartsWith("PYTHON_FUNC needs the UDF's"));
}

TEST_F(DuckDbSqlAnalyzerTest, TableCallNeedsATableArgument) {
  for (const char* sql :
       {"SELECT * FROM PYTHON_FUNC('m.t')", "SELECT * FROM PYTHON_FUNC('m.t', 'customers')",
        "SELECT * FROM PYTHON_FUNC('m.t', horizon := 3)"}) {
    auto tables = analyzer_->AnalyzeQuery(sql);
    ASSERT_FALSE(tables.ok()) << sql;
    EXPECT_THAT(tables.status().message(),
                ::testing::StartsWith("PYTHON_FUNC in FROM needs the input table second"))
        << sql;
    ASSERT_TRUE(tables.status().span().has_value());
  }
}

TEST_F(DuckDbSqlAnalyzerTest, QueryWithoutPythonCallsIsNotRewritten) {
  ANALYZE_OK(t, "SELECT upper(name), count(*) OVER () FROM customers");
  EXPECT_THAT(t.python_calls, IsEmpty());
  EXPECT_EQ(t.rewritten_sql, "");
  EXPECT_THAT(t.unknown_functions, IsEmpty());
}

TEST_F(DuckDbSqlAnalyzerTest, UnknownFunctionsAreThoseDuckDbLacks) {
  ANALYZE_OK(t,
             "SELECT discount(price), Discount(price), upper(x), x LIKE 'a%', [1][1], "
             "list_transform(l, v -> score(v)), unlist(l), sum(x) FILTER (WHERE x > 0), "
             "main.tax(x), other_schema.f(x), PYTHON_FUNC('m.f', x), ifnull(a, b), "
             "date_part('year', d), extract(month FROM d), x::DATE "
             "FROM read_csv('a.csv') r, my_table_udf(3) GROUP BY GROUPING SETS ((x), ()) "
             "HAVING grouping(x) = 0");
  EXPECT_THAT(t.unknown_functions, ElementsAre("discount", "score", "tax", "my_table_udf"));
}

TEST_F(DuckDbSqlAnalyzerTest, CallsAreListedInTheOrderWritten) {
  ANALYZE_OK(t,
             "SELECT PYTHON_FUNC('s.first', x), zeta(x) FROM PYTHON_FUNC('t.second', src) "
             "WHERE alpha(PYTHON_FUNC('s.third', y))");
  ASSERT_EQ(t.python_calls.size(), 3u);
  EXPECT_EQ(t.python_calls[0].name, "s.first");
  EXPECT_EQ(t.python_calls[1].name, "t.second");
  EXPECT_TRUE(t.python_calls[1].table);
  EXPECT_EQ(t.python_calls[2].name, "s.third");
  EXPECT_THAT(t.unknown_functions, ElementsAre("zeta", "alpha"));
}

// The lazy analyzer opens DuckDB at its first analysis, with the setting given before.
TEST(LazyDuckDbSqlAnalyzer, OpensAtFirstUse) {
  LazyDuckDbSqlAnalyzer analyzer;
  analyzer.set_list_unknown_functions(false);
  EXPECT_FALSE(analyzer.opened());
  auto t = analyzer.AnalyzeQuery("SELECT discount(x) FROM orders");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(analyzer.opened());
  EXPECT_THAT(t->reads, ElementsAre("orders"));
  EXPECT_THAT(t->unknown_functions, IsEmpty());
  analyzer.set_list_unknown_functions(true);
  t = analyzer.AnalyzeStatement("SELECT discount(x) FROM orders");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->unknown_functions, ElementsAre("discount"));
  EXPECT_FALSE(analyzer.AnalyzeQuery("SELEC 1").ok());
}

// The columns a query may read; "*" when it may read them all.
std::vector<std::string> ColumnsRead(DuckDbSqlAnalyzer& analyzer, const std::string& sql) {
  auto tables = analyzer.AnalyzeStatement(sql);
  EXPECT_TRUE(tables.ok()) << sql << ": " << tables.status().ToString();
  if (!tables.ok() || !tables->columns) return {"*"};
  return *tables->columns;
}

TEST_F(DuckDbSqlAnalyzerTest, ColumnsReadAreEveryPartOfEveryColumnReference) {
  EXPECT_THAT(ColumnsRead(*analyzer_, "SELECT o.Amount, sum(qty) FROM orders o GROUP BY 1"),
              UnorderedElementsAre("o", "amount", "qty"));
  EXPECT_THAT(ColumnsRead(*analyzer_,
                          "WITH c AS (SELECT a AS b FROM src WHERE d > 1) "
                          "SELECT b FROM c JOIN u USING (k) ORDER BY b"),
              UnorderedElementsAre("a", "b", "d", "k"));
  EXPECT_THAT(ColumnsRead(*analyzer_, "SELECT count(*) FROM src"), IsEmpty());
  EXPECT_THAT(ColumnsRead(*analyzer_, "SELECT x FROM t POSITIONAL JOIN u"), ElementsAre("x"));
}

TEST_F(DuckDbSqlAnalyzerTest, ColumnsReadAreAllWhenAQueryMayReadEveryColumn) {
  for (const char* sql : {
           "SELECT * FROM src",
           "SELECT a FROM t WHERE EXISTS (SELECT * FROM src)",
           "SELECT s.* FROM src s",
           "SELECT * EXCLUDE (a) FROM src",
           "SELECT COLUMNS('a.*') FROM src",
           "FROM src",
           "TABLE src",
           "SELECT #1 FROM src",
           "SELECT o FROM src o",
           "SELECT to_json(src) FROM src",
           "SELECT a FROM t NATURAL JOIN src",
           "SELECT * FROM (UNPIVOT src ON a, b INTO NAME k VALUE v)",
           "DESCRIBE src",
           "SELECT * FROM PYTHON_FUNC('m.f', src)",
           "SELECT a FROM query_table('src')",
           "INSERT INTO t SELECT a FROM src",
           "PIVOT src ON a USING sum(b)",
       }) {
    EXPECT_THAT(ColumnsRead(*analyzer_, sql), ElementsAre("*")) << sql;
  }
}

}  // namespace
}  // namespace sqlflow
