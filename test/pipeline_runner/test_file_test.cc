#include "pipeline_runner/test_file.h"

#include <gtest/gtest.h>

#include "pipeline_runner/case_runner.h"

namespace sqlflow::test {
namespace {

// One line per directive: "LINE name [arg] [arg] exit=N", then its body lines as "  | text".
std::string Dump(const TestFile& file) {
  std::string out;
  for (const Directive& d : file.directives) {
    out += std::to_string(d.line) + " " + d.name;
    for (const std::string& arg : d.args) out += " [" + arg + "]";
    if (d.exit_code) out += " exit=" + std::to_string(*d.exit_code);
    if (d.body_line != 0) out += " body@" + std::to_string(d.body_line);
    out += "\n";
    for (const std::string& line : d.body) out += "  |" + line + "\n";
  }
  return out;
}

std::string ParseDump(std::string_view text) {
  Result<TestFile> file = ParseTestFile("x.test", text, PipelineTestSyntax());
  return file.ok() ? Dump(*file) : "error: " + file.status().ToString();
}

std::string ParseError(std::string_view text) {
  Result<TestFile> file = ParseTestFile("x.test", text, PipelineTestSyntax());
  return file.ok() ? "parsed" : file.status().ToString();
}

TEST(TestFileParser, ParsesEveryDirective) {
  const char* text = R"(# a comment
file pipelines/shop.sf
SOURCE s TYPE CSV PARAMS {"path": "data/x.csv"};

LOAD t FROM s;
----

copy examples/shop data
remove pipelines/old.sf
env REGION=eu
env -u REGION
timeout 5
run validate shop
exit 2
pipelines/shop.sf:2:16: error: unknown source 's2'
----
run-contains --version
sqlflow
----
file-contains target/out.sql
SELECT
----
file-exists target
file-absent target/old.sql
)";
  EXPECT_EQ(ParseDump(text),
            "2 file [pipelines/shop.sf] body@3\n"
            "  |SOURCE s TYPE CSV PARAMS {\"path\": \"data/x.csv\"};\n"
            "  |\n"
            "  |LOAD t FROM s;\n"
            "8 copy [examples/shop] [data]\n"
            "9 remove [pipelines/old.sf]\n"
            "10 env [REGION=eu]\n"
            "11 env [-u] [REGION]\n"
            "12 timeout [5]\n"
            "13 run [validate] [shop] exit=2 body@15\n"
            "  |pipelines/shop.sf:2:16: error: unknown source 's2'\n"
            "17 run-contains [--version] body@18\n"
            "  |sqlflow\n"
            "20 file-contains [target/out.sql] body@21\n"
            "  |SELECT\n"
            "23 file-exists [target]\n"
            "24 file-absent [target/old.sql]\n");
}

TEST(TestFileParser, BlockKeepsCommentsBlankLinesAndIndentation) {
  EXPECT_EQ(ParseDump("file a.yml\n# yaml comment\n\n  key: 1   \n----\nfile-exists a.yml\n"),
            "1 file [a.yml] body@2\n  |# yaml comment\n  |\n  |  key: 1   \n"
            "6 file-exists [a.yml]\n");
}

TEST(TestFileParser, EmptyBlockAndNoExitLine) {
  EXPECT_EQ(ParseDump("run --version\n----\n"), "1 run [--version] body@2\n");
}

TEST(TestFileParser, ExitLineOnlyDirectlyAfterRun) {
  // Not a number: an ordinary expected line.
  EXPECT_EQ(ParseDump("run x\nexit two\n----\n"), "1 run [x] body@2\n  |exit two\n");
  EXPECT_EQ(ParseDump("run x\nexit -1\n----\n"), "1 run [x] exit=-1 body@3\n");
  EXPECT_EQ(ParseError("run x\n\nexit 1\n----\n"), "parsed");  // "exit 1" is output here
  EXPECT_EQ(ParseError("file-exists a\nexit 1\n"),
            "x.test:2:1: 'exit N' must directly follow a run line");
}

TEST(TestFileParser, QuotesGroupWordsAndAreRemoved) {
  EXPECT_EQ(ParseDump("run compile shop --vars '{\"a\": 1}' \"two words\" x=''\n----\n"),
            "1 run [compile] [shop] [--vars] [{\"a\": 1}] [two words] [x=] body@2\n");
}

TEST(TestFileParser, CrlfLinesAndTrailingSpacesOnDelimiter) {
  EXPECT_EQ(ParseDump("run a\r\nout\r\n----  \r\n"), "1 run [a] body@2\n  |out\n");
}

TEST(TestFileParser, UnknownDirectiveNamesTheKnownOnes) {
  EXPECT_EQ(ParseError("\n# c\nfrobnicate x\n"),
            "x.test:3:1: unknown directive 'frobnicate' (known: copy, env, file, "
            "file-absent, file-contains, file-equals, file-exists, interrupt-when, psql, remove, "
            "rest-api, rest-records, rest-stats, run, run-contains, run-lacks, s3-bucket, "
            "s3-contains, s3-list, s3-upload, saas-api, saas-stats, saas-update, sleep, timeout)");
}

TEST(TestFileParser, MissingBlockEndPointsAtTheDirective) {
  EXPECT_EQ(ParseError("file-exists a\nrun --version\nsqlflow 0.1.0\n"),
            "x.test:2:1: 'run' block has no closing '----' line before the end of file");
  EXPECT_EQ(ParseError("file a.sf\nLOAD t FROM s;"),
            "x.test:1:1: 'file' block has no closing '----' line before the end of file");
}

TEST(TestFileParser, StrayDelimiter) {
  EXPECT_EQ(ParseError("file-exists a\n----\n"),
            "x.test:2:1: '----' without a directive that opened a block");
}

TEST(TestFileParser, WrongArgumentCount) {
  EXPECT_EQ(ParseError("copy examples/shop\n"), "x.test:1:1: 'copy' takes 2 argument(s), got 1");
  EXPECT_EQ(ParseError("file-absent\n"), "x.test:1:1: 'file-absent' takes 1 argument(s), got 0");
  EXPECT_EQ(ParseError("env A=1 B=2 C=3\n"), "x.test:1:1: 'env' takes 1 to 2 argument(s), got 3");
}

TEST(TestFileParser, UnterminatedQuoteHasItsColumn) {
  EXPECT_EQ(ParseError("\nrun compile --vars '{\"a\": 1}\n----\n"),
            "x.test:2:20: unterminated ' quote");
}

TEST(SplitArgs, SplitsOnSpacesAndTabs) {
  Result<std::vector<std::string>> args = SplitArgs("  a\tb   c ");
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(*args, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SplitArgs, QuotesInsideAWordAndEmptyQuotes) {
  Result<std::vector<std::string>> args = SplitArgs(R"(--vars='{"a": 1}' "" 'it"s')");
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(*args, (std::vector<std::string>{R"(--vars={"a": 1})", "", "it\"s"}));
}

}  // namespace
}  // namespace sqlflow::test
