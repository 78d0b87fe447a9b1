#include "engine/data_chunk.h"

#include <cassert>
#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {
namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// "-12.340" from the unscaled integer -12340 and scale 3.
std::string FormatDecimal(Int128 value, uint8_t scale) {
  bool negative = value < 0;
  UInt128 magnitude = negative ? UInt128(0) - static_cast<UInt128>(value) : UInt128(value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

bool IsTimestamp(TypeId id) {
  return id == TypeId::kTimestamp || id == TypeId::kTimestampTz || id == TypeId::kTimestampSec ||
         id == TypeId::kTimestampMs || id == TypeId::kTimestampNs;
}

}  // namespace

DataChunk::DataChunk(_duckdb_data_chunk* handle, const std::vector<ColumnType>& types)
    : handle_(handle) {
  row_count_ = duckdb_data_chunk_get_size(handle);
  columns_.resize(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(handle, i);
    columns_[i].type = types[i];
    columns_[i].data = duckdb_vector_get_data(vector);
    columns_[i].validity = duckdb_vector_get_validity(vector);
  }
}

DataChunk::DataChunk(DataChunk&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      row_count_(std::exchange(other.row_count_, 0)),
      columns_(std::move(other.columns_)) {}

DataChunk& DataChunk::operator=(DataChunk&& other) noexcept {
  if (this != &other) {
    Destroy();
    handle_ = std::exchange(other.handle_, nullptr);
    row_count_ = std::exchange(other.row_count_, 0);
    columns_ = std::move(other.columns_);
  }
  return *this;
}

DataChunk::~DataChunk() { Destroy(); }

void DataChunk::Destroy() {
  if (handle_ == nullptr) return;
  duckdb_data_chunk chunk = handle_;
  duckdb_destroy_data_chunk(&chunk);
  handle_ = nullptr;
}

bool DataChunk::IsNull(size_t column, size_t row) const {
  assert(column < columns_.size() && row < row_count_);
  const uint64_t* validity = columns_[column].validity;
  return validity != nullptr && !duckdb_validity_row_is_valid(const_cast<uint64_t*>(validity), row);
}

template <typename T>
T DataChunk::Read(size_t column, size_t row, bool type_ok) const {
  assert(column < columns_.size() && row < row_count_);
  assert(type_ok && "DataChunk getter does not match the column type");
  (void)type_ok;
  return static_cast<const T*>(columns_[column].data)[row];
}

#define SQLFLOW_CHUNK_GETTER(Name, CType, Id)                      \
  CType DataChunk::Name(size_t column, size_t row) const {         \
    return Read<CType>(column, row, column_type(column).id == Id); \
  }
SQLFLOW_CHUNK_GETTER(GetBool, bool, TypeId::kBoolean)
SQLFLOW_CHUNK_GETTER(GetInt8, int8_t, TypeId::kTinyInt)
SQLFLOW_CHUNK_GETTER(GetInt16, int16_t, TypeId::kSmallInt)
SQLFLOW_CHUNK_GETTER(GetInt32, int32_t, TypeId::kInteger)
SQLFLOW_CHUNK_GETTER(GetInt64, int64_t, TypeId::kBigInt)
SQLFLOW_CHUNK_GETTER(GetUInt8, uint8_t, TypeId::kUTinyInt)
SQLFLOW_CHUNK_GETTER(GetUInt16, uint16_t, TypeId::kUSmallInt)
SQLFLOW_CHUNK_GETTER(GetUInt32, uint32_t, TypeId::kUInteger)
SQLFLOW_CHUNK_GETTER(GetUInt64, uint64_t, TypeId::kUBigInt)
SQLFLOW_CHUNK_GETTER(GetFloat, float, TypeId::kFloat)
SQLFLOW_CHUNK_GETTER(GetDouble, double, TypeId::kDouble)
#undef SQLFLOW_CHUNK_GETTER

std::string_view DataChunk::GetString(size_t column, size_t row) const {
  TypeId id = column_type(column).id;
  assert(row < row_count_);
  assert((id == TypeId::kVarchar || id == TypeId::kBlob) && "GetString on a non-string column");
  (void)id;
  // Inlined strings (12 bytes or fewer) live inside the duckdb_string_t itself, so the data
  // pointer must be taken from the slot in the vector, never from a copy of it.
  auto* slot = static_cast<duckdb_string_t*>(const_cast<void*>(columns_[column].data)) + row;
  return std::string_view(duckdb_string_t_data(slot), duckdb_string_t_length(*slot));
}

int32_t DataChunk::GetDate(size_t column, size_t row) const {
  return Read<duckdb_date>(column, row, column_type(column).id == TypeId::kDate).days;
}

int64_t DataChunk::GetTime(size_t column, size_t row) const {
  return Read<duckdb_time>(column, row, column_type(column).id == TypeId::kTime).micros;
}

int64_t DataChunk::GetTimestamp(size_t column, size_t row) const {
  return Read<int64_t>(column, row, IsTimestamp(column_type(column).id));
}

std::string DataChunk::GetDecimalString(size_t column, size_t row) const {
  const ColumnType& type = column_type(column);
  bool ok = type.id == TypeId::kDecimal;
  switch (type.decimal_storage) {
    case TypeId::kSmallInt:
      return FormatDecimal(Read<int16_t>(column, row, ok), type.decimal_scale);
    case TypeId::kInteger:
      return FormatDecimal(Read<int32_t>(column, row, ok), type.decimal_scale);
    case TypeId::kBigInt:
      return FormatDecimal(Read<int64_t>(column, row, ok), type.decimal_scale);
    case TypeId::kHugeInt: {
      duckdb_hugeint value = Read<duckdb_hugeint>(column, row, ok);
      Int128 unscaled = static_cast<Int128>(value.upper) * (Int128(1) << 64) + value.lower;
      return FormatDecimal(unscaled, type.decimal_scale);
    }
    default:
      assert(false && "GetDecimalString on a non-DECIMAL column");
      return "";
  }
}

}  // namespace sqlflow
