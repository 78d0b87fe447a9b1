#include "engine/pg_sql_analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace sqlflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class PgSqlAnalyzerTest : public ::testing::Test {
 protected:
  // Tables `sql` reads, asserting that it is a determined query with no writes.
  std::vector<std::string> Reads(const std::string& sql) {
    auto tables = analyzer_.AnalyzeQuery(sql);
    EXPECT_TRUE(tables.ok()) << sql << ": " << tables.status().ToString();
    if (!tables.ok()) return {};
    EXPECT_TRUE(tables->determined) << sql;
    EXPECT_THAT(tables->writes, IsEmpty()) << sql;
    EXPECT_FALSE(tables->columns.has_value()) << sql;
    return tables->reads;
  }

  // What the statement `sql` touches, asserting that it parses.
  SqlTables Statement(const std::string& sql) {
    auto tables = analyzer_.AnalyzeStatement(sql);
    EXPECT_TRUE(tables.ok()) << sql << ": " << tables.status().ToString();
    return tables.ok() ? *tables : SqlTables{};
  }

  // The error analyzing `sql` as a query, asserting that there is one.
  Status QueryError(const std::string& sql) {
    auto tables = analyzer_.AnalyzeQuery(sql);
    EXPECT_FALSE(tables.ok()) << sql;
    return tables.ok() ? Status::OK() : tables.status();
  }

  PgSqlAnalyzer analyzer_;
};

TEST_F(PgSqlAnalyzerTest, SimpleSelect) {
  EXPECT_THAT(Reads("SELECT id, amount FROM orders WHERE amount > 10"), ElementsAre("orders"));
  EXPECT_THAT(Reads("SELECT 1 AS one"), IsEmpty());
  EXPECT_THAT(Reads("VALUES (1, 'a'), (2, 'b')"), IsEmpty());
  EXPECT_THAT(Reads("TABLE sales.orders"), ElementsAre("sales.orders"));
}

TEST_F(PgSqlAnalyzerTest, Joins) {
  EXPECT_THAT(Reads("SELECT * FROM orders o JOIN customers c ON o.cid = c.id "
                    "LEFT JOIN regions r ON c.rid = r.id"),
              ElementsAre("orders", "customers", "regions"));
  EXPECT_THAT(Reads("SELECT * FROM a JOIN b USING (id) NATURAL JOIN c, d CROSS JOIN e"),
              ElementsAre("a", "b", "c", "d", "e"));
}

TEST_F(PgSqlAnalyzerTest, ReadsInOrderOfAppearanceOnceEach) {
  EXPECT_THAT(Reads("SELECT (SELECT max(x) FROM z), * FROM b JOIN a ON true JOIN b b2 ON true"),
              ElementsAre("z", "b", "a"));
}

TEST_F(PgSqlAnalyzerTest, AliasesAreNotTables) {
  EXPECT_THAT(Reads("SELECT x.a FROM orders AS x, (SELECT 1 AS a) AS y"), ElementsAre("orders"));
  EXPECT_THAT(Reads("SELECT * FROM orders o FOR UPDATE OF o"), ElementsAre("orders"));
}

TEST_F(PgSqlAnalyzerTest, Subqueries) {
  EXPECT_THAT(Reads("SELECT * FROM (SELECT * FROM inner_t) s "
                    "WHERE EXISTS (SELECT 1 FROM e WHERE e.id = s.id) "
                    "AND s.k IN (SELECT k FROM i) AND s.v > ALL (SELECT v FROM a)"),
              ElementsAre("inner_t", "e", "i", "a"));
  EXPECT_THAT(Reads("SELECT (SELECT count(*) FROM c WHERE c.o = o.id) FROM o"),
              ElementsAre("c", "o"));
}

TEST_F(PgSqlAnalyzerTest, Lateral) {
  EXPECT_THAT(Reads("SELECT * FROM customers c, LATERAL (SELECT * FROM orders o "
                    "WHERE o.cid = c.id ORDER BY o.day DESC LIMIT 1) last_order"),
              ElementsAre("customers", "orders"));
}

