#include "connectors/postgres/postgres_types.h"

#include <optional>

namespace sqlflow {

namespace {

// Built-in type oids (pg_type.dat); stable across PostgreSQL versions.
enum PgOid : uint32_t {
  kBoolOid = 16,
  kByteaOid = 17,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kJsonOid = 114,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimeOid = 1083,
  kTimestampOid = 1114,
  kTimestampTzOid = 1184,
  kIntervalOid = 1186,
  kNumericOid = 1700,
  kUuidOid = 2950,
  kJsonbOid = 3802,
};

constexpr int kMaxDecimalWidth = 38;

// A mapped scalar: its decoder kind and DuckDB type.
struct ScalarMapping {
  PgValueKind kind;
  ColumnType type;
  uint8_t scale = 0;
};

// numeric(p,s) from its typmod: ((p << 16) | s) + 4; -1 when unconstrained. PostgreSQL 15 also
// allows a negative scale or one above the precision, which DuckDB's DECIMAL cannot hold.
std::optional<ScalarMapping> MapNumeric(int typmod) {
  if (typmod < 4)
    return ScalarMapping{PgValueKind::kNumericDouble, ColumnType::Of(TypeId::kDouble)};
  int precision = ((typmod - 4) >> 16) & 0xffff;
  int scale = static_cast<int16_t>((typmod - 4) & 0xffff);
  if (precision < 1 || precision > kMaxDecimalWidth || scale < 0 || scale > precision) {
    return std::nullopt;
  }
  return ScalarMapping{
      PgValueKind::kNumericDecimal,
      ColumnType::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale)),
      static_cast<uint8_t>(scale)};
}

// The mapping of a built-in scalar type; nullopt for anything else.
std::optional<ScalarMapping> MapBuiltin(uint32_t oid, int typmod) {
  auto of = [](PgValueKind kind, TypeId id) { return ScalarMapping{kind, ColumnType::Of(id)}; };
  switch (oid) {
    case kBoolOid:
      return of(PgValueKind::kBool, TypeId::kBoolean);
    case kInt2Oid:
      return of(PgValueKind::kInt2, TypeId::kSmallInt);
    case kInt4Oid:
      return of(PgValueKind::kInt4, TypeId::kInteger);
    case kInt8Oid:
      return of(PgValueKind::kInt8, TypeId::kBigInt);
    case kFloat4Oid:
      return of(PgValueKind::kFloat4, TypeId::kFloat);
    case kFloat8Oid:
      return of(PgValueKind::kFloat8, TypeId::kDouble);
    case kNumericOid:
      return MapNumeric(typmod);
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
      return of(PgValueKind::kText, TypeId::kVarchar);
    case kJsonOid:
      return ScalarMapping{PgValueKind::kText,
                           ColumnType::Alias(ColumnType::Of(TypeId::kVarchar), "JSON")};
    case kJsonbOid:
      return ScalarMapping{PgValueKind::kJsonb,
                           ColumnType::Alias(ColumnType::Of(TypeId::kVarchar), "JSON")};
    case kByteaOid:
      return of(PgValueKind::kBytea, TypeId::kBlob);
    case kDateOid:
      return of(PgValueKind::kDate, TypeId::kDate);
    case kTimeOid:
      return of(PgValueKind::kTime, TypeId::kTime);
    case kTimestampOid:
      return of(PgValueKind::kTimestamp, TypeId::kTimestamp);
    case kTimestampTzOid:
      return of(PgValueKind::kTimestamp, TypeId::kTimestampTz);
    case kIntervalOid:
      return of(PgValueKind::kInterval, TypeId::kInterval);
    case kUuidOid:
      return of(PgValueKind::kUuid, TypeId::kUuid);
    default:
      return std::nullopt;
  }
}

// Follows domains to their base type (and the typmod the domain fixes).
void ResolveDomain(const PgTypeCatalog& types, uint32_t* oid, int* typmod) {
  for (int depth = 0; depth < 8; ++depth) {
    auto it = types.find(*oid);
    if (it == types.end() || it->second.typtype != 'd') return;
    if (it->second.base_typmod >= 0) *typmod = it->second.base_typmod;
    *oid = it->second.base_oid;
  }
}

// A scalar type including enums (read as their label text).
std::optional<ScalarMapping> MapScalar(const PgTypeCatalog& types, uint32_t oid, int typmod) {
  ResolveDomain(types, &oid, &typmod);
  if (auto builtin = MapBuiltin(oid, typmod)) return builtin;
  auto it = types.find(oid);
  if (it != types.end() && it->second.typtype == 'e') {
    return ScalarMapping{PgValueKind::kText, ColumnType::Of(TypeId::kVarchar)};
  }
  return std::nullopt;
}

