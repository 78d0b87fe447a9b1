#include "engine/type_text.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(TypeText, OnlyNullsReadAsTheRecordedTypeAtAnyDepth) {
  EXPECT_TRUE(ReadsAs("JSON", "BIGINT"));
  EXPECT_TRUE(ReadsAs("JSON[]", "STRUCT(id BIGINT, note VARCHAR)[]"));
  EXPECT_TRUE(ReadsAs("STRUCT(id BIGINT, last_order_id JSON)",
                      "STRUCT(id BIGINT, last_order_id BIGINT, email VARCHAR)"));
  EXPECT_TRUE(ReadsAs("STRUCT(\"authorization\" JSON, \"a \"\"b\"\"\" BIGINT)[]",
                      "STRUCT(\"authorization\" VARCHAR, \"a \"\"b\"\"\" BIGINT)[]"));
  EXPECT_TRUE(ReadsAs("MAP(VARCHAR, JSON)", "MAP(VARCHAR, DOUBLE)"));
}

TEST(TypeText, TextAndJsonHoldAnythingAndIntegersFitDouble) {
  EXPECT_TRUE(ReadsAs("VARCHAR", "JSON"));
  EXPECT_TRUE(ReadsAs("STRUCT(a BIGINT)", "VARCHAR"));
  EXPECT_TRUE(ReadsAs("BIGINT", "DOUBLE"));
  EXPECT_TRUE(ReadsAs("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"));
  EXPECT_TRUE(ReadsAs("DECIMAL(18, 3)", "DECIMAL(18,3)"));
}

TEST(TypeText, RealChangesDoNotRead) {
  EXPECT_FALSE(ReadsAs("VARCHAR", "BIGINT"));
  EXPECT_FALSE(ReadsAs("DOUBLE", "BIGINT"));
  EXPECT_FALSE(ReadsAs("STRUCT(a BIGINT, b VARCHAR)", "STRUCT(a BIGINT)"));  // a new field
  EXPECT_FALSE(ReadsAs("BIGINT[]", "BIGINT"));
  EXPECT_FALSE(ReadsAs("TIMESTAMP", "DATE"));
  EXPECT_FALSE(ReadsAs("STRUCT(a BIGINT", "STRUCT(a BIGINT)"));  // not a type
  EXPECT_FALSE(ReadsAs("", "VARCHAR"));
}

}  // namespace
}  // namespace sqlflow
