#include "state/watermarks.h"

#include <gtest/gtest.h>

#include "engine/load_writer.h"
#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

class WatermarksTest : public test::DuckDbTest {};

Watermark Mark(std::string source, std::string value) {
  return Watermark{
      {"shop", std::move(source), "orders"}, "updated_at", "TIMESTAMP", std::move(value)};
}

TEST_F(WatermarksTest, NoneBeforeTheTableExists) {
  auto read = ReadWatermark(*session_, {"shop", "orders_src", "orders"});
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_FALSE(read->has_value());
  auto list = ListWatermarks(*session_, "");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_F(WatermarksTest, WriteReplacesAndKeepsFullPrecision) {
  ASSERT_TRUE(EnsureWatermarkTable(*session_).ok());
  ASSERT_TRUE(WriteWatermark(*session_, Mark("orders_src", "2024-01-01 10:00:00.000001")).ok());
  ASSERT_TRUE(WriteWatermark(*session_, Mark("orders_src", "2024-01-02 10:00:00.123456")).ok());
  auto read = ReadWatermark(*session_, {"shop", "orders_src", "orders"});
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->value, "2024-01-02 10:00:00.123456");
  EXPECT_EQ((*read)->value_type, "TIMESTAMP");
  EXPECT_FALSE((*read)->updated_at.empty());
  EXPECT_EQ(Query("SELECT count(*) FROM sqlflow.watermarks"), std::vector<std::string>{"1"});
}

TEST_F(WatermarksTest, RollsBackWithTheTransaction) {
  ASSERT_TRUE(EnsureWatermarkTable(*session_).ok());
  Status failed = ExecuteInTransaction(*conn_, [&] {
    SQLFLOW_RETURN_IF_ERROR(WriteWatermark(*session_, Mark("orders_src", "2024-01-01 00:00:00")));
    return Status::Internal("the load failed");
  });
  EXPECT_FALSE(failed.ok());
  auto read = ReadWatermark(*session_, {"shop", "orders_src", "orders"});
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->has_value());
}

TEST_F(WatermarksTest, ListAndDeleteByPipelineAndSource) {
  ASSERT_TRUE(EnsureWatermarkTable(*session_).ok());
  ASSERT_TRUE(WriteWatermark(*session_, Mark("a_src", "2024-01-01 00:00:00")).ok());
  ASSERT_TRUE(WriteWatermark(*session_, Mark("b_src", "2024-01-01 00:00:00")).ok());
  Watermark other = Mark("a_src", "2024-01-01 00:00:00");
  other.key.pipeline = "crm";
  ASSERT_TRUE(WriteWatermark(*session_, other).ok());

  auto shop = ListWatermarks(*session_, "shop");
  ASSERT_TRUE(shop.ok());
  ASSERT_EQ(shop->size(), 2u);
  EXPECT_EQ((*shop)[0].key.source, "a_src");
  EXPECT_EQ((*shop)[1].key.source, "b_src");

  auto deleted = DeleteWatermarks(*session_, "shop", "b_src");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  deleted = DeleteWatermarks(*session_, "shop", "");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  auto all = ListWatermarks(*session_, "");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].key.pipeline, "crm");
}

}  // namespace
}  // namespace sqlflow
