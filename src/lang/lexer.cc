#include "lang/lexer.h"

#include <cstring>

namespace sqlflow {

namespace {

bool IsWordStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  // Bytes of UTF-8 sequences count as letters, as in DuckDB's identifiers.
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || u >= 0x80;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c); }

// Operators read as one token, longest first.
constexpr const char* kMultiCharSymbols[] = {
    "->>", "::", "==", "!=", "<>", "<=", ">=", "||", "->", "=>", "<<", ">>", "**"};

}  // namespace

size_t ScanVariable(std::string_view text, size_t offset) {
  size_t i = offset + 2;  // past "${"
  while (i < text.size()) {
    char c = text[i];
    if (c == '}') return i + 1;
    if (c == '\n') return std::string_view::npos;
    if (c == '\'' || c == '"') {
      size_t close = text.find_first_of(std::string_view(c == '\'' ? "'\n" : "\"\n"), i + 1);
      if (close == std::string_view::npos || text[close] == '\n') return std::string_view::npos;
      i = close + 1;
      continue;
    }
    ++i;
  }
  return std::string_view::npos;
}

Token Lexer::Next() {
  SkipSpaceAndComments();
  if (pos_ >= text_.size()) {
    pos_ = static_cast<uint32_t>(text_.size());
    return Make(TokenKind::kEnd, pos_);
  }
  uint32_t begin = pos_;
  char c = text_[pos_];
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (c == '\'') return LexQuoted('\'', TokenKind::kString, begin, begin + 1);
  if (c == '"') return LexQuoted('"', TokenKind::kQuotedName, begin, begin + 1);
  if ((c == 'E' || c == 'e') && next == '\'') {
    return LexQuoted('\'', TokenKind::kString, begin, begin + 2);
  }
  if (c == '$') return LexDollar();
  if (IsDigit(c) || (c == '.' && IsDigit(next))) return LexNumber();
  if (IsWordStart(c)) return LexWord();
  return LexSymbol();
}

void Lexer::SkipSpaceAndComments() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (text_.substr(pos_, 2) == "--") {
      uint32_t begin = pos_;
      size_t eol = text_.find('\n', pos_);
      pos_ = static_cast<uint32_t>(eol == std::string_view::npos ? text_.size() : eol);
      comments_.push_back(Make(TokenKind::kComment, begin));
    } else if (text_.substr(pos_, 2) == "/*") {
      SkipBlockComment();
    } else {
      return;
    }
  }
}

// Block comments nest, as in PostgreSQL and DuckDB.
void Lexer::SkipBlockComment() {
  uint32_t begin = pos_;
  int depth = 0;
  while (pos_ < text_.size()) {
    std::string_view two = text_.substr(pos_, 2);
    if (two == "/*") {
      ++depth;
      pos_ += 2;
    } else if (two == "*/") {
      pos_ += 2;
      if (--depth == 0) {
        comments_.push_back(Make(TokenKind::kComment, begin));
        return;
      }
    } else {
      ++pos_;
    }
  }
  Fail(begin, 2, "unterminated comment", "close it with */");
  ran_off_end_ = true;
  Token t = Make(TokenKind::kComment, begin);
  t.unterminated = true;
  comments_.push_back(t);
}

// A '…' string or "…" name from `begin`; its body starts at `body` (after any E prefix).
Token Lexer::LexQuoted(char quote, TokenKind kind, uint32_t begin, uint32_t body) {
  bool backslashes = body - begin == 2;  // E'…'
  pos_ = body;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (backslashes && c == '\\') {
      pos_ += 2;
      continue;
    }
    ++pos_;
    if (c != quote) continue;
    if (pos_ < text_.size() && text_[pos_] == quote) {
      ++pos_;  // a doubled quote
      continue;
    }
    return Make(kind, begin);
  }
  pos_ = static_cast<uint32_t>(text_.size());
  bool is_string = kind == TokenKind::kString;
  Fail(body - 1, 1, is_string ? "unterminated string" : "unterminated quoted name",
       std::string("close it with ") + quote);
  ran_off_end_ = true;
  Token t = Make(kind, begin);
  t.unterminated = true;
  return t;
}

