// Quoting of values spliced into the DuckDB SQL the file connectors generate. Private to
// connectors/files until engine/ offers a shared helper.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sqlflow::files_internal {

// 'text' with every ' doubled: a DuckDB string literal that reads back as `text`.
std::string QuoteLiteral(std::string_view text);

// "name" with every " doubled: a DuckDB identifier that names `name` exactly.
std::string QuoteIdentifier(std::string_view name);

// ['a', 'b']: a DuckDB list of string literals.
std::string QuoteLiteralList(const std::vector<std::string>& items);

}  // namespace sqlflow::files_internal
