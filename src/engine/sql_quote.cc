#include "engine/sql_quote.h"

#include <cassert>
#include <cctype>

namespace sqlflow {

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

std::string QuoteIdentifier(std::string_view name) { return Enclose(name, '"'); }

std::string QuoteQualified(const std::vector<std::string>& parts) {
  assert(!parts.empty() && "QuoteQualified needs at least one name");
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += '.';
    out += QuoteIdentifier(part);
  }
  return out;
}

std::string QuoteString(std::string_view text) { return Enclose(text, '\''); }

std::string ParenthesizeQuery(std::string_view query) {
  while (!query.empty() &&
         (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back())))) {
    query.remove_suffix(1);
  }
  return "(\n" + std::string(query) + "\n)";
}

}  // namespace sqlflow
