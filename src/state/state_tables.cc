#include "state/state_tables.h"

#include "engine/prepared_statement.h"

namespace sqlflow {

Result<bool> StateTableExists(Connection& conn, const std::string& table) {
  Result<PreparedStatement> probe = conn.Prepare("SELECT * FROM sqlflow." + table + " LIMIT 0");
  if (probe.ok()) return true;
  // DuckDB: "Catalog Error: Table with name x does not exist!" (also when the schema is missing).
  if (probe.status().message().find("does not exist") != std::string::npos) return false;
  return probe.status();
}

}  // namespace sqlflow
