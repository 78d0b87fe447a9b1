#include "connectors/s3/s3_glob.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(S3GlobTest, LiteralPrefixStopsAtTheFirstWildcard) {
  EXPECT_EQ(GlobLiteralPrefix("events/2025/*.csv"), "events/2025/");
  EXPECT_EQ(GlobLiteralPrefix("events/2025-0[1-6]/a.csv"), "events/2025-0");
  EXPECT_EQ(GlobLiteralPrefix("logs/day?.json"), "logs/day");
  EXPECT_EQ(GlobLiteralPrefix("**/*.parquet"), "");
  EXPECT_EQ(GlobLiteralPrefix("exports/a.csv"), "exports/a.csv");
}

TEST(S3GlobTest, StarAndQuestionMarkStayWithinOneFolder) {
  EXPECT_TRUE(GlobMatches("events/*.csv", "events/a.csv"));
  EXPECT_TRUE(GlobMatches("events/*.csv", "events/.csv"));
  EXPECT_FALSE(GlobMatches("events/*.csv", "events/2025/a.csv"));
  EXPECT_FALSE(GlobMatches("events/*.csv", "events/a.csv.gz"));
  EXPECT_TRUE(GlobMatches("*/*/x", "a/b/x"));
  EXPECT_FALSE(GlobMatches("*", "a/b"));
  EXPECT_TRUE(GlobMatches("day?.json", "day1.json"));
  EXPECT_FALSE(GlobMatches("day?.json", "day12.json"));
  EXPECT_FALSE(GlobMatches("a?b", "a/b"));
  EXPECT_TRUE(GlobMatches("caf?.csv", "café.csv"));  // one character, two bytes
  EXPECT_TRUE(GlobMatches("*a*b*c", "xxaxxbxxbcc"));
  EXPECT_FALSE(GlobMatches("*a*b*c", "xxaxxcxxb"));
  EXPECT_TRUE(GlobMatches("exports/a.csv", "exports/a.csv"));
  EXPECT_FALSE(GlobMatches("exports/a.csv", "exports/a.csvx"));
}

TEST(S3GlobTest, Classes) {
  EXPECT_TRUE(GlobMatches("m=0[1-6]/*", "m=03/a"));
  EXPECT_FALSE(GlobMatches("m=0[1-6]/*", "m=07/a"));
  EXPECT_TRUE(GlobMatches("[!a]*.csv", "b.csv"));
  EXPECT_FALSE(GlobMatches("[!a]*.csv", "a.csv"));
  EXPECT_TRUE(GlobMatches("[^a]*.csv", "c.csv"));
  EXPECT_TRUE(GlobMatches("[]x]", "]"));
  EXPECT_TRUE(GlobMatches("[a-]", "-"));
  EXPECT_TRUE(GlobMatches("[abc][0-9]", "c7"));
  EXPECT_FALSE(GlobMatches("a[!x]b", "a/b"));
}

TEST(S3GlobTest, DoubleStarMatchesAnyNumberOfFolders) {
  EXPECT_TRUE(GlobMatches("**/*.parquet", "a.parquet"));
  EXPECT_TRUE(GlobMatches("**/*.parquet", "year=2025/month=06/a.parquet"));
  EXPECT_FALSE(GlobMatches("**/*.parquet", "year=2025/a.csv"));
  EXPECT_TRUE(GlobMatches("events/**/x.csv", "events/x.csv"));
  EXPECT_TRUE(GlobMatches("events/**/x.csv", "events/1/2/3/x.csv"));
  EXPECT_FALSE(GlobMatches("events/**/x.csv", "other/1/x.csv"));
  EXPECT_TRUE(GlobMatches("events/**", "events/1/2"));
  EXPECT_TRUE(GlobMatches("a/**/**/b", "a/b"));
  EXPECT_TRUE(GlobMatches("**/01/**/c.csv", "2025/01/x/c.csv"));
  EXPECT_FALSE(GlobMatches("**/01/**/c.csv", "2025/02/x/c.csv"));
}

TEST(S3GlobTest, InvalidGlobsNameThePattern) {
  EXPECT_TRUE(ValidateGlob("**/year=20[0-9][0-9]/*.csv").ok());
  EXPECT_TRUE(ValidateGlob("plain/key.csv").ok());
  EXPECT_EQ(ValidateGlob("a/[0-9.csv").message(),
            "glob 'a/[0-9.csv' has a '[' that is never closed in '[0-9.csv' (a class such as "
            "[0-9] stays within one folder name)");
  EXPECT_EQ(ValidateGlob("a/[0-9/x]").message(),
            "glob 'a/[0-9/x]' has a '[' that is never closed in '[0-9' (a class such as [0-9] "
            "stays within one folder name)");
  EXPECT_EQ(ValidateGlob("x[]").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateGlob("m=[9-1]/*").message(),
            "glob 'm=[9-1]/*' has the range '9-1', whose start comes after its end; write '1-9'");
  EXPECT_EQ(ValidateGlob("events/**.csv").message(),
            "glob 'events/**.csv' has '**' inside a name, where it means the same as '*'; '**' "
            "matches any number of folders only as a whole part of the path, as in '**/*.csv'");
}

}  // namespace
}  // namespace sqlflow
