#include "engine/sql_quote.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(SqlQuoteTest, IdentifiersAreAlwaysQuoted) {
  EXPECT_EQ(QuoteIdentifier("orders"), "\"orders\"");
  EXPECT_EQ(QuoteIdentifier("my col"), "\"my col\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdentifier(""), "\"\"");
}

TEST(SqlQuoteTest, QualifiedNamesQuoteEachPart) {
  EXPECT_EQ(QuoteQualified({"sales", "orders"}), "\"sales\".\"orders\"");
  EXPECT_EQ(QuoteQualified({"my schema", "a.b"}), "\"my schema\".\"a.b\"");
  EXPECT_EQ(QuoteQualified({"t"}), "\"t\"");
}

TEST(SqlQuoteTest, StringsDoubleTheirQuotes) {
  EXPECT_EQ(QuoteString("it's"), "'it''s'");
  EXPECT_EQ(QuoteString(""), "''");
  EXPECT_EQ(QuoteString("a\"b"), "'a\"b'");
}

TEST(SqlQuoteTest, ParenthesizeQueryDropsTrailingSemicolonsAndGuardsComments) {
  EXPECT_EQ(ParenthesizeQuery("SELECT 1 ;\n "), "(\nSELECT 1\n)");
  EXPECT_EQ(ParenthesizeQuery("SELECT 1 -- note"), "(\nSELECT 1 -- note\n)");
}

}  // namespace
}  // namespace sqlflow
