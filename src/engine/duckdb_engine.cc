#include "engine/duckdb_engine.h"

#include "engine/duckdb_session.h"
#include "engine/load_writer.h"
#include "engine/sql_quote.h"

namespace sqlflow {

const char* ToString(IntentKind kind) {
  switch (kind) {
    case IntentKind::kReplace:
      return "replace";
    case IntentKind::kAppendByName:
      return "append by name";
    case IntentKind::kMergeByKey:
      return "merge by key";
    case IntentKind::kOverwriteRange:
      return "overwrite range";
  }
  return "?";
}

Materialisation Materialisation::Of(LoadRequest load) {
  Materialisation out;
  out.kind = load.mode == LoadMode::kAppend  ? IntentKind::kAppendByName
             : load.mode == LoadMode::kMerge ? IntentKind::kMergeByKey
                                             : IntentKind::kReplace;
  out.load = std::move(load);
  return out;
}

DuckDbEngine::DuckDbEngine() {
  capabilities_.runs_embedded_sql = true;
  capabilities_.python_udfs = true;
}

Result<std::unique_ptr<EngineSession>> DuckDbEngine::OpenSession(Connection& embedded) {
  return std::unique_ptr<EngineSession>(std::make_unique<DuckDbSession>(embedded));
}

Result<LoadResult> DuckDbEngine::Materialise(EngineSession& session,
                                             const Materialisation& intent) {
  Connection& connection = static_cast<DuckDbSession&>(session).connection();
  LoadRequest load = intent.load;
  switch (intent.kind) {
    case IntentKind::kReplace:
      load.mode = LoadMode::kReplace;
      break;
    case IntentKind::kAppendByName:
      load.mode = LoadMode::kAppend;
      break;
    case IntentKind::kMergeByKey:
      load.mode = LoadMode::kMerge;
      break;
    case IntentKind::kOverwriteRange: {
      if (!intent.range) return Status::Internal("an overwrite of a range without the range");
      const RowRange& range = *intent.range;
      const std::string column = QuoteIdentifier(range.column);
      Status deleted =
          connection.Execute("DELETE FROM " + load.target.Quoted() + " WHERE " + column +
                             " >= TIMESTAMP " + QuoteString(range.from_timestamp) + " AND " +
                             column + " <= TIMESTAMP " + QuoteString(range.to_timestamp));
      if (!deleted.ok()) return Status(deleted.code(), load.label + ": " + deleted.message());
      load.mode = LoadMode::kAppend;
      break;
    }
  }
  return WriteLoad(connection, load);
}

std::string DuckDbEngine::Explain(const Materialisation& intent) const {
  switch (intent.kind) {
    case IntentKind::kReplace:
      return "CREATE OR REPLACE TABLE … AS";
    case IntentKind::kAppendByName:
      return "INSERT INTO … (columns by name) SELECT";
    case IntentKind::kMergeByKey:
      return "MERGE INTO … USING";
    case IntentKind::kOverwriteRange:
      return "DELETE FROM … WHERE range; INSERT INTO … SELECT";
  }
  return "?";
}

}  // namespace sqlflow
