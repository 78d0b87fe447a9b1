// Schema snapshots (SPEC §3.4): every schema a source has had, per (pipeline, source), kept in
// the target database as `sqlflow.schema_snapshots` so that a snapshot written by a load commits
// or rolls back with the load's rows. A new version is recorded only when the fingerprint
// changed; history is never rewritten.
//
// Table sqlflow.schema_snapshots:
//   pipeline VARCHAR, source VARCHAR (lower-cased: source names compare case-insensitively),
//   version INTEGER (1, 2, … per pipeline and source), fingerprint VARCHAR (16 hex digits),
//   columns VARCHAR (JSON: [{"name", "type", "nullable"}] in source order),
//   changes VARCHAR (JSON: the change lines from the previous version; [] for version 1),
//   reason VARCHAR ("load" or "accept"), captured_at TIMESTAMP (UTC).
// Thread-safety: the functions use the Connection they are given (one thread at a time).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/engine_session.h"
#include "engine/table_schema.h"

namespace sqlflow {

// A stable digest of a schema: FNV-1a (64 bits) over a canonical text — one line per column in
// source order: lower-cased name, upper-cased type, NULL / NOT NULL. The same across builds and
// machines; column order counts.
std::string SchemaFingerprint(const std::vector<ColumnInfo>& columns);

// Columns as the JSON stored in `columns`, and back. ParseColumnsJson: InvalidArgument when the
// text is not such an array.
std::string ColumnsToJson(const std::vector<ColumnInfo>& columns);
Result<std::vector<ColumnInfo>> ParseColumnsJson(const std::string& json);

enum class SnapshotReason { kLoad, kAccept };
const char* ToString(SnapshotReason reason);  // "load", "accept"

struct SchemaSnapshot {
  std::string pipeline;
  std::string source;  // lower-cased
  int version = 0;
  std::string fingerprint;
  std::vector<ColumnInfo> columns;
  std::vector<std::string> changes;  // "+ column 'coupon' VARCHAR (new, nullable)", …
  std::string reason;                // "load", "accept"
  std::string captured_at;           // "2026-11-21 12:00:00.123" (UTC)
};

// Creates the sqlflow schema and the snapshots table when missing. Call it once before loads
// run in parallel: creating a table inside two concurrent transactions is a write conflict.
Status EnsureSchemaSnapshotTable(EngineSession& session);

// The newest snapshot of (pipeline, source), or nullopt when none is recorded (or the table does
// not exist yet). EngineError when the table cannot be read.
Result<std::optional<SchemaSnapshot>> ReadLatestSnapshot(EngineSession& session,
                                                         const std::string& pipeline,
                                                         const std::string& source);

// Every snapshot of (pipeline, source), oldest first; empty when none.
Result<std::vector<SchemaSnapshot>> ReadSnapshotHistory(EngineSession& session,
                                                        const std::string& pipeline,
                                                        const std::string& source);

// Records `columns` as the newest schema of (pipeline, source), unless the newest recorded
// snapshot already has the same fingerprint. Returns the snapshot that is now the newest, and
// whether it was written. Runs in the caller's transaction when one is open (a load's), else in
// its own statement. Creates the table when missing.
struct RecordedSnapshot {
  SchemaSnapshot snapshot;
  bool written = false;
};
Result<RecordedSnapshot> RecordSchemaSnapshot(EngineSession& session, const std::string& pipeline,
                                              const std::string& source,
                                              const std::vector<ColumnInfo>& columns,
                                              SnapshotReason reason);

}  // namespace sqlflow
