#include "state/state_tables.h"

namespace sqlflow {

Result<bool> StateTableExists(EngineSession& session, const std::string& table) {
  return session.TableExists("sqlflow", table);
}

}  // namespace sqlflow
