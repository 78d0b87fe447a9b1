#include "connectors/postgres/pg_binary_decoder.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "connectors/postgres/pg_copy_format.h"

namespace sqlflow {

namespace {

// PostgreSQL counts from 2000-01-01, DuckDB from 1970-01-01.
constexpr int32_t kEpochDays = 10957;
constexpr int64_t kEpochMicros = int64_t{kEpochDays} * 86400 * 1000000;
// Numeric sign words.
constexpr uint16_t kNumericNeg = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPInf = 0xD000;
constexpr uint16_t kNumericNInf = 0xF000;

uint16_t ReadU16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return __builtin_bswap16(v);
}
uint32_t ReadU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
uint64_t ReadU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
int16_t ReadI16(const char* p) { return static_cast<int16_t>(ReadU16(p)); }
int32_t ReadI32(const char* p) { return static_cast<int32_t>(ReadU32(p)); }
int64_t ReadI64(const char* p) { return static_cast<int64_t>(ReadU64(p)); }

// Fixed sizes of binary values; 0 for variable-length kinds.
size_t FixedSize(PgValueKind kind) {
  switch (kind) {
    case PgValueKind::kBool:
      return 1;
    case PgValueKind::kInt2:
      return 2;
    case PgValueKind::kInt4:
    case PgValueKind::kFloat4:
    case PgValueKind::kDate:
      return 4;
    case PgValueKind::kInt8:
    case PgValueKind::kFloat8:
    case PgValueKind::kTime:
    case PgValueKind::kTimestamp:
      return 8;
    case PgValueKind::kInterval:
    case PgValueKind::kUuid:
      return 16;
    default:
      return 0;
  }
}

Status Malformed(const PgFieldCodec& field, const std::string& what) {
  return Status::Invalid("column " + field.column + ": malformed " + ToString(field.kind) +
                         " value in the COPY stream (" + what + ")");
}

const __int128 kPow10[] = {
    1,
    10,
    100,
    1000,
    10000,
    100000,
    1000000,
    10000000,
    100000000,
    1000000000,
    __int128{10000000000},
    __int128{100000000000},
    __int128{1000000000000},
    __int128{10000000000000},
    __int128{100000000000000},
    __int128{1000000000000000},
    __int128{10000000000000000},
    __int128{100000000000000000},
    __int128{1000000000000000000},
    __int128{1000000000000000000} * 10,
    __int128{1000000000000000000} * 100,
    __int128{1000000000000000000} * 1000,
    __int128{1000000000000000000} * 10000,
    __int128{1000000000000000000} * 100000,
    __int128{1000000000000000000} * 1000000,
    __int128{1000000000000000000} * 10000000,
    __int128{1000000000000000000} * 100000000,
    __int128{1000000000000000000} * 1000000000,
    __int128{1000000000000000000} * 10000000000,
    __int128{1000000000000000000} * 100000000000,
    __int128{1000000000000000000} * 1000000000000,
    __int128{1000000000000000000} * 10000000000000,
    __int128{1000000000000000000} * 100000000000000,
    __int128{1000000000000000000} * 1000000000000000,
    __int128{1000000000000000000} * 10000000000000000,
    __int128{1000000000000000000} * 100000000000000000,
    __int128{1000000000000000000} * 1000000000000000000,
    __int128{1000000000000000000} * 1000000000000000000 * 10,
    __int128{1000000000000000000} * 1000000000000000000 * 100,
};
constexpr int kMaxPow10 = 38;

// The unscaled value of a numeric at `scale`: value * 10^scale, truncating digits beyond the
// scale (the server has already rounded them away for a numeric(p,s) column). False on
// overflow.
bool NumericToUnscaled(const char* digits, int ndigits, int weight, int scale, __int128* out) {
  __int128 acc = 0;
  for (int i = 0; i < ndigits; ++i) {
    __int128 d = ReadU16(digits + 2 * i);
    int power = 4 * (weight - i) + scale;
    if (power < 0) {
      if (power > -4) acc += d / kPow10[-power];
      continue;
    }
    if (d == 0) continue;
    if (power > kMaxPow10) return false;
    __int128 term;
    if (__builtin_mul_overflow(d, kPow10[power], &term) ||
        __builtin_add_overflow(acc, term, &acc)) {
      return false;
    }
  }
  *out = acc;
  return true;
}

// A numeric as a double, correctly rounded through its decimal text.
double NumericToDouble(const char* digits, int ndigits, int weight, bool negative) {
  if (ndigits == 0) return negative ? -0.0 : 0.0;
  std::string text;
  text.reserve(static_cast<size_t>(ndigits) * 4 + 16);
  if (negative) text += '-';
  char group[5];
  for (int i = 0; i < ndigits; ++i) {
    unsigned d = ReadU16(digits + 2 * i);
    for (int k = 3; k >= 0; --k, d /= 10) group[k] = static_cast<char>('0' + d % 10);
    text.append(group, 4);
  }
  text += 'e';
  text += std::to_string(4 * (weight - ndigits + 1));
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    bool huge = weight >= 0;
    value = huge ? std::numeric_limits<double>::infinity() : 0.0;
    if (negative) value = -value;
  }
  return value;
}

