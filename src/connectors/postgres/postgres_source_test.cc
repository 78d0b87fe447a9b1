#include "connectors/postgres/postgres_source.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "util/postgres_duckdb_test.h"
#include "util/postgres_server.h"

namespace sqlflow {
namespace {

using test::PostgresTestServer;

// A fresh PostgreSQL database per test, and DuckDB reading it through a table function.
class PostgresSourceTest : public test::PostgresDuckDbTest {
 protected:
  PostgresSourceTest() : PostgresDuckDbTest("pgsrc") {}

  std::string Params(const std::string& extra) const { return server_->ParamsJson(pg_db_, extra); }

  std::shared_ptr<PostgresSource> Open(const std::string& extra) {
    auto source = PostgresSource::Open(Params(extra), "p.sf:1: SOURCE s");
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? *source : nullptr;
  }

  // The message of Open's error ("" when it opens).
  std::string OpenError(const std::string& params_json) {
    auto source = PostgresSource::Open(params_json, "p.sf:1: SOURCE s");
    return source.ok() ? "" : source.status().message();
  }

  // Registers `name`() whose bind makes a scan of `source` past `filter`.
  void Register(const std::string& name, std::shared_ptr<PostgresSource> source,
                std::optional<PostgresCursorFilter> filter = std::nullopt) {
    TableFunctionSpec spec;
    spec.name = name;
    spec.bind = [source, filter](const BindInput&) { return source->NewScan(filter); };
    Status st = RegisterTableFunction(*conn_, std::move(spec));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // Registers `name`() returning the ready-made `scan`.
  void RegisterScan(const std::string& name, std::shared_ptr<TableScan> scan) {
    TableFunctionSpec spec;
    spec.name = name;
    spec.bind = [scan](const BindInput&) -> Result<std::shared_ptr<TableScan>> { return scan; };
    Status st = RegisterTableFunction(*conn_, std::move(spec));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::string QueryError(const std::string& sql) {
    auto result = conn_->Query(sql);
    return result.ok() ? "" : result.status().message();
  }

  std::string Where() const {
    return "127.0.0.1:" + std::to_string(server_->port()) + "/" + pg_db_;
  }
};

constexpr char kAllTypes[] = R"(
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (
  id int PRIMARY KEY, i2 int2, i4 int4, i8 int8, n numeric(12,3), nu numeric, f4 real,
  f8 double precision, b bool, tx text, vc varchar(10), ch char(3), nm name, ba bytea, d date,
  tm time, ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, e mood,
  ai int[], ta text[], an numeric(5,2)[], ae mood[], pt point);
INSERT INTO t VALUES
 (1, -32768, -2147483648, -9223372036854775808, -999999999.999, 'NaN', '-Infinity', 'NaN',
  false, '', '', 'a', 'n1', '\x00ff00'::bytea, '-infinity', '00:00:00', '-infinity',
  '-infinity', '-1 year -2 days', '00000000-0000-0000-0000-000000000000', '[]', '{}', 'sad',
  '{}', '{}', '{}', '{}', '(0,0)'),
 (2, 32767, 2147483647, 9223372036854775807, 999999999.999, 'Infinity', 3.5, '-Infinity',
  true, 'héllo ☃ 😀', 'ten chars!', 'ab', 'n2', '\x'::bytea, 'infinity', '23:59:59.999999',
  'infinity', 'infinity', '1 mon 2 days 03:04:05.000006', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  '{"k": [1, 2]}', '{"b": 1, "a": [true, null]}', 'happy', '{1,NULL,3}', '{"x",NULL,""}',
  '{1.5,NULL,-2.25}', '{happy,NULL,sad}', '(1.5,-2)'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 0, 0, 0, 0.001, 12345678901234567890.0123456789, 0, 1e-300, true, 'x', 'x', 'x', 'x',
  'x', '2024-02-29', '12:00', '1970-01-01 00:00:00.000001', '2024-06-01 12:00:00+02',
  '0', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', '"s"', NULL, NULL, NULL, NULL, NULL,
  NULL),
 (5, 1, 1, 1, 'NaN', 0, 0, 0, true, NULL, NULL, NULL, NULL, NULL, '1999-12-31', NULL,
  '1999-12-31 23:59:59.999999', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL);
)";

TEST_F(PostgresSourceTest, EveryMappedTypeRoundTrips) {
  Pg(kAllTypes);
  auto source = Open(R"("table": "t")");
  ASSERT_NE(source, nullptr);
  std::vector<std::string> types;
  for (const ColumnInfo& c : source->schema()) {
    types.push_back(c.name + " " + c.type + (c.nullable ? "" : " NOT NULL"));
  }
  EXPECT_EQ(types, (std::vector<std::string>{"id INTEGER NOT NULL",
                                             "i2 SMALLINT",
                                             "i4 INTEGER",
                                             "i8 BIGINT",
                                             "n DECIMAL(12,3)",
                                             "nu DOUBLE",
                                             "f4 FLOAT",
                                             "f8 DOUBLE",
                                             "b BOOLEAN",
                                             "tx VARCHAR",
                                             "vc VARCHAR",
                                             "ch VARCHAR",
                                             "nm VARCHAR",
                                             "ba BLOB",
                                             "d DATE",
                                             "tm TIME",
                                             "ts TIMESTAMP",
                                             "tz TIMESTAMP WITH TIME ZONE",
                                             "iv INTERVAL",
                                             "u UUID",
                                             "j JSON",
                                             "jb JSON",
                                             "e VARCHAR",
                                             "ai INTEGER[]",
                                             "ta VARCHAR[]",
                                             "an DECIMAL(5,2)[]",
                                             "ae VARCHAR[]",
                                             "pt VARCHAR"}));
  EXPECT_EQ(source->warnings(),
            std::vector<std::string>{"column pt: PostgreSQL type point is read as text"});
  Register("pg", source);
  EXPECT_EQ(Query("SELECT id, i2, i4, i8, n, nu, f4, f8, b FROM pg() ORDER BY id"),
            (std::vector<std::string>{
                "1|-32768|-2147483648|-9223372036854775808|-999999999.999|nan|-inf|nan|false",
                "2|32767|2147483647|9223372036854775807|999999999.999|inf|3.5|-inf|true",
                "3|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                "4|0|0|0|0.001|1.2345678901234567e+19|0.0|1e-300|true",
                "5|1|1|1|NULL|0.0|0.0|0.0|true"}));
  EXPECT_EQ(
      Query("SELECT id, '<' || tx || '>', vc, '<' || ch || '>', nm, hex(ba), octet_length(ba) "
            "FROM pg() WHERE id <= 3 ORDER BY id"),
      (std::vector<std::string>{"1|<>||<a  >|n1|00FF00|3", "2|<héllo ☃ 😀>|ten chars!|<ab >|n2||0",
                                "3|NULL|NULL|NULL|NULL|NULL|NULL"}));
  EXPECT_EQ(Query("SELECT id, d, tm, ts, tz, iv, u FROM pg() ORDER BY id"),
            (std::vector<std::string>{
                "1|-infinity|00:00:00|-infinity|-infinity|-1 year -2 days|"
                "00000000-0000-0000-0000-000000000000",
                "2|infinity|23:59:59.999999|infinity|infinity|1 month 2 days 03:04:05.000006|"
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "3|NULL|NULL|NULL|NULL|NULL|NULL",
                "4|2024-02-29|12:00:00|1970-01-01 00:00:00.000001|2024-06-01 10:00:00+00|"
                "00:00:00|ffffffff-ffff-ffff-ffff-ffffffffffff",
                "5|1999-12-31|NULL|1999-12-31 23:59:59.999999|NULL|NULL|NULL"}));
  EXPECT_EQ(Query("SELECT id, j, jb, e, ai, ta, an, ae, pt FROM pg() WHERE id <= 4 ORDER BY id"),
            (std::vector<std::string>{
                "1|[]|{}|sad|[]|[]|[]|[]|(0,0)",
                "2|{\"k\": [1, 2]}|{\"a\": [true, null], \"b\": 1}|happy|[1, NULL, 3]|"
                "[x, NULL, '']|[1.50, NULL, -2.25]|[happy, NULL, sad]|(1.5,-2)",
                "3|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                "4|null|\"s\"|NULL|NULL|NULL|NULL|NULL|NULL"}));
  // NaN in a DECIMAL column became NULL, with one warning once the rows were read.
  EXPECT_EQ(source->warnings().back(),
            "column n: 1 NaN or infinite numeric value was read as NULL (DuckDB's DECIMAL has no "
            "NaN or infinity)");
}

TEST_F(PostgresSourceTest, OnlyProjectedColumnsAreRead) {
  Pg("CREATE TABLE t (a int, b text, c int); INSERT INTO t VALUES (1, 'x', 10), (2, 'y', 20)");
  auto source = Open(R"("table": "t", "application_name": "sqlflow_projection")");
  ASSERT_NE(source, nullptr);
  Register("pg", source);
  EXPECT_EQ(Query("SELECT c, a FROM pg() ORDER BY a"), (std::vector<std::string>{"10|1", "20|2"}));
  EXPECT_EQ(Query("SELECT count(*) FROM pg()"), std::vector<std::string>{"2"});
  Result<std::string> last = server_->QueryValue(
      pg_db_, "SELECT query FROM pg_stat_activity WHERE application_name = 'sqlflow_projection'");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(*last, "");  // the scans' connections are closed
}

TEST_F(PostgresSourceTest, QuerySourceAndItsColumns) {
  Pg("CREATE TABLE t (a int NOT NULL, b numeric(8,2)); INSERT INTO t VALUES (1, 2.5), (2, NULL)");
  auto source = Open(R"("query": "SELECT a * 10 AS x, b, 'k'::text AS k FROM t;")");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Describe(), Where() + " (query)");
  std::vector<std::string> types;
  for (const ColumnInfo& c : source->schema()) types.push_back(c.name + " " + c.type);
  EXPECT_EQ(types, (std::vector<std::string>{"x INTEGER", "b DECIMAL(8,2)", "k VARCHAR"}));
  Register("pg", source);
  EXPECT_EQ(Query("SELECT * FROM pg() ORDER BY x"),
            (std::vector<std::string>{"10|2.50|k", "20|NULL|k"}));
}

// From the table's statistics: text columns whose values are nearly all distinct. Nothing before
// ANALYZE, nothing for a query, never a number column however distinct.
TEST_F(PostgresSourceTest, MostlyDistinctTextColumnsComeFromTheStatistics) {
  Pg("CREATE TABLE t (id int, note text, status text, code varchar(20), half text);"
     "INSERT INTO t SELECT g, 'note ' || g, 'state ' || (g % 3), 'c' || g, 'h' || (g / 2) "
     "FROM generate_series(1, 2000) g");
  auto before = Open(R"("table": "t")");
  ASSERT_NE(before, nullptr);
  EXPECT_TRUE(before->mostly_distinct_text_columns().empty());
  Pg("ANALYZE t");
  auto after = Open(R"("table": "t")");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->mostly_distinct_text_columns(), (std::vector<std::string>{"note", "code"}));
  auto query = Open(R"("query": "SELECT * FROM t")");
  ASSERT_NE(query, nullptr);
  EXPECT_TRUE(query->mostly_distinct_text_columns().empty());
}

// Only an index that PostgreSQL enforces on every row a read returns makes a key unique.
TEST_F(PostgresSourceTest, UniqueKeysComeFromEnforcedUniqueIndexes) {
  Pg("CREATE TABLE k (id int PRIMARY KEY, region text, code text, email text, v int);"
     "CREATE UNIQUE INDEX k_region_code ON k (region, code) INCLUDE (v);"
     "CREATE UNIQUE INDEX k_email_active ON k (email) WHERE v > 0;"
     "CREATE UNIQUE INDEX k_lower_email ON k (lower(email));"
     "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child () INHERITS (parent);"
     "CREATE TABLE part (id int, day date, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);"
     "CREATE TABLE part_2024 PARTITION OF part FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  auto k = Open(R"("table": "k")");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->IsUniqueKey({"id"}));
  EXPECT_TRUE(k->IsUniqueKey({"ID"}));
  EXPECT_TRUE(k->IsUniqueKey({"region", "id"}));
  EXPECT_TRUE(k->IsUniqueKey({"code", "region"}));
  EXPECT_FALSE(k->IsUniqueKey({"region"}));
  EXPECT_FALSE(k->IsUniqueKey({"region", "v"}));  // v is only INCLUDEd
  EXPECT_FALSE(k->IsUniqueKey({"email"}));        // partial, and on an expression
  EXPECT_FALSE(k->IsUniqueKey({}));
  auto parent = Open(R"("table": "parent")");
  ASSERT_NE(parent, nullptr);
  EXPECT_FALSE(parent->IsUniqueKey({"id"}));  // the child's rows are read too
  auto part = Open(R"("table": "part")");
  ASSERT_NE(part, nullptr);
  EXPECT_TRUE(part->IsUniqueKey({"id", "day"}));
  EXPECT_FALSE(part->IsUniqueKey({"id"}));
  auto query = Open(R"("query": "SELECT * FROM k")");
  ASSERT_NE(query, nullptr);
  EXPECT_FALSE(query->IsUniqueKey({"id"}));
}

// The first scan reads on the session Open resolved the source on (one connection fewer); later
// scans connect their own, and a session the server closed meanwhile is not used.
TEST_F(PostgresSourceTest, FirstScanReusesTheSessionOfOpen) {
  auto pid_of = [&](const std::string& application) {
    auto pid = server_->QueryValue(pg_db_,
                                   "SELECT pid FROM pg_stat_activity WHERE "
                                   "application_name = '" +
                                       application + "'");
    EXPECT_TRUE(pid.ok()) << pid.status().ToString();
    return pid.ok() ? *pid : "";
  };
  auto source = Open(R"("query": "SELECT pg_backend_pid() AS pid", "application_name": "reuse")");
  ASSERT_NE(source, nullptr);
  std::string opened = pid_of("reuse");
  ASSERT_FALSE(opened.empty());
  Register("first", source);
  Register("second", source);
  EXPECT_EQ(Query("SELECT pid FROM first()"), std::vector<std::string>{opened});
  std::vector<std::string> second = Query("SELECT pid FROM second()");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0], opened);

