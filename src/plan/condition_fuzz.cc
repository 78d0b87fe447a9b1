// libFuzzer entry: evaluates arbitrary bytes as an IF condition against a few variables, prints
// the diagnostics, and checks the evaluator's promises: it answers or reports why not (never
// both, never neither), every diagnostic lies inside the text (or just after it), and when both a
// condition and NOT of it evaluate, they disagree. Deep nesting must be an error, not a stack
// overflow.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "plan/condition.h"

namespace sqlflow {
namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

VariableScope Vars() {
  VariableScope scope;
  scope.SetCliVars({{"env", "dev"},
                    {"n", "10"},
                    {"on", "true"},
                    {"empty", ""},
                    {"word", "xyz"},
                    {"sneaky", "true OR true"},
                    {"day", "2024-01-05"}});
  return scope;
}

struct Outcome {
  std::optional<bool> value;
  bool reported = false;  // an error or an unresolved variable
};

Outcome Evaluate(const std::string& text, const VariableScope& vars) {
  std::vector<UnresolvedUse> unresolved;
  Diagnostics errors;
  ResolvedVariables resolved;
  SqlText condition{text, SourceSpan{"fuzz.sf", 1, 1, 0, 0}};
  Outcome out;
  out.value = EvaluateCondition(condition, vars, &unresolved, &errors, &resolved);
  ReportUnresolvedVariables(unresolved, &errors, &vars);
  out.reported = errors.has_errors();
  // A diagnostic may point one past the end, where something missing belongs.
  for (const Diagnostic& d : errors.items()) {
    Check(d.span.offset <= text.size() && d.span.length <= text.size() + 1 - d.span.offset);
  }
  SourceTexts texts;
  texts.Add("fuzz.sf", text);
  FormatDiagnostics(errors, texts);
  return out;
}

}  // namespace
}  // namespace sqlflow

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sqlflow::VariableScope vars = sqlflow::Vars();
  std::string text(reinterpret_cast<const char*>(data), size);
  sqlflow::Outcome plain = sqlflow::Evaluate(text, vars);
  sqlflow::Check(plain.value.has_value() != plain.reported);
  if (!plain.value) return 0;
  // The newline ends a `--` comment that would otherwise swallow the ')'.
  sqlflow::Outcome negated = sqlflow::Evaluate("NOT (" + text + "\n)", vars);
  if (negated.value) sqlflow::Check(*negated.value != *plain.value);
  return 0;
}
