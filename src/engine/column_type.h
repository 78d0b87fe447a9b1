// ColumnType: the SQL type of a result column as the engine reports it, in plain C++ types so
// that no module outside engine/ needs DuckDB's headers.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>

namespace sqlflow {

// The types DataChunk reads directly. Everything else (LIST, STRUCT, INTERVAL, UUID, ENUM, …) is
// kOther: its name is still reported, and QueryResult::FetchAllAsStrings() renders it as text.
enum class TypeId {
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kUTinyInt,
  kUSmallInt,
  kUInteger,
  kUBigInt,
  kHugeInt,
  kFloat,
  kDouble,
  kDecimal,
  kVarchar,
  kBlob,
  kDate,
  kTime,
  kTimestamp,    // microseconds since 1970-01-01
  kTimestampTz,  // microseconds since 1970-01-01 UTC
  kTimestampSec,
  kTimestampMs,
  kTimestampNs,
  kOther,
};

const char* ToString(TypeId id);

struct ColumnType {
  TypeId id = TypeId::kOther;
  // DuckDB's spelling: "INTEGER", "DECIMAL(18,3)", "VARCHAR[]", "STRUCT(a INTEGER, b VARCHAR)",
  // "TIMESTAMP WITH TIME ZONE"; an alias when the type has one ("JSON").
  std::string name;
  // kDecimal only: precision, scale, and the integer type that stores the unscaled value
  // (kSmallInt, kInteger, kBigInt or kHugeInt).
  uint8_t decimal_width = 0;
  uint8_t decimal_scale = 0;
  TypeId decimal_storage = TypeId::kOther;
};

}  // namespace sqlflow