  auto closed = Open(R"("query": "SELECT pg_backend_pid() AS pid", "application_name": "gone")");
  ASSERT_NE(closed, nullptr);
  std::string terminated = pid_of("gone");
  Pg("SELECT pg_terminate_backend(" + terminated + ")");
  for (int i = 0; i < 200 && !pid_of("gone").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Register("after_close", closed);
  std::vector<std::string> fresh = Query("SELECT pid FROM after_close()");
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_NE(fresh[0], terminated);
}

TEST_F(PostgresSourceTest, CursorFilterReadsOnlyNewerRows) {
  Pg("CREATE TABLE ev (id int, at timestamp); INSERT INTO ev VALUES "
     "(1, '2024-01-01 10:00'), (2, '2024-01-02 10:00'), (3, '2024-01-03 10:00')");
  auto source = Open(R"("table": "ev")");
  ASSERT_NE(source, nullptr);
  Register("after", source, PostgresCursorFilter{"at", "2024-01-02 10:00:00", false});
  Register("from", source, PostgresCursorFilter{"at", "2024-01-02 10:00:00", true});
  EXPECT_EQ(Query("SELECT id FROM after() ORDER BY id"), std::vector<std::string>{"3"});
  EXPECT_EQ(Query("SELECT id FROM \"from\"() ORDER BY id"), (std::vector<std::string>{"2", "3"}));

  auto query = Open(R"("query": "SELECT id, at FROM ev WHERE id > 1")");
  ASSERT_NE(query, nullptr);
  Register("q", query, PostgresCursorFilter{"id", "2", false});
  EXPECT_EQ(Query("SELECT id FROM q()"), std::vector<std::string>{"3"});

  auto bad = source->NewScan(PostgresCursorFilter{"att", "x", false});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "p.sf:1: SOURCE s: cursor_field 'att' is not a column of " +
                                        Where() + " public.ev; did you mean 'at'?");
}

