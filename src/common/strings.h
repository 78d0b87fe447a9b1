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

}  // namespace sqlflow
