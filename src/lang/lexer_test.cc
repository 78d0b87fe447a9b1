#include "lang/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sqlflow {
namespace {

// "kind:text" for each token before kEnd, space-separated, for compact expectations.
std::string Lex(std::string_view text, std::vector<LexError>* errors = nullptr) {
  std::string out;
  for (const Token& t : Tokenize(text, errors)) {
    if (t.kind == TokenKind::kEnd) break;
    if (!out.empty()) out += ' ';
    out += std::string(ToString(t.kind)) + ":" + std::string(t.text);
  }
  return out;
}

std::string Errors(std::string_view text) {
  std::vector<LexError> errors;
  Tokenize(text, &errors);
  std::string out;
  for (const LexError& e : errors) {
    out += std::to_string(e.offset) + "+" + std::to_string(e.length) + " " + e.message + " (" +
           e.hint + ")\n";
  }
  return out;
}

TEST(Lexer, WordsNumbersAndSymbols) {
  EXPECT_EQ(Lex("LOAD orders_2 FROM _src;"),
            "word:LOAD word:orders_2 word:FROM word:_src symbol:;");
  EXPECT_EQ(Lex("42 3.14 1e6 2.5E-3 .5 7."),
            "number:42 number:3.14 number:1e6 number:2.5E-3 number:.5 number:7.");
  EXPECT_EQ(Lex("1GB"), "number:1 word:GB");
  EXPECT_EQ(Lex("( ) { } [ ] , . = : @"),
            "symbol:( symbol:) symbol:{ symbol:} symbol:[ symbol:] symbol:, symbol:. symbol:= "
            "symbol:: symbol:@");
}

TEST(Lexer, MultiCharacterOperators) {
  EXPECT_EQ(Lex("a==b!=c<>d<=e>=f::g||h->i->>j=>k"),
            "word:a symbol:== word:b symbol:!= word:c symbol:<> word:d symbol:<= word:e "
            "symbol:>= word:f symbol::: word:g symbol:|| word:h symbol:-> word:i symbol:->> "
            "word:j symbol:=> word:k");
  EXPECT_EQ(Lex("a<b>c"), "word:a symbol:< word:b symbol:> word:c");
}

TEST(Lexer, TokensCarryOffsetAndLength) {
  std::vector<Token> tokens = Tokenize("SET  x\n= 'a''b';");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].offset, 5u);
  EXPECT_EQ(tokens[1].length, 1u);
  EXPECT_EQ(tokens[3].offset, 9u);
  EXPECT_EQ(tokens[3].length, 6u);
  EXPECT_EQ(UnquoteToken(tokens[3]), "a'b");
  EXPECT_EQ(tokens[5].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[5].offset, 16u);
}

TEST(Lexer, StringsAndQuotedNamesKeepSemicolons) {
  EXPECT_EQ(Lex("'a;b' \"c;\"\"d\" x"), "string:'a;b' quoted name:\"c;\"\"d\" word:x");
  std::vector<Token> tokens = Tokenize("\"c;\"\"d\"");
  EXPECT_EQ(UnquoteToken(tokens[0]), "c;\"d");
  EXPECT_EQ(Lex("'multi\nline'"), "string:'multi\nline'");
}

TEST(Lexer, EscapeStringsTakeBackslashes) {
  EXPECT_EQ(Lex("E'it\\'s;' e'x'"), "string:E'it\\'s;' string:e'x'");
  std::vector<Token> tokens = Tokenize("E'a\\nb\\'c'");
  EXPECT_EQ(UnquoteToken(tokens[0]), "a\nb'c");
  EXPECT_EQ(Lex("Ex'y'"), "word:Ex string:'y'");
}

