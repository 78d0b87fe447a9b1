// CreateLogicalType and the ColumnType factories, checked against DescribeType.
#include <gtest/gtest.h>

#include "engine/duckdb_internal.h"

namespace sqlflow::engine_internal {
namespace {

// The ColumnType DuckDB reports for the logical type made from `type`.
ColumnType RoundTrip(const ColumnType& type) {
  Result<LogicalType> logical = CreateLogicalType(type);
  EXPECT_TRUE(logical.ok()) << logical.status().ToString();
  if (!logical.ok()) return ColumnType();
  return DescribeType(logical->get());
}

TEST(LogicalTypeTest, EveryTypeIdRoundTrips) {
  for (TypeId id :
       {TypeId::kBoolean,     TypeId::kTinyInt,     TypeId::kSmallInt,     TypeId::kInteger,
        TypeId::kBigInt,      TypeId::kUTinyInt,    TypeId::kUSmallInt,    TypeId::kUInteger,
        TypeId::kUBigInt,     TypeId::kHugeInt,     TypeId::kFloat,        TypeId::kDouble,
        TypeId::kVarchar,     TypeId::kBlob,        TypeId::kDate,         TypeId::kTime,
        TypeId::kTimestamp,   TypeId::kTimestampTz, TypeId::kTimestampSec, TypeId::kTimestampMs,
        TypeId::kTimestampNs, TypeId::kInterval,    TypeId::kUuid}) {
    ColumnType type = ColumnType::Of(id);
    ColumnType back = RoundTrip(type);
    EXPECT_EQ(back.id, id) << type.name;
    EXPECT_EQ(back.name, type.name);
  }
}

TEST(LogicalTypeTest, DecimalsKeepWidthScaleAndStorage) {
  for (auto [width, storage] : std::vector<std::pair<uint8_t, TypeId>>{{4, TypeId::kSmallInt},
                                                                       {9, TypeId::kInteger},
                                                                       {18, TypeId::kBigInt},
                                                                       {38, TypeId::kHugeInt}}) {
    ColumnType type = ColumnType::Decimal(width, 2);
    EXPECT_EQ(type.decimal_storage, storage);
    ColumnType back = RoundTrip(type);
    EXPECT_EQ(back.name, "DECIMAL(" + std::to_string(width) + ",2)");
    EXPECT_EQ(back.decimal_width, width);
    EXPECT_EQ(back.decimal_scale, 2);
    EXPECT_EQ(back.decimal_storage, storage);
  }
  EXPECT_EQ(ColumnType::Of(TypeId::kDecimal).name, "DECIMAL(18,3)");
}

TEST(LogicalTypeTest, ListsAndAliases) {
  ColumnType json = ColumnType::Alias(ColumnType::Of(TypeId::kVarchar), "JSON");
  EXPECT_EQ(json.name, "JSON");
  ColumnType back = RoundTrip(json);
  EXPECT_EQ(back.id, TypeId::kVarchar);
  EXPECT_EQ(back.name, "JSON");

  ColumnType nested = ColumnType::List(ColumnType::List(ColumnType::Decimal(9, 1)));
  EXPECT_EQ(nested.name, "DECIMAL(9,1)[][]");
  back = RoundTrip(nested);
  EXPECT_EQ(back.id, TypeId::kList);
  EXPECT_EQ(back.name, "DECIMAL(9,1)[][]");
  ASSERT_NE(back.child, nullptr);
  ASSERT_NE(back.child->child, nullptr);
  EXPECT_EQ(back.child->child->decimal_storage, TypeId::kInteger);

  ColumnType json_list = ColumnType::List(json);
  EXPECT_EQ(json_list.name, "JSON[]");
  back = RoundTrip(json_list);
  EXPECT_EQ(back.name, "JSON[]");
  ASSERT_NE(back.child, nullptr);
  EXPECT_EQ(back.child->name, "JSON");
}

TEST(LogicalTypeTest, RefusesWhatDuckDbCannotDeclare) {
  auto other = CreateLogicalType(ColumnType{TypeId::kOther, "STRUCT(a INTEGER)"});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message(),
            "type STRUCT(a INTEGER) cannot be declared for a function (unsupported)");

  ColumnType list;
  list.id = TypeId::kList;
  auto no_child = CreateLogicalType(list);
  ASSERT_FALSE(no_child.ok());
  EXPECT_EQ(no_child.status().message(), "invalid type LIST: no element type");

  auto bad_decimal = CreateLogicalType(ColumnType::Decimal(40, 2));
  ASSERT_FALSE(bad_decimal.ok());
  EXPECT_EQ(bad_decimal.status().message(),
            "invalid type DECIMAL(40,2): DECIMAL needs a width of 1 to 38 and a scale of at most "
            "the width");
}

}  // namespace
}  // namespace sqlflow::engine_internal
