#include "engine/column_type.h"

#include <memory>
#include <string_view>
#include <utility>

#include "common/strings.h"
#include "engine/duckdb_internal.h"

namespace sqlflow {

const char* ToString(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kTinyInt:
      return "TINYINT";
    case TypeId::kSmallInt:
      return "SMALLINT";
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kUTinyInt:
      return "UTINYINT";
    case TypeId::kUSmallInt:
      return "USMALLINT";
    case TypeId::kUInteger:
      return "UINTEGER";
    case TypeId::kUBigInt:
      return "UBIGINT";
    case TypeId::kHugeInt:
      return "HUGEINT";
    case TypeId::kFloat:
      return "FLOAT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kDecimal:
      return "DECIMAL";
    case TypeId::kVarchar:
      return "VARCHAR";
    case TypeId::kBlob:
      return "BLOB";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTime:
      return "TIME";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    case TypeId::kTimestampTz:
      return "TIMESTAMP WITH TIME ZONE";
    case TypeId::kTimestampSec:
      return "TIMESTAMP_S";
    case TypeId::kTimestampMs:
      return "TIMESTAMP_MS";
    case TypeId::kTimestampNs:
      return "TIMESTAMP_NS";
    case TypeId::kInterval:
      return "INTERVAL";
    case TypeId::kUuid:
      return "UUID";
    case TypeId::kList:
      return "LIST";
    case TypeId::kOther:
      return "OTHER";
  }
  return "OTHER";
}

namespace {

// The integer type DuckDB stores a DECIMAL of `width` digits in.
TypeId DecimalStorage(uint8_t width) {
  if (width <= 4) return TypeId::kSmallInt;
  if (width <= 9) return TypeId::kInteger;
  if (width <= 18) return TypeId::kBigInt;
  return TypeId::kHugeInt;
}

}  // namespace

ColumnType ColumnType::Of(TypeId id) {
  // DuckDB's DECIMAL without a width is DECIMAL(18,3).
  if (id == TypeId::kDecimal) return Decimal(18, 3);
  ColumnType type;
  type.id = id;
  type.name = ToString(id);
  return type;
}

ColumnType ColumnType::Decimal(uint8_t width, uint8_t scale) {
  ColumnType type;
  type.id = TypeId::kDecimal;
  type.name = "DECIMAL(" + std::to_string(width) + "," + std::to_string(scale) + ")";
  type.decimal_width = width;
  type.decimal_scale = scale;
  type.decimal_storage = DecimalStorage(width);
  return type;
}

ColumnType ColumnType::List(ColumnType element) {
  ColumnType type;
  type.id = TypeId::kList;
  type.name = element.name + "[]";
  type.child = std::make_shared<const ColumnType>(std::move(element));
  return type;
}

ColumnType ColumnType::Alias(ColumnType type, std::string alias) {
  type.name = std::move(alias);
  return type;
}

namespace engine_internal {
namespace {

TypeId ToTypeId(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
      return TypeId::kBoolean;
    case DUCKDB_TYPE_TINYINT:
      return TypeId::kTinyInt;
    case DUCKDB_TYPE_SMALLINT:
      return TypeId::kSmallInt;
    case DUCKDB_TYPE_INTEGER:
      return TypeId::kInteger;
    case DUCKDB_TYPE_BIGINT:
      return TypeId::kBigInt;
    case DUCKDB_TYPE_UTINYINT:
      return TypeId::kUTinyInt;
    case DUCKDB_TYPE_USMALLINT:
      return TypeId::kUSmallInt;
    case DUCKDB_TYPE_UINTEGER:
      return TypeId::kUInteger;
    case DUCKDB_TYPE_UBIGINT:
      return TypeId::kUBigInt;
    case DUCKDB_TYPE_HUGEINT:
      return TypeId::kHugeInt;
    case DUCKDB_TYPE_FLOAT:
      return TypeId::kFloat;
    case DUCKDB_TYPE_DOUBLE:
      return TypeId::kDouble;
    case DUCKDB_TYPE_DECIMAL:
      return TypeId::kDecimal;
    case DUCKDB_TYPE_VARCHAR:
      return TypeId::kVarchar;
    case DUCKDB_TYPE_BLOB:
      return TypeId::kBlob;
    case DUCKDB_TYPE_DATE:
      return TypeId::kDate;
    case DUCKDB_TYPE_TIME:
      return TypeId::kTime;
    case DUCKDB_TYPE_TIMESTAMP:
      return TypeId::kTimestamp;
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return TypeId::kTimestampTz;
    case DUCKDB_TYPE_TIMESTAMP_S:
      return TypeId::kTimestampSec;
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return TypeId::kTimestampMs;
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return TypeId::kTimestampNs;
    case DUCKDB_TYPE_INTERVAL:
      return TypeId::kInterval;
    case DUCKDB_TYPE_UUID:
      return TypeId::kUuid;
    case DUCKDB_TYPE_LIST:
      return TypeId::kList;
    default:
      return TypeId::kOther;
  }
}

// Names of types that TypeId does not cover, as DuckDB spells them.
const char* OtherTypeName(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_UHUGEINT:
      return "UHUGEINT";
    case DUCKDB_TYPE_BIT:
      return "BIT";
    case DUCKDB_TYPE_TIME_TZ:
      return "TIME WITH TIME ZONE";
    case DUCKDB_TYPE_TIME_NS:
      return "TIME_NS";
    case DUCKDB_TYPE_BIGNUM:
      return "BIGNUM";
    case DUCKDB_TYPE_SQLNULL:
      return "NULL";
    case DUCKDB_TYPE_ANY:
      return "ANY";
    case DUCKDB_TYPE_STRING_LITERAL:
      return "STRING_LITERAL";
    case DUCKDB_TYPE_INTEGER_LITERAL:
      return "INTEGER_LITERAL";
    default:
      return "INVALID";
  }
}

