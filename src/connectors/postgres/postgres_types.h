// PostgreSQL -> DuckDB type mapping: for each column of a PostgreSQL table or query, the DuckDB
// column type it becomes, the expression the COPY query selects for it, and how the binary COPY
// decoder reads its values (docs/connectors.md has the table).
//   int2/int4/int8 -> SMALLINT/INTEGER/BIGINT; float4/float8 -> FLOAT/DOUBLE; bool -> BOOLEAN
//   numeric(p,s), p <= 38 -> DECIMAL(p,s); other numeric -> DOUBLE (NaN, ±Infinity kept)
//   text, varchar, char(n), bpchar, name, enums -> VARCHAR; json, jsonb -> JSON; bytea -> BLOB
//   date, time, timestamp, timestamptz, interval, uuid -> the DuckDB type of that name
//   one-dimensional arrays of the above -> LIST; domains -> their base type
//   anything else -> VARCHAR, selected as `col::text` (with a warning)
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/column_type.h"
#include "engine/table_function.h"

namespace sqlflow {

// How the decoder reads one binary COPY value.
enum class PgValueKind {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumericDecimal,  // into DECIMAL(p,s); NaN and ±Infinity become NULL (with a warning)
  kNumericDouble,   // into DOUBLE; NaN and ±Infinity kept
  kText,            // text, varchar, bpchar, name, enum labels, json, ::text casts
  kJsonb,           // a version byte, then the JSON text
  kBytea,
  kDate,
  kTime,
  kTimestamp,  // timestamp and timestamptz: both microseconds since 2000-01-01 (UTC for tz)
  kInterval,
  kUuid,
  kArray,  // one-dimensional; elements read as `element`
};
const char* ToString(PgValueKind kind);

// What the decoder needs for one column.
struct PgFieldCodec {
  PgValueKind kind = PgValueKind::kText;
  PgValueKind element = PgValueKind::kText;  // kArray only
  uint8_t decimal_scale = 0;                 // kNumericDecimal (or its arrays)
  TypeId decimal_storage = TypeId::kOther;   // kNumericDecimal: the storage integer type
  std::string column;                        // the column's name, for messages
};

// A row of pg_type, as far as the mapping needs it.
struct PgTypeRow {
  std::string name;          // typname: "int4", "_int4", "mood"
  char typtype = 'b';        // b base, e enum, d domain, c composite, r range, …
  char category = 'U';       // typcategory: A array, S string, N numeric, …
  uint32_t element_oid = 0;  // typelem, for arrays
  uint32_t base_oid = 0;     // typbasetype, for domains
  int base_typmod = -1;      // typtypmod, for domains
};
using PgTypeCatalog = std::map<uint32_t, PgTypeRow>;

// A column as the PostgreSQL catalog describes it.
struct PgColumn {
  std::string name;
  uint32_t type_oid = 0;
  int typmod = -1;
  bool not_null = false;
  std::string type_text;  // format_type(): "numeric(12,2)", "character varying(20)", "mood"
};

// A column as SQLFlow reads it.
struct PgColumnPlan {
  ColumnSpec spec;         // name and DuckDB type
  bool nullable = true;    // false for NOT NULL table columns
  std::string select_sql;  // "\"amount\"" or "\"shape\"::text"
  PgFieldCodec codec;
  std::string pg_type;  // the PostgreSQL type text, for casts in cursor filters
};

// Maps `column` using `types`, which must hold its type (and, for domains and arrays, the base
// and element types). A warning is appended when the column is read as text or as DOUBLE
// because DuckDB has no exact equivalent.
PgColumnPlan MapColumn(const PgColumn& column, const PgTypeCatalog& types,
                       std::vector<std::string>* warnings);

// `"name"` with embedded quotes doubled: a PostgreSQL identifier.
std::string QuotePgIdentifier(const std::string& name);
// `'text'` with embedded quotes doubled: a PostgreSQL string literal.
std::string QuotePgLiteral(const std::string& text);

}  // namespace sqlflow