TEST_F(PgSqlAnalyzerTest, SetOperations) {
  EXPECT_THAT(Reads("SELECT id FROM a UNION SELECT id FROM b INTERSECT SELECT id FROM c "
                    "EXCEPT ALL SELECT id FROM d"),
              ElementsAre("a", "b", "c", "d"));
  EXPECT_THAT(Reads("(SELECT id FROM a ORDER BY id LIMIT 1) UNION ALL (SELECT id FROM b)"),
              ElementsAre("a", "b"));
}

TEST_F(PgSqlAnalyzerTest, SchemaQualifiedNames) {
  EXPECT_THAT(Reads("SELECT * FROM sales.orders JOIN db.crm.customers USING (cid)"),
              ElementsAre("sales.orders", "db.crm.customers"));
  // Unquoted identifiers are folded to lower case, as PostgreSQL resolves them; quoted kept.
  EXPECT_THAT(Reads("SELECT * FROM Sales.Orders, \"Mixed\".\"Case\""),
              ElementsAre("sales.orders", "Mixed.Case"));
}

TEST_F(PgSqlAnalyzerTest, CteNamesAreExcluded) {
  EXPECT_THAT(Reads("WITH recent AS (SELECT * FROM orders WHERE day > 3), "
                    "big AS (SELECT * FROM recent WHERE amount > 100) "
                    "SELECT * FROM big JOIN customers USING (cid)"),
              ElementsAre("orders", "customers"));
  EXPECT_THAT(Reads("WITH Recent AS (SELECT 1) SELECT * FROM RECENT"), IsEmpty());
  // A schema-qualified name is never a CTE.
  EXPECT_THAT(Reads("WITH orders AS (SELECT 1) SELECT * FROM orders, public.orders"),
              ElementsAre("public.orders"));
}

TEST_F(PgSqlAnalyzerTest, CteShadowingATable) {
  // The CTE's own body reads the table; the main query reads the CTE.
  EXPECT_THAT(Reads("WITH orders AS (SELECT * FROM orders WHERE amount > 0) "
                    "SELECT * FROM orders"),
              ElementsAre("orders"));
  EXPECT_THAT(Reads("WITH o AS (SELECT 1) SELECT * FROM o"), IsEmpty());
  // A CTE is out of scope outside the query that defines it.
  EXPECT_THAT(Reads("SELECT * FROM (WITH t AS (SELECT 1) SELECT * FROM t) x JOIN t USING (a)"),
              ElementsAre("t"));
  // Nor does a later CTE's name reach an earlier CTE's body (without RECURSIVE).
  EXPECT_THAT(Reads("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a, b"),
              ElementsAre("b"));
}

TEST_F(PgSqlAnalyzerTest, RecursiveCte) {
  EXPECT_THAT(Reads("WITH RECURSIVE tree AS (SELECT id, parent FROM nodes WHERE parent IS NULL "
                    "UNION ALL SELECT n.id, n.parent FROM nodes n JOIN tree ON n.parent = tree.id) "
                    "SELECT * FROM tree"),
              ElementsAre("nodes"));
}

TEST_F(PgSqlAnalyzerTest, TableFunctionsAreNotTables) {
  EXPECT_THAT(Reads("SELECT * FROM generate_series(1, 10) AS g(i)"), IsEmpty());
  EXPECT_THAT(Reads("SELECT * FROM t, unnest(t.arr) WITH ORDINALITY AS u(v, n)"), ElementsAre("t"));
  // A subquery in a table function's argument still reads its table.
  EXPECT_THAT(Reads("SELECT * FROM generate_series(1, (SELECT max(n) FROM counts))"),
              ElementsAre("counts"));
}

TEST_F(PgSqlAnalyzerTest, PostgresOnlySyntax) {
  EXPECT_THAT(Reads("SELECT DISTINCT ON (cid) cid, day FROM orders ORDER BY cid, day DESC"),
              ElementsAre("orders"));
  EXPECT_THAT(Reads("SELECT 'orders'::regclass, pg_size_pretty(pg_total_relation_size('t'))"),
              IsEmpty());
  EXPECT_THAT(Reads("SELECT * FROM big TABLESAMPLE SYSTEM (10)"), ElementsAre("big"));
  EXPECT_THAT(Reads("SELECT a FROM t WHERE b ~* '^x' AND c @> ARRAY[1]::int[]"), ElementsAre("t"));
  SqlTables upsert = Statement(
      "INSERT INTO stock (sku, qty) SELECT sku, qty FROM arrivals "
      "ON CONFLICT (sku) DO UPDATE SET qty = stock.qty + excluded.qty RETURNING sku");
  EXPECT_TRUE(upsert.determined);
  EXPECT_THAT(upsert.reads, ElementsAre("arrivals"));
  EXPECT_THAT(upsert.writes, ElementsAre("stock"));
}

