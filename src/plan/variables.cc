#include "plan/variables.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {

const char* ToString(VariableOrigin origin) {
  switch (origin) {
    case VariableOrigin::kCli:
      return "cli";
    case VariableOrigin::kProfile:
      return "profile";
    case VariableOrigin::kSet:
      return "set";
    case VariableOrigin::kEnvironment:
      return "environment";
    case VariableOrigin::kDefault:
      return "default";
  }
  return "unknown";
}

// ---- VariableScope ------------------------------------------------------------------------

namespace {

template <typename Layer>
Layer ToLayer(std::map<std::string, std::string> vars) {
  return Layer(std::make_move_iterator(vars.begin()), std::make_move_iterator(vars.end()));
}

}  // namespace

void VariableScope::SetCliVars(std::map<std::string, std::string> vars) {
  layers_[static_cast<int>(VariableOrigin::kCli)] = ToLayer<Layer>(std::move(vars));
}

void VariableScope::SetProfileVars(std::map<std::string, std::string> vars) {
  layers_[static_cast<int>(VariableOrigin::kProfile)] = ToLayer<Layer>(std::move(vars));
}

void VariableScope::SetEnvironment(std::map<std::string, std::string> vars) {
  layers_[static_cast<int>(VariableOrigin::kEnvironment)] = ToLayer<Layer>(std::move(vars));
}

void VariableScope::DefineSet(std::string name, std::string value) {
  layers_[static_cast<int>(VariableOrigin::kSet)].insert_or_assign(std::move(name),
                                                                   std::move(value));
}

std::optional<std::string> VariableScope::Lookup(std::string_view name) const {
  std::optional<VariableValue> found = LookupWithOrigin(name);
  if (!found) return std::nullopt;
  return std::move(found->value);
}

std::optional<VariableValue> VariableScope::LookupWithOrigin(std::string_view name) const {
  for (int i = 0; i < kLayerCount; ++i) {
    auto it = layers_[i].find(name);
    if (it != layers_[i].end()) return VariableValue{it->second, static_cast<VariableOrigin>(i)};
  }
  return std::nullopt;
}

std::optional<VariableValue> VariableScope::Resolve(
    std::string_view name, const std::optional<std::string>& default_value) const {
  std::optional<VariableValue> found = LookupWithOrigin(name);
  if (found) return found;
  if (default_value) return VariableValue{*default_value, VariableOrigin::kDefault};
  return std::nullopt;
}

std::vector<std::string> VariableScope::Names() const {
  std::vector<std::string> names;
  for (const Layer& layer : layers_) {
    for (const auto& [name, value] : layer) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// ---- Names, spans, value types ------------------------------------------------------------

namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Skips the digits at `*i`; false when there are none.
bool SkipDigits(std::string_view s, size_t* i) {
  size_t start = *i;
  while (*i < s.size() && IsDigit(s[*i])) ++*i;
  return *i > start;
}

}  // namespace

bool IsValidVariableName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  return std::all_of(name.begin(), name.end(), IsNameChar);
}

// number := "-"? ( "0" | [1-9][0-9]* ) ( "." [0-9]+ )? ( [eE] [+-]? [0-9]+ )?
ValueType ClassifyValue(std::string_view text) {
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false")) return ValueType::kBool;
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!SkipDigits(text, &i)) {
    return ValueType::kString;
  }
  if (i < text.size() && text[i] == '.' && !(++i, SkipDigits(text, &i))) return ValueType::kString;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!SkipDigits(text, &i)) return ValueType::kString;
  }
  return i == text.size() ? ValueType::kNumber : ValueType::kString;
}

SourceSpan SpanWithin(const SourceSpan& at, std::string_view text, size_t index, size_t length) {
  index = std::min(index, text.size());
  std::string_view before = text.substr(0, index);
  size_t newlines = static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  size_t last_newline = before.rfind('\n');
  SourceSpan span = at;
  if (at.known()) {
    span.line = at.line + static_cast<uint32_t>(newlines);
    span.column = last_newline == std::string_view::npos
                      ? at.column + static_cast<uint32_t>(index)
                      : static_cast<uint32_t>(index - last_newline);
  }
  span.offset = at.offset + static_cast<uint32_t>(index);
  span.length = static_cast<uint32_t>(length);
  return span;
}

