// PgSqlAnalyzer: SqlAnalyzer on PostgreSQL 15's own parser (libpg_query, the server's raw
// grammar as a library). It parses only: no server, no catalog, no binding. It is what checks
// SQL and finds the DAG's table references when a profile's engine is PostgreSQL.
//
// What the raw parse tree tells, and so what this returns:
// - reads: every table referenced anywhere (FROM, joins, subqueries, set operations, CTE bodies,
//   EXISTS/IN subqueries, LATERAL, TABLESAMPLE, MERGE's source, UPDATE … FROM, DELETE … USING,
//   a foreign key's or LIKE's or INHERITS' table, COPY t TO), once each in order of first
//   appearance; an unqualified name that is a CTE in scope is not a table (a CTE's own body
//   sees only earlier CTEs, unless WITH RECURSIVE). Table functions (generate_series(…)) are
//   not tables; their arguments' subqueries are walked. `FOR UPDATE OF x` names aliases and
//   is skipped.
// - writes: the target of INSERT (with ON CONFLICT), UPDATE, DELETE, MERGE, CREATE TABLE,
//   CREATE TABLE … AS, SELECT … INTO, CREATE [MATERIALIZED] VIEW, TRUNCATE, DROP TABLE/VIEW/
//   MATERIALIZED VIEW/FOREIGN TABLE, ALTER TABLE/VIEW (RENAME TO writes both names), CREATE
//   INDEX, COPY … FROM and REFRESH MATERIALIZED VIEW; also inside data-modifying CTEs. A
//   statement's target is not listed in its reads (the planner orders writes after writes).
// - Names as PostgreSQL resolves their spelling: unquoted identifiers lower-cased, quoted ones
//   kept, without quotes; qualified ones dotted ("sales.orders", "db.sales.orders").
// - determined = false where the tables truly cannot be told: DO blocks, EXECUTE, CALL,
//   PREPARE, SET (it may change search_path), transaction control, DROP … CASCADE (dependent
//   views go too), REFRESH MATERIALIZED VIEW (reads its stored query), DROP/ALTER of anything
//   that is not a table or view, every statement kind not named above (be conservative: the
//   planner orders such a statement as a barrier), and SQL nested more than 4000 levels deep
//   (an expression of thousands of operators: PostgreSQL's own stack limit is near there, and
//   walking deeper would risk this thread's stack).
// - columns is always unset (allowed by the contract); python_calls, unknown_functions and
//   rewritten_sql are always empty: Python UDFs do not run on the PostgreSQL engine.
//
// Errors (InvalidArgument), following DuckDbSqlAnalyzer's convention so that the planner maps
// them into the pipeline file unchanged: the message is PostgreSQL's own ("syntax error at or
// near \"FORM\"", "unterminated quoted string at or near …"), and Status::span() — when
// PostgreSQL gives a position — is relative to `sql`: file empty, `offset` the 0-based byte
// offset of the offending token (PostgreSQL's 1-based character cursor converted to bytes for
// UTF-8), `line`/`column` 1-based (column in bytes), length 1. "syntax error at end of input"
// points at sql.size(). Text that is not UTF-8 is refused as PostgreSQL refuses it ("invalid
// byte sequence for encoding \"UTF8\": 0xff", span at the byte). Several statements are
// refused with the span at the second one; an empty text (or only comments, whitespace or ';')
// is refused without a span.
//
// Thread-safety: thread-safe. The analyzer holds no state; libpg_query keeps its memory contexts
// per thread (released when the thread exits) and every parse result is freed before a call
// returns, so one analyzer may serve several threads at once.
#pragma once

#include <string>

#include "common/sql_analyzer.h"
#include "common/status.h"

namespace sqlflow {

class PgSqlAnalyzer : public SqlAnalyzer {
 public:
  // `sql` must be one query: SELECT, VALUES, TABLE t, WITH … SELECT, or a set operation of
  // these. InvalidArgument when it does not parse (see the header comment for the span), is
  // empty, holds several statements, or is another kind of statement (INSERT, CREATE, SELECT
  // … INTO, …), naming the kind found.
  Result<SqlTables> AnalyzeQuery(const std::string& sql) override;
  // `sql` must be one statement of any kind. InvalidArgument when it does not parse, is empty
  // or holds several statements; what each kind yields is in the header comment.
  Result<SqlTables> AnalyzeStatement(const std::string& sql) override;
  std::string parser_name() const override {
    return "PostgreSQL's own parser (the profile's engine is postgres)";
  }
};

}  // namespace sqlflow