TEST_F(PgSqlAnalyzerTest, InsertUpdateDeleteMerge) {
  SqlTables insert = Statement("INSERT INTO sales.daily SELECT day, sum(x) FROM raw GROUP BY 1");
  EXPECT_TRUE(insert.determined);
  EXPECT_THAT(insert.reads, ElementsAre("raw"));
  EXPECT_THAT(insert.writes, ElementsAre("sales.daily"));

  SqlTables values = Statement("INSERT INTO t (a) VALUES (1), (2)");
  EXPECT_THAT(values.reads, IsEmpty());
  EXPECT_THAT(values.writes, ElementsAre("t"));

  SqlTables update = Statement(
      "UPDATE orders o SET status = s.status FROM shipments s WHERE s.oid = o.id "
      "AND o.cid IN (SELECT id FROM customers)");
  EXPECT_THAT(update.reads, ElementsAre("shipments", "customers"));
  EXPECT_THAT(update.writes, ElementsAre("orders"));

  SqlTables del = Statement("DELETE FROM orders USING cancelled c WHERE c.id = orders.id");
  EXPECT_THAT(del.reads, ElementsAre("cancelled"));
  EXPECT_THAT(del.writes, ElementsAre("orders"));

  SqlTables merge = Statement(
      "MERGE INTO stock s USING (SELECT * FROM arrivals) a ON s.sku = a.sku "
      "WHEN MATCHED THEN UPDATE SET qty = s.qty + a.qty "
      "WHEN NOT MATCHED THEN INSERT VALUES (a.sku, a.qty)");
  EXPECT_TRUE(merge.determined);
  EXPECT_THAT(merge.reads, ElementsAre("arrivals"));
  EXPECT_THAT(merge.writes, ElementsAre("stock"));
}

TEST_F(PgSqlAnalyzerTest, WithClauseOnWritingStatements) {
  SqlTables insert =
      Statement("WITH fresh AS (SELECT * FROM staging) INSERT INTO fresh SELECT * FROM fresh");
  // The target is a table even where a CTE has its name; the SELECT reads the CTE.
  EXPECT_THAT(insert.reads, ElementsAre("staging"));
  EXPECT_THAT(insert.writes, ElementsAre("fresh"));
  // A data-modifying CTE in a query writes its table.
  auto moved = analyzer_.AnalyzeQuery(
      "WITH gone AS (DELETE FROM queue WHERE done RETURNING *) SELECT * FROM gone");
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_THAT(moved->reads, IsEmpty());
  EXPECT_THAT(moved->writes, ElementsAre("queue"));
}

TEST_F(PgSqlAnalyzerTest, CreateStatements) {
  SqlTables ctas = Statement("CREATE TABLE report AS SELECT * FROM orders JOIN c USING (id)");
  EXPECT_TRUE(ctas.determined);
  EXPECT_THAT(ctas.reads, ElementsAre("orders", "c"));
  EXPECT_THAT(ctas.writes, ElementsAre("report"));

  SqlTables select_into = Statement("SELECT * INTO TEMP snapshot FROM orders");
  EXPECT_THAT(select_into.reads, ElementsAre("orders"));
  EXPECT_THAT(select_into.writes, ElementsAre("snapshot"));

  SqlTables view = Statement("CREATE OR REPLACE VIEW marts.v AS SELECT * FROM orders");
  EXPECT_THAT(view.reads, ElementsAre("orders"));
  EXPECT_THAT(view.writes, ElementsAre("marts.v"));

  SqlTables matview = Statement("CREATE MATERIALIZED VIEW mv AS SELECT count(*) FROM orders");
  EXPECT_THAT(matview.reads, ElementsAre("orders"));
  EXPECT_THAT(matview.writes, ElementsAre("mv"));

  SqlTables table = Statement(
      "CREATE TABLE items (id int PRIMARY KEY, oid int REFERENCES orders (id), LIKE template)");
  EXPECT_TRUE(table.determined);
  EXPECT_THAT(table.reads, ElementsAre("orders", "template"));
  EXPECT_THAT(table.writes, ElementsAre("items"));

  SqlTables index = Statement("CREATE INDEX ON orders (cid)");
  EXPECT_THAT(index.writes, ElementsAre("orders"));
}

