#include "engine/schema_diff.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

constexpr SchemaPolicy kAllPolicies[] = {SchemaPolicy::kAlert, SchemaPolicy::kPermissive,
                                         SchemaPolicy::kEvolve};

// Index of the column named `name` (case-insensitively) in `columns`, or npos.
size_t ColumnIndex(const std::vector<ColumnInfo>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (EqualsIgnoreCase(columns[i].name, name)) return i;
  }
  return std::string::npos;
}

std::string Nullability(bool nullable) { return nullable ? "nullable" : "NOT NULL"; }

bool IsText(const std::string& type) { return IsSameType(type, "VARCHAR"); }

// The changes of one column present in both schemas: type, then nullability.
void DiffColumn(const ColumnInfo& before, const ColumnInfo& after, size_t old_pos, size_t new_pos,
                std::vector<SchemaChange>* out) {
  if (!IsSameType(before.type, after.type)) {
    SchemaChangeKind kind = IsCompatibleWidening(before.type, after.type)
                                ? SchemaChangeKind::kWidened
                                : SchemaChangeKind::kRetyped;
    out->push_back({kind, after.name, before, after, old_pos, new_pos});
  }
  if (before.nullable != after.nullable) {
    SchemaChangeKind kind =
        after.nullable ? SchemaChangeKind::kNowNullable : SchemaChangeKind::kNowNotNull;
    out->push_back({kind, after.name, before, after, old_pos, new_pos});
  }
}

// Kept columns whose order relative to the other kept columns changed: the fewest columns that
// must move, i.e. those outside a longest increasing run of recorded positions.
std::vector<bool> MovedColumns(const std::vector<size_t>& old_positions) {
  size_t n = old_positions.size();
  std::vector<size_t> length(n, 1), previous(n, n);
  size_t best = n;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (old_positions[j] < old_positions[i] && length[j] + 1 > length[i]) {
        length[i] = length[j] + 1;
        previous[i] = j;
      }
    }
    if (best == n || length[i] > length[best]) best = i;
  }
  std::vector<bool> moved(n, true);
  for (size_t i = best; i < n; i = previous[i]) moved[i] = false;
  return moved;
}

std::string AcceptedNote(DriftDecision decision) {
  switch (decision) {
    case DriftDecision::kExcludeColumn:
      return "not loaded";
    case DriftDecision::kAddColumn:
      return "added to the target";
    case DriftDecision::kFillNull:
      return "kept in the target, loaded as NULL";
    case DriftDecision::kWidenColumn:
      return "target column widened";
    case DriftDecision::kRelaxNotNull:
      return "NOT NULL dropped in the target";
    case DriftDecision::kAccept:
    case DriftDecision::kStop:
      break;
  }
  return "accepted";
}

// `line` with "; accepted: <note>" inside its closing parenthesis, or appended in parentheses.
std::string WithNote(std::string line, const std::string& note) {
  if (!line.empty() && line.back() == ')') {
    line.insert(line.size() - 1, "; accepted: " + note);
    return line;
  }
  return line + " (accepted: " + note + ")";
}

// `"permissive"` or `"permissive" or "evolve"`: the policies other than `current` that accept
// every change.
std::string AcceptingPolicies(const std::vector<SchemaChange>& changes, SchemaPolicy current) {
  std::vector<std::string> names;
  for (SchemaPolicy p : kAllPolicies) {
    if (p != current && PolicyAccepts(changes, p))
      names.push_back('"' + std::string(ToString(p)) + '"');
  }
  return Join(names, " or ");
}

}  // namespace

const char* ToString(SchemaPolicy policy) {
  switch (policy) {
    case SchemaPolicy::kAlert:
      return "alert";
    case SchemaPolicy::kPermissive:
      return "permissive";
    case SchemaPolicy::kEvolve:
      return "evolve";
  }
  return "?";
}

Result<SchemaPolicy> ParseSchemaPolicy(const std::string& text) {
  for (SchemaPolicy p : kAllPolicies) {
    if (EqualsIgnoreCase(text, ToString(p))) return p;
  }
  return Status::Invalid("unknown schema_policy '" + text +
                         "'; use \"alert\" (the default), \"permissive\" or \"evolve\"");
}

