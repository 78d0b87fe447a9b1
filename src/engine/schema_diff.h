// Schema drift (SPEC §3.4): the differences between a source's recorded schema and its current
// one, what a `schema_policy` decides for each, the ALTER statements that `evolve` runs on the
// target, and the report a stopped load prints. Pure functions over column lists: no I/O, so
// every cell of the policy table is unit-tested here; the snapshots live in state/ and the check
// that runs them in a LOAD lives in runner/schema_check.h.
//
// Columns are matched by name, case-insensitively, as DuckDB matches them and as loads write
// them (SPEC §3.2: APPEND and MERGE insert by name). A column that only moved is therefore
// reported but never stops a load.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/table_schema.h"

namespace sqlflow {

enum class SchemaPolicy {
  kAlert,       // default: any change stops the load
  kPermissive,  // harmless changes are accepted; new nullable columns are not loaded
  kEvolve,      // the target follows the source: columns added, widened, relaxed
};

// "alert", "permissive", "evolve".
const char* ToString(SchemaPolicy policy);

// The policy named `text` ("alert", "permissive", "evolve"; case-insensitive). InvalidArgument
// naming the valid values otherwise.
Result<SchemaPolicy> ParseSchemaPolicy(const std::string& text);

// The "schema_policy" of a SOURCE's resolved params (a JSON object), or `fallback` (the
// profile's default) when the param is absent. InvalidArgument, prefixed by `label`, when the
// params are not a JSON object or the value is not a valid policy.
Result<SchemaPolicy> SchemaPolicyFromParams(const std::string& params_json, SchemaPolicy fallback,
                                            const std::string& label);

enum class SchemaChangeKind {
  kAdded,        // a column the recorded schema did not have
  kRemoved,      // a recorded column the source no longer has
  kWidened,      // compatible type change: INTEGER -> BIGINT, FLOAT -> DOUBLE, …
  kRetyped,      // incompatible type change: BIGINT -> INTEGER, INTEGER -> VARCHAR, …
  kNowNotNull,   // nullable -> NOT NULL
  kNowNullable,  // NOT NULL -> nullable
  kMoved,        // same column at another position (reported, never stops a load)
};

// "added", "removed", "widened", "retyped", "not_null", "nullable", "moved" (JSON output).
const char* ToString(SchemaChangeKind kind);

struct SchemaChange {
  SchemaChangeKind kind = SchemaChangeKind::kAdded;
  std::string column;                // the current name (the recorded one for kRemoved)
  std::optional<ColumnInfo> before;  // unset for kAdded
  std::optional<ColumnInfo> after;   // unset for kRemoved
  size_t old_position = 0;           // 1-based; 0 for kAdded
  size_t new_position = 0;           // 1-based; 0 for kRemoved

  // "+ column 'coupon' VARCHAR (new, nullable)", "~ column 'qty' INTEGER -> VARCHAR
  // (incompatible)", "- column 'region' VARCHAR (removed)", "~ column 'id' NOT NULL ->
  // nullable", "> column 'b' moved from position 2 to 3".
  std::string Describe() const;
};

// True when a column of type `from` changing to `to` is a compatible widening: IsLosslessCast
// from -> to, except a change of kind to text (INTEGER -> VARCHAR is lossless as values but
// breaks every query that does arithmetic on the column, so it counts as incompatible). Types
// that are the same once spelled alike (INT / INTEGER, VARCHAR(10) / VARCHAR) are not a change.
bool IsCompatibleWidening(const std::string& from, const std::string& to);

// True when `a` and `b` are the same type written differently (INT / INTEGER, VARCHAR(10) /
// VARCHAR): each casts losslessly to the other.
bool IsSameType(const std::string& a, const std::string& b);

// Every difference from `recorded` to `current`, in the current column order, removed columns
// last (in their recorded order). A column both retyped and re-nullabled gives two changes.
// Moves are reported only for columns whose order relative to the other kept columns changed
// (adding or removing a column does not "move" the ones after it).
std::vector<SchemaChange> DiffSchemas(const std::vector<ColumnInfo>& recorded,
                                      const std::vector<ColumnInfo>& current);

// What a policy decides for one change (SPEC §3.4's table, one cell).
enum class DriftDecision {
  kStop,           // the load fails with the drift report
  kAccept,         // load as usual
  kExcludeColumn,  // permissive, new nullable column: loaded without it
  kAddColumn,      // evolve: ALTER TABLE … ADD COLUMN (always nullable in the target)
  kFillNull,       // evolve, removed column: the target keeps it; loaded rows get NULL
  kWidenColumn,    // evolve: ALTER TABLE … ALTER COLUMN … SET DATA TYPE
  kRelaxNotNull,   // evolve: ALTER TABLE … ALTER COLUMN … DROP NOT NULL
};

const char* ToString(DriftDecision decision);

DriftDecision DecideDrift(const SchemaChange& change, SchemaPolicy policy);

// True when `policy` lets a load go on despite `changes` (no change decides kStop).
bool PolicyAccepts(const std::vector<SchemaChange>& changes, SchemaPolicy policy);

// The statements `evolve` runs on `target`, whose current columns are `target_columns` (as
// DescribeTable reports them), so that the source's new rows fit: ADD COLUMN for added columns
// the target lacks, SET DATA TYPE where the target's type is narrower than the new one, DROP NOT
// NULL where the target still has the constraint. Changes already reflected in the target yield
// nothing; so does every change when `policy` is not kEvolve.
std::vector<std::string> EvolveStatements(const TableName& target,
                                          const std::vector<ColumnInfo>& target_columns,
                                          const std::vector<SchemaChange>& changes,
                                          SchemaPolicy policy);

// The message of a load stopped by drift:
//   <label>: the schema of source '<source>' changed since the last load (policy: alert):
//     + column 'coupon' VARCHAR (new, nullable)
//     ~ column 'qty' INTEGER -> VARCHAR (incompatible)
//   To go on, either:
//     - change the pipeline to match the new schema,
//     - run `sqlflow schema accept <source>` to take the new schema as the baseline, or
//     - set "schema_policy": "evolve" on SOURCE <source>.
// Changes the policy accepts carry "; accepted: …" in their line. The last way out names the
// policies that would accept every change, and is left out when none would.
std::string FormatDriftReport(const std::string& label, const std::string& source,
                              const std::vector<SchemaChange>& changes, SchemaPolicy policy);

// A one-line note for a change the policy accepted, for the load's warnings:
//   "schema of source 'orders_src': + column 'coupon' VARCHAR (new, nullable): not loaded
//   (schema_policy: permissive)".
// A non-empty `note` says what the load did instead of the policy's usual words.
std::string DescribeAccepted(const std::string& source, const SchemaChange& change,
                             SchemaPolicy policy, const std::string& note = "");

}  // namespace sqlflow
