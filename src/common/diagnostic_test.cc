#include "common/diagnostic.h"

#include <gtest/gtest.h>

namespace sqlflow {

TEST(FormatDiagnostic, QuotesTheLineWithACaretAndHint) {
  SourceTexts texts;
  texts.Add("p.sf", "SET a = 1;\nLOAD orders FROM ordrs;\n");
  LineIndex index(*texts.Find("p.sf"));
  Diagnostic d{Severity::kError, index.SpanAt("p.sf", 28, 5), "unknown source 'ordrs'",
               "did you mean 'orders'?"};
  EXPECT_EQ(FormatDiagnostic(d, texts),
            "p.sf:2:18: error: unknown source 'ordrs'\n"
            " 2 | LOAD orders FROM ordrs;\n"
            "   |                  ^~~~~\n"
            "   = hint: did you mean 'orders'?\n");
}

TEST(FormatDiagnostic, WorksWithoutSourceText) {
  Diagnostic d{Severity::kWarning, SourceSpan{"profiles/dev.yml"}, "unused key", ""};
  EXPECT_EQ(FormatDiagnostic(d, SourceTexts()), "profiles/dev.yml: warning: unused key\n");
}

TEST(LineIndex, MapsOffsetsToLinesAndColumns) {
  LineIndex index("ab\ncd\n\nef");
  EXPECT_EQ(index.SpanAt("f", 0).ToString(), "f:1:1");
  EXPECT_EQ(index.SpanAt("f", 4).ToString(), "f:2:2");
  EXPECT_EQ(index.SpanAt("f", 6).ToString(), "f:3:1");
  EXPECT_EQ(index.SpanAt("f", 7).ToString(), "f:4:1");
}

TEST(Diagnostics, CountsErrorsAndBuildsAStatus) {
  Diagnostics ds;
  ds.Warning(SourceSpan{"f", 1, 1}, "w");
  EXPECT_FALSE(ds.has_errors());
  EXPECT_TRUE(ds.ToStatus().ok());
  ds.Error(SourceSpan{"f", 2, 3}, "boom");
  EXPECT_EQ(ds.error_count(), 1u);
  EXPECT_EQ(ds.ToStatus().ToString(), "f:2:3: boom");
}

}  // namespace sqlflow

namespace sqlflow {

TEST(Diagnostics, SortByPlaceKeepsFilesInOrderOfFirstAppearance) {
  Diagnostics ds;
  ds.Error(SourceSpan{"b.sf", 5, 1}, "b5");
  ds.Error(SourceSpan{"a.sf", 9, 1}, "a9");
  ds.Error(SourceSpan{"b.sf", 2, 7}, "b2");
  ds.Error(SourceSpan{"a.sf", 1, 1}, "a1");
  ds.SortByPlace();
  std::vector<std::string> order;
  for (const Diagnostic& d : ds.items()) order.push_back(d.message);
  EXPECT_EQ(order, (std::vector<std::string>{"b2", "b5", "a1", "a9"}));
}

}  // namespace sqlflow
