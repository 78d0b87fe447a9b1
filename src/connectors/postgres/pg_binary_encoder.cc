#include "connectors/postgres/pg_binary_encoder.h"

#include <bit>
#include <cstring>
#include <limits>
#include <vector>

#include "connectors/postgres/pg_copy_format.h"

namespace sqlflow {

namespace {

// Days and microseconds between 1970-01-01 (DuckDB's epoch) and 2000-01-01 (PostgreSQL's).
constexpr int64_t kEpochShiftDays = 10957;
constexpr int64_t kEpochShiftMicros = kEpochShiftDays * 86400LL * 1000000LL;

// PostgreSQL numeric sign words.
constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPlusInfinity = 0xD000;
constexpr uint16_t kNumericMinusInfinity = 0xF000;

// A numeric as PostgreSQL's binary form holds it: base-10000 digits aligned on the point.
struct NumericParts {
  uint16_t sign = kNumericPositive;
  int16_t weight = 0;   // power of 10000 of the first digit
  uint16_t dscale = 0;  // decimal digits after the point
  std::vector<int16_t> digits;
};

// Groups of four decimal digits, `text` padded to whole groups on the left (integer part) or on
// the right (fraction).
void AppendGroups(std::string_view text, bool pad_left, std::vector<int16_t>* out) {
  size_t pad = (4 - text.size() % 4) % 4;
  std::string padded = pad_left ? std::string(pad, '0') + std::string(text)
                                : std::string(text) + std::string(pad, '0');
  for (size_t i = 0; i < padded.size(); i += 4) {
    out->push_back(static_cast<int16_t>((padded[i] - '0') * 1000 + (padded[i + 1] - '0') * 100 +
                                        (padded[i + 2] - '0') * 10 + (padded[i + 3] - '0')));
  }
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// numeric syntax: [-|+] digits [. digits] (at least one digit), or NaN / [-]Infinity.
Result<NumericParts> ParseNumeric(std::string_view text) {
  NumericParts parts;
  if (text == "NaN") return NumericParts{kNumericNaN, 0, 0, {}};
  if (text == "Infinity" || text == "+Infinity")
    return NumericParts{kNumericPlusInfinity, 0, 0, {}};
  if (text == "-Infinity") return NumericParts{kNumericMinusInfinity, 0, 0, {}};
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  size_t point = body.find('.');
  std::string_view whole = body.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : body.substr(point + 1);
  if ((whole.empty() && fraction.empty()) || !AllDigits(whole) || !AllDigits(fraction) ||
      fraction.size() > 0x3FFF) {
    return Status::Invalid("not a decimal number: '" + std::string(text) + "'");
  }
  whole.remove_prefix(std::min(whole.find_first_not_of('0'), whole.size()));
  AppendGroups(whole, /*pad_left=*/true, &parts.digits);
  parts.weight = static_cast<int16_t>(parts.digits.size()) - 1;
  AppendGroups(fraction, /*pad_left=*/false, &parts.digits);
  parts.dscale = static_cast<uint16_t>(fraction.size());
  // Leading zero groups (a fraction below 1) lower the weight; trailing ones carry nothing.
  size_t first = 0;
  while (first < parts.digits.size() && parts.digits[first] == 0) ++first;
  while (!parts.digits.empty() && parts.digits.back() == 0) parts.digits.pop_back();
  if (first >= parts.digits.size()) {
    parts.digits.clear();
    parts.weight = 0;
    return parts;  // zero is positive, whatever its sign was
  }
  parts.digits.erase(parts.digits.begin(), parts.digits.begin() + first);
  parts.weight = static_cast<int16_t>(parts.weight - first);
  parts.sign = negative ? kNumericNegative : kNumericPositive;
  return parts;
}

}  // namespace

void PgBinaryEncoder::Put16(uint16_t value) {
  char bytes[2] = {static_cast<char>(value >> 8), static_cast<char>(value)};
  buffer_.append(bytes, 2);
}

void PgBinaryEncoder::Put32(uint32_t value) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(value >> (24 - 8 * i));
  buffer_.append(bytes, 4);
}

void PgBinaryEncoder::Put64(uint64_t value) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (56 - 8 * i));
  buffer_.append(bytes, 8);
}

void PgBinaryEncoder::WriteHeader() {
  buffer_.append(kMinimalCopyHeader);  // no flags (no OIDs), no header extension
}

void PgBinaryEncoder::BeginRow(int16_t fields) { Put16(static_cast<uint16_t>(fields)); }

void PgBinaryEncoder::WriteNull() { Put32(0xFFFFFFFFu); }

void PgBinaryEncoder::WriteBool(bool value) {
  Put32(1);
  buffer_.push_back(value ? 1 : 0);
}

void PgBinaryEncoder::WriteInt2(int16_t value) {
  Put32(2);
  Put16(static_cast<uint16_t>(value));
}

void PgBinaryEncoder::WriteInt4(int32_t value) {
  Put32(4);
  Put32(static_cast<uint32_t>(value));
}

void PgBinaryEncoder::WriteInt8(int64_t value) {
  Put32(8);
  Put64(static_cast<uint64_t>(value));
}

void PgBinaryEncoder::WriteFloat4(float value) {
  Put32(4);
  Put32(std::bit_cast<uint32_t>(value));
}

void PgBinaryEncoder::WriteFloat8(double value) {
  Put32(8);
  Put64(std::bit_cast<uint64_t>(value));
}

void PgBinaryEncoder::WriteBytes(std::string_view bytes) {
  Put32(static_cast<uint32_t>(bytes.size()));
  buffer_.append(bytes);
}

void PgBinaryEncoder::WriteDate(int32_t days_since_1970) {
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  int64_t days = days_since_1970;
  if (days == kMax) {
    days = kMax;  // PostgreSQL's DATEVAL_NOEND
  } else if (days == -kMax) {
    days = std::numeric_limits<int32_t>::min();  // DATEVAL_NOBEGIN
  } else {
    days -= kEpochShiftDays;
    // Out of int32 only far outside PostgreSQL's range: send a value its range check refuses.
    if (days < -kMax) days = -kMax;
  }
  WriteInt4(static_cast<int32_t>(days));
}

void PgBinaryEncoder::WriteTime(int64_t micros) { WriteInt8(micros); }

void PgBinaryEncoder::WriteTimestamp(int64_t micros_since_1970) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t micros = micros_since_1970;
  if (micros == kMax) {
    micros = kMax;  // DT_NOEND
  } else if (micros == -kMax) {
    micros = std::numeric_limits<int64_t>::min();  // DT_NOBEGIN
  } else if (__builtin_sub_overflow(micros_since_1970, kEpochShiftMicros, &micros)) {
    micros = -kMax;  // far outside PostgreSQL's range: its range check refuses it
  }
  WriteInt8(micros);
}

Status PgBinaryEncoder::WriteNumeric(std::string_view text) {
  SQLFLOW_ASSIGN_OR_RETURN(NumericParts parts, ParseNumeric(text));
  Put32(static_cast<uint32_t>(8 + 2 * parts.digits.size()));
  Put16(static_cast<uint16_t>(parts.digits.size()));
  Put16(static_cast<uint16_t>(parts.weight));
  Put16(parts.sign);
  Put16(parts.dscale);
  for (int16_t digit : parts.digits) Put16(static_cast<uint16_t>(digit));
  return Status::OK();
}

void PgBinaryEncoder::WriteTrailer() { Put16(0xFFFF); }

}  // namespace sqlflow
