#include "lang/json_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "common/diagnostic.h"
#include "lang/ast_printer.h"
#include "lang/parser.h"

namespace sqlflow {
namespace {

// The compact JSON read from `text`, or its first error as "offset: message".
std::string Read(std::string_view text) {
  LineIndex lines(text);
  JsonReadResult r = ReadRelaxedJson(text, 0, lines, "j");
  if (!r.errors.empty()) return std::to_string(r.errors[0].offset) + ": " + r.errors[0].message;
  return PrintJson(r.value) + " end=" + std::to_string(r.end);
}

// The full message for a PARAMS object, as the parser reports it.
std::string ParamsError(const std::string& json) {
  std::string text = "SOURCE s TYPE X PARAMS " + json + ";";
  ParseResult result = ParsePipeline(text, "p.sf");
  SourceTexts texts;
  texts.Add("p.sf", text);
  return FormatDiagnostics(result.diagnostics, texts);
}

TEST(JsonReader, StandardJson) {
  EXPECT_EQ(Read(R"({"a": 1, "b": [true, false, null], "c": {"d": "e"}} rest)"),
            R"({"a":1,"b":[true,false,null],"c":{"d":"e"}} end=51)");
  EXPECT_EQ(Read("[]"), "[] end=2");
  EXPECT_EQ(Read("{}"), "{} end=2");
}

TEST(JsonReader, NumbersKeepTheirText) {
  EXPECT_EQ(Read("[0, -1, 1.50, 2e10, 3E-2, 007]"), "[0,-1,1.50,2e10,3E-2,007] end=30");
}

TEST(JsonReader, StringEscapes) {
  LineIndex lines(R"("a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83d\ude00")");
  JsonReadResult r =
      ReadRelaxedJson(R"("a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83d\ude00")", 0, lines, "j");
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.value.text, "a\"b\\c/d\b\f\n\r\tAé😀");
}

TEST(JsonReader, Relaxations) {
  EXPECT_EQ(Read("{\"a\": [1, 2,], \"b\": 3,}"), "{\"a\":[1,2],\"b\":3} end=23");
  EXPECT_EQ(Read("{\"v\": ${n|5}, \"s\": \"${dir}/x\"}"),
            "{\"v\":${n|5},\"s\":\"${dir}/x\"} end=30");
  EXPECT_EQ(Read("{\"q\": ${x|'a}b'}}"), "{\"q\":${x|'a}b'}} end=17");
  EXPECT_EQ(Read("{ -- c\n \"a\": /* c */ 1 }"), "{\"a\":1} end=24");
}

TEST(JsonReader, SpansAreExact) {
  std::string text = "{\n  \"k\": [1]\n}";
  LineIndex lines(text);
  JsonReadResult r = ReadRelaxedJson(text, 0, lines, "j");
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.value.span.ToString(), "j:1:1");
  EXPECT_EQ(r.value.span.length, 14u);
  EXPECT_EQ(r.value.members[0].key_span.ToString(), "j:2:3");
  EXPECT_EQ(r.value.members[0].value.span.ToString(), "j:2:8");
  EXPECT_EQ(r.value.members[0].value.span.length, 3u);
}

TEST(JsonReader, NestingIsBounded) {
  EXPECT_EQ(Read(std::string(64, '[') + std::string(64, ']')),
            std::string(64, '[') + std::string(64, ']') + " end=128");
  EXPECT_EQ(Read(std::string(65, '[') + std::string(65, ']')), "64: JSON is nested too deeply");
}

TEST(JsonErrors, QuotesAndKeys) {
  EXPECT_EQ(ParamsError("{'a': 1}"),
            "p.sf:1:25: error: JSON keys use double quotes\n"
            " 1 | SOURCE s TYPE X PARAMS {'a': 1};\n"
            "   |                         ^\n"
            "   = hint: write \"key\": value\n");
  EXPECT_EQ(ParamsError("{a: 1}"),
            "p.sf:1:25: error: expected a quoted key\n"
            " 1 | SOURCE s TYPE X PARAMS {a: 1};\n"
            "   |                         ^\n"
            "   = hint: write \"key\": value\n");
  EXPECT_EQ(ParamsError("{\"a\" 1}"),
            "p.sf:1:29: error: expected ':' after the key \"a\"\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\" 1};\n"
            "   |                             ^\n"
            "   = hint: write \"key\": value\n");
  EXPECT_EQ(ParamsError("{\"a\": 'x'}"),
            "p.sf:1:30: error: JSON strings use double quotes\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": 'x'};\n"
            "   |                              ^\n"
            "   = hint: write \"…\" instead of '…'\n");
  EXPECT_EQ(ParamsError("{\"a\": 1, \"a\": 2}"),
            "p.sf:1:33: error: duplicate key \"a\"\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": 1, \"a\": 2};\n"
            "   |                                 ^~~\n"
            "   = hint: give each key once\n");
}