// 300k rows: the parallel read (4 connections on one exported snapshot) equals the serial one.
TEST_F(PostgresSourceTest, ParallelReadEqualsSerialRead) {
  Pg("CREATE TABLE big AS SELECT g AS id, (g * 7) % 1000 AS v, md5(g::text) AS s, "
     "((g % 10000) / 100.0)::numeric(10,2) AS n FROM generate_series(1, 300000) g");
  DatabaseOptions options;
  options.threads = 4;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok());
  conn_.reset();
  db_ = std::make_unique<Database>(std::move(db).value());
  auto conn = Connection::Open(*db_);
  ASSERT_TRUE(conn.ok());
  conn_ = std::make_unique<Connection>(std::move(conn).value());
  Exec("SET TimeZone = 'UTC'");

  auto parallel = Open(R"("table": "big")");
  auto serial = Open(R"("table": "big", "parallel": 1)");
  ASSERT_TRUE(parallel && serial);
  auto parallel_scan = parallel->NewScan(std::nullopt);
  ASSERT_TRUE(parallel_scan.ok()) << parallel_scan.status().ToString();
  auto* scan = dynamic_cast<PostgresScan*>(parallel_scan->get());
  ASSERT_NE(scan, nullptr);
  EXPECT_TRUE(scan->parallel());
  EXPECT_GE(scan->pages(), kParallelMinPages);
  EXPECT_EQ((*parallel_scan)->max_threads(), 4u);
  // Rows written after the snapshot was exported are not part of the read.
  Pg("INSERT INTO big SELECT g, 0, 'late', 0 FROM generate_series(300001, 300100) g");
  RegisterScan("par", *parallel_scan);
  Register("ser", serial);
  const std::string summary =
      "count(*), sum(id), sum(v), sum(n), min(s), max(s), "
      "bit_xor(hash(id, v, s, n)) FROM ";
  std::vector<std::string> par = Query("SELECT " + summary + "par()");
  EXPECT_EQ(par, Query("SELECT " + summary + "(SELECT * FROM ser() WHERE s <> 'late')"));
  ASSERT_EQ(par.size(), 1u);
  EXPECT_EQ(par[0].substr(0, par[0].find('|', par[0].find('|') + 1)), "300000|45000150000");
  // A query is read on one connection, its one COPY decoded by several workers at once.
  auto query = Open(R"("query": "SELECT * FROM big WHERE s <> 'late'")");
  ASSERT_TRUE(query);
  Register("qry", query);
  EXPECT_EQ(par, Query("SELECT " + summary + "qry()"));
}

