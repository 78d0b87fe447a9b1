#include "connectors/files/sql_literal.h"

namespace sqlflow::files_internal {

namespace {

std::string Enclose(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

}  // namespace

std::string QuoteLiteral(std::string_view text) { return Enclose(text, '\''); }

std::string QuoteIdentifier(std::string_view name) { return Enclose(name, '"'); }

std::string QuoteLiteralList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteLiteral(items[i]);
  }
  return out + "]";
}

}  // namespace sqlflow::files_internal