// Takes a char* DuckDB allocated, frees it, and returns its text.
std::string TakeString(char* text) {
  std::string out = text ? text : "";
  duckdb_free(text);
  return out;
}

// A struct field or union member name, double-quoted unless it is a plain lower-case word.
std::string FieldName(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (plain) return name;
  std::string quoted = "\"";
  for (char c : name) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string TypeName(duckdb_logical_type type);

// Names the type returned by `child` (which DuckDB allocates) and destroys it.
std::string TakeTypeName(duckdb_logical_type child) {
  std::string name = TypeName(child);
  duckdb_destroy_logical_type(&child);
  return name;
}

std::string StructName(duckdb_logical_type type) {
  std::string out = "STRUCT(";
  idx_t count = duckdb_struct_type_child_count(type);
  for (idx_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += FieldName(TakeString(duckdb_struct_type_child_name(type, i))) + " " +
           TakeTypeName(duckdb_struct_type_child_type(type, i));
  }
  return out + ")";
}

std::string UnionName(duckdb_logical_type type) {
  std::string out = "UNION(";
  idx_t count = duckdb_union_type_member_count(type);
  for (idx_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += FieldName(TakeString(duckdb_union_type_member_name(type, i))) + " " +
           TakeTypeName(duckdb_union_type_member_type(type, i));
  }
  return out + ")";
}

std::string EnumName(duckdb_logical_type type) {
  std::string out = "ENUM(";
  uint32_t count = duckdb_enum_dictionary_size(type);
  for (uint32_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    std::string value = TakeString(duckdb_enum_dictionary_value(type, i));
    out += "'";
    for (char c : value) out += (c == '\'') ? std::string("''") : std::string(1, c);
    out += "'";
  }
  return out + ")";
}

std::string TypeName(duckdb_logical_type type) {
  std::string alias = TakeString(duckdb_logical_type_get_alias(type));
  if (!alias.empty()) return alias;
  duckdb_type id = duckdb_get_type_id(type);
  switch (id) {
    case DUCKDB_TYPE_DECIMAL:
      return "DECIMAL(" + std::to_string(duckdb_decimal_width(type)) + "," +
             std::to_string(duckdb_decimal_scale(type)) + ")";
    case DUCKDB_TYPE_LIST:
      return TakeTypeName(duckdb_list_type_child_type(type)) + "[]";
    case DUCKDB_TYPE_ARRAY:
      return TakeTypeName(duckdb_array_type_child_type(type)) + "[" +
             std::to_string(duckdb_array_type_array_size(type)) + "]";
    case DUCKDB_TYPE_MAP:
      return "MAP(" + TakeTypeName(duckdb_map_type_key_type(type)) + ", " +
             TakeTypeName(duckdb_map_type_value_type(type)) + ")";
    case DUCKDB_TYPE_STRUCT:
      return StructName(type);
    case DUCKDB_TYPE_UNION:
      return UnionName(type);
    case DUCKDB_TYPE_ENUM:
      return EnumName(type);
    default:
      break;
  }
  TypeId known = ToTypeId(id);
  return known == TypeId::kOther ? OtherTypeName(id) : ToString(known);
}

}  // namespace

ColumnType DescribeType(duckdb_logical_type type) {
  ColumnType out;
  out.id = ToTypeId(duckdb_get_type_id(type));
  out.name = TypeName(type);
  if (out.id == TypeId::kDecimal) {
    out.decimal_width = duckdb_decimal_width(type);
    out.decimal_scale = duckdb_decimal_scale(type);
    out.decimal_storage = ToTypeId(duckdb_decimal_internal_type(type));
  }
  if (out.id == TypeId::kList) {
    duckdb_logical_type child = duckdb_list_type_child_type(type);
    out.child = std::make_shared<const ColumnType>(DescribeType(child));
    duckdb_destroy_logical_type(&child);
  }
  return out;
}

std::string CleanMessage(const char* message, const char* fallback) {
  std::string out = (message && *message) ? message : fallback;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  // DuckDB 1.4 appends the "LINE n: …" excerpt of a parser error twice; keep one.
  size_t excerpt = out.find("\n\nLINE ");
  if (excerpt != std::string::npos) {
    std::string_view tail = std::string_view(out).substr(excerpt);
    size_t half = tail.size() / 2;
    if (tail.size() % 2 == 0 && tail.substr(0, half) == tail.substr(half))
      out.resize(excerpt + half);
  }
  return out;
}

}  // namespace engine_internal
}  // namespace sqlflow
