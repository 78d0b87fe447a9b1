// PgExportPlan: how the rows of a DuckDB query travel into a PostgreSQL table — the DuckDB
// expression read for each column, how it is encoded in the binary COPY, the staging table it
// lands in, the column type when the export creates the target, and the statements that move
// the staged rows into the target for each mode. Pure: no I/O (postgres_export.cc runs it).
//
// DuckDB -> PostgreSQL (staged binary, then assigned to the target column):
//   BOOLEAN -> boolean; TINYINT, SMALLINT, UTINYINT -> smallint; INTEGER, USMALLINT -> integer;
//   BIGINT, UINTEGER -> bigint; HUGEINT, UBIGINT -> numeric; FLOAT -> real; DOUBLE -> double
//   precision; DECIMAL(p,s) -> numeric(p,s); VARCHAR -> text; BLOB -> bytea; DATE, TIME,
//   TIMESTAMP (also _S/_MS/_NS, to microseconds) -> date, time, timestamp;
//   TIMESTAMP WITH TIME ZONE -> timestamptz.
// Staged as text, cast on the server to the target column's type when that is not a string
// type (uuid, interval, jsonb, enums, arrays, …):
//   UUID -> created as uuid; INTERVAL -> interval; JSON -> jsonb; LIST, STRUCT, MAP -> their
//   JSON text, created as jsonb (into an array column: one element per JSON array element);
//   anything else (ENUM, BIT, TIME WITH TIME ZONE, …) -> DuckDB's text, created as text.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "engine/column_type.h"

namespace sqlflow {

enum class PgExportMode { kAppend, kReplace, kMerge };
// How merge writes: PostgreSQL 15's MERGE (no constraint needed), or INSERT … ON CONFLICT when
// the target has a unique index on exactly the keys (safe against concurrent inserts).
enum class PgMergeStatement { kMerge, kInsertOnConflict };
const char* ToString(PgExportMode mode);
// "append" (also ""), "replace", "merge" in any case; InvalidArgument naming the choices.
Result<PgExportMode> ParsePgExportMode(const std::string& text);

// How one value is encoded in the binary COPY stream (and the staging column's type).
enum class PgStageKind {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,  // from exact decimal text
  kText,
  kBytea,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
};

// One column of the query as it is exported.
struct PgExportColumn {
  std::string name;        // the query's column name, matched to the target's columns
  std::string select_sql;  // DuckDB expression over q."c<i>" that the encoder reads
  PgStageKind stage = PgStageKind::kText;
  std::string create_type;  // the column's type when the export creates the target
  bool json = false;        // staged text is JSON (LIST, STRUCT, MAP)
};

// A column of an existing target table, from the PostgreSQL catalog.
struct PgTargetColumn {
  std::string name;
  std::string type_text;     // format_type(): "numeric(12,2)", "uuid", "integer[]"
  char category = 'U';       // pg_type.typcategory: S string, A array, N numeric, …
  std::string element_type;  // arrays: format_type() of the element ("integer")
  bool not_null = false;
  bool has_default = false;  // a default, an identity or a generated column
};

class PgExportPlan {
 public:
  // A plan for the query columns `names` with their DuckDB `types`. InvalidArgument (no place:
  // callers add it) for two columns of one name, merge without keys, keys outside merge, and a
  // key the query does not return.
  static Result<PgExportPlan> Make(const std::vector<std::string>& names,
                                   const std::vector<ColumnType>& types, PgExportMode mode,
                                   const std::vector<std::string>& keys);

  const std::vector<PgExportColumn>& columns() const { return columns_; }
  PgExportMode mode() const { return mode_; }

  // DuckDB: the rows of `query` with each column as the encoder reads it.
  std::string DuckDbSelectSql(const std::string& query) const;
  // PostgreSQL: the temporary staging table (dropped at commit) and the COPY into it.
  std::string CreateStageSql() const;
  std::string CopySql() const;
  // PostgreSQL: the target `qualified` ("\"public\".\"t\"") with the created types; merge adds
  // a primary key on the keys.
  std::string CreateTargetSql(const std::string& qualified) const;

  // Matches the query's columns to the target's (exact name, else the only one equal ignoring
  // case). InvalidArgument naming `where` ("public.t at host:port/db") when the query returns
  // a column the target lacks, or the target has a NOT NULL column without a default that the
  // query lacks.
  Status Bind(std::vector<PgTargetColumn> target, const std::string& where);

  // Merge only: rows of the staging table whose key has a NULL (first column: their count),
  // and the first key value that occurs twice (as text; no row when every key is unique).
  std::string NullKeyCountSql() const;
  std::string DuplicateKeySql() const;

  // REQUIRES: Bind() succeeded. The statements that apply the mode to `qualified`, in order;
  // `merge` says how a merge writes (ignored by the other modes).
  std::vector<std::string> ApplySql(const std::string& qualified,
                                    PgMergeStatement merge = PgMergeStatement::kMerge) const;

  // The key columns' names in the target (after Bind()), in the order given.
  std::vector<std::string> TargetKeys() const;

 private:
  std::string StageValueSql(size_t column) const;
  std::string InsertSql(const std::string& qualified) const;
  std::string MergeSql(const std::string& qualified) const;
  std::string UpsertSql(const std::string& qualified) const;

  PgExportMode mode_ = PgExportMode::kAppend;
  std::vector<PgExportColumn> columns_;
  std::vector<size_t> keys_;             // indexes into columns_
  std::vector<PgTargetColumn> targets_;  // after Bind(): the target column of each column
};

}  // namespace sqlflow
