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
