// SqlAnalyzer: what the planner needs to know about a piece of SQL — the tables it reads and
// writes — without knowing which engine parses it. The engine module implements it with the
// engine's own SQL parser (never regular expressions); tests may use a fake.
// Thread-safety: implementations say.
#pragma once

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
};

}  // namespace sqlflow
