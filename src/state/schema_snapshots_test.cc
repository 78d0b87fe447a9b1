#include "state/schema_snapshots.h"

#include <gtest/gtest.h>

#include "util/duckdb_test.h"

namespace sqlflow {
namespace {

using Columns = std::vector<ColumnInfo>;
using Lines = std::vector<std::string>;

class SchemaSnapshotsTest : public test::DuckDbTest {
 protected:
  RecordedSnapshot Record(const Columns& columns, SnapshotReason reason = SnapshotReason::kLoad) {
    auto recorded = RecordSchemaSnapshot(*session_, "shop", "Orders_Src", columns, reason);
    EXPECT_TRUE(recorded.ok()) << recorded.status().ToString();
    return recorded.ok() ? *recorded : RecordedSnapshot{};
  }
};

const Columns kV1{{"id", "INTEGER", false}, {"qty", "INTEGER", true}};
const Columns kV2{{"id", "INTEGER", false}, {"qty", "BIGINT", true}, {"coupon", "VARCHAR", true}};
const Columns kV3{{"id", "INTEGER", true}, {"coupon", "VARCHAR", true}};

TEST(SchemaFingerprint, IsStableAndSensitiveToEveryPartOfTheSchema) {
  // Fixed value: the fingerprint must not change between builds or machines.
  EXPECT_EQ(SchemaFingerprint(kV1), "4196219a67459db1");
  EXPECT_EQ(SchemaFingerprint({}), "cbf29ce484222325");
  // Case of names and types does not matter (DuckDB compares them case-insensitively).
  EXPECT_EQ(SchemaFingerprint(kV1),
            SchemaFingerprint({{"ID", "integer", false}, {"Qty", "INTEGER", true}}));
  EXPECT_NE(SchemaFingerprint(kV1),
            SchemaFingerprint({{"id", "INTEGER", true}, {"qty", "INTEGER", true}}));
  EXPECT_NE(SchemaFingerprint(kV1),
            SchemaFingerprint({{"id", "INTEGER", false}, {"qty", "BIGINT", true}}));
  EXPECT_NE(SchemaFingerprint(kV1),
            SchemaFingerprint({{"qty", "INTEGER", true}, {"id", "INTEGER", false}}));
}

TEST(SchemaSnapshotColumns, RoundTripThroughJson) {
  auto parsed = ParseColumnsJson(ColumnsToJson(kV2));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(ColumnsToJson(*parsed), ColumnsToJson(kV2));
  EXPECT_EQ(ColumnsToJson({{"a b", "DECIMAL(18,3)", false}}),
            R"js([{"name":"a b","nullable":false,"type":"DECIMAL(18,3)"}])js");
  EXPECT_FALSE(ParseColumnsJson("{}").ok());
  EXPECT_FALSE(ParseColumnsJson(R"([{"name": 1}])").ok());
}

TEST_F(SchemaSnapshotsTest, NothingRecordedReadsAsNone) {
  auto latest = ReadLatestSnapshot(*session_, "shop", "orders_src");
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_FALSE(latest->has_value());
  auto history = ReadSnapshotHistory(*session_, "shop", "orders_src");
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

TEST_F(SchemaSnapshotsTest, RecordsANewVersionOnlyWhenTheFingerprintChanges) {
  RecordedSnapshot first = Record(kV1);
  EXPECT_TRUE(first.written);
  EXPECT_EQ(first.snapshot.version, 1);
  EXPECT_EQ(first.snapshot.source, "orders_src");
  RecordedSnapshot same = Record(kV1);
  EXPECT_FALSE(same.written);
  EXPECT_EQ(same.snapshot.version, 1);
  EXPECT_TRUE(Record(kV2).written);
  EXPECT_FALSE(Record(kV2).written);
  EXPECT_TRUE(Record(kV3, SnapshotReason::kAccept).written);

  auto history = ReadSnapshotHistory(*session_, "shop", "ORDERS_SRC");
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].changes, Lines{});
  EXPECT_EQ((*history)[1].changes, (Lines{"~ column 'qty' INTEGER -> BIGINT (compatible)",
                                          "+ column 'coupon' VARCHAR (new, nullable)"}));
  EXPECT_EQ((*history)[2].changes,
            (Lines{"~ column 'id' NOT NULL -> nullable", "- column 'qty' BIGINT (removed)"}));
  EXPECT_EQ((*history)[2].reason, "accept");
  EXPECT_EQ((*history)[2].fingerprint, SchemaFingerprint(kV3));
  EXPECT_EQ(ColumnsToJson((*history)[2].columns), ColumnsToJson(kV3));
  EXPECT_EQ((*history)[2].captured_at.size(), 20u);  // 2026-11-21T12:00:00Z
  auto latest = ReadLatestSnapshot(*session_, "shop", "orders_src");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 3);
  // Another pipeline's source of the same name has its own history.
  auto other = ReadLatestSnapshot(*session_, "other", "orders_src");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
}

TEST_F(SchemaSnapshotsTest, ASnapshotRollsBackWithTheLoadsTransaction) {
  Record(kV1);
  Exec("BEGIN TRANSACTION");
  EXPECT_TRUE(Record(kV2).written);
  Exec("ROLLBACK");
  auto latest = ReadLatestSnapshot(*session_, "shop", "orders_src");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 1);
  EXPECT_EQ(Query("SELECT count(*) FROM sqlflow.schema_snapshots"), Lines{"1"});
}

}  // namespace
}  // namespace sqlflow
