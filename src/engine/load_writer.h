// Load modes: writing a source relation into a table as one atomic unit of SQL (SPEC §3.2).
// A load is SQL over the source — CREATE OR REPLACE TABLE … AS, INSERT … SELECT, MERGE INTO —
// run inside BEGIN … COMMIT and rolled back on any error, so the target is unchanged after a
// failure, including a runtime failure inside DuckDB (a CSV row that does not parse, a NOT NULL
// violation).
// Thread-safety: the functions use the Connection they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"
#include "engine/materialisation.h"
#include "engine/table_schema.h"

namespace sqlflow {

// Runs `body` between BEGIN TRANSACTION and COMMIT. When `body` fails the transaction is rolled
// back and its Status returned; when COMMIT fails (a write conflict, or the connection was
// interrupted: see Connection::Commit) that error is returned and nothing is kept. OK means
// committed, so a caller may report the Status as the transaction's outcome.
// REQUIRES: no transaction is open on `connection`.
Status ExecuteInTransaction(Connection& connection, const std::function<Status()>& body);

// Performs `request` in its own transaction (ExecuteInTransaction + WriteLoad).
// On failure the target and its schema are exactly as before, and the Status message is
// "<label>: <cause>", where the cause is one of:
//   column 'qty' is VARCHAR in source, INTEGER in target          (kAppend, kMerge; see
//       IsLosslessCast() for the types that are accepted)
//   column 'colour' is not in target table 'stock'; add it to the table or leave it out of
//       the source                                                  (kAppend, kMerge)
//   key column 'sku' is not in the source / is not in target table 'stock'        (kMerge)
//   key column 'id' is NULL in 2 source rows                                      (kMerge)
//   duplicate key (sku, warehouse) = ('A-1', 'north') appears 3 times in the source
//       [(one of N duplicated keys)]; a single key reads "duplicate key id = 7 …"  (kMerge)
//   a merge needs at least one key column / key column 'id' is listed twice       (kMerge)
//   DuckDB's own message without its "LINE n:" excerpt of the generated SQL (the source fails
//       to bind or to run, a constraint is violated, …).
// Codes: InvalidArgument for the causes listed, EngineError for DuckDB's.
Result<LoadResult> ExecuteLoad(Connection& connection, const LoadRequest& request);

// The same work as ExecuteLoad() inside a transaction the caller opened, so that more writes
// (watermarks, schema snapshots) commit or roll back with the data. Errors as ExecuteLoad();
// on failure the caller must roll back. REQUIRES: a transaction is open on `connection`.
Result<LoadResult> WriteLoad(Connection& connection, const LoadRequest& request);

}  // namespace sqlflow