TEST(Lexer, CommentsAreSkippedButKept) {
  Lexer lexer("a -- one; two\n/* three; /* nested */ four; */ b");
  EXPECT_EQ(lexer.Next().text, "a");
  EXPECT_EQ(lexer.Next().text, "b");
  EXPECT_EQ(lexer.Next().kind, TokenKind::kEnd);
  ASSERT_EQ(lexer.comments().size(), 2u);
  EXPECT_EQ(lexer.comments()[0].text, "-- one; two");
  EXPECT_EQ(lexer.comments()[1].text, "/* three; /* nested */ four; */");
  EXPECT_EQ(Lex("a-b - -c"), "word:a symbol:- word:b symbol:- symbol:- word:c");
}

TEST(Lexer, VariablesAreOneToken) {
  EXPECT_EQ(Lex("${a} ${b|x} ${c|'us east'} ${d|'}'}x"),
            "variable:${a} variable:${b|x} variable:${c|'us east'} variable:${d|'}'} word:x");
  EXPECT_EQ(Lex("'${a}'"), "string:'${a}'");
  EXPECT_EQ(Lex("x_${a}"), "word:x_ variable:${a}");
}

TEST(Lexer, DollarQuotesAndParameters) {
  EXPECT_EQ(Lex("$$a;b$$ $tag$ x $$ ; $tag$ $1 $23 $ $x"),
            "dollar string:$$a;b$$ dollar string:$tag$ x $$ ; $tag$ parameter:$1 "
            "parameter:$23 symbol:$ symbol:$ word:x");
}

TEST(Lexer, NonAsciiLettersAreWordCharacters) { EXPECT_EQ(Lex("café été"), "word:café word:été"); }

TEST(Lexer, UnterminatedStringIsReportedAtItsStart) {
  std::vector<LexError> errors;
  EXPECT_EQ(Lex("x 'abc;\ny", &errors), "word:x string:'abc;\ny");
  EXPECT_EQ(Errors("x 'abc;\ny"), "2+1 unterminated string (close it with ')\n");
  Lexer lexer("'abc");
  Token t = lexer.Next();
  EXPECT_TRUE(t.unterminated);
  EXPECT_EQ(UnquoteToken(t), "abc");
  EXPECT_TRUE(lexer.ran_off_end());
}

TEST(Lexer, OtherUnterminatedTokens) {
  EXPECT_EQ(Errors("\"abc"), "0+1 unterminated quoted name (close it with \")\n");
  EXPECT_EQ(Errors("E'abc\\'"), "1+1 unterminated string (close it with ')\n");
  EXPECT_EQ(Errors("a /* b /* c */"), "2+2 unterminated comment (close it with */)\n");
  EXPECT_EQ(Errors("$$ abc"), "0+2 unterminated dollar-quoted string (close it with $$)\n");
  EXPECT_EQ(Errors("$q$ abc $$"), "0+3 unterminated dollar-quoted string (close it with $q$)\n");
}

TEST(Lexer, UnterminatedVariableStopsAtTheEndOfItsLine) {
  EXPECT_EQ(Lex("${a b\nc"), "variable:${a b word:c");
  EXPECT_EQ(Errors("${a b\nc"), "0+2 unterminated variable (close it with })\n");
  EXPECT_EQ(Errors("${a|'x}\nb"), "0+2 unterminated variable (close it with })\n");
}

TEST(Lexer, SeekResumesAtAnOffset) {
  Lexer lexer("a {\"x\": \"'\"} b");
  EXPECT_EQ(lexer.Next().text, "a");
  lexer.Seek(12);
  EXPECT_EQ(lexer.Next().text, "b");
  EXPECT_TRUE(lexer.errors().empty());
}

TEST(Token, KeywordsIgnoreCase) {
  Token t = Tokenize("lOaD")[0];
  EXPECT_TRUE(t.IsKeyword("LOAD"));
  EXPECT_FALSE(t.IsKeyword("LOA"));
  EXPECT_FALSE(Tokenize("'LOAD'")[0].IsKeyword("LOAD"));
  EXPECT_EQ(ToUpperAscii("merge_Keys1"), "MERGE_KEYS1");
}

}  // namespace
}  // namespace sqlflow
