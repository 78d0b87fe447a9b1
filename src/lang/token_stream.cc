#include "lang/token_stream.h"

namespace sqlflow {

Token TokenStream::Peek(size_t ahead) {
  while (ahead_.size() <= ahead) {
    if (!ahead_.empty() && ahead_.back().kind == TokenKind::kEnd) return ahead_.back();
    ahead_.push_back(lexer_.Next());
  }
  return ahead_[ahead];
}

Token TokenStream::Take() {
  Token t = Peek();
  if (t.kind == TokenKind::kEnd) return t;
  ahead_.pop_front();
  last_end_ = t.end();
  ++taken_;
  return t;
}

void TokenStream::SkipTo(uint32_t offset) {
  ahead_.clear();
  lexer_.Seek(offset);
  last_end_ = offset;
  ++taken_;
}

}  // namespace sqlflow