void WriteDecimal(OutputVector& vector, TypeId storage, size_t row, __int128 v) {
  switch (storage) {
    case TypeId::kSmallInt:
      vector.data<int16_t>()[row] = static_cast<int16_t>(v);
      break;
    case TypeId::kInteger:
      vector.data<int32_t>()[row] = static_cast<int32_t>(v);
      break;
    case TypeId::kBigInt:
      vector.data<int64_t>()[row] = static_cast<int64_t>(v);
      break;
    default:
      vector.data<HugeInt>()[row] =
          HugeInt{static_cast<uint64_t>(v), static_cast<int64_t>(v >> 64)};
      break;
  }
}

}  // namespace

PgBinaryDecoder::PgBinaryDecoder(std::vector<PgFieldCodec> fields) : fields_(std::move(fields)) {}

void PgBinaryDecoder::Reset() {
  input_ = {};
  pos_ = 0;
  carry_.clear();
  header_done_ = false;
  finished_ = false;
}

void PgBinaryDecoder::Feed(std::string_view piece) {
  pos_ = 0;
  if (carry_.empty()) {
    input_ = piece;
  } else {
    carry_.append(piece);
    input_ = carry_;
  }
}

void PgBinaryDecoder::CarryRest() {
  if (input_.data() == carry_.data()) {
    carry_.erase(0, pos_);
  } else {
    carry_.assign(input_.substr(pos_));
  }
  input_ = {};
  pos_ = 0;
}

Status PgBinaryDecoder::ReadHeader() {
  std::string_view rest = input_.substr(pos_);
  if (rest.size() < kCopyHeaderFixedSize) return Status::OK();  // wait for more
  if (!rest.starts_with(kCopySignature)) {
    return Status::Invalid("the COPY stream does not start with the binary COPY signature");
  }
  size_t length = CopyHeaderLength(rest);
  if (length == 0) return Status::OK();
  pos_ += length;
  header_done_ = true;
  return Status::OK();
}

Result<size_t> PgBinaryDecoder::Decode(std::vector<OutputVector>& columns, size_t capacity,
                                       size_t first_row) {
  size_t row = first_row;
  while (row < capacity && !finished_ && !NeedsInput()) {
    if (!header_done_) {
      SQLFLOW_RETURN_IF_ERROR(ReadHeader());
      if (!header_done_) {
        CarryRest();
        break;
      }
      continue;
    }
    SQLFLOW_ASSIGN_OR_RETURN(size_t length, DecodeTuple(input_.substr(pos_), columns, row));
    if (length == 0) {
      CarryRest();
      break;
    }
    pos_ += length;
    if (length == 2 && ReadI16(input_.data() + pos_ - 2) == -1) {
      finished_ = true;
      break;
    }
    ++row;
  }
  if (NeedsInput() && input_.data() == carry_.data()) {
    carry_.clear();
    input_ = {};
    pos_ = 0;
  }
  return row - first_row;
}