// `${…}` variables, `$1` parameters, `$$…$$` and `$tag$…$tag$` strings, or a lone `$`.
Token Lexer::LexDollar() {
  uint32_t begin = pos_;
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (next == '{') return LexVariable();
  if (IsDigit(next)) {
    ++pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    return Make(TokenKind::kParameter, begin);
  }
  size_t tag_end = pos_ + 1;
  while (tag_end < text_.size() && IsWordChar(text_[tag_end])) ++tag_end;
  if (tag_end >= text_.size() || text_[tag_end] != '$') return LexSymbol();
  std::string_view delimiter = text_.substr(begin, tag_end + 1 - begin);
  size_t close = text_.find(delimiter, tag_end + 1);
  if (close == std::string_view::npos) {
    Fail(begin, static_cast<uint32_t>(delimiter.size()), "unterminated dollar-quoted string",
         "close it with " + std::string(delimiter));
    ran_off_end_ = true;
    pos_ = static_cast<uint32_t>(text_.size());
    Token t = Make(TokenKind::kDollarString, begin);
    t.unterminated = true;
    return t;
  }
  pos_ = static_cast<uint32_t>(close + delimiter.size());
  return Make(TokenKind::kDollarString, begin);
}

Token Lexer::LexVariable() {
  uint32_t begin = pos_;
  size_t end = ScanVariable(text_, begin);
  if (end != std::string_view::npos) {
    pos_ = static_cast<uint32_t>(end);
    return Make(TokenKind::kVariable, begin);
  }
  // An unclosed variable stops at the end of its line so the next lines still lex.
  Fail(begin, 2, "unterminated variable", "close it with }");
  size_t eol = text_.find('\n', begin);
  pos_ = static_cast<uint32_t>(eol == std::string_view::npos ? text_.size() : eol);
  Token t = Make(TokenKind::kVariable, begin);
  t.unterminated = true;
  return t;
}

Token Lexer::LexNumber() {
  uint32_t begin = pos_;
  while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    size_t digits = pos_ + 1;
    if (digits < text_.size() && (text_[digits] == '+' || text_[digits] == '-')) ++digits;
    if (digits < text_.size() && IsDigit(text_[digits])) {
      pos_ = static_cast<uint32_t>(digits);
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
  }
  return Make(TokenKind::kNumber, begin);
}

Token Lexer::LexWord() {
  uint32_t begin = pos_;
  while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
  return Make(TokenKind::kWord, begin);
}

Token Lexer::LexSymbol() {
  uint32_t begin = pos_;
  std::string_view rest = text_.substr(pos_);
  for (const char* symbol : kMultiCharSymbols) {
    if (rest.substr(0, std::strlen(symbol)) == symbol) {
      pos_ += static_cast<uint32_t>(std::strlen(symbol));
      return Make(TokenKind::kSymbol, begin);
    }
  }
  ++pos_;
  return Make(TokenKind::kSymbol, begin);
}

Token Lexer::Make(TokenKind kind, uint32_t begin) {
  Token t;
  t.kind = kind;
  t.offset = begin;
  t.length = pos_ - begin;
  t.text = text_.substr(begin, t.length);
  return t;
}

void Lexer::Fail(uint32_t offset, uint32_t length, std::string message, std::string hint) {
  errors_.push_back({offset, length, std::move(message), std::move(hint)});
}

std::vector<Token> Tokenize(std::string_view text, std::vector<LexError>* errors) {
  Lexer lexer(text);
  std::vector<Token> tokens;
  do {
    tokens.push_back(lexer.Next());
  } while (tokens.back().kind != TokenKind::kEnd);
  if (errors != nullptr) *errors = lexer.errors();
  return tokens;
}

}  // namespace sqlflow
