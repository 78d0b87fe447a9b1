// Quoting for SQL text the engine generates: identifiers are always double-quoted and string
// literals single-quoted, so any name a user can write (spaces, keywords, quotes) stays one token.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

// `my col` -> `"my col"`; an embedded `"` is doubled (`a"b` -> `"a""b"`).
std::string QuoteIdentifier(std::string_view name);

// {"sales", "orders"} -> `"sales"."orders"`; each part quoted as by QuoteIdentifier().
// REQUIRES: `parts` is not empty.
std::string QuoteQualified(const std::vector<std::string>& parts);

// `it's` -> `'it''s'`.
std::string QuoteString(std::string_view text);

// `query` as a parenthesised subquery, "(\n<query>\n)": trailing ';' and whitespace dropped,
// and the body on lines of its own so that a trailing "-- comment" cannot swallow the ')'.
std::string ParenthesizeQuery(std::string_view query);

}  // namespace sqlflow
