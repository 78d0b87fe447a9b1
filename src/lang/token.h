// Token: one lexical unit of a pipeline file (SPEC.md §2.1) and where it lies in the text.
// A token's `text` points into the text it was read from, which must outlive it.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"

namespace sqlflow {

enum class TokenKind {
  kWord,          // orders, LOAD, select — keywords are words; the parser decides by context
  kQuotedName,    // "any name" ("" inside is one quote); also a DSL string in some places
  kString,        // 'text' ('' inside is one quote), or E'text' with backslash escapes
  kDollarString,  // $$text$$ or $tag$text$tag$
  kNumber,        // 42, 3.14, 1e6, .5
  kVariable,      // ${name} or ${name|default}, as one token
  kParameter,     // $1
  kSymbol,        // ; , ( ) = == :: <> and any other single character
  kComment,       // -- … or /* … */ (never returned by Lexer::Next; see Lexer::comments())
  kEnd,           // the end of the text
};

const char* ToString(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  uint32_t offset = 0;  // byte offset of the first character
  uint32_t length = 0;  // bytes, including quotes and delimiters
  std::string_view text;
  bool unterminated = false;  // a string, name, comment or variable that never closed

  uint32_t end() const { return offset + length; }
  bool IsSymbol(std::string_view symbol) const {
    return kind == TokenKind::kSymbol && text == symbol;
  }
  // True for a word equal to `keyword` ignoring ASCII case. REQUIRES: `keyword` is upper-case.
  bool IsKeyword(std::string_view keyword) const;
  // A word or a quoted name: what may stand where a name is expected.
  bool IsName() const { return kind == TokenKind::kWord || kind == TokenKind::kQuotedName; }
  // A '…' string or a "…" quoted name: what may stand where the DSL expects a string.
  bool IsDslString() const { return kind == TokenKind::kString || kind == TokenKind::kQuotedName; }
};

// The value of a kQuotedName or kString token: quotes removed and escapes undone.
std::string UnquoteToken(const Token& token);

}  // namespace sqlflow
