// The IF/ELSEIF condition evaluator (SPEC §2.4): a small, safe evaluator over the raw condition
// text with its own tokenizer. It compares values and combines truth values; nothing is ever
// executed.
//
//   or_expr    := and_expr { OR and_expr }
//   and_expr   := not_expr { AND not_expr }
//   not_expr   := NOT not_expr | comparison
//   comparison := operand [ ( "==" | "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ) operand ]
//   operand    := value | "(" or_expr ")"
//   value      := '…' | "…" | word          -- `${…}` splices into any of them
//   word       := run of letters, digits and _ - . / :   (so `us-east`, `v1.2`, `2024-01-31`)
// Parentheses and NOTs nest at most 64 levels deep. Keywords AND, OR, NOT are case-insensitive.
// Precedence is SQL's: comparison binds tighter than NOT, NOT tighter than AND, AND tighter than OR
// (`NOT ${env} == 'prod'` negates the comparison). `--` and `/* */` comments are skipped.
//
// Values are text; how two of them compare depends on what they hold, quoted or not:
//  - two numbers (`-12`, `3.5`, `1e3`, `09`) compare as numbers;
//  - with `=`/`==`/`!=`/`<>`: true/false (any case) compare as booleans, also against the
//    strings 'true'/'false' and against numbers (non-zero is true); anything else compares as
//    text, case-sensitively (`'Prod' != 'prod'`);
//  - `<`, `<=`, `>`, `>=` order two numbers numerically and two non-numbers as bytes (so ISO
//    dates order correctly); a number against text, or a boolean, is an error.
// Truth of a value (a bare operand, or an AND/OR/NOT operand): true/false in any case, a number
// (non-zero is true), or the empty text (false). Any other text is an error, so that
// `IF ${env} THEN` with env=prod is reported rather than guessed.
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <vector>

#include "common/diagnostic.h"
#include "common/status.h"
#include "lang/ast.h"
#include "plan/variables.h"

namespace sqlflow {

// Evaluates `condition` (its span is that of the text's first character) against `vars`.
// Returns the truth value, or nullopt when it cannot be evaluated: a syntax or type error is
// then in `errors` with the exact line:column of the offending token and a hint, and an
// undefined variable is appended to `unresolved` without a diagnostic of its own (report it
// with ReportUnresolvedVariables, which lists every use of a name once, conditions and SQL
// alike). When `resolved` is given, the variables used are recorded there.
std::optional<bool> EvaluateCondition(const SqlText& condition, const VariableScope& vars,
                                      std::vector<UnresolvedUse>* unresolved, Diagnostics* errors,
                                      ResolvedVariables* resolved = nullptr);

// The same, for callers that want one Status: the first error, unresolved variables included.
Result<bool> EvaluateCondition(const SqlText& condition, const VariableScope& vars);

}  // namespace sqlflow