Result<SchemaPolicy> SchemaPolicyFromParams(const std::string& params_json, SchemaPolicy fallback,
                                            const std::string& label) {
  nlohmann::json params = nlohmann::json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid(label + ": the params are not a JSON object");
  auto it = params.find("schema_policy");
  if (it == params.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    return Status::Invalid(label +
                           ": \"schema_policy\" must be a string: \"alert\", "
                           "\"permissive\" or \"evolve\"");
  }
  Result<SchemaPolicy> policy = ParseSchemaPolicy(it->get<std::string>());
  if (!policy.ok()) return Status::Invalid(label + ": " + policy.status().message());
  return policy;
}

const char* ToString(SchemaChangeKind kind) {
  switch (kind) {
    case SchemaChangeKind::kAdded:
      return "added";
    case SchemaChangeKind::kRemoved:
      return "removed";
    case SchemaChangeKind::kWidened:
      return "widened";
    case SchemaChangeKind::kRetyped:
      return "retyped";
    case SchemaChangeKind::kNowNotNull:
      return "not_null";
    case SchemaChangeKind::kNowNullable:
      return "nullable";
    case SchemaChangeKind::kMoved:
      return "moved";
  }
  return "?";
}

std::string SchemaChange::Describe() const {
  std::string col = "column '" + column + "'";
  switch (kind) {
    case SchemaChangeKind::kAdded:
      return "+ " + col + " " + after->type + " (new, " + Nullability(after->nullable) + ")";
    case SchemaChangeKind::kRemoved:
      return "- " + col + " " + before->type + " (removed)";
    case SchemaChangeKind::kWidened:
      return "~ " + col + " " + before->type + " -> " + after->type + " (compatible)";
    case SchemaChangeKind::kRetyped:
      return "~ " + col + " " + before->type + " -> " + after->type + " (incompatible)";
    case SchemaChangeKind::kNowNotNull:
    case SchemaChangeKind::kNowNullable:
      return "~ " + col + " " + Nullability(before->nullable) + " -> " +
             Nullability(after->nullable);
    case SchemaChangeKind::kMoved:
      return "> " + col + " moved from position " + std::to_string(old_position) + " to " +
             std::to_string(new_position);
  }
  return col;
}

bool IsSameType(const std::string& a, const std::string& b) {
  return EqualsIgnoreCase(a, b) || (IsLosslessCast(a, b) && IsLosslessCast(b, a));
}

bool IsCompatibleWidening(const std::string& from, const std::string& to) {
  if (IsSameType(from, to)) return false;
  if (IsText(to) && !IsText(from)) return false;
  return IsLosslessCast(from, to);
}

std::vector<SchemaChange> DiffSchemas(const std::vector<ColumnInfo>& recorded,
                                      const std::vector<ColumnInfo>& current) {
  std::vector<SchemaChange> out;
  std::vector<size_t> kept_old_positions;  // for each kept current column, its recorded index
  for (size_t i = 0; i < current.size(); ++i) {
    size_t j = ColumnIndex(recorded, current[i].name);
    if (j != std::string::npos) kept_old_positions.push_back(j);
  }
  std::vector<bool> moved = MovedColumns(kept_old_positions);
  size_t kept = 0;
  for (size_t i = 0; i < current.size(); ++i) {
    size_t j = ColumnIndex(recorded, current[i].name);
    if (j == std::string::npos) {
      out.push_back(
          {SchemaChangeKind::kAdded, current[i].name, std::nullopt, current[i], 0, i + 1});
      continue;
    }
    DiffColumn(recorded[j], current[i], j + 1, i + 1, &out);
    if (moved[kept++]) {
      out.push_back(
          {SchemaChangeKind::kMoved, current[i].name, recorded[j], current[i], j + 1, i + 1});
    }
  }
  for (size_t j = 0; j < recorded.size(); ++j) {
    if (ColumnIndex(current, recorded[j].name) != std::string::npos) continue;
    out.push_back(
        {SchemaChangeKind::kRemoved, recorded[j].name, recorded[j], std::nullopt, j + 1, 0});
  }
  return out;
}

const char* ToString(DriftDecision decision) {
  switch (decision) {
    case DriftDecision::kStop:
      return "stop";
    case DriftDecision::kAccept:
      return "accept";
    case DriftDecision::kExcludeColumn:
      return "exclude_column";
    case DriftDecision::kAddColumn:
      return "add_column";
    case DriftDecision::kFillNull:
      return "fill_null";
    case DriftDecision::kWidenColumn:
      return "widen_column";
    case DriftDecision::kRelaxNotNull:
      return "relax_not_null";
  }
  return "?";
}

