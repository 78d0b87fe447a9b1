// PgBinaryEncoder: builds the stream `COPY … FROM STDIN (FORMAT binary)` reads — the "PGCOPY"
// header, rows of length-prefixed big-endian fields, the trailer (TOOLCHAIN.md "PostgreSQL 15").
// Values arrive in DuckDB's representation (dates and timestamps counted from 1970, infinities
// as DuckDB's sentinels) and leave in PostgreSQL's (counted from 2000, its own sentinels), so
// the export never formats a value as text that PostgreSQL would have to parse again.
// Thread-safety: one encoder per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sqlflow {

class PgBinaryEncoder {
 public:
  // The 19-byte header: signature, flags, empty extension area. Written once, first.
  void WriteHeader();
  // Starts a row of `fields` values; each is then written by exactly one call below.
  void BeginRow(int16_t fields);
  void WriteNull();
  void WriteBool(bool value);
  void WriteInt2(int16_t value);
  void WriteInt4(int32_t value);
  void WriteInt8(int64_t value);
  void WriteFloat4(float value);
  void WriteFloat8(double value);
  // text / varchar (UTF-8) and bytea: the bytes as they are.
  void WriteBytes(std::string_view bytes);
  // DuckDB DATE: days since 1970-01-01; ±infinity as DuckDB's sentinels (±INT32_MAX). A date
  // that cannot be shifted is sent as a value the server rejects ("date out of range").
  void WriteDate(int32_t days_since_1970);
  // TIME: microseconds since midnight (the same in both systems).
  void WriteTime(int64_t micros);
  // TIMESTAMP and TIMESTAMPTZ (UTC): microseconds since 1970-01-01; ±infinity as DuckDB's
  // sentinels (±INT64_MAX); out-of-range values as for WriteDate().
  void WriteTimestamp(int64_t micros_since_1970);
  // numeric from its exact decimal text: "-12.340", "170141183460469231731687303715884105727",
  // "NaN", "Infinity", "-Infinity". The scale (digits after the point) is kept. InvalidArgument
  // when `text` is not such a number; nothing is written then.
  Status WriteNumeric(std::string_view text);
  // The end-of-data marker (a field count of -1). Written once, last.
  void WriteTrailer();

  const std::string& buffer() const { return buffer_; }
  size_t size() const { return buffer_.size(); }
  // Empties the buffer (after it was sent); the encoder's position in the stream is kept.
  void Clear() { buffer_.clear(); }

 private:
  void Put16(uint16_t value);
  void Put32(uint32_t value);
  void Put64(uint64_t value);

  std::string buffer_;
};

}  // namespace sqlflow
