// CreateLogicalType: ColumnType -> duckdb_logical_type, for the types of the functions we
// register (engine/table_function.h, engine/scalar_function.h).
#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow::engine_internal {
namespace {

// The DuckDB type id of a TypeId that duckdb_create_logical_type accepts as it is.
duckdb_type PrimitiveType(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return DUCKDB_TYPE_BOOLEAN;
    case TypeId::kTinyInt:
      return DUCKDB_TYPE_TINYINT;
    case TypeId::kSmallInt:
      return DUCKDB_TYPE_SMALLINT;
    case TypeId::kInteger:
      return DUCKDB_TYPE_INTEGER;
    case TypeId::kBigInt:
      return DUCKDB_TYPE_BIGINT;
    case TypeId::kUTinyInt:
      return DUCKDB_TYPE_UTINYINT;
    case TypeId::kUSmallInt:
      return DUCKDB_TYPE_USMALLINT;
    case TypeId::kUInteger:
      return DUCKDB_TYPE_UINTEGER;
    case TypeId::kUBigInt:
      return DUCKDB_TYPE_UBIGINT;
    case TypeId::kHugeInt:
      return DUCKDB_TYPE_HUGEINT;
    case TypeId::kFloat:
      return DUCKDB_TYPE_FLOAT;
    case TypeId::kDouble:
      return DUCKDB_TYPE_DOUBLE;
    case TypeId::kVarchar:
      return DUCKDB_TYPE_VARCHAR;
    case TypeId::kBlob:
      return DUCKDB_TYPE_BLOB;
    case TypeId::kDate:
      return DUCKDB_TYPE_DATE;
    case TypeId::kTime:
      return DUCKDB_TYPE_TIME;
    case TypeId::kTimestamp:
      return DUCKDB_TYPE_TIMESTAMP;
    case TypeId::kTimestampTz:
      return DUCKDB_TYPE_TIMESTAMP_TZ;
    case TypeId::kTimestampSec:
      return DUCKDB_TYPE_TIMESTAMP_S;
    case TypeId::kTimestampMs:
      return DUCKDB_TYPE_TIMESTAMP_MS;
    case TypeId::kTimestampNs:
      return DUCKDB_TYPE_TIMESTAMP_NS;
    case TypeId::kInterval:
      return DUCKDB_TYPE_INTERVAL;
    case TypeId::kUuid:
      return DUCKDB_TYPE_UUID;
    case TypeId::kDecimal:
    case TypeId::kList:
    case TypeId::kOther:
      break;
  }
  return DUCKDB_TYPE_INVALID;
}

// How DuckDB spells `type` without an alias: "DECIMAL(18,3)", "INTEGER[]", "JSON[]".
std::string OwnName(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kDecimal:
      return ColumnType::Decimal(type.decimal_width, type.decimal_scale).name;
    case TypeId::kList:
      if (!type.child) return ToString(type.id);
      return (type.child->name.empty() ? OwnName(*type.child) : type.child->name) + "[]";
    default:
      return ToString(type.id);
  }
}

Result<LogicalType> CreateUnaliased(const ColumnType& type) {
  if (type.id == TypeId::kDecimal) {
    if (type.decimal_width < 1 || type.decimal_width > 38 ||
        type.decimal_scale > type.decimal_width) {
      return Status::Invalid("invalid type " + OwnName(type) +
                             ": DECIMAL needs a width of 1 to 38 and a scale of at most the width");
    }
    return LogicalType(duckdb_create_decimal_type(type.decimal_width, type.decimal_scale));
  }
  if (type.id == TypeId::kList) {
    if (!type.child) return Status::Invalid("invalid type LIST: no element type");
    SQLFLOW_ASSIGN_OR_RETURN(LogicalType element, CreateLogicalType(*type.child));
    return LogicalType(duckdb_create_list_type(element.get()));
  }
  duckdb_type id = PrimitiveType(type.id);
  if (id == DUCKDB_TYPE_INVALID) {
    std::string name = type.name.empty() ? ToString(type.id) : type.name;
    return Status::Invalid("type " + name + " cannot be declared for a function (unsupported)");
  }
  return LogicalType(duckdb_create_logical_type(id));
}

}  // namespace

LogicalType::LogicalType(LogicalType&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

LogicalType& LogicalType::operator=(LogicalType&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) duckdb_destroy_logical_type(&handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

LogicalType::~LogicalType() {
  if (handle_ != nullptr) duckdb_destroy_logical_type(&handle_);
}

Result<LogicalType> CreateLogicalType(const ColumnType& type) {
  SQLFLOW_ASSIGN_OR_RETURN(LogicalType out, CreateUnaliased(type));
  if (!type.name.empty() && type.name != OwnName(type)) {
    duckdb_logical_type_set_alias(out.get(), type.name.c_str());
  }
  return out;
}

}  // namespace sqlflow::engine_internal
