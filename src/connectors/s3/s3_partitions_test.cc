#include "connectors/s3/s3_partitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sqlflow {
namespace {

using ::testing::HasSubstr;
using Known = std::vector<std::pair<std::string, std::string>>;

TEST(ParseHiveSegmentTest, SplitsKeyAndValue) {
  EXPECT_EQ(ParseHiveSegment("year=2025"),
            std::make_pair(std::string("year"), std::string("2025")));
  EXPECT_EQ(ParseHiveSegment("k="), std::make_pair(std::string("k"), std::string()));
  EXPECT_EQ(ParseHiveSegment("expr=a=b"), std::make_pair(std::string("expr"), std::string("a=b")));
  EXPECT_EQ(ParseHiveSegment("dt=2025-06-01 10%3A00")->second, "2025-06-01 10:00");
  EXPECT_EQ(ParseHiveSegment("pct=100%")->second, "100%");
  EXPECT_EQ(ParseHiveSegment("2025"), std::nullopt);
  EXPECT_EQ(ParseHiveSegment("=2025"), std::nullopt);
  EXPECT_EQ(ParseHiveSegment(""), std::nullopt);
}

TEST(HivePartitionsOfTest, FoldersBelowThePrefixInOrder) {
  EXPECT_EQ(HivePartitionsOf("events/year=2025/raw/month=06/a=b.csv", "events/"),
            (Known{{"year", "2025"}, {"month", "06"}}));
  EXPECT_EQ(HivePartitionsOf("events/year=2025/a.csv", ""), (Known{{"year", "2025"}}));
  EXPECT_EQ(HivePartitionsOf("x=1/events/year=2025/a.csv", "x=1/"), (Known{{"year", "2025"}}));
  EXPECT_TRUE(HivePartitionsOf("other/year=2025/a.csv", "events/").empty());
  EXPECT_TRUE(HivePartitionsOf("events/a.csv", "events/").empty());
}

PartitionPredicate Make(std::vector<std::string> keys, const std::string& filter,
                        std::optional<PartitionCursorBound> bound = std::nullopt) {
  auto predicate = PartitionPredicate::Create(std::move(keys), filter, std::move(bound));
  EXPECT_TRUE(predicate.ok()) << predicate.status().ToString();
  return std::move(predicate).value();
}

bool May(PartitionPredicate& predicate, const Known& known) {
  Result<bool> result = predicate.MayMatch(known);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() && *result;
}

TEST(PartitionPredicateTest, NothingToPruneWithoutFilterOrUsableBound) {
  PartitionPredicate none = Make({"year"}, "  ");
  EXPECT_FALSE(none.prunes());
  EXPECT_TRUE(May(none, {{"year", "1999"}}));
  // A watermark on a column that is no key, with no date parts among the keys.
  PartitionPredicate unusable =
      Make({"region"}, "", PartitionCursorBound{"event_ts", "2025-01-01"});
  EXPECT_FALSE(unusable.prunes());
  EXPECT_TRUE(May(unusable, {{"region", "eu"}}));
}

TEST(PartitionPredicateTest, FilterOnTypedValues) {
  PartitionPredicate numbers = Make({"year", "month"}, "year >= 2024 AND month <> 2");
  EXPECT_TRUE(numbers.prunes());
  EXPECT_FALSE(May(numbers, {{"year", "2023"}}));
  EXPECT_TRUE(May(numbers, {{"year", "2024"}}));                    // month unknown: maybe
  EXPECT_FALSE(May(numbers, {{"year", "2024"}, {"month", "02"}}));  // "02" is the number 2
  EXPECT_TRUE(May(numbers, {{"year", "2024"}, {"month", "12"}}));

  PartitionPredicate dates = Make({"day"}, "day = '2025-06-01'");
  EXPECT_TRUE(May(dates, {{"day", "2025-06-01"}}));
  EXPECT_FALSE(May(dates, {{"day", "2025-06-02"}}));
  PartitionPredicate range = Make({"day"}, "day BETWEEN DATE '2025-05-30' AND '2025-06-01'");
  EXPECT_TRUE(May(range, {{"day", "2025-05-31"}}));
  EXPECT_FALSE(May(range, {{"day", "2025-06-02"}}));

  PartitionPredicate stamps = Make({"hour"}, "hour < TIMESTAMP '2025-06-01 12:00:00'");
  EXPECT_TRUE(May(stamps, {{"hour", "2025-06-01T11:00:00"}}));
  EXPECT_FALSE(May(stamps, {{"hour", "2025-06-01 12:00"}}));

  PartitionPredicate text = Make({"Region"}, "region IN ('eu', 'us')");  // any case
  EXPECT_TRUE(May(text, {{"Region", "eu"}}));
  EXPECT_FALSE(May(text, {{"region", "apac"}}));
}

TEST(PartitionPredicateTest, UnknownDeeperKeysAreMaybe) {
  PartitionPredicate predicate = Make({"year", "month", "day"}, "day = 15 OR month = 1");
  EXPECT_TRUE(May(predicate, {}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "06"}}));  // day 15 may be inside
  EXPECT_FALSE(May(predicate, {{"year", "2025"}, {"month", "06"}, {"day", "14"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "01"}, {"day", "14"}}));
}

