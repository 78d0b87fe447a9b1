#include "connectors/s3/s3_parquet_columns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/duckdb_test.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(MergeRangesTest, SortsAndJoinsRangesThatOverlapOrLieWithinTheGap) {
  EXPECT_THAT(MergeRanges({{100, 10}, {0, 10}, {15, 5}, {40, 0}}, 5),
              ElementsAre(ByteRange{0, 20}, ByteRange{100, 10}));
  EXPECT_THAT(MergeRanges({{0, 10}, {16, 4}}, 5), ElementsAre(ByteRange{0, 10}, ByteRange{16, 4}));
  EXPECT_THAT(MergeRanges({{0, 50}, {10, 5}}, 0), ElementsAre(ByteRange{0, 50}));
  EXPECT_THAT(MergeRanges({}, 5), IsEmpty());
}

// A Parquet file of two row groups and a sparse copy holding only what a read of some of its
// columns needs: the footer, then the ranges ParquetColumnRanges names.
class ParquetColumnRangesTest : public test::DuckDbTest {
 protected:
  void SetUp() override {
    test::DuckDbTest::SetUp();
    whole_ = dir_.path() + "/whole.parquet";
    Exec(
        "COPY (SELECT i AS a, i * 2 AS B, repeat('x', 40) || i AS c, "
        "{'x': i, 'y': i + 1} AS s FROM range(150000) t(i)) TO '" +
        whole_ + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
    std::ifstream in(whole_, std::ios::binary);
    bytes_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // A sparse copy of the whole file holding its last 64 KiB (the footer) and `ranges`.
  std::string SparseCopy(const std::string& name, const std::vector<ByteRange>& ranges) {
    std::string path = dir_.path() + "/" + name;
    std::vector<ByteRange> present = ranges;
    present.push_back({bytes_.size() - 65536, 65536});
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.close();
    std::filesystem::resize_file(path, bytes_.size());
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    for (const ByteRange& r : present) {
      file.seekp(static_cast<std::streamoff>(r.offset));
      file.write(bytes_.data() + r.offset, static_cast<std::streamsize>(r.length));
    }
    return path;
  }

  test::TempDir dir_;
  std::string whole_;
  std::string bytes_;
};

TEST_F(ParquetColumnRangesTest, TheRangesOfAColumnAreEnoughToReadIt) {
  std::string footer = SparseCopy("footer.parquet", {});
  auto ranges = ParquetColumnRanges(*conn_, {footer}, {"A", "b"}, 0);
  ASSERT_TRUE(ranges.ok()) << ranges.status().ToString();
  ASSERT_THAT(*ranges, SizeIs(1));
  uint64_t fetched = 0;
  for (const ByteRange& r : (*ranges)[0]) fetched += r.length;
  EXPECT_LT(fetched, bytes_.size() / 2) << "column c, the widest, is not fetched";

  std::string sparse = SparseCopy("ab.parquet", (*ranges)[0]);
  EXPECT_THAT(Query("SELECT sum(a), sum(b), count(*) FROM '" + sparse + "'"),
              ElementsAre("11249925000|22499850000|150000"));
  // Column c was never fetched: reading it fails rather than returning the holes' zeros.
  auto c = conn_->Query("SELECT max(c) FROM '" + sparse + "'");
  EXPECT_FALSE(c.ok());
}

TEST_F(ParquetColumnRangesTest, ANestedColumnBringsAllItsLeaves) {
  std::string footer = SparseCopy("footer.parquet", {});
  auto ranges = ParquetColumnRanges(*conn_, {footer}, {"s"}, 0);
  ASSERT_TRUE(ranges.ok()) << ranges.status().ToString();
  std::string sparse = SparseCopy("s.parquet", (*ranges)[0]);
  EXPECT_THAT(Query("SELECT sum(s.x), sum(s.y) FROM '" + sparse + "'"),
              ElementsAre("11249925000|11250075000"));
}

TEST_F(ParquetColumnRangesTest, NoColumnOrAnUnknownOneNeedsNoRange) {
  std::string footer = SparseCopy("footer.parquet", {});
  auto none = ParquetColumnRanges(*conn_, {footer}, {}, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_THAT((*none)[0], IsEmpty());
  auto unknown = ParquetColumnRanges(*conn_, {footer}, {"nope"}, 0);
  ASSERT_TRUE(unknown.ok());
  EXPECT_THAT((*unknown)[0], IsEmpty());
  // A count needs the footer alone.
  EXPECT_THAT(Query("SELECT count(*) FROM '" + footer + "'"), ElementsAre("150000"));
}

TEST_F(ParquetColumnRangesTest, ADamagedFooterIsAnError) {
  std::string path = dir_.path() + "/damaged.parquet";
  std::ofstream(path, std::ios::binary) << std::string(100, 'z') << "PAR1";
  auto ranges = ParquetColumnRanges(*conn_, {path}, {"a"}, 0);
  ASSERT_FALSE(ranges.ok());
  EXPECT_THAT(ranges.status().message(), HasSubstr("cannot read the Parquet footer"));
}

// Row group 0 holds a = 0 … 99999, row group 1 a = 100000 … 149999 (DuckDB may shift the
// boundary a little: only the maxima matter below).
TEST_F(ParquetColumnRangesTest, StatisticsTellWhetherAFileMayHoldValuesPastABound) {
  std::string footer = SparseCopy("footer.parquet", {});
  auto check = [&](const std::string& column, const std::string& type, const std::string& bound,
                   bool inclusive) {
    auto may = ParquetMayHoldPast(*conn_, {footer}, column, type, bound, inclusive);
    EXPECT_TRUE(may.ok()) << may.status().ToString();
    return may.ok() && (*may)[0];
  };
  EXPECT_TRUE(check("a", "BIGINT", "149998", false));
  EXPECT_FALSE(check("a", "BIGINT", "149999", false));
  EXPECT_TRUE(check("A", "BIGINT", "149999", true));
  EXPECT_FALSE(check("a", "BIGINT", "150000", true));
  EXPECT_FALSE(check("a", "DOUBLE", "1e9", false));
  // Text maxima may be cut short by writers, so text is never compared; nor is a bound that
  // does not cast, or a column the file lacks.
  EXPECT_TRUE(check("c", "VARCHAR", "zzzz", false));
  EXPECT_TRUE(check("a", "BIGINT", "not a number", false));
  EXPECT_TRUE(check("nope", "BIGINT", "1", false));
}

TEST_F(ParquetColumnRangesTest, TimestampStatisticsAreComparedAsTimestamps) {
  std::string path = dir_.path() + "/ts.parquet";
  Exec(
      "COPY (SELECT TIMESTAMP '2025-06-01 10:00:00' + INTERVAL (i) MINUTE AS ts FROM range(10) "
      "t(i)) TO '" +
      path + "' (FORMAT parquet)");
  auto may = ParquetMayHoldPast(*conn_, {path, path + ".missing"}, "ts", "TIMESTAMP",
                                "2025-06-01 10:09:00", false);
  ASSERT_FALSE(may.ok()) << "a file that cannot be read is an error";
  may = ParquetMayHoldPast(*conn_, {path}, "ts", "TIMESTAMP", "2025-06-01 10:09:00", false);
  ASSERT_TRUE(may.ok()) << may.status().ToString();
  EXPECT_FALSE((*may)[0]);
  may = ParquetMayHoldPast(*conn_, {path}, "ts", "TIMESTAMP", "2025-06-01 10:08:59.5", false);
  ASSERT_TRUE(may.ok());
  EXPECT_TRUE((*may)[0]);
}

}  // namespace
}  // namespace sqlflow