const PgTypeRow* FindArrayType(const PgTypeCatalog& types, uint32_t oid) {
  auto it = types.find(oid);
  if (it == types.end() || it->second.category != 'A' || it->second.element_oid == 0) {
    return nullptr;
  }
  return &it->second;
}

PgColumnPlan PlanWith(const PgColumn& column, ColumnType type, PgFieldCodec codec,
                      std::string select_sql) {
  PgColumnPlan plan;
  plan.spec = {column.name, std::move(type)};
  plan.nullable = !column.not_null;
  plan.codec = std::move(codec);
  plan.codec.column = column.name;
  plan.select_sql = std::move(select_sql);
  plan.pg_type = column.type_text;
  return plan;
}

PgFieldCodec ScalarCodec(const ScalarMapping& m) {
  PgFieldCodec codec;
  codec.kind = m.kind;
  codec.decimal_scale = m.scale;
  codec.decimal_storage = m.type.decimal_storage;
  return codec;
}

}  // namespace

const char* ToString(PgValueKind kind) {
  switch (kind) {
    case PgValueKind::kBool:
      return "bool";
    case PgValueKind::kInt2:
      return "int2";
    case PgValueKind::kInt4:
      return "int4";
    case PgValueKind::kInt8:
      return "int8";
    case PgValueKind::kFloat4:
      return "float4";
    case PgValueKind::kFloat8:
      return "float8";
    case PgValueKind::kNumericDecimal:
      return "numeric as decimal";
    case PgValueKind::kNumericDouble:
      return "numeric as double";
    case PgValueKind::kText:
      return "text";
    case PgValueKind::kJsonb:
      return "jsonb";
    case PgValueKind::kBytea:
      return "bytea";
    case PgValueKind::kDate:
      return "date";
    case PgValueKind::kTime:
      return "time";
    case PgValueKind::kTimestamp:
      return "timestamp";
    case PgValueKind::kInterval:
      return "interval";
    case PgValueKind::kUuid:
      return "uuid";
    case PgValueKind::kArray:
      return "array";
  }
  return "?";
}

std::string QuotePgIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string QuotePgLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

PgColumnPlan MapColumn(const PgColumn& column, const PgTypeCatalog& types,
                       std::vector<std::string>* warnings) {
  const std::string quoted = QuotePgIdentifier(column.name);
  uint32_t oid = column.type_oid;
  int typmod = column.typmod;
  ResolveDomain(types, &oid, &typmod);
  if (auto scalar = MapScalar(types, oid, typmod)) {
    return PlanWith(column, scalar->type, ScalarCodec(*scalar), quoted);
  }
  if (const PgTypeRow* array = FindArrayType(types, oid)) {
    // An array column's typmod applies to its elements (numeric(10,2)[]).
    if (auto element = MapScalar(types, array->element_oid, typmod)) {
      PgFieldCodec codec = ScalarCodec(*element);
      codec.element = element->kind;
      codec.kind = PgValueKind::kArray;
      return PlanWith(column, ColumnType::List(element->type), codec, quoted);
    }
    warnings->push_back("column " + column.name + ": PostgreSQL type " + column.type_text +
                        " is read as text[]");
    PgFieldCodec codec;
    codec.kind = PgValueKind::kArray;
    codec.element = PgValueKind::kText;
    return PlanWith(column, ColumnType::List(ColumnType::Of(TypeId::kVarchar)), codec,
                    quoted + "::text[]");
  }
  if (oid == kNumericOid) {
    warnings->push_back("column " + column.name + ": PostgreSQL type " + column.type_text +
                        " is read as DOUBLE (DuckDB decimals hold at most 38 digits and a "
                        "scale between 0 and the precision)");
    ScalarMapping as_double{PgValueKind::kNumericDouble, ColumnType::Of(TypeId::kDouble)};
    return PlanWith(column, as_double.type, ScalarCodec(as_double), quoted);
  }
  warnings->push_back("column " + column.name + ": PostgreSQL type " + column.type_text +
                      " is read as text");
  PgFieldCodec codec;
  codec.kind = PgValueKind::kText;
  return PlanWith(column, ColumnType::Of(TypeId::kVarchar), codec, quoted + "::text");
}

}  // namespace sqlflow