// SPEC §3.4, one row per change kind; alert stops everything but a move.
DriftDecision DecideDrift(const SchemaChange& change, SchemaPolicy policy) {
  using D = DriftDecision;
  bool permissive = policy == SchemaPolicy::kPermissive;
  bool evolve = policy == SchemaPolicy::kEvolve;
  switch (change.kind) {
    case SchemaChangeKind::kMoved:
      return D::kAccept;  // loads match columns by name
    case SchemaChangeKind::kAdded:
      if (evolve) return D::kAddColumn;
      return permissive && change.after->nullable ? D::kExcludeColumn : D::kStop;
    case SchemaChangeKind::kRemoved:
      return evolve ? D::kFillNull : D::kStop;
    case SchemaChangeKind::kWidened:
      return evolve ? D::kWidenColumn : permissive ? D::kAccept : D::kStop;
    case SchemaChangeKind::kRetyped:
      return D::kStop;
    case SchemaChangeKind::kNowNotNull:
      return evolve ? D::kAccept : D::kStop;
    case SchemaChangeKind::kNowNullable:
      return evolve ? D::kRelaxNotNull : permissive ? D::kAccept : D::kStop;
  }
  return D::kStop;
}

bool PolicyAccepts(const std::vector<SchemaChange>& changes, SchemaPolicy policy) {
  return std::none_of(changes.begin(), changes.end(), [policy](const SchemaChange& c) {
    return DecideDrift(c, policy) == DriftDecision::kStop;
  });
}

std::vector<std::string> EvolveStatements(const TableName& target,
                                          const std::vector<ColumnInfo>& target_columns,
                                          const std::vector<SchemaChange>& changes,
                                          SchemaPolicy policy) {
  std::vector<std::string> out;
  std::string alter = "ALTER TABLE " + target.Quoted() + " ";
  for (const SchemaChange& c : changes) {
    DriftDecision decision = DecideDrift(c, policy);
    size_t i = ColumnIndex(target_columns, c.column);
    std::string column = QuoteIdentifier(c.column);
    if (decision == DriftDecision::kAddColumn && i == std::string::npos) {
      out.push_back(alter + "ADD COLUMN " + column + " " + c.after->type);
    }
    if (i == std::string::npos) continue;
    const ColumnInfo& existing = target_columns[i];
    if (decision == DriftDecision::kWidenColumn && !IsSameType(existing.type, c.after->type) &&
        IsLosslessCast(existing.type, c.after->type)) {
      out.push_back(alter + "ALTER COLUMN " + column + " SET DATA TYPE " + c.after->type);
    }
    if (decision == DriftDecision::kRelaxNotNull && !existing.nullable) {
      out.push_back(alter + "ALTER COLUMN " + column + " DROP NOT NULL");
    }
  }
  return out;
}

std::string FormatDriftReport(const std::string& label, const std::string& source,
                              const std::vector<SchemaChange>& changes, SchemaPolicy policy) {
  std::string out = label + ": the schema of source '" + source +
                    "' changed since the last load (policy: " + ToString(policy) + "):\n";
  for (const SchemaChange& c : changes) {
    DriftDecision decision = DecideDrift(c, policy);
    std::string line = c.Describe();
    if (decision != DriftDecision::kStop && c.kind != SchemaChangeKind::kMoved) {
      line = WithNote(line, AcceptedNote(decision));
    }
    out += "  " + line + "\n";
  }
  std::string policies = AcceptingPolicies(changes, policy);
  out += "To go on, either:\n";
  out += "  - change the pipeline to match the new schema,\n";
  out += "  - run `sqlflow schema accept " + source + "` to take the new schema as the baseline" +
         (policies.empty() ? "." : ", or") + "\n";
  if (!policies.empty()) {
    out += "  - set \"schema_policy\": " + policies + " on SOURCE " + source + ".\n";
  }
  out.pop_back();
  return out;
}

std::string DescribeAccepted(const std::string& source, const SchemaChange& change,
                             SchemaPolicy policy, const std::string& note) {
  DriftDecision decision = DecideDrift(change, policy);
  std::string what = !note.empty() ? note
                     : decision == DriftDecision::kAccept && change.kind == SchemaChangeKind::kMoved
                         ? "loads match columns by name"
                         : AcceptedNote(decision);
  return "schema of source '" + source + "': " + change.Describe() + ": " + what +
         " (schema_policy: " + ToString(policy) + ")";
}

}  // namespace sqlflow
