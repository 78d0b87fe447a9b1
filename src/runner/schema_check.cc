#include "runner/schema_check.h"

#include <algorithm>

#include "engine/duckdb_session.h"
#include "state/schema_snapshots.h"

namespace sqlflow {

namespace {

Status WithLabel(const Status& status, const std::string& label) {
  return Status(status.code(), label + ": " + status.message());
}

// The ALTER statements of an evolve, run on the target when it exists.
Result<std::vector<std::string>> Evolve(Connection& connection, const SchemaCheckRequest& request,
                                        const std::vector<SchemaChange>& changes) {
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<ColumnInfo>> target,
                           DescribeTable(connection, request.target));
  if (!target) return std::vector<std::string>{};
  std::vector<std::string> sql = EvolveStatements(request.target, *target, changes, request.policy);
  for (const std::string& statement : sql) {
    Status st = connection.Execute(statement);
    if (!st.ok()) {
      return Status(st.code(), "schema_policy evolve could not change table '" +
                                   request.target.ToString() + "' (" + statement +
                                   "): " + st.message());
    }
  }
  return sql;
}

// The compatible type changes permissive accepts whose existing target column cannot take the
// new type without loss (SPEC §3.2): each source column with the target column's type.
Result<std::vector<ColumnInfo>> NarrowTargetColumns(Connection& connection,
                                                    const SchemaCheckRequest& request,
                                                    const std::vector<SchemaChange>& changes) {
  std::vector<ColumnInfo> out;
  if (request.policy != SchemaPolicy::kPermissive || request.replaces_target) return out;
  bool widened = std::any_of(changes.begin(), changes.end(), [](const SchemaChange& c) {
    return c.kind == SchemaChangeKind::kWidened;
  });
  if (!widened) return out;
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<ColumnInfo>> target,
                           DescribeTable(connection, request.target));
  if (!target) return out;
  for (const SchemaChange& c : changes) {
    if (c.kind != SchemaChangeKind::kWidened) continue;
    const ColumnInfo* column = FindColumn(*target, c.column);
    if (column != nullptr && !IsLosslessCast(c.after->type, column->type)) {
      out.push_back({c.after->name, column->type, c.after->nullable});
    }
  }
  return out;
}

}  // namespace

Result<SchemaCheckResult> CheckSchemaAndEvolve(Connection& connection,
                                               const SchemaCheckRequest& request) {
  DuckDbSession session(connection);
  Result<std::optional<SchemaSnapshot>> latest =
      ReadLatestSnapshot(session, request.pipeline, request.source);
  if (!latest.ok()) return WithLabel(latest.status(), request.label);
  SchemaCheckResult result;
  if (!latest->has_value()) return result;  // first load: nothing to compare with
  std::vector<SchemaChange> changes = DiffSchemas((*latest)->columns, request.current);
  if (changes.empty()) return result;
  if (!PolicyAccepts(changes, request.policy)) {
    result.status =
        Status::Invalid(FormatDriftReport(request.label, request.source, changes, request.policy));
    return result;
  }
  for (const SchemaChange& c : changes) {
    DriftDecision decision = DecideDrift(c, request.policy);
    if (decision == DriftDecision::kExcludeColumn) result.excluded_columns.push_back(c.column);
    if (decision == DriftDecision::kFillNull) result.null_columns.push_back(*c.before);
  }
  Result<std::vector<ColumnInfo>> narrow = NarrowTargetColumns(connection, request, changes);
  if (!narrow.ok()) return WithLabel(narrow.status(), request.label);
  result.target_type_columns = std::move(narrow).value();
  for (const SchemaChange& c : changes) {
    const ColumnInfo* cast = FindColumn(result.target_type_columns, c.column);
    result.warnings.push_back(DescribeAccepted(
        request.source, c, request.policy,
        cast == nullptr ? "" : "loaded as " + cast->type + ", the target column's type"));
  }
  Result<std::vector<std::string>> evolved = Evolve(connection, request, changes);
  if (!evolved.ok()) return WithLabel(evolved.status(), request.label);
  result.evolve_sql = std::move(evolved).value();
  return result;
}

std::vector<ColumnInfo> LoadedColumns(const std::vector<ColumnInfo>& current,
                                      const SchemaCheckResult& result) {
  std::vector<ColumnInfo> out;
  for (const ColumnInfo& c : current) {
    bool excluded = std::any_of(result.excluded_columns.begin(), result.excluded_columns.end(),
                                [&](const std::string& name) { return name == c.name; });
    if (excluded) continue;
    const ColumnInfo* cast = FindColumn(result.target_type_columns, c.name);
    out.push_back(cast == nullptr ? c : *cast);
  }
  return out;
}

Status RecordLoadedSchema(Connection& connection, const std::string& pipeline,
                          const std::string& source, const std::vector<ColumnInfo>& loaded) {
  DuckDbSession session(connection);
  return RecordSchemaSnapshot(session, pipeline, source, loaded, SnapshotReason::kLoad).status();
}

}  // namespace sqlflow