// One pass that checks and decodes: a tuple cut short by the end of the piece is decoded again,
// whole, once the next piece arrives, and since its bytes are the same it writes the same values
// (and NULLs) into the same row.
Result<size_t> PgBinaryDecoder::DecodeTuple(std::string_view rest,
                                            std::vector<OutputVector>& columns, size_t row) {
  if (rest.size() < 2) return size_t{0};
  int16_t count = ReadI16(rest.data());
  if (count == -1) return size_t{2};
  if (count < 0 || static_cast<size_t>(count) != fields_.size()) {
    return Status::Invalid("the COPY stream has " + std::to_string(count) +
                           " fields per row, expected " + std::to_string(fields_.size()));
  }
  size_t at = 2;
  for (size_t f = 0; f < fields_.size(); ++f) {
    if (rest.size() < at + 4) return size_t{0};
    int32_t len = ReadI32(rest.data() + at);
    at += 4;
    OutputVector& vector = columns[f];
    if (len < 0) {
      vector.SetNull(row);
      continue;
    }
    if (rest.size() - at < static_cast<size_t>(len)) return size_t{0};
    std::string_view bytes = rest.substr(at, static_cast<size_t>(len));
    at += static_cast<size_t>(len);
    SQLFLOW_RETURN_IF_ERROR(DecodeValue(fields_[f], fields_[f].kind, bytes, vector, row));
  }
  return at;
}

Status PgBinaryDecoder::DecodeValue(const PgFieldCodec& field, PgValueKind kind,
                                    std::string_view bytes, OutputVector& vector, size_t row) {
  size_t fixed = FixedSize(kind);
  if (fixed != 0 && bytes.size() != fixed) {
    return Malformed(field, std::to_string(bytes.size()) + " bytes");
  }
  const char* p = bytes.data();
  switch (kind) {
    case PgValueKind::kBool:
      vector.data<bool>()[row] = p[0] != 0;
      break;
    case PgValueKind::kInt2:
      vector.data<int16_t>()[row] = ReadI16(p);
      break;
    case PgValueKind::kInt4:
      vector.data<int32_t>()[row] = ReadI32(p);
      break;
    case PgValueKind::kInt8:
      vector.data<int64_t>()[row] = ReadI64(p);
      break;
    case PgValueKind::kFloat4: {
      uint32_t bits = ReadU32(p);
      std::memcpy(&vector.data<float>()[row], &bits, 4);
      break;
    }
    case PgValueKind::kFloat8: {
      uint64_t bits = ReadU64(p);
      std::memcpy(&vector.data<double>()[row], &bits, 8);
      break;
    }
    case PgValueKind::kNumericDecimal:
    case PgValueKind::kNumericDouble:
      return DecodeNumeric(field, kind, bytes, vector, row);
    case PgValueKind::kText:
    case PgValueKind::kBytea:
      vector.SetString(row, bytes);
      break;
    case PgValueKind::kJsonb:
      if (bytes.empty() || bytes[0] != 1) return Malformed(field, "unknown jsonb version");
      vector.SetString(row, bytes.substr(1));
      break;
    case PgValueKind::kDate: {
      int32_t days = ReadI32(p);
      if (days == std::numeric_limits<int32_t>::max()) {
        vector.data<int32_t>()[row] = days;  // infinity
      } else if (days == std::numeric_limits<int32_t>::min()) {
        vector.data<int32_t>()[row] = -std::numeric_limits<int32_t>::max();  // -infinity
      } else {
        vector.data<int32_t>()[row] = days + kEpochDays;
      }
      break;
    }
    case PgValueKind::kTime:
      vector.data<int64_t>()[row] = ReadI64(p);
      break;
    case PgValueKind::kTimestamp: {
      int64_t micros = ReadI64(p);
      int64_t value;
      if (micros == std::numeric_limits<int64_t>::max()) {
        value = micros;  // infinity
      } else if (micros == std::numeric_limits<int64_t>::min()) {
        value = -std::numeric_limits<int64_t>::max();  // -infinity
      } else if (__builtin_add_overflow(micros, kEpochMicros, &value) ||
                 value == std::numeric_limits<int64_t>::max()) {
        return Status::Invalid("column " + field.column +
                               ": a timestamp beyond DuckDB's range (after 294246 AD)");
      }
      vector.data<int64_t>()[row] = value;
      break;
    }
    case PgValueKind::kInterval:
      vector.data<Interval>()[row] = Interval{ReadI32(p + 12), ReadI32(p + 8), ReadI64(p)};
      break;
    case PgValueKind::kUuid:
      vector.data<HugeInt>()[row] =
          HugeInt{ReadU64(p + 8), static_cast<int64_t>(ReadU64(p) ^ (uint64_t{1} << 63))};
      break;
    case PgValueKind::kArray:
      return DecodeArray(field, bytes, vector, row);
  }
  return Status::OK();
}

