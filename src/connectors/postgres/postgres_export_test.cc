#include "connectors/postgres/postgres_export.h"

#include <gtest/gtest.h>

#include "connectors/postgres/pg_export_plan.h"
#include "util/postgres_duckdb_test.h"
#include "util/postgres_server.h"

namespace sqlflow {
namespace {

using test::PostgresTestServer;

constexpr char kLabel[] = "p.sf:9: EXPORT q TO out";

// DuckDB as the source and a fresh PostgreSQL database per test as the destination.
class PostgresExportTest : public test::PostgresDuckDbTest {
 protected:
  PostgresExportTest() : PostgresDuckDbTest("pgexp") {}

  // The first value of `sql` on the PostgreSQL side.
  std::string PgValue(const std::string& sql) {
    Result<std::string> value = server_->QueryValue(pg_db_, sql);
    EXPECT_TRUE(value.ok()) << value.status().ToString();
    return value.ok() ? *value : "<error>";
  }

  // The rows of `table` in their text form, ordered: "(1,a);(2,)" (a NULL is empty).
  std::string PgRows(const std::string& table) {
    return PgValue("SELECT string_agg(t::text, ';' ORDER BY t) FROM " + table + " t");
  }

  // `expr` over the rows of t ordered by id, as text joined by " | " ("NULL" for NULL).
  std::string Column(const std::string& expr) {
    return PgValue("SELECT string_agg(coalesce((" + expr +
                   ")::text, 'NULL'), ' | ' ORDER BY id) FROM t");
  }

  PostgresExportRequest Request(const std::string& query, const std::string& mode = "append",
                                std::vector<std::string> keys = {}) const {
    PostgresExportRequest request;
    request.query = query;
    request.connection_params_json = server_->ParamsJson(pg_db_);
    request.table = "t";
    request.mode = mode;
    request.keys = std::move(keys);
    request.label = kLabel;
    return request;
  }

  Result<PostgresExportResult> Export(const PostgresExportRequest& request) {
    return ExportToPostgres(*conn_, request);
  }

  void ExportOk(const std::string& query, const std::string& mode = "append",
                std::vector<std::string> keys = {}) {
    auto result = Export(Request(query, mode, std::move(keys)));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
  }

  // The error message of an export that must fail.
  std::string ExportError(const PostgresExportRequest& request) {
    auto result = Export(request);
    EXPECT_FALSE(result.ok()) << "the export succeeded";
    return result.ok() ? "" : result.status().message();
  }