TEST(PartitionPredicateTest, ValuesAreQuotedSafely) {
  PartitionPredicate predicate = Make({"name"}, "name = 'it''s'");
  EXPECT_TRUE(May(predicate, {{"name", "it's"}}));
  EXPECT_FALSE(May(predicate, {{"name", "it'); SELECT ('x"}}));
  EXPECT_FALSE(May(predicate, {{"name", "\"name\""}}));
}

TEST(PartitionPredicateTest, HiveNullFolderIsUnknown) {
  PartitionPredicate predicate = Make({"year"}, "year = 2025");
  EXPECT_TRUE(May(predicate, {{"year", "__HIVE_DEFAULT_PARTITION__"}}));
}

TEST(PartitionPredicateTest, ImpossibleDateIsMaybe) {
  PartitionPredicate predicate = Make({"day"}, "day > DATE '2025-06-01'");
  EXPECT_TRUE(May(predicate, {{"day", "2025-02-30"}}));
}

TEST(PartitionPredicateTest, KeyTypedDifferentlyAcrossFoldersComparesAsText) {
  PartitionPredicate predicate = Make({"code"}, "code = 'A1'");
  EXPECT_TRUE(May(predicate, {{"code", "A1"}}));
  EXPECT_FALSE(May(predicate, {{"code", "123"}}));  // BIGINT 123 = 'A1' fails; as text false
}

TEST(PartitionPredicateTest, BoundOnAPartitionKeyKeepsEqualValues) {
  PartitionCursorBound bound{"day", "2025-06-01", false};
  PartitionPredicate predicate = Make({"day"}, "", bound);
  EXPECT_TRUE(predicate.prunes());
  EXPECT_FALSE(May(predicate, {{"day", "2025-05-31"}}));
  EXPECT_TRUE(May(predicate, {{"day", "2025-06-01"}}));  // >= although not inclusive
  EXPECT_TRUE(May(predicate, {{"day", "2025-06-02"}}));
  EXPECT_TRUE(May(predicate, {}));

  PartitionPredicate numbers = Make({"batch"}, "", PartitionCursorBound{"batch", "41"});
  EXPECT_FALSE(May(numbers, {{"batch", "40"}}));
  EXPECT_TRUE(May(numbers, {{"batch", "41"}}));
  EXPECT_TRUE(May(numbers, {{"batch", "100"}}));  // as numbers, not text

  PartitionPredicate stamps = Make({"ts"}, "", PartitionCursorBound{"ts", "2025-06-01 10:00:00"});
  EXPECT_FALSE(May(stamps, {{"ts", "2025-06-01T09:00:00"}}));
  EXPECT_TRUE(May(stamps, {{"ts", "2025-06-01T10:00:00"}}));

  PartitionPredicate text = Make({"v"}, "", PartitionCursorBound{"v", "b"});
  EXPECT_FALSE(May(text, {{"v", "a"}}));
  EXPECT_TRUE(May(text, {{"v", "c"}}));
}

