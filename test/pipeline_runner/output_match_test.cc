#include "pipeline_runner/output_match.h"

#include <gtest/gtest.h>

namespace sqlflow::test {
namespace {

using Lines = std::vector<std::string>;

std::string Exact(const Lines& expected, const Lines& actual) {
  std::optional<Mismatch> m = MatchExact(expected, actual);
  return m ? std::to_string(m->expected_index) + ": " + m->reason : "match";
}

std::string Contains(const Lines& expected, const Lines& actual) {
  std::optional<Mismatch> m = MatchContains(expected, actual);
  return m ? std::to_string(m->expected_index) + ": " + m->reason : "match";
}

TEST(NormalizeOutput, StripsColorsCarriageReturnsAndTrailingSpace) {
  EXPECT_EQ(NormalizeOutput("\x1b[1;31merror\x1b[0m: x  \r\nnext\t\n\n\n", {}),
            (Lines{"error: x", "next"}));
}

TEST(NormalizeOutput, KeepsInnerBlankLinesAndLeadingSpace) {
  EXPECT_EQ(NormalizeOutput("a\n\n  b", {}), (Lines{"a", "", "  b"}));
  EXPECT_EQ(NormalizeOutput("", {}), Lines{});
}

TEST(NormalizeOutput, ReplacesEveryProjectSpelling) {
  EXPECT_EQ(NormalizeOutput("/tmp/p/a.db and /private/tmp/p/b.db\n", {"/tmp/p", "/private/tmp/p"}),
            (Lines{"$PROJECT/a.db and $PROJECT/b.db"}));
}

TEST(NormalizeExpected, TrimsLikeOutput) {
  EXPECT_EQ(NormalizeExpected({"a  ", "", "b", " ", ""}), (Lines{"a", "", "b"}));
}

TEST(MatchExact, EqualLinesMatch) {
  EXPECT_EQ(Exact({"a", "b"}, {"a", "b"}), "match");
  EXPECT_EQ(Exact({}, {}), "match");
}

TEST(MatchExact, ReportsTheFirstDifference) {
  EXPECT_EQ(Exact({"a", "b", "c"}, {"a", "x", "c"}),
            "1: first difference at output line 2:\n  expected: b\n  actual:   x");
}

TEST(MatchExact, ShorterOutput) {
  EXPECT_EQ(Exact({"a", "b"}, {"a"}),
            "1: first difference at output line 2:\n  expected: b\n  actual:   (end of output)");
}

TEST(MatchExact, LongerOutput) {
  EXPECT_EQ(Exact({"a"}, {"a", "b"}), "1: unexpected output from line 2:\n  actual:   b");
  EXPECT_EQ(Exact({}, {"a"}), "0: unexpected output from line 1:\n  actual:   a");
}

TEST(MatchExact, WildcardMatchesZeroOrMoreLines) {
  EXPECT_EQ(Exact({"a", "...", "z"}, {"a", "z"}), "match");
  EXPECT_EQ(Exact({"a", "...", "z"}, {"a", "b", "c", "z"}), "match");
  EXPECT_EQ(Exact({"...", "z"}, {"a", "z"}), "match");
  EXPECT_EQ(Exact({"a", "..."}, {"a", "b"}), "match");
  EXPECT_EQ(Exact({"..."}, {}), "match");
  EXPECT_EQ(Exact({"...", "m", "..."}, {"a", "m", "z"}), "match");
  EXPECT_EQ(Exact({"a", "...", "m", "...", "m"}, {"a", "m", "m"}), "match");
}

TEST(MatchExact, WildcardStillAnchorsBothEnds) {
  EXPECT_EQ(Exact({"a", "...", "z"}, {"a", "b", "y"}),
            "2: first difference at output line 3:\n  expected: z\n  actual:   y");
  EXPECT_EQ(Exact({"a", "..."}, {"b"}),
            "0: first difference at output line 1:\n  expected: a\n  actual:   b");
  EXPECT_EQ(Exact({"a", "...", "a"}, {"a"}),
            "2: first difference at output line 2:\n  expected: a\n  actual:   (end of output)");
}

TEST(MatchExact, MissingMiddleSegment) {
  EXPECT_EQ(Exact({"...", "m", "..."}, {"a", "b"}),
            "1: not found (after '...') in output from line 1 on:\n"
            "  expected: m");
}

TEST(MatchContains, LinesAreSubstringsInOrder) {
  EXPECT_EQ(Contains({"rror", "", "hint"}, {"x", "error: bad", "= hint: y"}), "match");
  EXPECT_EQ(Contains({}, {"anything"}), "match");
}

TEST(MatchContains, OrderMatters) {
  EXPECT_EQ(Contains({"hint", "error"}, {"error", "hint"}),
            "1: not found after the match of the line before it:\n  expected: error");
  EXPECT_EQ(Contains({"zzz"}, {"a"}), "0: not found in the output:\n  expected: zzz");
  EXPECT_EQ(Contains({"", "zzz"}, {"a"}), "1: not found in the output:\n  expected: zzz");
}

TEST(MatchContains, SeveralMatchesOnOneLineInOrder) {
  EXPECT_EQ(Contains({"sqlflow", "DuckDB"}, {"sqlflow 0.1.0 (DuckDB 1.4.4)"}), "match");
  EXPECT_EQ(Contains({"a", "a"}, {"a b a"}), "match");
  EXPECT_EQ(Contains({"a", "a"}, {"a b"}),
            "1: not found after the match of the line before it:\n  expected: a");
  EXPECT_EQ(Contains({"DuckDB", "sqlflow"}, {"sqlflow 0.1.0 (DuckDB 1.4.4)"}),
            "1: not found after the match of the line before it:\n  expected: sqlflow");
}

}  // namespace
}  // namespace sqlflow::test

namespace sqlflow::test {
namespace {

TEST(MatchLacks, AnyOccurrenceIsAMismatch) {
  std::vector<std::string> actual = {"error: bad key", "secret=hunter2 here"};
  EXPECT_FALSE(MatchLacks({"swordfish"}, actual).has_value());
  EXPECT_FALSE(MatchLacks({""}, actual).has_value());
  std::optional<Mismatch> m = MatchLacks({"swordfish", "hunter2"}, actual);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->expected_index, 1u);
  EXPECT_NE(m->reason.find("output line 2"), std::string::npos) << m->reason;
}

}  // namespace
}  // namespace sqlflow::test
