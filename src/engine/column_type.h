// ColumnType: the SQL type of a result column as the engine reports it, in plain C++ types so
// that no module outside engine/ needs DuckDB's headers.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace sqlflow {

// The types DataChunk reads directly, plus INTERVAL, UUID and LIST (engine/vector.h). Everything
// else (STRUCT, MAP, ARRAY, ENUM, …) is kOther: its name is still reported, and
// QueryResult::FetchAllAsStrings() renders it as text.
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
  kInterval,  // engine/vector.h Interval
  kUuid,      // stored as a HugeInt with the top bit flipped (DuckDB's order-preserving form)
  kList,      // ColumnType::child holds the element type
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
  // kList only: the element type.
  std::shared_ptr<const ColumnType> child;

  // Types to declare (table function results, UDF parameters). `name` is filled in DuckDB's
  // spelling; an `alias` (e.g. "JSON" on VARCHAR) is what DuckDB will report as the type's name.
  static ColumnType Of(TypeId id);
  static ColumnType Decimal(uint8_t width, uint8_t scale);
  static ColumnType List(ColumnType element);
  static ColumnType Alias(ColumnType type, std::string alias);
};

}  // namespace sqlflow
