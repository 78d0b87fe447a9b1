#include "connectors/postgres/pg_export_plan.h"

#include <algorithm>
#include <optional>

#include "common/strings.h"
#include "connectors/postgres/postgres_types.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

constexpr char kStageTable[] = "pg_temp.sqlflow_export_stage";

std::string StageColumn(size_t index) { return "c" + std::to_string(index); }

const char* StageTypeName(PgStageKind kind) {
  switch (kind) {
    case PgStageKind::kBool:
      return "boolean";
    case PgStageKind::kInt2:
      return "smallint";
    case PgStageKind::kInt4:
      return "integer";
    case PgStageKind::kInt8:
      return "bigint";
    case PgStageKind::kFloat4:
      return "real";
    case PgStageKind::kFloat8:
      return "double precision";
    case PgStageKind::kNumeric:
      return "numeric";
    case PgStageKind::kText:
      return "text";
    case PgStageKind::kBytea:
      return "bytea";
    case PgStageKind::kDate:
      return "date";
    case PgStageKind::kTime:
      return "time";
    case PgStageKind::kTimestamp:
      return "timestamp";
    case PgStageKind::kTimestampTz:
      return "timestamptz";
  }
  return "text";
}

// A column read as it is: `stage` encoded, created as the staging type.
PgExportColumn Direct(const std::string& ref, PgStageKind stage) {
  return PgExportColumn{"", ref, stage, StageTypeName(stage), false};
}

// A column cast in DuckDB to `duckdb_type` first.
PgExportColumn Cast(const std::string& ref, const char* duckdb_type, PgStageKind stage,
                    std::string create_type) {
  return PgExportColumn{"", "CAST(" + ref + " AS " + duckdb_type + ")", stage,
                        std::move(create_type), false};
}

// Nested values as JSON text, created as jsonb.
PgExportColumn AsJson(const std::string& ref) {
  return PgExportColumn{"", "CAST(to_json(" + ref + ") AS VARCHAR)", PgStageKind::kText, "jsonb",
                        true};
}

PgExportColumn MapType(const std::string& ref, const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
      return Direct(ref, PgStageKind::kBool);
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
      return Direct(ref, PgStageKind::kInt2);
    case TypeId::kUTinyInt:
      return Cast(ref, "SMALLINT", PgStageKind::kInt2, "smallint");
    case TypeId::kInteger:
      return Direct(ref, PgStageKind::kInt4);
    case TypeId::kUSmallInt:
      return Cast(ref, "INTEGER", PgStageKind::kInt4, "integer");
    case TypeId::kBigInt:
      return Direct(ref, PgStageKind::kInt8);
    case TypeId::kUInteger:
      return Cast(ref, "BIGINT", PgStageKind::kInt8, "bigint");
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
      return Cast(ref, "VARCHAR", PgStageKind::kNumeric, "numeric");
    case TypeId::kFloat:
      return Direct(ref, PgStageKind::kFloat4);
    case TypeId::kDouble:
      return Direct(ref, PgStageKind::kFloat8);
    case TypeId::kDecimal: {
      PgExportColumn column = Direct(ref, PgStageKind::kNumeric);
      column.create_type = "numeric(" + std::to_string(type.decimal_width) + "," +
                           std::to_string(type.decimal_scale) + ")";
      return column;
    }
    case TypeId::kVarchar: {
      PgExportColumn column = Direct(ref, PgStageKind::kText);
      if (type.name == "JSON") column.create_type = "jsonb";
      return column;
    }
    case TypeId::kBlob:
      return Direct(ref, PgStageKind::kBytea);
    case TypeId::kDate:
      return Direct(ref, PgStageKind::kDate);
    case TypeId::kTime:
      return Direct(ref, PgStageKind::kTime);
    case TypeId::kTimestamp:
      return Direct(ref, PgStageKind::kTimestamp);
    case TypeId::kTimestampTz:
      return Direct(ref, PgStageKind::kTimestampTz);
    case TypeId::kTimestampSec:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
      return Cast(ref, "TIMESTAMP", PgStageKind::kTimestamp, "timestamp");
    case TypeId::kInterval:
      return Cast(ref, "VARCHAR", PgStageKind::kText, "interval");
    case TypeId::kUuid:
      return Cast(ref, "VARCHAR", PgStageKind::kText, "uuid");
    case TypeId::kList:
      return AsJson(ref);
    case TypeId::kOther:
      break;
  }
  if (type.name.starts_with("STRUCT") || type.name.starts_with("MAP") || EndsWith(type.name, "]")) {
    return AsJson(ref);  // also fixed-size ARRAY types ("INTEGER[3]")
  }
  return Cast(ref, "VARCHAR", PgStageKind::kText, "text");
}