// numeric: int16 ndigits, int16 weight, uint16 sign, int16 dscale, then ndigits base-10000
// digits; the value is sum(digit[i] * 10000^(weight - i)).
Status PgBinaryDecoder::DecodeNumeric(const PgFieldCodec& field, PgValueKind kind,
                                      std::string_view bytes, OutputVector& vector, size_t row) {
  if (bytes.size() < 8) return Malformed(field, "short header");
  int ndigits = ReadI16(bytes.data());
  int weight = ReadI16(bytes.data() + 2);
  uint16_t sign = ReadU16(bytes.data() + 4);
  if (ndigits < 0 || bytes.size() != 8 + 2 * static_cast<size_t>(ndigits)) {
    return Malformed(field, "digit count");
  }
  const char* digits = bytes.data() + 8;
  bool special = sign == kNumericNaN || sign == kNumericPInf || sign == kNumericNInf;
  if (kind == PgValueKind::kNumericDouble) {
    double value = sign == kNumericNaN    ? std::numeric_limits<double>::quiet_NaN()
                   : sign == kNumericPInf ? std::numeric_limits<double>::infinity()
                   : sign == kNumericNInf
                       ? -std::numeric_limits<double>::infinity()
                       : NumericToDouble(digits, ndigits, weight, sign == kNumericNeg);
    vector.data<double>()[row] = value;
    return Status::OK();
  }
  if (special) {
    if (non_finite_decimals_++ == 0) non_finite_column_ = field.column;
    vector.SetNull(row);
    return Status::OK();
  }
  __int128 unscaled = 0;
  if (!NumericToUnscaled(digits, ndigits, weight, field.decimal_scale, &unscaled)) {
    return Status::Invalid("column " + field.column + ": a numeric value does not fit its " +
                           std::string(vector.type().name) + " column");
  }
  WriteDecimal(vector, field.decimal_storage, row, sign == kNumericNeg ? -unscaled : unscaled);
  return Status::OK();
}

// array: int32 ndim, int32 has-nulls flag, uint32 element oid, per dimension int32 size and
// int32 lower bound, then per element int32 length (-1 = NULL) and its bytes.
Status PgBinaryDecoder::DecodeArray(const PgFieldCodec& field, std::string_view bytes,
                                    OutputVector& vector, size_t row) {
  if (bytes.size() < 12) return Malformed(field, "short array header");
  int32_t ndim = ReadI32(bytes.data());
  size_t list_size = vector.ListSize();
  if (ndim == 0) {
    vector.data<ListEntry>()[row] = ListEntry{list_size, 0};
    return Status::OK();
  }
  if (ndim != 1) {
    return Status::Invalid("column " + field.column + ": a " + std::to_string(ndim) +
                           "-dimensional array; only one-dimensional arrays are read (select "
                           "the column as text with a query, e.g. \"" +
                           field.column + "\"::text)");
  }
  if (bytes.size() < 20) return Malformed(field, "short array header");
  int32_t count = ReadI32(bytes.data() + 12);
  if (count < 0) return Malformed(field, "negative array size");
  SQLFLOW_RETURN_IF_ERROR(vector.ReserveList(list_size + static_cast<size_t>(count)));
  OutputVector child = vector.ListChild();
  size_t at = 20;
  for (int32_t i = 0; i < count; ++i) {
    if (bytes.size() < at + 4) return Malformed(field, "truncated array");
    int32_t len = ReadI32(bytes.data() + at);
    at += 4;
    size_t index = list_size + static_cast<size_t>(i);
    if (len < 0) {
      child.SetNull(index);
      continue;
    }
    if (bytes.size() < at + static_cast<size_t>(len)) return Malformed(field, "truncated array");
    SQLFLOW_RETURN_IF_ERROR(DecodeValue(field, field.element,
                                        bytes.substr(at, static_cast<size_t>(len)), child, index));
    at += static_cast<size_t>(len);
  }
  vector.data<ListEntry>()[row] = ListEntry{list_size, static_cast<uint64_t>(count)};
  return vector.SetListSize(list_size + static_cast<size_t>(count));
}

}  // namespace sqlflow
