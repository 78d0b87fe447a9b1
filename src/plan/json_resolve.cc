#include "plan/json_resolve.h"

#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

namespace sqlflow {

namespace {

using Json = nlohmann::ordered_json;

template <typename T>
std::optional<T> FromChars(std::string_view text) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// A JSON number from its literal text: int64, then uint64 for integral text, else double;
// nullopt when the text is not a number or a double would overflow.
std::optional<Json> NumberFromText(std::string_view text) {
  if (text.find_first_of(".eE") == std::string_view::npos) {
    if (std::optional<int64_t> i = FromChars<int64_t>(text)) return Json(*i);
    if (std::optional<uint64_t> u = FromChars<uint64_t>(text)) return Json(*u);
  }
  if (std::optional<double> d = FromChars<double>(text)) return Json(*d);
  return std::nullopt;
}

// The text of a bare `${…}` resolved, or nullopt (recorded in `unresolved`) when it is
// undefined or malformed.
std::optional<std::string> ResolveBareText(const JsonValue& value, const VariableScope& vars,
                                           std::vector<UnresolvedUse>* unresolved,
                                           ResolvedVariables* resolved) {
  Diagnostics malformed;
  std::optional<VariableRef> ref;
  if (value.text.rfind("${", 0) == 0) ref = ParseVariableRef(value.text, 0, value.span, &malformed);
  for (const Diagnostic& d : malformed.items()) {
    unresolved->push_back({"", d.span, d.message, d.hint});
  }
  if (!ref) return std::nullopt;
  std::optional<VariableValue> found = vars.Resolve(ref->name, ref->default_value);
  if (!found) {
    unresolved->push_back({ref->name, SpanWithin(value.span, value.text, 0, ref->end), "", ""});
    return std::nullopt;
  }
  if (resolved != nullptr) resolved->Record(ref->name, *found);
  return std::move(found->value);
}

// A bare `${…}`: a literal typed by the resolved text.
Json ResolveBareVariable(const JsonValue& value, const VariableScope& vars,
                         std::vector<UnresolvedUse>* unresolved, ResolvedVariables* resolved) {
  std::optional<std::string> text = ResolveBareText(value, vars, unresolved, resolved);
  if (!text) return Json(value.text);
  switch (ClassifyValue(*text)) {
    case ValueType::kBool:
      return Json(text->size() == 4);  // "true" vs "false", any case
    case ValueType::kNumber:
      if (std::optional<Json> number = NumberFromText(*text)) return *number;
      return Json(*text);  // too large for a double: kept as text
    case ValueType::kString:
      return Json(*text);
  }
  return Json(*text);
}

Json ResolveNumber(const JsonValue& value, std::vector<UnresolvedUse>* unresolved) {
  if (std::optional<Json> number = NumberFromText(value.text)) return *number;
  unresolved->push_back({"", value.span, "number " + value.text + " is out of range",
                         "write a smaller number, or quote it to pass it as text"});
  return Json(value.text);
}

}  // namespace

Json ResolveJson(const JsonValue& value, const VariableScope& vars,
                 std::vector<UnresolvedUse>* unresolved, ResolvedVariables* resolved) {
  switch (value.kind) {
    case JsonValue::Kind::kNull:
      return Json(nullptr);
    case JsonValue::Kind::kBool:
      return Json(value.bool_value);
    case JsonValue::Kind::kNumber:
      return ResolveNumber(value, unresolved);
    case JsonValue::Kind::kString:
      return Json(SubstituteVariables(value.text, StringContentSpan(value.span), vars, unresolved,
                                      resolved));
    case JsonValue::Kind::kVariable:
      return ResolveBareVariable(value, vars, unresolved, resolved);
    case JsonValue::Kind::kArray: {
      Json array = Json::array();
      for (const JsonValue& item : value.items) {
        array.push_back(ResolveJson(item, vars, unresolved, resolved));
      }
      return array;
    }
    case JsonValue::Kind::kObject: {
      Json object = Json::object();
      for (const JsonMember& member : value.members) {
        std::string key = SubstituteVariables(member.key, StringContentSpan(member.key_span), vars,
                                              unresolved, resolved);
        object[key] = ResolveJson(member.value, vars, unresolved, resolved);
      }
      return object;
    }
  }
  return Json(nullptr);
}

}  // namespace sqlflow