// The index of the column named `name`: exact, else the only one equal ignoring case.
template <typename Named>
std::optional<size_t> FindByName(const std::vector<Named>& items, const std::string& name) {
  std::optional<size_t> folded;
  int folded_count = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return i;
    if (EqualsIgnoreCase(items[i].name, name)) {
      folded = i;
      ++folded_count;
    }
  }
  return folded_count == 1 ? folded : std::nullopt;
}

template <typename Named>
std::string NameList(const std::vector<Named>& items) {
  std::vector<std::string> names;
  for (const Named& item : items) names.push_back(item.name);
  return Join(names);
}

}  // namespace

const char* ToString(PgExportMode mode) {
  switch (mode) {
    case PgExportMode::kAppend:
      return "append";
    case PgExportMode::kReplace:
      return "replace";
    case PgExportMode::kMerge:
      return "merge";
  }
  return "append";
}

Result<PgExportMode> ParsePgExportMode(const std::string& text) {
  std::string mode = ToLowerAscii(text);
  if (mode.empty() || mode == "append") return PgExportMode::kAppend;
  if (mode == "replace") return PgExportMode::kReplace;
  if (mode == "merge") return PgExportMode::kMerge;
  return Status::Invalid("unknown mode '" + text + "'; use \"replace\", \"append\" or \"merge\"");
}

Result<PgExportPlan> PgExportPlan::Make(const std::vector<std::string>& names,
                                        const std::vector<ColumnType>& types, PgExportMode mode,
                                        const std::vector<std::string>& keys) {
  PgExportPlan plan;
  plan.mode_ = mode;
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (EqualsIgnoreCase(names[j], names[i])) {
        return Status::Invalid("the query returns two columns named '" + names[i] +
                               "'; give them distinct names (… AS other_name)");
      }
    }
    PgExportColumn column = MapType("q." + QuoteIdentifier(StageColumn(i)), types[i]);
    column.name = names[i];
    plan.columns_.push_back(std::move(column));
  }
  if (mode != PgExportMode::kMerge) {
    if (!keys.empty()) return Status::Invalid("\"key\" applies to mode \"merge\" only");
    return plan;
  }
  if (keys.empty()) {
    return Status::Invalid(
        "mode \"merge\" needs the key columns that identify a row: add \"key\": [\"id\"] to "
        "OPTIONS");
  }
  for (const std::string& key : keys) {
    std::optional<size_t> index = FindByName(plan.columns_, key);
    if (!index) {
      return Status::Invalid(
          "key column '" + key +
          "' is not a column of the query (its columns: " + NameList(plan.columns_) + ")");
    }
    plan.keys_.push_back(*index);
  }
  return plan;
}

std::string PgExportPlan::DuckDbSelectSql(const std::string& query) const {
  std::vector<std::string> selects, aliases;
  for (size_t i = 0; i < columns_.size(); ++i) {
    selects.push_back(columns_[i].select_sql);
    aliases.push_back(QuoteIdentifier(StageColumn(i)));
  }
  return "SELECT " + Join(selects) + " FROM " + ParenthesizeQuery(query) + " AS q(" +
         Join(aliases) + ")";
}

std::string PgExportPlan::CreateStageSql() const {
  std::vector<std::string> defs;
  for (size_t i = 0; i < columns_.size(); ++i) {
    defs.push_back(StageColumn(i) + " " + StageTypeName(columns_[i].stage));
  }
  return "CREATE TEMPORARY TABLE sqlflow_export_stage (" + Join(defs) + ") ON COMMIT DROP";
}

std::string PgExportPlan::CopySql() const {
  return std::string("COPY ") + kStageTable + " FROM STDIN (FORMAT binary)";
}

std::string PgExportPlan::CreateTargetSql(const std::string& qualified) const {
  std::vector<std::string> defs;
  for (const PgExportColumn& column : columns_) {
    defs.push_back(QuotePgIdentifier(column.name) + " " + column.create_type);
  }
  if (mode_ == PgExportMode::kMerge) {
    std::vector<std::string> keys;
    for (size_t k : keys_) keys.push_back(QuotePgIdentifier(columns_[k].name));
    defs.push_back("PRIMARY KEY (" + Join(keys) + ")");
  }
  return "CREATE TABLE " + qualified + " (" + Join(defs) + ")";
}

Status PgExportPlan::Bind(std::vector<PgTargetColumn> target, const std::string& where) {
  targets_.clear();
  std::vector<bool> used(target.size(), false);
  for (const PgExportColumn& column : columns_) {
    std::optional<size_t> index = FindByName(target, column.name);
    if (!index) {
      return Status::Invalid("the query returns column '" + column.name + "' but " + where +
                             " has no such column (its columns: " + NameList(target) +
                             "); rename it in the query (… AS name) or add it to the table");
    }
    used[*index] = true;
    targets_.push_back(target[*index]);
  }
  for (size_t i = 0; i < target.size(); ++i) {
    if (used[i] || !target[i].not_null || target[i].has_default) continue;
    return Status::Invalid("column '" + target[i].name + "' of " + where +
                           " is NOT NULL without a default, and the query does not return it; "
                           "add it to the query (or give the column a default)");
  }
  return Status::OK();
}