SourceSpan StringContentSpan(const SourceSpan& literal) {
  SourceSpan span = literal;
  if (span.known()) span.column += 1;
  span.offset += 1;
  span.length = literal.length >= 2 ? literal.length - 2 : 0;
  return span;
}

// ---- Finding references -------------------------------------------------------------------

namespace {

constexpr const char* kRefHint = "write ${name} or ${name|default}";

std::string Describe(std::string_view text, size_t i) {
  if (i >= text.size()) return "end of text";
  if (text[i] == '\n' || text[i] == '\r') return "end of line";
  return "'" + std::string(1, text[i]) + "'";
}

// Parses `| default }` with text[*i] == '|'; on success sets *i past the closing brace.
std::optional<std::string> ParseDefault(std::string_view text, size_t ref_begin, size_t* i,
                                        const SourceSpan& at, Diagnostics* errors) {
  size_t p = *i + 1;
  while (p < text.size() && IsBlank(text[p])) ++p;
  if (p < text.size() && (text[p] == '\'' || text[p] == '"')) {
    size_t close = text.find(text[p], p + 1);
    if (close == std::string_view::npos) {
      errors->Error(SpanWithin(at, text, p, 1), "unterminated quoted default in variable reference",
                    std::string("close it with ") + text[p]);
      return std::nullopt;
    }
    std::string value(text.substr(p + 1, close - p - 1));
    p = close + 1;
    while (p < text.size() && IsBlank(text[p])) ++p;
    if (p >= text.size() || text[p] != '}') {
      errors->Error(SpanWithin(at, text, p, 1),
                    "expected '}' after the quoted default, found " + Describe(text, p), kRefHint);
      return std::nullopt;
    }
    *i = p + 1;
    return value;
  }
  size_t close = text.find('}', p);
  size_t nested = text.find("${", p);
  if (nested != std::string_view::npos && nested < close) {
    errors->Error(SpanWithin(at, text, nested, 2), "a default cannot contain another ${…}",
                  "give a literal default, or SET the variable from another one");
    return std::nullopt;
  }
  if (close == std::string_view::npos) {
    errors->Error(SpanWithin(at, text, ref_begin, 2),
                  "unterminated variable reference: '${' has no closing '}'", kRefHint);
    return std::nullopt;
  }
  *i = close + 1;
  return std::string(Trim(text.substr(p, close - p)));
}

}  // namespace

std::optional<VariableRef> ParseVariableRef(std::string_view text, size_t index,
                                            const SourceSpan& at, Diagnostics* errors) {
  size_t i = index + 2;
  while (i < text.size() && IsBlank(text[i])) ++i;
  size_t name_begin = i;
  while (i < text.size() && IsNameChar(text[i])) ++i;
  std::string name(text.substr(name_begin, i - name_begin));
  while (i < text.size() && IsBlank(text[i])) ++i;
  if (i >= text.size()) {
    errors->Error(SpanWithin(at, text, index, 2),
                  "unterminated variable reference: '${' has no closing '}'", kRefHint);
    return std::nullopt;
  }
  if (name.empty() && text[i] == '}') {
    errors->Error(SpanWithin(at, text, index, i + 1 - index), "empty variable name in '${}'",
                  kRefHint);
    return std::nullopt;
  }
  if (name.empty()) {
    errors->Error(SpanWithin(at, text, i, 1),
                  text[i] == '|' ? std::string("missing variable name before '|'")
                                 : "invalid character " + Describe(text, i) + " in variable name",
                  kRefHint);
    return std::nullopt;
  }
  if (!IsNameStart(name[0])) {
    errors->Error(SpanWithin(at, text, name_begin, name.size()),
                  "variable name '" + name + "' must start with a letter or '_'", kRefHint);
    return std::nullopt;
  }
  VariableRef ref{std::move(name), std::nullopt, index, 0};
  if (text[i] == '}') {
    ref.end = i + 1;
    return ref;
  }
  if (text[i] != '|') {
    errors->Error(SpanWithin(at, text, i, 1),
                  "unexpected " + Describe(text, i) + " in variable reference; expected '}' or '|'",
                  "variable names are letters, digits and _; " + std::string(kRefHint));
    return std::nullopt;
  }
  ref.default_value = ParseDefault(text, index, &i, at, errors);
  if (!ref.default_value) return std::nullopt;
  ref.end = i;
  return ref;
}