  std::string Where() const {
    return "public.t at 127.0.0.1:" + std::to_string(server_->port()) + "/" + pg_db_;
  }
};

// --- modes ---

TEST_F(PostgresExportTest, AppendCreatesTheTargetWithMappedTypes) {
  auto result = Export(Request("SELECT i::INTEGER AS id, 'v' || i AS name FROM range(3) r(i)"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows, 3);
  EXPECT_GT(result->bytes, 19);
  EXPECT_EQ(PgRows("t"), "(0,v0);(1,v1);(2,v2)");
  EXPECT_EQ(PgValue("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' "
                    "ORDER BY attnum) FROM pg_attribute WHERE attrelid = 't'::regclass AND "
                    "attnum > 0"),
            "id integer, name text");
}

TEST_F(PostgresExportTest, AppendAddsToExistingRows) {
  Pg("CREATE TABLE t (id int, name text DEFAULT 'dflt', extra int); INSERT INTO t VALUES (9, "
     "'old', 1)");
  ExportOk("SELECT 1 AS id");
  ExportOk("SELECT 2 AS ID, 'two' AS Name");  // names match ignoring case
  EXPECT_EQ(PgRows("t"), "(1,dflt,);(2,two,);(9,old,1)");
}

TEST_F(PostgresExportTest, ReplaceEmptiesTheTargetAndKeepsItsDefinition) {
  Pg("CREATE TABLE t (id int PRIMARY KEY, name text, note text DEFAULT 'kept'); "
     "INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y')");
  ExportOk("SELECT * FROM (VALUES (2, 'B'), (3, 'C')) v(id, name)", "replace");
  EXPECT_EQ(PgRows("t"), "(2,B,kept);(3,C,kept)");
  EXPECT_EQ(PgValue("SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass AND "
                    "indisprimary"),
            "1");
}

TEST_F(PostgresExportTest, MergeWithoutAConstraintUpdatesAndInserts) {
  Pg("CREATE TABLE t (id int, name text, qty int); "
     "INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2)");
  ExportOk("SELECT * FROM (VALUES (2, 'B', 20), (3, 'c', 3)) v(id, name, qty)", "merge", {"id"});
  EXPECT_EQ(PgRows("t"), "(1,a,1);(2,B,20);(3,c,3)");
}

// With a unique index on the keys merge is INSERT … ON CONFLICT, which (unlike MERGE) fires the
// BEFORE INSERT trigger for the updated rows too: 2 calls for 1 update + 1 insert, not 1.
TEST_F(PostgresExportTest, MergeUsesOnConflictWhenTheKeyIsUnique) {
  const std::string trigger =
      "CREATE TABLE calls (n int); INSERT INTO calls VALUES (0); "
      "CREATE FUNCTION count_insert() RETURNS trigger LANGUAGE plpgsql AS "
      "$$ BEGIN UPDATE calls SET n = n + 1; RETURN NEW; END $$; "
      "CREATE TRIGGER c BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION count_insert();";
  Pg("CREATE TABLE t (a int, b text, v int, UNIQUE (b, a)); INSERT INTO t VALUES (1, 'x', 1);" +
     trigger + "UPDATE calls SET n = 0");
  ExportOk("SELECT * FROM (VALUES (1, 'x', 10), (2, 'x', 20)) v(a, b, v)", "merge", {"a", "b"});
  EXPECT_EQ(PgRows("t"), "(1,x,10);(2,x,20)");
  EXPECT_EQ(PgValue("SELECT n FROM calls"), "2");

  Pg("DROP TABLE t, calls; DROP FUNCTION count_insert(); CREATE TABLE t (a int, b text, v int);"
     "INSERT INTO t VALUES (1, 'x', 1);" +
     trigger);
  ExportOk("SELECT * FROM (VALUES (1, 'x', 10), (2, 'x', 20)) v(a, b, v)", "merge", {"a", "b"});
  EXPECT_EQ(PgRows("t"), "(1,x,10);(2,x,20)");
  EXPECT_EQ(PgValue("SELECT n FROM calls"), "1");  // MERGE: only the inserted row
}

TEST_F(PostgresExportTest, MergeCreatesTheTargetWithAPrimaryKey) {
  ExportOk("SELECT 1 AS id, 'a' AS name", "merge", {"id"});
  EXPECT_EQ(PgValue("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                    "'t'::regclass AND contype = 'p'"),
            "PRIMARY KEY (id)");
  ExportOk("SELECT * FROM (VALUES (1, 'A'), (2, 'b')) v(id, name)", "merge", {"id"});
  EXPECT_EQ(PgRows("t"), "(1,A);(2,b)");
}

TEST_F(PostgresExportTest, MergeWithOnlyKeyColumnsInsertsTheMissingOnes) {
  Pg("CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
  ExportOk("SELECT * FROM (VALUES (1), (2)) v(id)", "merge", {"id"});
  EXPECT_EQ(PgRows("t"), "(1);(2)");
}

TEST_F(PostgresExportTest, ExportsTwoHundredThousandRows) {
  auto result = Export(Request(
      "SELECT i AS id, i * 2 AS twice, 'row ' || i AS label, DATE '2020-01-01' + (i % 1000)::INT "
      "AS day, (i / 100)::DECIMAL(12,2) AS amount FROM range(200000) r(i)"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows, 200000);
  EXPECT_EQ(PgValue("SELECT count(*) || ' ' || sum(id) || ' ' || sum(twice) || ' ' || "
                    "count(DISTINCT label) || ' ' || max(day) || ' ' || sum(amount) FROM t"),
            "200000 19999900000 39999800000 200000 2022-09-26 199999000.00");
  EXPECT_EQ(PgValue("SELECT label || ' ' || day || ' ' || amount FROM t WHERE id = 123456"),
            "row 123456 2021-04-01 1234.56");
}

// --- types ---

constexpr char kDuckDbTypes[] = R"(
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE src (id INTEGER, b BOOLEAN, i1 TINYINT, i2 SMALLINT, i4 INTEGER, i8 BIGINT,
  h HUGEINT, u1 UTINYINT, u2 USMALLINT, u4 UINTEGER, u8 UBIGINT, f FLOAT, d DOUBLE,
  dec DECIMAL(18,4), dec38 DECIMAL(38,10), dec4 DECIMAL(4,2), s VARCHAR, bl BLOB, dt DATE,
  tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, ns TIMESTAMP_NS, iv INTERVAL, u UUID, l INTEGER[],
  st STRUCT(a INTEGER, b VARCHAR), j JSON, e mood);
INSERT INTO src VALUES
 (1, false, -128, -32768, -2147483648, -9223372036854775808,
  -170141183460469231731687303715884105727, 0, 0, 0, 0, -1.5, 'NaN', -99999999999999.9999,
  -0.0000000001, -99.99, '', ''::BLOB, '-infinity', '00:00:00', '-infinity', '-infinity',
  '1677-09-22 00:00:00', '-1 year -2 days', '00000000-0000-0000-0000-000000000000', [],
  {'a': NULL, 'b': ''}, '[]', 'happy'),
 (2, true, 127, 32767, 2147483647, 9223372036854775807,
  170141183460469231731687303715884105727, 255, 65535, 4294967295, 18446744073709551615,
  3.4e38, 'inf', 99999999999999.9999, 9999999999999999999999999999.9999999999, 99.99,
  'héllo ''q'' "x" ☃', '\x00\xFF'::BLOB, 'infinity', '23:59:59.999999', 'infinity',
  'infinity', '2021-03-04 05:06:07.123456789', '1 year 2 months 3 days 04:05:06.7',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', [1, NULL, 3], {'a': 1, 'b': 'x"y'},
  '{"k": [1, 2]}', 'sad'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, true, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0.25, -1e-300, 0.0001, 0, 0.5, 'x', 'ab'::BLOB,
  '2000-02-29', '12:34:56.789', '1969-12-31 23:59:59.999999', '2024-06-01 10:00:00+00',
  '1970-01-01 00:00:00.000001', '00:00:01', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  [-7], NULL, 'null', NULL);
)";

TEST_F(PostgresExportTest, EveryTypeRoundTripsIntoACreatedTable) {
  Exec(kDuckDbTypes);
  ExportOk("SELECT * FROM src");
  EXPECT_EQ(PgValue("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' "
                    "ORDER BY attnum) FROM pg_attribute WHERE attrelid = 't'::regclass AND "
                    "attnum > 0"),
            "id integer, b boolean, i1 smallint, i2 smallint, i4 integer, i8 bigint, h numeric, "
            "u1 smallint, u2 integer, u4 bigint, u8 numeric, f real, d double precision, "
            "dec numeric(18,4), dec38 numeric(38,10), dec4 numeric(4,2), s text, bl bytea, "
            "dt date, tm time without time zone, ts timestamp without time zone, "
            "tz timestamp with time zone, ns timestamp without time zone, iv interval, u uuid, "
            "l jsonb, st jsonb, j jsonb, e text");
  EXPECT_EQ(Column("b"), "false | true | NULL | true");
  EXPECT_EQ(Column("i1"), "-128 | 127 | NULL | 0");
  EXPECT_EQ(Column("i2"), "-32768 | 32767 | NULL | 0");
  EXPECT_EQ(Column("i4"), "-2147483648 | 2147483647 | NULL | 0");
  EXPECT_EQ(Column("i8"), "-9223372036854775808 | 9223372036854775807 | NULL | 0");
  EXPECT_EQ(Column("h"),
            "-170141183460469231731687303715884105727 | "
            "170141183460469231731687303715884105727 | NULL | 0");
  EXPECT_EQ(Column("u1"), "0 | 255 | NULL | 1");
  EXPECT_EQ(Column("u2"), "0 | 65535 | NULL | 1");
  EXPECT_EQ(Column("u4"), "0 | 4294967295 | NULL | 1");
  EXPECT_EQ(Column("u8"), "0 | 18446744073709551615 | NULL | 1");
  EXPECT_EQ(Column("f"), "-1.5 | 3.4e+38 | NULL | 0.25");
  EXPECT_EQ(Column("d"), "NaN | Infinity | NULL | -1e-300");
  EXPECT_EQ(Column("dec"), "-99999999999999.9999 | 99999999999999.9999 | NULL | 0.0001");
  EXPECT_EQ(Column("dec38"),
            "-0.0000000001 | 9999999999999999999999999999.9999999999 | NULL | 0.0000000000");
  EXPECT_EQ(Column("dec4"), "-99.99 | 99.99 | NULL | 0.50");
  EXPECT_EQ(Column("s"), " | héllo 'q' \"x\" ☃ | NULL | x");
  EXPECT_EQ(Column("bl"), "\\x | \\x00ff | NULL | \\x6162");
  EXPECT_EQ(Column("dt"), "-infinity | infinity | NULL | 2000-02-29");
  EXPECT_EQ(Column("tm"), "00:00:00 | 23:59:59.999999 | NULL | 12:34:56.789");
  EXPECT_EQ(Column("ts"), "-infinity | infinity | NULL | 1969-12-31 23:59:59.999999");
  EXPECT_EQ(Column("tz AT TIME ZONE 'UTC'"), "-infinity | infinity | NULL | 2024-06-01 10:00:00");
  EXPECT_EQ(Column("ns"),
            "1677-09-22 00:00:00 | 2021-03-04 05:06:07.123456 | NULL | 1970-01-01 00:00:00.000001");
  EXPECT_EQ(Column("iv"), "-1 years -2 days | 1 year 2 mons 3 days 04:05:06.7 | NULL | 00:00:01");
  EXPECT_EQ(Column("u"),
            "00000000-0000-0000-0000-000000000000 | a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 | NULL "
            "| ffffffff-ffff-ffff-ffff-ffffffffffff");
  EXPECT_EQ(Column("l"), "[] | [1, null, 3] | NULL | [-7]");
  EXPECT_EQ(Column("st"),
            "{\"a\": null, \"b\": \"\"} | {\"a\": 1, \"b\": \"x\\\"y\"} | NULL | NULL");
  EXPECT_EQ(Column("j"), "[] | {\"k\": [1, 2]} | NULL | null");
  EXPECT_EQ(Column("e"), "happy | sad | NULL | NULL");
}

TEST_F(PostgresExportTest, NestedTypesAreCreatedAsJsonb) {
  ExportOk("SELECT 1 AS id, MAP {'k': 1} AS m, [1, 2]::INTEGER[2] AS a, [[1], []] AS ll");
  EXPECT_EQ(Column("m") + " / " + Column("a") + " / " + Column("ll"),
            "{\"k\": 1} / [1, 2] / [[1], []]");
  EXPECT_EQ(PgValue("SELECT string_agg(format_type(atttypid, atttypmod), ', ' ORDER BY attnum) "
                    "FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0"),
            "integer, jsonb, jsonb, jsonb");
}

// Values staged as text reach uuid, interval, jsonb, enum and array columns through casts on
// the server; binary ones through PostgreSQL's assignment casts.
TEST_F(PostgresExportTest, ServerCastsIntoTheTargetsColumnTypes) {
  Pg("CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE t (id int, u uuid, iv interval, "
     "j jsonb, arr int[], tags text[], m mood, n numeric(10,2), v varchar(10), big bigint, "
     "d date, uv uuid)");
  ExportOk(
      "SELECT 1 AS id, UUID 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS u, INTERVAL '36 hours' AS "
      "iv, '{\"a\": 1}' AS j, [1, 2] AS arr, ['a', 'b\"c', NULL, ''] AS tags, 'sad' AS m, 12.5 "
      "AS n, 'short' AS v, 7::TINYINT AS big, TIMESTAMP '2024-01-02 03:04:05' AS d, "
      "'00000000-0000-0000-0000-00000000000a' AS uv "
      "UNION ALL SELECT 2, NULL, NULL, NULL, [], [], NULL, NULL, NULL, NULL, NULL, NULL");
  EXPECT_EQ(Column("u"), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 | NULL");
  EXPECT_EQ(Column("iv"), "36:00:00 | NULL");
  EXPECT_EQ(Column("j"), "{\"a\": 1} | NULL");
  EXPECT_EQ(Column("arr"), "{1,2} | {}");
  EXPECT_EQ(Column("tags"), "{a,\"b\\\"c\",NULL,\"\"} | {}");
  EXPECT_EQ(Column("m"), "sad | NULL");
  EXPECT_EQ(Column("n"), "12.50 | NULL");
  EXPECT_EQ(Column("v"), "short | NULL");
  EXPECT_EQ(Column("big"), "7 | NULL");
  EXPECT_EQ(Column("d"), "2024-01-02 | NULL");
  EXPECT_EQ(Column("uv"), "00000000-0000-0000-0000-00000000000a | NULL");
}

// --- failures leave the target as it was ---

TEST_F(PostgresExportTest, ARejectedRowLeavesTheTargetUnchanged) {
  Pg("CREATE TABLE t (id int, qty int NOT NULL); INSERT INTO t VALUES (1, 1), (2, 2)");
  std::string error =
      ExportError(Request("SELECT * FROM (VALUES (3, 3), (4, NULL)) v(id, qty)", "replace"));
  EXPECT_EQ(error, std::string(kLabel) + ": PostgreSQL rejected the rows for " + Where() +
                       ": null value in column \"qty\" of relation \"t\" violates not-null "
                       "constraint (Failing row contains (4, null).); public.t is unchanged; "
                       "make the query's columns fit the table's types and constraints");
  EXPECT_EQ(PgRows("t"), "(1,1);(2,2)");
}

TEST_F(PostgresExportTest, AFailedExportDoesNotCreateTheTarget) {
  std::string error = ExportError(Request("SELECT DATE '5881580-01-01' AS d"));
  EXPECT_NE(error.find("PostgreSQL rejected the rows for " + Where() + ": date out of range"),
            std::string::npos)
      << error;
  EXPECT_EQ(PgValue("SELECT to_regclass('public.t') IS NULL"), "t");
}

TEST_F(PostgresExportTest, ADuckDbErrorLeavesTheTargetUnchanged) {
  Pg("CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
  std::string error =
      ExportError(Request("SELECT CAST('x' || i AS INTEGER) AS id FROM range(3) r(i)", "replace"));
  EXPECT_TRUE(error.starts_with(std::string(kLabel) + ": the query failed in DuckDB: ")) << error;
  EXPECT_EQ(PgRows("t"), "(1)");
}

// --- errors ---

TEST_F(PostgresExportTest, CannotConnect) {
  PostgresExportRequest request = Request("SELECT 1 AS id");
  request.connection_params_json =
      R"({"host": "127.0.0.1", "port": 1, "dbname": "wh", "retries": 0})";
  EXPECT_EQ(ExportError(request),
            std::string(kLabel) +
                ": writing public.t: cannot connect to PostgreSQL at 127.0.0.1:1/wh: connection "
                "refused (gave up after 1 attempt); is the server running and listening on that "
                "host and port? Check the host and port params");
}

TEST_F(PostgresExportTest, QueryColumnMissingFromTheTarget) {
  Pg("CREATE TABLE t (id int, name text)");
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id, 'x' AS nmae")),
            std::string(kLabel) + ": the query returns column 'nmae' but " + Where() +
                " has no such column (its columns: id, name); rename it in the query (… AS "
                "name) or add it to the table");
}

TEST_F(PostgresExportTest, NotNullColumnWithoutDefaultMissingFromTheQuery) {
  Pg("CREATE TABLE t (id int, code text NOT NULL, at timestamp NOT NULL DEFAULT now(), "
     "n bigint GENERATED ALWAYS AS IDENTITY)");
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id")),
            std::string(kLabel) + ": column 'code' of " + Where() +
                " is NOT NULL without a default, and the query does not return it; add it to "
                "the query (or give the column a default)");
}

TEST_F(PostgresExportTest, TypeMismatchQuotesTheServer) {
  Pg("CREATE TABLE t (n int)");
  std::string error = ExportError(Request("SELECT 'abc' AS n"));
  EXPECT_EQ(error, std::string(kLabel) + ": PostgreSQL rejected the rows for " + Where() +
                       ": invalid input syntax for type integer: \"abc\"; public.t is unchanged; "
                       "make the query's columns fit the table's types and constraints");
  error = ExportError(Request("SELECT DATE '2024-01-01' AS n"));
  EXPECT_NE(
      error.find("column \"n\" is of type integer but expression is of type date; public.t is "
                 "unchanged"),
      std::string::npos)
      << error;
}

TEST_F(PostgresExportTest, MergeNeedsKeysTheQueryReturns) {
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id", "merge")),
            std::string(kLabel) +
                ": mode \"merge\" needs the key columns that identify a row: add \"key\": "
                "[\"id\"] to OPTIONS");
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id, 2 AS v", "merge", {"idd"})),
            std::string(kLabel) +
                ": key column 'idd' is not a column of the query (its "
                "columns: id, v)");
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id", "append", {"id"})),
            std::string(kLabel) + ": \"key\" applies to mode \"merge\" only");
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id", "upsert")),
            std::string(kLabel) +
                ": unknown mode 'upsert'; use \"replace\", \"append\" or "
                "\"merge\"");
}

TEST_F(PostgresExportTest, MergeRejectsNullAndDuplicateKeys) {
  Pg("CREATE TABLE t (id int, v int); INSERT INTO t VALUES (1, 1)");
  std::string error =
      ExportError(Request("SELECT * FROM (VALUES (2, 2), (NULL, 3)) v(id, v)", "merge", {"id"}));
  EXPECT_EQ(error, std::string(kLabel) +
                       ": 1 of the query's rows have a NULL in the key (id); merge needs a value "
                       "to match rows by: filter them out or choose other key columns");
  error = ExportError(Request("SELECT * FROM (VALUES (2, 2), (2, 3)) v(id, v)", "merge", {"id"}));
  EXPECT_TRUE(error.starts_with(std::string(kLabel) +
                                ": the query returns several rows with the key id=2; merge "
                                "needs one row per key"))
      << error;
  EXPECT_EQ(PgRows("t"), "(1,1)");
}

TEST_F(PostgresExportTest, PermissionDeniedNamesTheUserNotThePassword) {
  Pg("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgexp_reader') THEN "
     "CREATE ROLE pgexp_reader LOGIN PASSWORD 'S3cret-pw'; END IF; END $$; "
     "CREATE TABLE t (id int); GRANT SELECT ON t TO pgexp_reader");
  PostgresExportRequest request = Request("SELECT 1 AS id");
  request.connection_params_json =
      server_->ParamsJson(pg_db_, R"("user": "pgexp_reader", "password": "S3cret-pw")");
  // ParamsJson puts its own user first; the later member wins in the JSON object.
  std::string error = ExportError(request);
  EXPECT_NE(error.find("permission denied writing " + Where() +
                       " as user 'pgexp_reader': permission denied for table t; public.t is "
                       "unchanged; grant what the export needs"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("S3cret"), std::string::npos) << error;
}

TEST_F(PostgresExportTest, MissingSchemaAndNonTables) {
  PostgresExportRequest request = Request("SELECT 1 AS id");
  request.schema = "mart";
  EXPECT_EQ(ExportError(request),
            std::string(kLabel) + ": schema 'mart' does not exist at 127.0.0.1:" +
                std::to_string(server_->port()) + "/" + pg_db_ +
                "; create it (CREATE SCHEMA \"mart\") or set \"schema\" in OPTIONS to an "
                "existing one");
  Pg("CREATE VIEW t AS SELECT 1 AS id");
  EXPECT_EQ(ExportError(Request("SELECT 1 AS id")),
            std::string(kLabel) + ": " + Where() +
                " is not a table (pg_class.relkind 'v'); export into a table");
}

// DuckDB renames a repeated column name as its CREATE TABLE AS does ("A_1"); the plan itself
// refuses names PostgreSQL could not tell apart.
TEST_F(PostgresExportTest, RepeatedQueryColumnNamesAreRenamedAsDuckDbDoes) {
  ExportOk("SELECT 1 AS a, 2 AS A");
  EXPECT_EQ(PgValue("SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute WHERE "
                    "attrelid = 't'::regclass AND attnum > 0"),
            "a, A_1");
  auto plan = PgExportPlan::Make(
      {"a", "A"}, {ColumnType::Of(TypeId::kInteger), ColumnType::Of(TypeId::kInteger)},
      PgExportMode::kAppend, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "the query returns two columns named 'A'; give them distinct names (… AS "
            "other_name)");
}

}  // namespace
}  // namespace sqlflow