TEST_F(PgSqlAnalyzerTest, TruncateDropAlter) {
  SqlTables truncate = Statement("TRUNCATE a, s.b");
  EXPECT_TRUE(truncate.determined);
  EXPECT_THAT(truncate.writes, ElementsAre("a", "s.b"));

  SqlTables drop = Statement("DROP TABLE IF EXISTS a, s.b");
  EXPECT_TRUE(drop.determined);
  EXPECT_THAT(drop.writes, ElementsAre("a", "s.b"));
  EXPECT_THAT(Statement("DROP VIEW v").writes, ElementsAre("v"));
  EXPECT_THAT(Statement("DROP MATERIALIZED VIEW mv").writes, ElementsAre("mv"));

  SqlTables alter = Statement("ALTER TABLE s.t ADD COLUMN c int REFERENCES parent (id)");
  EXPECT_TRUE(alter.determined);
  EXPECT_THAT(alter.reads, ElementsAre("parent"));
  EXPECT_THAT(alter.writes, ElementsAre("s.t"));

  SqlTables rename = Statement("ALTER TABLE s.old RENAME TO new");
  EXPECT_TRUE(rename.determined);
  EXPECT_THAT(rename.writes, ElementsAre("s.old", "s.new"));
  EXPECT_THAT(Statement("ALTER TABLE t RENAME COLUMN a TO b").writes, ElementsAre("t"));
}

TEST_F(PgSqlAnalyzerTest, Copy) {
  SqlTables in = Statement("COPY t FROM STDIN");
  EXPECT_THAT(in.writes, ElementsAre("t"));
  EXPECT_THAT(in.reads, IsEmpty());
  SqlTables out = Statement("COPY (SELECT * FROM u) TO STDOUT");
  EXPECT_THAT(out.reads, ElementsAre("u"));
  EXPECT_THAT(out.writes, IsEmpty());
  EXPECT_THAT(Statement("COPY t TO STDOUT").reads, ElementsAre("t"));
}

TEST_F(PgSqlAnalyzerTest, UndeterminedStatements) {
  for (const char* sql :
       {"DO $$ BEGIN PERFORM 1; END $$", "EXECUTE plan(1)", "CALL refresh_all()",
        "SET search_path TO sales", "BEGIN", "DROP SCHEMA staging CASCADE", "DROP FUNCTION f(int)",
        "GRANT SELECT ON orders TO reader", "CREATE TABLE t AS EXECUTE plan(1)",
        "PREPARE p AS SELECT * FROM orders"}) {
    EXPECT_FALSE(Statement(sql).determined) << sql;
  }
  // CASCADE drops the views on the table too, whichever they are.
  SqlTables cascade = Statement("DROP TABLE orders CASCADE");
  EXPECT_FALSE(cascade.determined);
  EXPECT_THAT(cascade.writes, ElementsAre("orders"));
  SqlTables refresh = Statement("REFRESH MATERIALIZED VIEW mv");
  EXPECT_FALSE(refresh.determined);
  EXPECT_THAT(refresh.writes, ElementsAre("mv"));
}