TEST(PartitionPredicateTest, DatePartsAgainstATimestampWatermarkAtTheEndOfAMonth) {
  PartitionCursorBound bound{"event_ts", "2025-06-30 23:59:59.5", true};
  PartitionPredicate predicate = Make({"year", "month", "day"}, "", bound);
  EXPECT_TRUE(predicate.prunes());
  EXPECT_FALSE(May(predicate, {{"year", "2024"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}}));
  EXPECT_FALSE(May(predicate, {{"year", "2025"}, {"month", "05"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "06"}}));  // its last half second
  EXPECT_FALSE(May(predicate, {{"year", "2025"}, {"month", "06"}, {"day", "29"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "06"}, {"day", "30"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "07"}, {"day", "01"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2026"}, {"month", "01"}}));
}

TEST(PartitionPredicateTest, DatePartsMonthEndsAndHours) {
  PartitionPredicate february =
      Make({"year", "month"}, "", PartitionCursorBound{"ts", "2024-02-29 12:00:00"});
  EXPECT_TRUE(May(february, {{"year", "2024"}, {"month", "2"}}));  // leap day is in February
  EXPECT_FALSE(May(february, {{"year", "2024"}, {"month", "1"}}));

  PartitionPredicate hours =
      Make({"year", "month", "day", "hour"}, "", PartitionCursorBound{"ts", "2025-06-01 10:30"});
  EXPECT_FALSE(May(hours, {{"year", "2025"}, {"month", "6"}, {"day", "1"}, {"hour", "09"}}));
  EXPECT_TRUE(May(hours, {{"year", "2025"}, {"month", "6"}, {"day", "1"}, {"hour", "10"}}));
  EXPECT_TRUE(May(hours, {{"year", "2025"}, {"month", "6"}, {"day", "1"}}));
  // A date watermark is its midnight.
  PartitionPredicate date =
      Make({"year", "month", "day"}, "", PartitionCursorBound{"d", "2025-06-01"});
  EXPECT_FALSE(May(date, {{"year", "2025"}, {"month", "05"}, {"day", "31"}}));
  EXPECT_TRUE(May(date, {{"year", "2025"}, {"month", "06"}, {"day", "01"}}));
}

TEST(PartitionPredicateTest, DatePartsThatAreNotNumbersAreMaybe) {
  PartitionPredicate predicate =
      Make({"year", "month", "day"}, "", PartitionCursorBound{"ts", "2025-06-01 00:00:00"});
  EXPECT_TRUE(May(predicate, {{"year", "latest"}}));
  // No month 13: judged by the year alone.
  EXPECT_FALSE(May(predicate, {{"year", "2024"}, {"month", "13"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "13"}}));
  EXPECT_TRUE(May(predicate, {{"year", "2025"}, {"month", "06"}, {"day", "x"}}));
  EXPECT_FALSE(May(predicate, {{"year", "2024"}}));
}

TEST(PartitionPredicateTest, DateKeyAgainstATimestampWatermark) {
  for (const char* name : {"date", "dt", "day"}) {
    PartitionPredicate predicate =
        Make({"region", name}, "", PartitionCursorBound{"event_ts", "2025-06-01 23:00:00"});
    EXPECT_TRUE(predicate.prunes()) << name;
    EXPECT_TRUE(May(predicate, {{"region", "eu"}})) << name;
    EXPECT_FALSE(May(predicate, {{"region", "eu"}, {name, "2025-05-31"}})) << name;
    EXPECT_TRUE(May(predicate, {{"region", "eu"}, {name, "2025-06-01"}})) << name;
    EXPECT_TRUE(May(predicate, {{"region", "eu"}, {name, "not-a-date"}})) << name;
  }
}

TEST(PartitionPredicateTest, FilterAndBoundTogether) {
  PartitionPredicate predicate = Make({"region", "dt"}, "region = 'eu'",
                                      PartitionCursorBound{"event_ts", "2025-06-01 00:00:00"});
  EXPECT_FALSE(May(predicate, {{"region", "us"}}));
  EXPECT_FALSE(May(predicate, {{"region", "eu"}, {"dt", "2025-05-31"}}));
  EXPECT_TRUE(May(predicate, {{"region", "eu"}, {"dt", "2025-06-01"}}));
}

TEST(PartitionPredicateTest, UnparseableWatermarkIsMaybe) {
  PartitionPredicate predicate = Make({"year"}, "", PartitionCursorBound{"ts", "not a timestamp"});
  EXPECT_TRUE(May(predicate, {{"year", "1990"}}));
}

Status CreateError(std::vector<std::string> keys, const std::string& filter) {
  auto predicate = PartitionPredicate::Create(std::move(keys), filter, std::nullopt);
  EXPECT_FALSE(predicate.ok());
  return predicate.ok() ? Status::OK() : predicate.status();
}

TEST(PartitionPredicateTest, FilterThatDoesNotParse) {
  Status status = CreateError({"year", "month"}, "year >= AND 2024");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("partition_filter: "));
  EXPECT_THAT(status.message(), HasSubstr("syntax error"));
  EXPECT_THAT(status.message(),
              HasSubstr("write one DuckDB SQL condition over the partition keys (year, month)"));
}

TEST(PartitionPredicateTest, FilterNamingAColumnThatIsNoKey) {
  Status status = CreateError({"year", "month"}, "year = 2025 AND region = 'eu'");
  EXPECT_EQ(status.message(),
            "partition_filter: column 'region' is not a partition key; the partition keys are "
            "year, month");
}

TEST(PartitionPredicateTest, FilterThatIsNotOneCondition) {
  Status status = CreateError({"year"}, "year = 1) FROM range(3) WHERE (true");
  EXPECT_THAT(status.message(), HasSubstr("partition_filter: is not one condition"));
  EXPECT_THAT(CreateError({"year"}, "year = 1; SELECT 2").message(),
              HasSubstr("partition_filter: "));
}

TEST(PartitionPredicateTest, FilterThatDoesNotBind) {
  Status status = CreateError({"year"}, "no_such_function(year)");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("partition_filter: "));
  EXPECT_THAT(status.message(), HasSubstr("no_such_function"));
}

TEST(PartitionPredicateTest, FilterWithoutKeys) {
  EXPECT_EQ(CreateError({}, "year = 2025").message(),
            "partition_filter: there are no partition keys to filter on; set partition_keys, or "
            "keep the files in key=value folders");
}

TEST(PartitionPredicateTest, FilterCannotReadFiles) {
  Status status = CreateError({"year"}, "year IN (SELECT 1 FROM read_csv('/etc/passwd'))");
  EXPECT_THAT(status.message(), HasSubstr("partition_filter: "));
}

TEST(PartitionPredicateTest, KnownValueForAnUnknownKey) {
  PartitionPredicate predicate = Make({"year"}, "year = 2025");
  Result<bool> result = predicate.MayMatch({{"month", "06"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "partition folder 'month=06' is not one of the partition keys (year)");
}

}  // namespace
}  // namespace sqlflow
