#include "state/state_tables.h"

namespace sqlflow {

std::string IsoSeconds(const std::optional<std::string>& timestamp_text) {
  if (!timestamp_text) return "";
  std::string out = timestamp_text->substr(0, 19);
  if (out.size() > 10 && out[10] == ' ') out[10] = 'T';
  return out;
}

Result<bool> StateTableExists(EngineSession& session, const std::string& table) {
  return session.TableExists("sqlflow", table);
}

}  // namespace sqlflow