TEST_F(PgSqlAnalyzerTest, QueryRefusesOtherStatements) {
  EXPECT_EQ(QueryError("INSERT INTO t VALUES (1)").message(),
            "expected one query (SELECT, VALUES, TABLE or WITH … SELECT), found INSERT");
  EXPECT_EQ(QueryError("CREATE TABLE t AS SELECT 1").message(),
            "expected one query (SELECT, VALUES, TABLE or WITH … SELECT), found CREATE TABLE AS");
  EXPECT_EQ(QueryError("CREATE MATERIALIZED VIEW v AS SELECT 1").message(),
            "expected one query (SELECT, VALUES, TABLE or WITH … SELECT), found CREATE "
            "MATERIALIZED VIEW");
  EXPECT_EQ(QueryError("DO $$ BEGIN END $$").message(),
            "expected one query (SELECT, VALUES, TABLE or WITH … SELECT), found DO");
  Status into = QueryError("SELECT * INTO copy FROM t");
  EXPECT_EQ(into.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(into.message(),
            "expected one query, found SELECT … INTO, which creates a table; write CREATE TABLE "
            "… AS SELECT as a statement instead");
}

TEST_F(PgSqlAnalyzerTest, SyntaxErrorWithPosition) {
  Status error = QueryError("SELECT * FORM orders");
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(), "syntax error at or near \"FORM\"");
  ASSERT_TRUE(error.span().has_value());
  EXPECT_EQ(error.span()->file, "");
  EXPECT_EQ(error.span()->offset, 9u);
  EXPECT_EQ(error.span()->line, 1u);
  EXPECT_EQ(error.span()->column, 10u);
  // The position is in the span only, never in the text: the caller adds the file.
  EXPECT_EQ(error.ToString(), error.message());
  // The statement form refuses it the same way.
  auto statement = analyzer_.AnalyzeStatement("UPDATE t SET a = 1 WHER b");
  ASSERT_FALSE(statement.ok());
  EXPECT_EQ(statement.status().message(), "syntax error at or near \"WHER\"");
  EXPECT_EQ(statement.status().span()->column, 20u);
}

TEST_F(PgSqlAnalyzerTest, ErrorOnLineThree) {
  Status error = QueryError(
      "SELECT id,\n"
      "       amount\n"
      "  FROM orders WHER amount > 3\n");
  EXPECT_EQ(error.message(), "syntax error at or near \"amount\"");
  ASSERT_TRUE(error.span().has_value());
  EXPECT_EQ(error.span()->line, 3u);
  EXPECT_EQ(error.span()->column, 20u);
  EXPECT_EQ(error.span()->offset, 44u);
}

TEST_F(PgSqlAnalyzerTest, ErrorPositionCountsBytesAfterMultibyteCharacters) {
  // PostgreSQL's cursor counts characters; 'é' is two bytes, so the offset is one more.
  Status error = QueryError("SELECT 'é' AS e FORM t");
  EXPECT_EQ(error.message(), "syntax error at or near \"FORM\"");
  ASSERT_TRUE(error.span().has_value());
  EXPECT_EQ(error.span()->offset, 17u);
  EXPECT_EQ(error.span()->column, 18u);
}

TEST_F(PgSqlAnalyzerTest, ErrorAtEndOfInput) {
  Status error = QueryError("SELECT a FROM");
  EXPECT_EQ(error.message(), "syntax error at end of input");
  ASSERT_TRUE(error.span().has_value());
  EXPECT_EQ(error.span()->offset, 13u);
}

TEST_F(PgSqlAnalyzerTest, LexerErrors) {
  Status error = QueryError("SELECT 'open FROM t");
  EXPECT_EQ(error.message(), "unterminated quoted string at or near \"'open FROM t\"");
  ASSERT_TRUE(error.span().has_value());
  EXPECT_EQ(error.span()->column, 8u);
}

TEST_F(PgSqlAnalyzerTest, InvalidUtf8IsRefused) {
  // PostgreSQL refuses such text before parsing it; libpg_query would pass it into its tree.
  for (const char* sql : {"SELECT \xff FROM t", "SELECT 1 AS \xc3x", "SELECT 1 -- \xe2\x82"}) {
    Status error = QueryError(sql);
    EXPECT_EQ(error.code(), StatusCode::kInvalidArgument) << sql;
    EXPECT_THAT(error.message(),
                ::testing::StartsWith("invalid byte sequence for encoding \"UTF8\": 0x"));
    ASSERT_TRUE(error.span().has_value());
  }
  EXPECT_EQ(QueryError("SELECT \xff FROM t").span()->offset, 7u);
  EXPECT_EQ(QueryError("SELECT \xff FROM t").message(),
            "invalid byte sequence for encoding \"UTF8\": 0xff");
  // String escapes are checked by PostgreSQL's scanner itself.
  EXPECT_EQ(QueryError("SELECT E'\\xff'").message(),
            "invalid byte sequence for encoding \"UTF8\": 0xff");
  // Well-formed multibyte text of every length passes.
  EXPECT_THAT(Reads("SELECT 'é€😀' FROM \"tablé\""), ElementsAre("tablé"));
}

