#include "state/state_tables.h"

namespace sqlflow {

Result<bool> StateTableExists(Connection& conn, const std::string& table) {
  // LIMIT 0 reads nothing; a missing table (or schema) is DuckDB's catalog error.
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<QueryResult> probe,
                           conn.QueryUnlessMissing("SELECT * FROM sqlflow." + table + " LIMIT 0"));
  return probe.has_value();
}

}  // namespace sqlflow
