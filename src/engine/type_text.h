// DuckDB type names as text ("BIGINT", "VARCHAR[]", "STRUCT(a BIGINT, \"b c\" JSON)[]",
// "MAP(VARCHAR, BIGINT)", "DECIMAL(18,3)"), parsed into a tree for the one question a source
// whose columns are inferred from each read's records asks: can what this read inferred be read
// as the type the last load recorded, losing nothing? A field that was null in every record of
// a read is inferred as JSON — no evidence of a type, not a change of one.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

namespace sqlflow {

// True when values inferred as `inferred` read as `recorded` without loss or error:
//   - the same type;
//   - `inferred` JSON (only nulls were seen) — at any depth, so STRUCT(a JSON) reads as
//     STRUCT(a BIGINT) and JSON[] as BIGINT[];
//   - `recorded` JSON or VARCHAR (any JSON value reads as its text);
//   - BIGINT (or a smaller integer) as DOUBLE;
//   - a STRUCT whose fields are all in the recorded STRUCT and read as theirs (fields the
//     read lacks are null);
//   - a LIST whose elements read as the recorded LIST's.
// False for anything else, including a STRUCT with a field the recorded one lacks (a real
// change, for the schema policy) and text that does not parse as a type.
bool ReadsAs(const std::string& inferred, const std::string& recorded);

}  // namespace sqlflow