TEST(JsonErrors, Values) {
  EXPECT_EQ(ParamsError("{\"a\": True}"),
            "p.sf:1:30: error: 'True' is not a JSON value\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": True};\n"
            "   |                              ^~~~\n"
            "   = hint: JSON literals are lower-case: true\n");
  EXPECT_EQ(ParamsError("{\"a\": yes}"),
            "p.sf:1:30: error: 'yes' is not a JSON value\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": yes};\n"
            "   |                              ^~~\n"
            "   = hint: write true, false, null, a number, \"text\" or ${variable}\n");
  EXPECT_EQ(ParamsError("{\"a\": }"),
            "p.sf:1:30: error: expected a JSON value\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": };\n"
            "   |                              ^\n"
            "   = hint: write \"text\", a number, true, false, null, [ … ], { … } or "
            "${variable}\n");
  EXPECT_EQ(ParamsError("{\"a\": -}"),
            "p.sf:1:30: error: malformed JSON number\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": -};\n"
            "   |                              ^~\n"
            "   = hint: e.g. 42, -1.5 or 2e3\n");
  EXPECT_EQ(ParamsError("{\"a\": ${x}"),
            "p.sf:1:34: error: expected ',' or '}' after the value of \"a\"\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": ${x};\n"
            "   |                                  ^\n"
            "   = hint: separate members with ',' and close the object with '}'\n");
}

TEST(JsonErrors, UnterminatedVariable) {
  EXPECT_EQ(ParamsError("{\"a\": ${x\n}"),
            "p.sf:1:30: error: unterminated variable\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": ${x\n"
            "   |                              ^~\n"
            "   = hint: close it with }\n");
}

TEST(JsonErrors, Strings) {
  EXPECT_EQ(ParamsError(R"({"a": "x\qy"})"),
            "p.sf:1:32: error: invalid escape '\\q' in a JSON string\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": \"x\\qy\"};\n"
            "   |                                ^~\n"
            "   = hint: write \\\\ for a backslash\n");
  EXPECT_EQ(ParamsError(R"({"a": "\ud800"})"),
            "p.sf:1:31: error: invalid \\u escape in a JSON string\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": \"\\ud800\"};\n"
            "   |                               ^~\n"
            "   = hint: write \\u followed by four hex digits, e.g. \\u00e9\n");
  EXPECT_EQ(ParamsError("{\"a\": \"abc}\nLOAD a FROM b"),
            "p.sf:1:30: error: unterminated JSON string\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": \"abc}\n"
            "   |                              ^\n"
            "   = hint: close it with \" on the same line\n");
}

TEST(JsonErrors, Structure) {
  EXPECT_EQ(ParamsError("{\"a\": [1 2]}"),
            "p.sf:1:33: error: expected ',' or ']' in the JSON array\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": [1 2]};\n"
            "   |                                 ^\n"
            "   = hint: separate items with ',' and close the array with ']'\n");
  EXPECT_EQ(ParamsError("{\"a\": 1 \"b\": 2}"),
            "p.sf:1:32: error: expected ',' or '}' after the value of \"a\"\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": 1 \"b\": 2};\n"
            "   |                                ^\n"
            "   = hint: separate members with ',' and close the object with '}'\n");
  std::string text = "SOURCE s TYPE X PARAMS {\"a\": [\n";
  ParseResult result = ParsePipeline(text, "p.sf");
  SourceTexts texts;
  texts.Add("p.sf", text);
  EXPECT_EQ(FormatDiagnostics(result.diagnostics, texts),
            "p.sf:1:30: error: unterminated JSON array\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": [\n"
            "   |                              ^\n"
            "   = hint: close it with ]\n");
}

TEST(JsonErrors, UnterminatedObjectAtTheEndOfTheFile) {
  std::string text = "SOURCE s TYPE X PARAMS {\"a\": 1";
  ParseResult result = ParsePipeline(text, "p.sf");
  SourceTexts texts;
  texts.Add("p.sf", text);
  EXPECT_EQ(FormatDiagnostics(result.diagnostics, texts),
            "p.sf:1:24: error: unterminated JSON object\n"
            " 1 | SOURCE s TYPE X PARAMS {\"a\": 1\n"
            "   |                        ^\n"
            "   = hint: close it with }\n");
}

TEST(JsonErrors, RecoverySkipsTheBrokenJsonByItsBrackets) {
  // After the error, the ' quotes must not be read as SQL strings that swallow the file.
  std::string text = "SOURCE s TYPE X PARAMS {\"a\": 'it's', \"b\": [1 2, '']}\n;\nLOAD t FROM s;";
  ParseResult result = ParsePipeline(text, "p.sf");
  EXPECT_EQ(result.diagnostics.error_count(), 1u);
  EXPECT_EQ(PrintAst(result.ast), "Load t from=s @3:1\n");
}

TEST(JsonErrors, ReadingResumesAfterTheJson) {
  // JSON's \" is no SQL quote: the ' inside must not start an SQL string.
  std::string text = "SOURCE s TYPE X PARAMS {\"a\": \"\\\"'\"};\nLOAD t FROM s;";
  ParseResult result = ParsePipeline(text, "p.sf");
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(PrintAst(result.ast),
            "Source s type=X params={\"a\":\"\\\"'\"} @1:1\nLoad t from=s @2:1\n");
}

}  // namespace
}  // namespace sqlflow
