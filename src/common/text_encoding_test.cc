#include "common/text_encoding.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

using namespace std::string_literals;

// "line:column: message" of the first problem, or "ok".
std::string ProblemOf(std::string_view text) {
  std::optional<EncodingProblem> p = FindEncodingProblem(text);
  if (!p) return "ok";
  return std::to_string(p->line) + ":" + std::to_string(p->column) + ": " + p->message;
}

TEST(TextEncoding, Utf8IsAccepted) {
  EXPECT_EQ(ProblemOf(""), "ok");
  EXPECT_EQ(ProblemOf("SELECT 'café', '東京', '😀';\n"), "ok");
  EXPECT_EQ(ProblemOf("\xEF\xBB\xBFSOURCE s;\n"), "ok");  // a UTF-8 byte-order mark
}

TEST(TextEncoding, SkipUtf8BomRemovesOnlyTheMark) {
  EXPECT_EQ(SkipUtf8Bom("\xEF\xBB\xBFSOURCE"), "SOURCE");
  EXPECT_EQ(SkipUtf8Bom("SOURCE"), "SOURCE");
  EXPECT_EQ(SkipUtf8Bom("\xEF\xBB"), "\xEF\xBB");
}

TEST(TextEncoding, NulByteIsPlaced) {
  EXPECT_EQ(ProblemOf("SELECT 1;\nSELECT 'a\0b';\n"s), "2:10: the file holds a NUL byte (\\0)");
  EXPECT_EQ(ProblemOf("\0"s), "1:1: the file holds a NUL byte (\\0)");
}

TEST(TextEncoding, Utf16IsNamedWithOrWithoutItsMark) {
  const std::string kMessage = "1:1: the file is UTF-16 encoded, not UTF-8";
  EXPECT_EQ(ProblemOf("\xFF\xFES\0E\0L\0"s), kMessage);  // little-endian mark
  EXPECT_EQ(ProblemOf("\xFE\xFF\0S\0E\0L"s), kMessage);  // big-endian mark
  EXPECT_EQ(ProblemOf("S\0E\0L\0E\0C\0T\0"s), kMessage);
  EXPECT_EQ(ProblemOf("\0S\0E\0L\0E\0C\0T"s), kMessage);
}

TEST(TextEncoding, InvalidUtf8IsPlaced) {
  const std::string kMessage =
      "the file is not valid UTF-8 here (it may be Latin-1 or Windows-1252)";
  EXPECT_EQ(ProblemOf("SELECT 1;\nSELECT 'caf\xE9';\n"), "2:12: " + kMessage);  // Latin-1 é
  EXPECT_EQ(ProblemOf("\x80"), "1:1: " + kMessage);                             // lone continuation
  EXPECT_EQ(ProblemOf("a\xC3"), "1:2: " + kMessage);                            // cut short
  EXPECT_EQ(ProblemOf("\xC0\xAF"), "1:1: " + kMessage);                         // overlong '/'
  EXPECT_EQ(ProblemOf("\xE0\x80\xAF"), "1:1: " + kMessage);                     // overlong
  EXPECT_EQ(ProblemOf("\xED\xA0\x80"), "1:1: " + kMessage);                     // a surrogate
  EXPECT_EQ(ProblemOf("\xF4\x90\x80\x80"), "1:1: " + kMessage);                 // past U+10FFFF
}

TEST(TextEncoding, MessagesDoNotQuoteTheBytes) {
  std::optional<EncodingProblem> p = FindEncodingProblem("password=s3cr\xE9t\n");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->message.find("s3cr"), std::string::npos);
  EXPECT_EQ(p->hint, "save the file as UTF-8");
}

TEST(CheckTextEncoding, RemovesTheBomOrSaysWhereTheProblemIs) {
  std::string text = "\xEF\xBB\xBFkey: 1\n";
  ASSERT_TRUE(CheckTextEncoding("profiles/dev.yml", &text).ok());
  EXPECT_EQ(text, "key: 1\n");

  std::string bad = "A=1\nB=\xE9\n";
  Status status = CheckTextEncoding(".env", &bad);
  EXPECT_EQ(status.message(),
            ".env:2:3: the file is not valid UTF-8 here (it may be Latin-1 or Windows-1252); "
            "save the file as UTF-8");
}

}  // namespace
}  // namespace sqlflow
