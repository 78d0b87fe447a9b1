// Watermarks: how far each incremental LOAD (and each CREATE TABLE … MODE INCREMENTAL) has read,
// kept in table sqlflow.watermarks of the target database so that one transaction commits the
// rows and their watermark together (SPEC §3.3, ARCHITECTURE.md "State lives with the data").
// A value is kept as DuckDB's text of the cursor column's value together with that column's type,
// so `CAST(value AS value_type)` gives back exactly the value loaded (timestamps keep their
// microseconds, decimals their scale).
// Thread-safety: the functions use the session they are given (one thread at a time).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/engine_session.h"

namespace sqlflow {

struct WatermarkKey {
  std::string pipeline;
  std::string source;  // the SOURCE's name; empty for a CREATE TABLE … MODE INCREMENTAL
  std::string target;  // the table written
};

struct Watermark {
  WatermarkKey key;
  std::string cursor_field;
  std::string value_type;  // DuckDB type text: "TIMESTAMP", "BIGINT", "DECIMAL(18,3)"
  std::string value;       // CAST(max(cursor) AS VARCHAR)
  std::string updated_at;  // ISO 8601, filled when read
};

// Creates schema sqlflow and table sqlflow.watermarks when missing. Call once before the steps
// run (outside their transactions: concurrent CREATEs inside transactions would conflict).
Status EnsureWatermarkTable(EngineSession& session);

// The stored watermark of `key`; nullopt when there is none (or no table yet).
Result<std::optional<Watermark>> ReadWatermark(EngineSession& session, const WatermarkKey& key);

// Inserts or replaces the watermark of `watermark.key`. Meant to run inside the transaction that
// writes the rows it describes. REQUIRES: EnsureWatermarkTable() ran.
Status WriteWatermark(EngineSession& session, const Watermark& watermark);

// Every watermark, or those of one pipeline, ordered by pipeline, source, target.
Result<std::vector<Watermark>> ListWatermarks(EngineSession& session, const std::string& pipeline);

// Deletes the watermarks of `pipeline` (only those of SOURCE `source` when it is not empty);
// returns how many there were.
Result<int64_t> DeleteWatermarks(EngineSession& session, const std::string& pipeline,
                                 const std::string& source);

}  // namespace sqlflow
