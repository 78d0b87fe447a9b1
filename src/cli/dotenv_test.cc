#include "cli/dotenv.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "util/fake_file_system.h"

namespace sqlflow {
namespace {

EnvironmentMap Parse(std::string_view text) {
  Result<EnvironmentMap> r = ParseDotenv(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : EnvironmentMap{};
}

std::string ParseError(std::string_view text) {
  Result<EnvironmentMap> r = ParseDotenv(text);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(ParseDotenv, ReadsPlainAssignmentsCommentsAndBlankLines) {
  EnvironmentMap env = Parse(
      "# database\n"
      "\n"
      "PGHOST=localhost\n"
      "  PGPORT = 5432  \n"
      "\t# indented comment\n"
      "EMPTY=\n"
      "lower_case_1=x\n");
  EXPECT_EQ(
      env, (EnvironmentMap{
               {"PGHOST", "localhost"}, {"PGPORT", "5432"}, {"EMPTY", ""}, {"lower_case_1", "x"}}));
}

TEST(ParseDotenv, AcceptsExportPrefix) {
  EXPECT_EQ(Parse("export A=1\nexport\tB=2\nexport=3\n"),
            (EnvironmentMap{{"A", "1"}, {"B", "2"}, {"export", "3"}}));
}

TEST(ParseDotenv, UnquotedValuesKeepInnerSpacesAndHashesButDropComments) {
  EnvironmentMap env = Parse("A=hello world   \nB=a#b\nC=value # comment\nD= # only comment\n");
  EXPECT_EQ(env.at("A"), "hello world");
  EXPECT_EQ(env.at("B"), "a#b");
  EXPECT_EQ(env.at("C"), "value");
  EXPECT_EQ(env.at("D"), "");
}

TEST(ParseDotenv, QuotedValues) {
  EnvironmentMap env = Parse(
      "S='it is # not a comment  '\n"
      "D=\"tab\\there \\\"q\\\" back\\\\slash\"  # comment\n"
      "R='no \\n escapes'\n"
      "E=\"\"\n"
      "M=\"line1\nline2\"\n"
      "AFTER=ok\n");
  EXPECT_EQ(env.at("S"), "it is # not a comment  ");
  EXPECT_EQ(env.at("D"), "tab\there \"q\" back\\slash");
  EXPECT_EQ(env.at("R"), "no \\n escapes");
  EXPECT_EQ(env.at("E"), "");
  EXPECT_EQ(env.at("M"), "line1\nline2");
  EXPECT_EQ(env.at("AFTER"), "ok");
}

TEST(ParseDotenv, ValuesAreLiteralAndTheLastAssignmentWins) {
  EnvironmentMap env = Parse("A=${HOME}/x\nA=second\nURL=postgres://u:p@h/db?x=1\n");
  EXPECT_EQ(env.at("A"), "second");
  EXPECT_EQ(env.at("URL"), "postgres://u:p@h/db?x=1");
}

TEST(ParseDotenv, HandlesWindowsLineEndingsAndNoFinalNewline) {
  EXPECT_EQ(Parse("A=1\r\nB='2'\r\nC=3"), (EnvironmentMap{{"A", "1"}, {"B", "2"}, {"C", "3"}}));
  EXPECT_TRUE(Parse("").empty());
}

TEST(ParseDotenv, LineWithoutEqualsIsAnError) {
  EXPECT_EQ(ParseError("A=1\n\nJUSTAWORD\n"), ".env:3: expected KEY=VALUE, got 'JUSTAWORD'");
}

TEST(ParseDotenv, BadNamesAreErrors) {
  EXPECT_EQ(ParseError("my-key=1\n"),
            ".env:1: invalid variable name 'my-key'; names use letters, digits and _ and do not "
            "start with a digit");
  EXPECT_EQ(ParseError("A=1\n1ABC=2\n"),
            ".env:2: invalid variable name '1ABC'; names use letters, digits and _ and do not "
            "start with a digit");
  EXPECT_EQ(ParseError("=value\n"),
            ".env:1: invalid variable name ''; names use letters, digits and _ and do not start "
            "with a digit");
  EXPECT_EQ(ParseError("KEY VALUE=1\n"),
            ".env:1: invalid variable name 'KEY VALUE'; names use letters, digits and _ and do "
            "not start with a digit");
}

TEST(ParseDotenv, UnterminatedQuoteNamesTheLineItOpened) {
  EXPECT_EQ(ParseError("A=1\nB=\"open\nC=2\n"),
            ".env:2: unterminated double quote; close the value with \"");
  EXPECT_EQ(ParseError("B='open\n"), ".env:1: unterminated single quote; close the value with '");
}

TEST(ParseDotenv, TextAfterAQuotedValueIsAnError) {
  EXPECT_EQ(ParseError("A=\"x\" y\n"),
            ".env:1: unexpected text after the value of A; quote the whole value or start a "
            "comment with ' #'");
  EXPECT_EQ(ParseError("A=\"x\ny\" z\n"),
            ".env:2: unexpected text after the value of A; quote the whole value or start a "
            "comment with ' #'");
}

TEST(LoadDotenv, ReadsTheProjectFileOrNothing) {
  test::FakeFileSystem fs;
  fs.AddDirectory("/p/pipelines");
  Project project{"/p"};
  Result<EnvironmentMap> none = LoadDotenv(project, fs);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  fs.AddFile("/p/.env", "TOKEN=abc\n");
  EXPECT_EQ(*LoadDotenv(project, fs), (EnvironmentMap{{"TOKEN", "abc"}}));

  fs.AddFile("/p/.env", "TOKEN abc\n");
  EXPECT_EQ(LoadDotenv(project, fs).status().message(),
            ".env:1: expected KEY=VALUE, got 'TOKEN abc'");

  fs.FailReads("/p/.env", "/p/.env: permission denied");
  EXPECT_EQ(LoadDotenv(project, fs).status().message(), "/p/.env: permission denied");
}

TEST(Environment, TheProcessEnvironmentWinsOverDotenv) {
  EnvironmentMap merged =
      MergeEnvironment({{"A", "process"}, {"B", "process"}}, {{"B", "dotenv"}, {"C", "dotenv"}});
  EXPECT_EQ(merged, (EnvironmentMap{{"A", "process"}, {"B", "process"}, {"C", "dotenv"}}));
}

TEST(Environment, SnapshotAndExport) {
  ::setenv("SQLFLOW_DOTENV_TEST_SET", "from-process", 1);
  ::unsetenv("SQLFLOW_DOTENV_TEST_NEW");
  EXPECT_EQ(SnapshotEnvironment().at("SQLFLOW_DOTENV_TEST_SET"), "from-process");

  ExportToProcessEnvironment(
      {{"SQLFLOW_DOTENV_TEST_SET", "from-file"}, {"SQLFLOW_DOTENV_TEST_NEW", "from-file"}});
  EnvironmentMap env = SnapshotEnvironment();
  EXPECT_EQ(env.at("SQLFLOW_DOTENV_TEST_SET"), "from-process");
  EXPECT_EQ(env.at("SQLFLOW_DOTENV_TEST_NEW"), "from-file");
  ::unsetenv("SQLFLOW_DOTENV_TEST_SET");
  ::unsetenv("SQLFLOW_DOTENV_TEST_NEW");
}

TEST(ExpandEnvReferences, ReplacesDefaultsAndReportsMissingNames) {
  EnvironmentMap env = {{"A", "1"}, {"B", ""}};
  Result<EnvExpansion> x = ExpandEnvReferences("${A}-${B|z}-${C|'}'}-${D}-${E}-$A-{x}", env);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->text, "1--}-${D}-${E}-$A-{x}");
  EXPECT_EQ(x->missing, (std::vector<std::string>{"D", "E"}));
  EXPECT_EQ(ExpandEnvReferences("${X|'open}", env).status().message(),
            "unterminated quoted default in variable reference; close it with '");
  EXPECT_EQ(ExpandEnvReferences("${X|'a' b}", env).status().message(),
            "expected '}' after the quoted default, found 'b'; write ${name} or ${name|default}");
  EXPECT_EQ(
      ExpandEnvReferences("${X|open", env).status().message(),
      "unterminated variable reference: '${' has no closing '}'; write ${name} or ${name|default}");
  EXPECT_FALSE(ExpandEnvReferences("${1X}", env).ok());
}

}  // namespace
}  // namespace sqlflow