std::vector<VariableRef> FindVariables(std::string_view text, Diagnostics* errors,
                                       const SourceSpan& at) {
  std::vector<VariableRef> refs;
  size_t i = text.find("${");
  while (i != std::string_view::npos) {
    std::optional<VariableRef> ref = ParseVariableRef(text, i, at, errors);
    // After a malformed reference, go on after its likely end (the next "}"), so that the pieces
    // of `${a|${b}}` are not taken for references of their own.
    size_t close = text.find('}', i);
    size_t next = ref ? ref->end : (close == std::string_view::npos ? text.size() : close + 1);
    if (ref) refs.push_back(std::move(*ref));
    i = text.find("${", next);
  }
  return refs;
}

// ---- Substitution -------------------------------------------------------------------------

void ResolvedVariables::Record(const std::string& name, const VariableValue& value) {
  for (auto& [known, known_value] : items) {
    if (known == name) {
      known_value = value;
      return;
    }
  }
  items.emplace_back(name, value);
}

std::string SubstituteVariables(std::string_view text, const SourceSpan& at,
                                const VariableScope& scope, std::vector<UnresolvedUse>* unresolved,
                                ResolvedVariables* resolved) {
  Diagnostics malformed;
  std::vector<VariableRef> refs = FindVariables(text, &malformed, at);
  for (const Diagnostic& d : malformed.items()) {
    unresolved->push_back({"", d.span, d.message, d.hint});
  }
  std::string out;
  size_t copied = 0;
  for (const VariableRef& ref : refs) {
    out.append(text.substr(copied, ref.begin - copied));
    copied = ref.end;
    std::optional<VariableValue> value = scope.Resolve(ref.name, ref.default_value);
    if (value) {
      out += value->value;
      if (resolved != nullptr) resolved->Record(ref.name, *value);
    } else {
      out.append(text.substr(ref.begin, ref.end - ref.begin));
      unresolved->push_back(
          {ref.name, SpanWithin(at, text, ref.begin, ref.end - ref.begin), "", ""});
    }
  }
  out.append(text.substr(copied));
  return out;
}

void ApplySet(const SetStmt& set, VariableScope* scope, std::vector<UnresolvedUse>* unresolved,
              ResolvedVariables* resolved) {
  std::string value = set.value;
  if (set.value_kind == SetStmt::ValueKind::kString) {
    value = SubstituteVariables(set.value, StringContentSpan(set.value_span), *scope, unresolved,
                                resolved);
  } else if (set.value_kind == SetStmt::ValueKind::kVariable) {
    value = SubstituteVariables(set.value, set.value_span, *scope, unresolved, resolved);
  }
  scope->DefineSet(set.name.name, std::move(value));
}

namespace {

bool SamePlace(const SourceSpan& a, const SourceSpan& b) {
  return a.file == b.file && a.offset == b.offset && a.line == b.line && a.column == b.column;
}

std::string UndefinedHint(const std::string& name, const VariableScope* scope) {
  std::string hint = "define it with --vars " + name +
                     "=…, in the profile's variables:, with SET " + name +
                     " = …; or give a default: ${" + name + "|value}";
  if (scope == nullptr) return hint;
  std::optional<std::string> close = SuggestClosest(name, scope->Names());
  return close ? "did you mean '" + *close + "'? Otherwise " + hint : hint;
}

}  // namespace

