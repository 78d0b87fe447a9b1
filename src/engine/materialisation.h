// Materialisation intents (SPEC-ENGINES.md, ARCHITECTURE.md "Growing past one machine"): what a
// step wants of its target table — replace its rows, append by column name, merge by key,
// overwrite a range of it — said once, whatever the engine; each engine adapter (engine.h)
// renders an intent in its own SQL, choosing from what it can do.
// Thread-safety: plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog_types.h"

namespace sqlflow {

enum class LoadMode {
  kReplace,  // the target holds exactly the source rows afterwards
  kAppend,   // source rows are added, columns matched by name
  kMerge,    // rows whose key matches are updated, the others inserted (UPSERT)
};

// "REPLACE", "APPEND", "MERGE".
const char* ToString(LoadMode mode);

struct LoadRequest {
  // The table written; created (with its schema) when missing.
  TableName target;
  // The source relation: a query (SELECT, WITH …, FROM-first, VALUES), e.g.
  // "SELECT * FROM read_csv('data/x.csv')". It is read once.
  std::string source_sql;
  LoadMode mode = LoadMode::kReplace;
  // kMerge only: the key columns, compared case-insensitively. At least one.
  std::vector<std::string> keys;
  // Starts every error message: "pipelines/shop.sf:14: LOAD stock MODE APPEND".
  std::string label;
  // Source text columns whose values are nearly all distinct (from the source's statistics).
  // A table the load creates declares them USING COMPRESSION fsst: DuckDB otherwise tries a
  // dictionary for each such column and throws it away — a fifth of the CPU of a load with one
  // such column — and settles on FSST anyway. Only a hint: the data is the same either way.
  std::vector<std::string> mostly_distinct_text_columns;
  // kMerge: the caller guarantees that no key appears twice in the source (it deduplicated
  // them), so the merge skips that check. NULL keys are still checked.
  bool keys_unique = false;
  // kMerge: source_sql reads rows the caller staged in a temporary table, so reading them again
  // is cheap and gives the same rows; the merge reads them where they are instead of staging a
  // copy.
  bool source_staged = false;
};

struct LoadResult {
  int64_t rows_in_source = 0;
  int64_t rows_inserted = 0;  // kReplace: every source row
  int64_t rows_updated = 0;   // kMerge only: target rows whose key matched
  int64_t rows_written = 0;   // rows_inserted + rows_updated
};

// A range of the target's rows, by one column's value, both ends included: the rows an
// incremental transform's window covers (LOOKBACK), deleted before the window's rows are added.
struct RowRange {
  std::string column;
  std::string from_timestamp;  // "2024-05-01 00:00:00"
  std::string to_timestamp;
};

enum class IntentKind {
  kReplace,         // the target holds exactly the relation's rows (created when missing)
  kAppendByName,    // the rows are added, columns matched by name
  kMergeByKey,      // rows whose key matches are updated, the others inserted
  kOverwriteRange,  // the target's rows in `range` are deleted, then the rows appended
};

// "replace", "append by name", "merge by key", "overwrite range".
const char* ToString(IntentKind kind);

struct Materialisation {
  IntentKind kind = IntentKind::kReplace;
  // The target, the relation (engine SQL), the keys, the label and the hints; its mode is the
  // intent's (kOverwriteRange appends).
  LoadRequest load;
  std::optional<RowRange> range;  // kOverwriteRange only

  // The intent of a LOAD or CREATE TABLE … AS in `load.mode`.
  static Materialisation Of(LoadRequest load);
};

}  // namespace sqlflow
