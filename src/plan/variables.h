// Pipeline variables (SPEC §2.3): the layered scope that resolves `${name}` and
// `${name|default}`, finding references in text, textual substitution, `--vars` parsing, and
// the one error per undefined variable that lists every place it is used.
//
// Names are case-sensitive (`${Region}` and `${region}` are different variables), like
// environment variables. Values are plain text; substitution never adds quotes and never
// expands a `${…}` that appears inside a value (values are substituted once).
// Thread-safety: VariableScope is a plain value; const methods are safe to call concurrently.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/diagnostic.h"
#include "common/source_span.h"
#include "common/status.h"
#include "lang/ast.h"

namespace sqlflow {

// Where a variable's value came from, highest precedence first.
enum class VariableOrigin { kCli, kProfile, kSet, kEnvironment, kDefault };
const char* ToString(VariableOrigin origin);

struct VariableValue {
  std::string value;
  VariableOrigin origin = VariableOrigin::kDefault;
};

// The variables visible at one point of planning. Resolution order, first hit wins:
// CLI `--vars` > profile `variables:` > SET in the pipeline > environment (including `.env`,
// merged by the caller) > the inline default of the reference.
//
// SETs are applied by the planner in file order with DefineSet(), so a SET is seen by the uses
// that come after it, and a later SET of the same name replaces an earlier one.
class VariableScope {
 public:
  void SetCliVars(std::map<std::string, std::string> vars);
  void SetProfileVars(std::map<std::string, std::string> vars);
  void SetEnvironment(std::map<std::string, std::string> vars);
  // Defines (or redefines) a SET variable.
  void DefineSet(std::string name, std::string value);

  // The value of `name` from the highest layer that defines it, or nullopt. Never kDefault.
  std::optional<std::string> Lookup(std::string_view name) const;
  std::optional<VariableValue> LookupWithOrigin(std::string_view name) const;
  // Like LookupWithOrigin, falling back to `default_value` (origin kDefault) when no layer
  // defines `name`; nullopt when neither gives a value.
  std::optional<VariableValue> Resolve(std::string_view name,
                                       const std::optional<std::string>& default_value) const;

  // Every defined name across all layers, sorted, each once (for "did you mean").
  std::vector<std::string> Names() const;

 private:
  using Layer = std::map<std::string, std::string, std::less<>>;
  static constexpr int kLayerCount = 4;  // kCli..kEnvironment, indexed by VariableOrigin
  Layer layers_[kLayerCount];
};

// True for `[A-Za-z_][A-Za-z0-9_]*`, the names `${…}` accepts.
bool IsValidVariableName(std::string_view name);

// Parses the `--vars` argument: a JSON object (`{"a": 1, "b": "x", "c": true}`; numbers and
// booleans become their text, strings lose their quotes) or `name=value` pairs separated by
// commas (`a=1,b=x`; a value may be quoted, `b='x, y'`, to hold a comma). A later duplicate
// name wins. Fails on malformed input, null/array/object values, or an invalid name; the
// message quotes the offending part.
Result<std::map<std::string, std::string>> ParseCliVars(std::string_view text);

// One `${name}` or `${name|default}` in a text.
struct VariableRef {
  std::string name;
  std::optional<std::string> default_value;  // quotes removed, whitespace trimmed
  size_t begin = 0;                          // byte range of the whole `${…}` in the text
  size_t end = 0;
};

// The span of `length` bytes at byte `index` of `text`, where `at` is the span of text's first
// character (line and column advance over the newlines in text before `index`).
SourceSpan SpanWithin(const SourceSpan& at, std::string_view text, size_t index, size_t length);

// The span of the first character inside a quoted literal whose span is `literal` (one byte
// after the opening quote). Exact while the literal holds no escapes before the point.
SourceSpan StringContentSpan(const SourceSpan& literal);

// The reference starting at `text[index]`:
//   ref     := "${" ws name ws [ "|" ws default ws ] "}"
//   default := '…' | "…" | any text without "}" or "${" (trimmed; may be empty)
// On a malformed reference (`${` without `}`, `${}`, `${a b}`, `${1x}`) adds an error at its
// exact place to `errors` (`at` is the span of text's first character) and returns nullopt.
// REQUIRES: text.substr(index, 2) == "${".
std::optional<VariableRef> ParseVariableRef(std::string_view text, size_t index,
                                            const SourceSpan& at, Diagnostics* errors);

// Every well-formed reference in `text`, in order; malformed ones are reported as by
// ParseVariableRef and left out, and the search goes on after the next `}`. A `$` not followed
// by `{` is ordinary text.
std::vector<VariableRef> FindVariables(std::string_view text, Diagnostics* errors,
                                       const SourceSpan& at);

// A `${…}` that could not be resolved: a variable with no value and no default (`name` set),
// or a malformed reference (`name` empty, `error` and `hint` say what is wrong).
struct UnresolvedUse {
  std::string name;
  SourceSpan span;  // of the whole `${…}`, or of the offending character when malformed
  std::string error;
  std::string hint;
};

// The variables a pass resolved: each name once, in order of first use, with its value at its
// latest use (for `compile` output and debugging).
struct ResolvedVariables {
  std::vector<std::pair<std::string, VariableValue>> items;
  void Record(const std::string& name, const VariableValue& value);
};

// `text` with every reference replaced by its value, textually (never adding quotes). `at` is
// the span of text's first character. References without a value or default, and malformed
// ones, are appended to `unresolved` and left as written. When `resolved` is given, the
// variables used are recorded there.
std::string SubstituteVariables(std::string_view text, const SourceSpan& at,
                                const VariableScope& scope, std::vector<UnresolvedUse>* unresolved,
                                ResolvedVariables* resolved = nullptr);

// Applies `SET name = value;` to `scope`: the value's own references are substituted first
// (`SET v = "${OTHER|d}"` resolves OTHER) with the scope as it is before this SET; then the SET
// layer's `name` is (re)defined. An unresolved reference is recorded even when a higher layer
// overrides `name`. REQUIRES: a kString value's span starts at its opening quote.
void ApplySet(const SetStmt& set, VariableScope* scope, std::vector<UnresolvedUse>* unresolved,
              ResolvedVariables* resolved = nullptr);

// Adds to `errors` one error per malformed reference, and one per undefined variable name (in
// order of first use) listing every place it is used, at the first use:
//   undefined variable 'region' used at a.sf:3:14, a.sf:9:2
// with a hint on how to define it, preceded by "did you mean" when `scope` is given and holds a
// close name.
void ReportUnresolvedVariables(const std::vector<UnresolvedUse>& unresolved, Diagnostics* errors,
                               const VariableScope* scope = nullptr);

// How a value's text reads where a type is needed (bare JSON values, conditions).
enum class ValueType { kNumber, kBool, kString };
// kNumber for JSON number syntax (`-12`, `3.5`, `1e3`; not `007`, `+1`, `.5`), kBool for
// true/false in any case, else kString.
ValueType ClassifyValue(std::string_view text);

}  // namespace sqlflow
