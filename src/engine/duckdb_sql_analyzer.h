// DuckDbSqlAnalyzer: SqlAnalyzer on DuckDB's own parser. It owns a private, empty in-memory
// database and only ever parses there (binding would fail: the tables do not exist in it).
//
// What DuckDB 1.4's C API can tell without a catalog, and so what this returns:
// - Queries (SELECT, WITH, FROM-first, VALUES, TABLE t, DESCRIBE/SUMMARIZE t): the full parse
//   tree through json_serialize_sql(); reads = the tables referenced anywhere (joins, subqueries,
//   set operations, LATERAL, CTE bodies), minus CTE names in scope and table functions;
//   determined = true (false when a query()/query_table() call names tables in a string).
// - Any other statement (INSERT, UPDATE, DELETE, MERGE, CREATE … AS, CREATE VIEW, DROP, ALTER,
//   COPY, SET, ATTACH, PIVOT, …): DuckDB can only confirm it parses (duckdb_extract_statements);
//   json_serialize_sql refuses it and duckdb_get_table_names binds against the catalog. So
//   reads and writes are empty and determined = false: the planner orders it as a barrier.
//   PYTHON_FUNC calls in such a statement are not seen either: write them in a query (CREATE
//   TABLE … AS SELECT, EXPORT SELECT).
// - PYTHON_FUNC calls (see serialized_sql.h) are listed and rewritten; rewritten_sql is DuckDB's
//   own rendering of the rewritten tree (json_deserialize_sql), so its layout differs from `sql`.
// - unknown_functions: functions called by name that this DuckDB (built-ins, built-in macros,
//   parquet/json/icu) does not have; the list of names is read once per analyzer.
//
// Thread-safety: not thread-safe (it holds one DuckDB connection); one analyzer per thread.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "common/sql_analyzer.h"
#include "common/status.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "engine/prepared_statement.h"

namespace sqlflow {

class DuckDbSqlAnalyzer : public SqlAnalyzer {
 public:
  // Opens the private in-memory database. EngineError when DuckDB cannot.
  static Result<std::unique_ptr<DuckDbSqlAnalyzer>> Open();

  // InvalidArgument when `sql` does not parse ("Parser Error: syntax error at or near …", with
  // a span whose line/column/offset are relative to `sql` and whose file is empty), is empty,
  // or holds several queries. A statement that parses but is not a query gives
  // determined = false rather than an error (DuckDB reports it when it runs), and so does text
  // holding several statements of which one is not a query.
  // Reads are listed once each, in order of first appearance.
  Result<SqlTables> AnalyzeQuery(const std::string& sql) override;
  // As AnalyzeQuery; see the header comment for what each statement kind yields.
  Result<SqlTables> AnalyzeStatement(const std::string& sql) override;
  void set_list_unknown_functions(bool on) override { list_unknown_functions_ = on; }
  std::string parser_name() const override { return "DuckDB's own parser"; }

 private:
  DuckDbSqlAnalyzer(Database database, Connection connection, PreparedStatement serialize,
                    PreparedStatement deserialize);
  Result<SqlTables> Analyze(const std::string& sql);
  Result<std::string> SerializeToJson(const std::string& sql);
  Result<std::string> DeserializeToSql(const std::string& json);
  // Keeps in tables->unknown_functions only the names DuckDB does not know.
  Status DropKnownFunctions(SqlTables* tables);
  // InvalidArgument unless DuckDB's parser finds at least one statement in `sql`. (One PIVOT
  // statement parses into several, so more than one is not an error here.)
  Status CheckParses(const std::string& sql);

  // Declared in this order so that they are destroyed statement, connection, database.
  Database database_;
  Connection connection_;
  PreparedStatement serialize_;
  PreparedStatement deserialize_;
  std::optional<std::set<std::string>> known_functions_;  // lower-cased; read on first use
  bool list_unknown_functions_ = true;
};

// A DuckDbSqlAnalyzer opened at its first use: planning a pipeline with no SQL to analyze (only
// SOURCE and LOAD statements) never opens the in-memory database, which costs ~15-20 ms of a
// run. An error opening it is returned by each call.
class LazyDuckDbSqlAnalyzer : public SqlAnalyzer {
 public:
  Result<SqlTables> AnalyzeQuery(const std::string& sql) override;
  Result<SqlTables> AnalyzeStatement(const std::string& sql) override;
  void set_list_unknown_functions(bool on) override;
  std::string parser_name() const override { return "DuckDB's own parser"; }
  // Whether the database was opened (for tests).
  bool opened() const { return analyzer_ != nullptr; }

 private:
  Result<DuckDbSqlAnalyzer*> Get();

  std::unique_ptr<DuckDbSqlAnalyzer> analyzer_;
  bool list_unknown_functions_ = true;
};

}  // namespace sqlflow