TEST_F(PostgresSourceTest, SmallTablesAndQueriesAreReadSerially) {
  Pg("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g");
  auto source = Open(R"("table": "t")");
  ASSERT_NE(source, nullptr);
  auto scan = source->NewScan(std::nullopt);
  ASSERT_TRUE(scan.ok());
  EXPECT_FALSE(dynamic_cast<PostgresScan*>(scan->get())->parallel());
  // One connection, one COPY; up to `parallel` workers decode its tuples side by side.
  EXPECT_EQ((*scan)->max_threads(), 4u);
}

TEST_F(PostgresSourceTest, ConnectionRefusedGivesUpAfterRetries) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(OpenError(R"({"host": "127.0.0.1", "port": 1, "dbname": "shop", "table": "t",
                          "retries": 1, "retry_backoff_ms": 50})"),
            "p.sf:1: SOURCE s: cannot connect to PostgreSQL at 127.0.0.1:1/shop: connection "
            "refused (gave up after 2 attempts); is the server running and listening on that "
            "host and port? Check the host and port params");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
}

TEST_F(PostgresSourceTest, BadPasswordNamesTheUserNotThePassword) {
  Pg("DROP ROLE IF EXISTS pgsrc_app; CREATE ROLE pgsrc_app LOGIN PASSWORD 'right'");
  std::string message = OpenError(
      Params(R"("user": "pgsrc_app", "password": "wrong-secret", "table": "t", "retries": 3)"));
  EXPECT_EQ(message, "p.sf:1: SOURCE s: PostgreSQL at " + Where() +
                         ": password authentication failed for user 'pgsrc_app'; check the user "
                         "and password params (or the variable they come from)");
  EXPECT_EQ(message.find("wrong-secret"), std::string::npos);
}

