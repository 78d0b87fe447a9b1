// TokenStream: the parser's view of the Lexer — any number of tokens of lookahead, and a way to
// step over a region that another reader (the JSON reader) has consumed from the raw text.
// Thread-safety: none.
#pragma once

#include <cstddef>
#include <deque>
#include <string_view>

#include "lang/lexer.h"
#include "lang/token.h"

namespace sqlflow {

class TokenStream {
 public:
  // REQUIRES: `text` outlives the stream.
  explicit TokenStream(std::string_view text) : lexer_(text) {}

  // The token `ahead` places past the next one (0: the next); kEnd past the end.
  Token Peek(size_t ahead = 0);
  // Consumes and returns the next token.
  Token Take();
  // Forgets the tokens read ahead and continues at byte `offset`, which counts as consumed.
  // REQUIRES: no token at or after `offset` was peeked (its lexer errors would stay).
  void SkipTo(uint32_t offset);

  // The end of the last consumed token (0 before any).
  uint32_t last_end() const { return last_end_; }
  // How many tokens were consumed; tells whether a parse made progress.
  size_t taken() const { return taken_; }
  const Lexer& lexer() const { return lexer_; }

 private:
  Lexer lexer_;
  std::deque<Token> ahead_;
  uint32_t last_end_ = 0;
  size_t taken_ = 0;
};

}  // namespace sqlflow
