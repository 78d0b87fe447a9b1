// PrintAst: a canonical, stable text dump of a PipelineAst, one line per statement, for tests
// and for debugging (`sqlflow parse`-style tools). Each line is the statement kind, its fields
// and `@line:col` of its first character; IF branches are indented beneath their IF:
//
//   Load stock from=stock_src mode=MERGE keys=(sku, warehouse) @6:1
//   If @11:1
//     if `${env|dev} == 'prod'` @11:4
//       Load big from=big_src @12:3
//     else
//       Sql `DROP TABLE tmp` @14:3
//
// SQL text is shown between backticks with `\`, newlines, tabs and backticks escaped; DSL strings
// between single quotes; quoted names between double quotes; JSON compactly, with variables as
// written. A mode that was not written is not shown.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "lang/ast.h"

namespace sqlflow {

std::string PrintAst(const PipelineAst& ast);

// One statement (and, for IF, its branches) at `indent` levels of two spaces.
std::string PrintStatement(const Statement& statement, int indent = 0);

// Compact JSON: {"a":1,"b":[true,null],"c":${x}}.
std::string PrintJson(const JsonValue& value);

}  // namespace sqlflow