TEST_F(PostgresSourceTest, UnknownDatabaseSuggestsACloseOne) {
  std::string params = server_->ParamsJson(pg_db_ + "x", R"("table": "t")");
  EXPECT_EQ(OpenError(params), "p.sf:1: SOURCE s: PostgreSQL at " + Where() + "x: database '" +
                                   pg_db_ + "x' does not exist; did you mean '" + pg_db_ +
                                   "'? Check the dbname param");
}

TEST_F(PostgresSourceTest, MissingTableSuggestsACloseOne) {
  Pg("CREATE TABLE orders (id int)");
  EXPECT_EQ(OpenError(Params(R"("table": "ordrs")")),
            "p.sf:1: SOURCE s: PostgreSQL " + Where() +
                ": table public.ordrs does not exist; did you mean 'orders'? Check the table and "
                "schema params");
  EXPECT_EQ(OpenError(Params(R"("table": "orders", "schema": "pubic")")),
            "p.sf:1: SOURCE s: PostgreSQL " + Where() +
                ": schema 'pubic' does not exist; did you mean 'public'? Check the schema param");
  // A name that differs only in case finds the table.
  auto source = Open(R"("table": "Orders")");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Describe(), Where() + " public.orders");
}

TEST_F(PostgresSourceTest, MissingColumnInAQuery) {
  Pg("CREATE TABLE orders (id int, amount int)");
  EXPECT_EQ(OpenError(Params(R"("query": "SELECT id, amout FROM orders")")),
            "p.sf:1: SOURCE s: PostgreSQL " + Where() +
                " (query): column \"amout\" does not exist; PostgreSQL hints: Perhaps you meant "
                "to reference the column \"orders.amount\"; fix the query param");
}

