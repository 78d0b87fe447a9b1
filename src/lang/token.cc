#include "lang/token.h"

namespace sqlflow {

const char* ToString(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kQuotedName:
      return "quoted name";
    case TokenKind::kString:
      return "string";
    case TokenKind::kDollarString:
      return "dollar string";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kVariable:
      return "variable";
    case TokenKind::kParameter:
      return "parameter";
    case TokenKind::kSymbol:
      return "symbol";
    case TokenKind::kComment:
      return "comment";
    case TokenKind::kEnd:
      return "end";
  }
  return "?";
}

namespace {

char UpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Backslash escapes of E'…' strings, as PostgreSQL reads them.
char UnescapeChar(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    default:
      return c;
  }
}

}  // namespace

bool Token::IsKeyword(std::string_view keyword) const {
  if (kind != TokenKind::kWord || text.size() != keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (UpperAscii(text[i]) != keyword[i]) return false;
  }
  return true;
}

std::string UnquoteToken(const Token& token) {
  std::string_view body = token.text;
  bool backslashes = false;
  if (!body.empty() && (body[0] == 'E' || body[0] == 'e')) {
    backslashes = true;
    body.remove_prefix(1);
  }
  if (body.empty()) return "";
  char quote = body[0];
  body.remove_prefix(1);
  if (!token.unterminated && !body.empty()) body.remove_suffix(1);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
      ++i;  // a doubled quote stands for one
    } else if (backslashes && c == '\\' && i + 1 < body.size()) {
      c = UnescapeChar(body[++i]);
    }
    out += c;
  }
  return out;
}

}  // namespace sqlflow