void ReportUnresolvedVariables(const std::vector<UnresolvedUse>& unresolved, Diagnostics* errors,
                               const VariableScope* scope) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<SourceSpan>> places;
  for (const UnresolvedUse& use : unresolved) {
    if (use.name.empty()) {
      errors->Error(use.span, use.error, use.hint);
      continue;
    }
    std::vector<SourceSpan>& spans = places[use.name];
    if (spans.empty()) order.push_back(use.name);
    bool seen = std::any_of(spans.begin(), spans.end(),
                            [&](const SourceSpan& s) { return SamePlace(s, use.span); });
    if (!seen) spans.push_back(use.span);
  }
  for (const std::string& name : order) {
    const std::vector<SourceSpan>& spans = places[name];
    std::string message = "undefined variable '" + name + "' used at ";
    for (size_t i = 0; i < spans.size(); ++i) message += (i ? ", " : "") + spans[i].ToString();
    errors->Error(spans.front(), std::move(message), UndefinedHint(name, scope));
  }
}

// ---- --vars -------------------------------------------------------------------------------

namespace {

std::string InvalidNameMessage(std::string_view name) {
  return "invalid variable name '" + std::string(name) +
         "' in --vars: names are letters, digits and _, not starting with a digit";
}

Result<std::map<std::string, std::string>> ParseJsonVars(std::string_view text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    return Status::Invalid("--vars is not valid JSON: " + what);
  }
  std::map<std::string, std::string> vars;
  for (const auto& [name, value] : json.items()) {
    if (!IsValidVariableName(name)) return Status::Invalid(InvalidNameMessage(name));
    if (value.is_string()) {
      vars[name] = value.get<std::string>();
    } else if (value.is_boolean() || value.is_number()) {
      vars[name] = value.dump();
    } else {
      return Status::Invalid("--vars: the value of '" + name + "' is " +
                             std::string(value.type_name()) + "; give a string, number or boolean");
    }
  }
  return vars;
}

// pairs := [ pair { "," pair } ]      pair := name "=" ( '…' | "…" | text without "," )
Result<std::map<std::string, std::string>> ParsePairVars(std::string_view text) {
  std::map<std::string, std::string> vars;
  size_t i = 0;
  while (i < text.size()) {
    size_t comma = text.find(',', i);
    size_t entry_end = comma == std::string_view::npos ? text.size() : comma;
    std::string_view entry = text.substr(i, entry_end - i);
    if (Trim(entry).empty()) {
      i = entry_end + 1;
      continue;
    }
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {
      return Status::Invalid("--vars entry '" + std::string(Trim(entry)) +
                             "' has no '=': write name=value, and quote a value that holds a "
                             "comma (b='x, y')");
    }
    std::string_view name = Trim(entry.substr(0, eq));
    if (!IsValidVariableName(name)) return Status::Invalid(InvalidNameMessage(name));
    size_t p = i + eq + 1;
    while (p < text.size() && IsBlank(text[p])) ++p;
    if (p < text.size() && (text[p] == '\'' || text[p] == '"')) {
      size_t close = text.find(text[p], p + 1);
      if (close == std::string_view::npos) {
        return Status::Invalid("--vars: unterminated quote in the value of '" + std::string(name) +
                               "': " + std::string(text.substr(p)));
      }
      vars[std::string(name)] = std::string(text.substr(p + 1, close - p - 1));
      comma = text.find(',', close + 1);
      entry_end = comma == std::string_view::npos ? text.size() : comma;
      std::string_view rest = Trim(text.substr(close + 1, entry_end - close - 1));
      if (!rest.empty()) {
        return Status::Invalid("--vars: unexpected '" + std::string(rest) +
                               "' after the quoted value of '" + std::string(name) + "'");
      }
    } else {
      vars[std::string(name)] = std::string(Trim(text.substr(p, entry_end - p)));
    }
    i = entry_end + 1;
  }
  return vars;
}

}  // namespace

Result<std::map<std::string, std::string>> ParseCliVars(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '{') return ParseJsonVars(text);
  return ParsePairVars(text);
}

}  // namespace sqlflow
