// SqlAnalyzer: what the planner needs to know about a piece of SQL — the tables it reads and
// writes — without knowing which engine parses it. The engine module implements it with the
// engine's own SQL parser (never regular expressions); tests may use a fake.
// Thread-safety: implementations say.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace sqlflow {

struct SqlTables {
  // Table names as written, qualified ones dotted ("sales.orders"), without quotes; CTE names
  // and aliases excluded; table functions (read_csv(...)) are not tables. May repeat.
  std::vector<std::string> reads;
  std::vector<std::string> writes;
  // False when the analyzer could not tell which tables the statement touches (the planner then
  // orders the statement as a barrier).
  bool determined = true;

  // Python UDFs (SPEC §3.6). Every `PYTHON_FUNC('name', …)` call, in order: `name` as written,
  // `table` for a call in FROM (a table UDF). A table UDF's table argument is listed in `reads`.
  struct PythonCall {
    std::string name;
    bool table = false;
  };
  std::vector<PythonCall> python_calls;
  // Functions the statement calls that the engine does not have (perhaps Python UDFs called by
  // their bare name, `discount(price)`), lower-cased, without repeats.
  std::vector<std::string> unknown_functions;
  // Set when python_calls is not empty: the SQL to execute instead, where each
  // PYTHON_FUNC('name', args…) became a call of the function registered as `name`
  // ("name"(args…)) and a table UDF's table argument became the text of a query over it.
  std::string rewritten_sql;

  // The column names the statement may read from its tables, lower-cased, without repeats:
  // every part of every column reference ("o.amount" gives "o" and "amount") and every USING
  // column — a superset (CTE, alias and lambda names come along). Unset when it may read every
  // column of a table: `*` or COLUMNS(…), a positional reference, a whole row (`SELECT o FROM
  // orders o`), a NATURAL join, PIVOT, DESCRIBE, a table UDF's table argument — or when the
  // analyzer cannot tell (determined = false). A source told which columns a step needs may
  // fetch only those (S3 Parquet).
  std::optional<std::vector<std::string>> columns;
};

class SqlAnalyzer {
 public:
  virtual ~SqlAnalyzer() = default;
  // `sql` is one query (SELECT, WITH …, FROM-first, VALUES …). InvalidArgument with the engine's
  // message when it does not parse.
  virtual Result<SqlTables> AnalyzeQuery(const std::string& sql) = 0;
  // `sql` is any one statement (INSERT, UPDATE, DELETE, CREATE VIEW, DROP, ALTER, …).
  // InvalidArgument when it does not parse; determined=false when it parses but its tables
  // cannot be told apart.
  virtual Result<SqlTables> AnalyzeStatement(const std::string& sql) = 0;

  // Whose parser checks the SQL, for messages: "DuckDB's own parser".
  virtual std::string parser_name() const { return "the engine's own parser"; }

  // Whether to fill SqlTables::unknown_functions (on by default). Listing them costs a look
  // through the engine's whole function catalog, worth it only when a project has Python UDFs
  // that SQL may call by their bare names.
  virtual void set_list_unknown_functions(bool on) { (void)on; }
};

}  // namespace sqlflow