std::string PgExportPlan::StageValueSql(size_t column) const {
  const PgExportColumn& source = columns_[column];
  const PgTargetColumn& target = targets_[column];
  std::string value = "s." + StageColumn(column);
  // Binary-staged values reach the target through PostgreSQL's assignment casts; text only
  // through an explicit cast, as there is no assignment cast from text to uuid, jsonb, ….
  if (source.stage != PgStageKind::kText || target.category == 'S') return value;
  if (target.category == 'A' && source.json) {
    return "CASE WHEN " + value +
           " IS NULL THEN NULL ELSE ARRAY(SELECT e.v::" + target.element_type +
           " FROM jsonb_array_elements_text(" + value +
           "::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY e.n) END";
  }
  return value + "::" + target.type_text;
}

std::vector<std::string> PgExportPlan::TargetKeys() const {
  std::vector<std::string> keys;
  for (size_t k : keys_) keys.push_back(targets_.empty() ? columns_[k].name : targets_[k].name);
  return keys;
}

std::string PgExportPlan::NullKeyCountSql() const {
  std::vector<std::string> tests;
  for (size_t k : keys_) tests.push_back("s." + StageColumn(k) + " IS NULL");
  return "SELECT count(*) FROM " + std::string(kStageTable) + " s WHERE " + Join(tests, " OR ");
}

std::string PgExportPlan::DuplicateKeySql() const {
  std::vector<std::string> keys, texts;
  for (size_t k : keys_) {
    keys.push_back("s." + StageColumn(k));
    texts.push_back(QuotePgLiteral(columns_[k].name + "=") + " || s." + StageColumn(k) + "::text");
  }
  return "SELECT " + Join(texts, " || ', ' || ") + " FROM " + kStageTable + " s GROUP BY " +
         Join(keys) + " HAVING count(*) > 1 LIMIT 1";
}

std::string PgExportPlan::InsertSql(const std::string& qualified) const {
  std::vector<std::string> names, values;
  for (size_t i = 0; i < columns_.size(); ++i) {
    names.push_back(QuotePgIdentifier(targets_[i].name));
    values.push_back(StageValueSql(i));
  }
  return "INSERT INTO " + qualified + " (" + Join(names) + ") SELECT " + Join(values) + " FROM " +
         kStageTable + " s";
}

std::string PgExportPlan::MergeSql(const std::string& qualified) const {
  std::vector<std::string> on, sets, names, values;
  for (size_t k : keys_) {
    on.push_back("t." + QuotePgIdentifier(targets_[k].name) + " = " + StageValueSql(k));
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    std::string name = QuotePgIdentifier(targets_[i].name);
    names.push_back(name);
    values.push_back(StageValueSql(i));
    if (std::find(keys_.begin(), keys_.end(), i) == keys_.end()) {
      sets.push_back(name + " = " + values.back());
    }
  }
  std::string matched = sets.empty() ? "DO NOTHING" : "UPDATE SET " + Join(sets);
  return "MERGE INTO " + qualified + " AS t USING " + kStageTable + " AS s ON " +
         Join(on, " AND ") + " WHEN MATCHED THEN " + matched + " WHEN NOT MATCHED THEN INSERT (" +
         Join(names) + ") VALUES (" + Join(values) + ")";
}

std::string PgExportPlan::UpsertSql(const std::string& qualified) const {
  std::vector<std::string> keys, sets;
  for (size_t k : keys_) keys.push_back(QuotePgIdentifier(targets_[k].name));
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (std::find(keys_.begin(), keys_.end(), i) != keys_.end()) continue;
    std::string name = QuotePgIdentifier(targets_[i].name);
    sets.push_back(name + " = EXCLUDED." + name);
  }
  std::string action = sets.empty() ? "DO NOTHING" : "DO UPDATE SET " + Join(sets);
  return InsertSql(qualified) + " ON CONFLICT (" + Join(keys) + ") " + action;
}

std::vector<std::string> PgExportPlan::ApplySql(const std::string& qualified,
                                                PgMergeStatement merge) const {
  switch (mode_) {
    case PgExportMode::kAppend:
      return {InsertSql(qualified)};
    case PgExportMode::kReplace:
      return {"TRUNCATE TABLE " + qualified, InsertSql(qualified)};
    case PgExportMode::kMerge:
      break;
  }
  if (merge == PgMergeStatement::kInsertOnConflict) return {UpsertSql(qualified)};
  return {MergeSql(qualified)};
}

}  // namespace sqlflow
