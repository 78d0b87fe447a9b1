// Small string helpers shared by every module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

// "a, b, c"
std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ");
// ASCII-only case mapping (SQL keywords and identifiers; never locale-dependent).
std::string ToUpperAscii(std::string_view text);
std::string ToLowerAscii(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);  // ASCII letters only
bool EndsWith(std::string_view text, std::string_view suffix);
// `text` up to its first line break.
std::string FirstLine(std::string_view text);

}  // namespace sqlflow