TEST_F(PostgresSourceTest, PermissionDenied) {
  Pg("DROP ROLE IF EXISTS pgsrc_reader; CREATE ROLE pgsrc_reader LOGIN PASSWORD 'pw';"
     "CREATE TABLE secret (id int)");
  EXPECT_EQ(OpenError(Params(R"("user": "pgsrc_reader", "password": "pw", "table": "secret")")),
            "p.sf:1: SOURCE s: PostgreSQL " + Where() +
                " public.secret: permission denied for table public.secret (user "
                "'pgsrc_reader'); grant SELECT on it to this user, or connect as a user that "
                "has it");
}

// Waits (up to 5 s) until a backend of `app` runs pg_sleep; its pid, or "" when none did.
std::string WaitForSleep(PostgresTestServer* server, const std::string& db,
                         const std::string& app) {
  for (int i = 0; i < 500; ++i) {
    Result<std::string> pid =
        server->QueryValue(db, "SELECT pid FROM pg_stat_activity WHERE application_name = '" + app +
                                   "' AND wait_event = 'PgSleep'");
    if (pid.ok() && !pid->empty()) return *pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

TEST_F(PostgresSourceTest, ServerGoneMidStream) {
  auto source = Open(
      R"("query": "SELECT g FROM generate_series(1, 3) g WHERE pg_sleep(CASE WHEN g = 2 THEN 30 ELSE 0 END) IS NOT NULL", "application_name": "pgsrc_gone")");
  ASSERT_NE(source, nullptr);
  Register("pg", source);
  std::thread killer([&] {
    std::string pid = WaitForSleep(server_, pg_db_, "pgsrc_gone");
    if (!pid.empty()) (void)server_->QueryValue(pg_db_, "SELECT pg_terminate_backend(" + pid + ")");
  });
  std::string message = QueryError("SELECT count(*) FROM pg()");
  killer.join();
  EXPECT_NE(message.find("p.sf:1: SOURCE s: PostgreSQL " + Where() +
                         " (query): the connection to the server was lost while reading rows ("),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("); the read is incomplete and nothing was loaded — run again once the "
                         "server is back"),
            std::string::npos)
      << message;
}

TEST_F(PostgresSourceTest, CancelStopsARunningCopy) {
  auto source = Open(
      R"("query": "SELECT g FROM generate_series(1, 3) g WHERE pg_sleep(CASE WHEN g = 2 THEN 30 ELSE 0 END) IS NOT NULL", "application_name": "pgsrc_cancel")");
  ASSERT_NE(source, nullptr);
  auto scan = source->NewScan(std::nullopt);
  ASSERT_TRUE(scan.ok());
  RegisterScan("pg", *scan);
  std::thread canceller([&] {
    WaitForSleep(server_, pg_db_, "pgsrc_cancel");
    (*scan)->Cancel();
  });
  auto start = std::chrono::steady_clock::now();
  std::string message = QueryError("SELECT count(*) FROM pg()");
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(message.find("PostgreSQL " + Where() + " (query): the read was cancelled"),
            std::string::npos)
      << message;
}

TEST_F(PostgresSourceTest, TestConnectionReportsVersionAndTables) {
  Pg("CREATE TABLE a (x int); CREATE TABLE b (x int); CREATE VIEW v AS SELECT 1");
  auto info = TestPostgresConnection(Params(""));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->where, Where());
  EXPECT_TRUE(info->version.starts_with("PostgreSQL 15.")) << info->version;
  EXPECT_EQ(info->table_count, 3);
}

}  // namespace
}  // namespace sqlflow
