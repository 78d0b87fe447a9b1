// Lexer: splits a pipeline file into tokens (SPEC.md §2.1), one token per call, so that the
// parser can hand a region (a JSON object) to another reader and resume after it with Seek().
// It knows SQL's quoting — strings, quoted names, comments, dollar quotes — so that a `;` inside
// any of them never ends a statement, and it never fails: an unclosed string, quoted name,
// comment or variable becomes an error in errors() and a token that runs to where it gave up.
// Thread-safety: none; one Lexer per text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lang/token.h"

namespace sqlflow {

// A lexical error, at a byte range of the text.
struct LexError {
  uint32_t offset = 0;
  uint32_t length = 0;
  std::string message;
  std::string hint;
};

class Lexer {
 public:
  // REQUIRES: `text` outlives the Lexer and its tokens, and is shorter than 4 GiB.
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token, skipping white space and comments; kEnd (repeatedly) at the end.
  Token Next();
  // Continues lexing at byte `offset`, which must start a token or white space.
  void Seek(uint32_t offset) { pos_ = offset; }

  std::string_view text() const { return text_; }
  const std::vector<LexError>& errors() const { return errors_; }
  // Comments seen so far, in order (kind kComment).
  const std::vector<Token>& comments() const { return comments_; }
  // True once an unclosed string, name or comment swallowed the rest of the text.
  bool ran_off_end() const { return ran_off_end_; }

 private:
  void SkipSpaceAndComments();
  void SkipBlockComment();
  Token LexQuoted(char quote, TokenKind kind, uint32_t begin, uint32_t body);
  Token LexDollar();
  Token LexVariable();
  Token LexNumber();
  Token LexWord();
  Token LexSymbol();
  Token Make(TokenKind kind, uint32_t begin);
  void Fail(uint32_t offset, uint32_t length, std::string message, std::string hint);

  std::string_view text_;
  uint32_t pos_ = 0;
  std::vector<LexError> errors_;
  std::vector<Token> comments_;
  bool ran_off_end_ = false;
};

// The end (one past `}`) of the `${…}` that starts at `offset`, or npos when it does not close on
// its line. A quoted default (`${x|'a}b'}`) may hold `}`.
size_t ScanVariable(std::string_view text, size_t offset);

// All tokens of `text` up to and including kEnd; for tests and tools.
std::vector<Token> Tokenize(std::string_view text, std::vector<LexError>* errors = nullptr);

}  // namespace sqlflow
