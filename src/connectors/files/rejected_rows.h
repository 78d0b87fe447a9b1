// RejectedRows: what a CSV source with "ignore_errors": true skipped. DuckDB's reader records
// each skipped row in the temporary tables FileRelation::rejects_table and rejects_table +
// "_scans" (store_rejects) of the connection that read it, adding to what earlier reads
// recorded; TakeRejectedRows reads them and drops them, so each read is counted once.
// Thread-safety: use on the thread that owns the Connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/files/file_source.h"
#include "engine/connection.h"

namespace sqlflow {

struct RejectedRows {
  int64_t count = 0;  // rows skipped (a row with two bad values counts once)
  // Up to kMaxRejectExamples, in file and line order:
  // "data/orders.csv line 4, column 'qty': could not convert 'abc' to INTEGER".
  std::vector<std::string> examples;
};

inline constexpr int kMaxRejectExamples = 3;

// The rows skipped by the reads of `relation` on `connection` since the last call, which are
// then forgotten. Call it after the statement that read the relation with all its columns
// (SELECT *: the reader only converts the columns a query uses, so a count(*) alone rejects
// nothing), in the same transaction, if any. A relation without ignore_errors gives an empty
// RejectedRows. Internal when `relation` has not been read on `connection` since the last call;
// EngineError when DuckDB fails.
Result<RejectedRows> TakeRejectedRows(Connection& connection, const FileRelation& relation);

}  // namespace sqlflow