TEST_F(PgSqlAnalyzerTest, VeryDeepSqlIsUndeterminedNotACrash) {
  std::string shallow = "SELECT 1";
  for (int i = 0; i < 3000; ++i) shallow += "+1";
  auto ok = analyzer_.AnalyzeQuery(shallow + " FROM t");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->determined);
  std::string deep = "SELECT 1";
  for (int i = 0; i < 20000; ++i) deep += "+1";
  auto tables = analyzer_.AnalyzeQuery(deep + " FROM t");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_FALSE(tables->determined);
}

TEST_F(PgSqlAnalyzerTest, DuckDbOnlySyntaxIsRefused) {
  Status exclude = QueryError("SELECT * EXCLUDE (a) FROM t");
  EXPECT_EQ(exclude.message(), "syntax error at or near \"EXCLUDE\"");
  ASSERT_TRUE(exclude.span().has_value());
  EXPECT_EQ(exclude.span()->column, 10u);

  Status from_first = QueryError("FROM t SELECT a");
  EXPECT_EQ(from_first.message(), "syntax error at or near \"FROM\"");
  ASSERT_TRUE(from_first.span().has_value());
  EXPECT_EQ(from_first.span()->column, 1u);

  Status read_csv = QueryError("SELECT * FROM 'data.csv'");
  EXPECT_EQ(read_csv.message(), "syntax error at or near \"'data.csv'\"");
  EXPECT_EQ(read_csv.span()->column, 15u);
}

TEST_F(PgSqlAnalyzerTest, SeveralStatementsAreRefused) {
  for (bool query : {true, false}) {
    std::string sql = "SELECT 1 FROM a;\n  SELECT 2 FROM b";
    auto tables = query ? analyzer_.AnalyzeQuery(sql) : analyzer_.AnalyzeStatement(sql);
    ASSERT_FALSE(tables.ok());
    EXPECT_EQ(tables.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(tables.status().message(), "expected one SQL statement, found 2");
    ASSERT_TRUE(tables.status().span().has_value());
    EXPECT_EQ(tables.status().span()->line, 2u);
    EXPECT_EQ(tables.status().span()->column, 3u);
  }
  // A trailing ';' is not a second statement.
  EXPECT_THAT(Reads("SELECT * FROM a;"), ElementsAre("a"));
}

TEST_F(PgSqlAnalyzerTest, EmptyTextIsRefused) {
  for (const char* sql : {"", "   \n", ";", "-- only a comment\n"}) {
    auto query = analyzer_.AnalyzeQuery(sql);
    ASSERT_FALSE(query.ok()) << sql;
    EXPECT_EQ(query.status().message(), "no SQL statement found");
    EXPECT_FALSE(query.status().span().has_value());
    auto statement = analyzer_.AnalyzeStatement(sql);
    ASSERT_FALSE(statement.ok()) << sql;
    EXPECT_EQ(statement.status().message(), "no SQL statement found");
  }
}

TEST_F(PgSqlAnalyzerTest, PythonFieldsStayEmpty) {
  auto tables = analyzer_.AnalyzeQuery("SELECT PYTHON_FUNC('f', a), discount(b) FROM t");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_THAT(tables->python_calls, IsEmpty());
  EXPECT_THAT(tables->unknown_functions, IsEmpty());
  EXPECT_EQ(tables->rewritten_sql, "");
}

TEST_F(PgSqlAnalyzerTest, UsableFromSeveralThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> right(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t, &right] {
      for (int i = 0; i < 200; ++i) {
        std::string table = "t" + std::to_string(t) + "_" + std::to_string(i);
        auto tables = analyzer_.AnalyzeQuery("SELECT * FROM " + table + " JOIN x USING (id)");
        auto error = analyzer_.AnalyzeQuery("SELECT * FORM " + table);
        if (tables.ok() && tables->reads == std::vector<std::string>{table, "x"} && !error.ok() &&
            error.status().span()->column == 10) {
          ++right[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(right, ElementsAre(200, 200, 200, 200));
}

}  // namespace
}  // namespace sqlflow
