#include "plan/param_validation.h"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string_view>

#include "common/edit_distance.h"
#include "common/secret_text.h"
#include "common/strings.h"

namespace sqlflow {

namespace {

using ordered_json = nlohmann::ordered_json;

std::string WithArticle(const std::string& noun) {
  return (std::string("aeiou").find(noun[0]) != std::string::npos ? "an " : "a ") + noun;
}

bool HasType(const ordered_json& v, ParamType type) {
  switch (type) {
    case ParamType::kString:
      return v.is_string();
    case ParamType::kBool:
      return v.is_boolean();
    case ParamType::kInteger: {
      // ${VAR} values substituted from the environment or a profile arrive as text: "5432".
      if (v.is_number_integer()) return true;
      if (!v.is_string()) return false;
      std::string_view text = v.get_ref<const std::string&>();
      if (text.starts_with('-')) text.remove_prefix(1);
      return !text.empty() && text.size() < 19 &&
             text.find_first_not_of("0123456789") == std::string_view::npos;
    }
    case ParamType::kNumber:
      return v.is_number();
    case ParamType::kObject:
      return v.is_object();
    case ParamType::kList:
      return v.is_array();
    case ParamType::kStringOrList:
      if (v.is_string()) return true;
      if (!v.is_array()) return false;
      for (const auto& item : v) {
        if (!item.is_string()) return false;
      }
      return true;
  }
  return false;
}

// What kind of value `v` is, for messages that must not show a credential's value.
std::string KindOf(const ordered_json& v) {
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  if (v.is_null()) return "null";
  return "a string";
}

// The value of a kInteger param, given as a JSON integer or as its text ("5432", "-1").
// REQUIRES: HasType(v, ParamType::kInteger).
int64_t IntegerValue(const ordered_json& v) {
  if (v.is_number_integer()) {
    return v.is_number_unsigned()
               ? static_cast<int64_t>(std::min<uint64_t>(v.get<uint64_t>(), INT64_MAX))
               : v.get<int64_t>();
  }
  const std::string& text = v.get_ref<const std::string&>();
  int64_t out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

// "from 1 to 65535", "0 or more", "at most 10": the range of a kInteger param with limits.
std::string RangeText(const ParamSpec& p) {
  if (p.min_value && p.max_value) {
    return "from " + std::to_string(*p.min_value) + " to " + std::to_string(*p.max_value);
  }
  if (p.min_value) return std::to_string(*p.min_value) + " or more";
  return "at most " + std::to_string(p.max_value.value_or(0));
}

bool InRange(const ParamSpec& p, int64_t value) {
  return (!p.min_value || value >= *p.min_value) && (!p.max_value || value <= *p.max_value);
}

// The span of member `key` in the AST object, or `fallback`.
SourceSpan SpanOf(const JsonValue& object, const std::string& key, const SourceSpan& fallback) {
  for (const JsonMember& m : object.members) {
    if (m.key == key) return m.key_span;
  }
  return fallback;
}

// What: "SOURCE orders (CSV)" or "EXPORT … TYPE CSV"; used in messages.
void CheckParams(const ConnectorSpec& spec, const ordered_json& params, const JsonValue& ast,
                 SourceSpan fallback, const std::string& what, Diagnostics* diags) {
  // Problems with the params as a whole point at the `{` of the object when it was written.
  if (ast.span.known())
    fallback = SourceSpan{ast.span.file, ast.span.line, ast.span.column, ast.span.offset, 1};
  for (const auto& [key, value] : params.items()) {
    SourceSpan at = SpanOf(ast, key, fallback);
    const ParamSpec* p = spec.FindParam(key);
    if (p == nullptr) {
      auto near = SuggestClosest(key, spec.ParamNames());
      diags->Error(
          at, "unknown parameter '" + key + "' for " + what,
          near ? "did you mean '" + *near + "'?" : "valid parameters: " + Join(spec.ParamNames()));
      continue;
    }
    if (!HasType(value, p->type)) {
      // A credential's value never appears in a message, even when it is of the wrong type.
      std::string shown = IsSecretKey(key) ? KindOf(value) : value.dump();
      diags->Error(at, "parameter '" + key + "' of " + what + " must be " +
                           WithArticle(ToString(p->type)) + ", not " + shown);
      continue;
    }
    if (p->type == ParamType::kInteger && !InRange(*p, IntegerValue(value))) {
      diags->Error(at, "parameter '" + key + "' of " + what + " must be " + RangeText(*p) +
                           ", not " + std::to_string(IntegerValue(value)));
      continue;
    }
    if (!p->allowed_values.empty() && value.is_string()) {
      std::string v = value.get<std::string>();
      bool ok = false;
      for (const std::string& a : p->allowed_values)
        ok = ok || strcasecmp(a.c_str(), v.c_str()) == 0;
      if (!ok) {
        diags->Error(at, "parameter '" + key + "' of " + what + " cannot be '" + v + "'",
                     "valid values: " + Join(p->allowed_values));
      }
    }
  }
  for (const ParamSpec& p : spec.params) {
    bool present = params.contains(p.name);
    for (const std::string& a : p.aliases) present = present || params.contains(a);
    if (p.required && !present) {
      diags->Error(fallback, what + " needs parameter '" + p.name + "'",
                   "add \"" + p.name + "\": … (" + p.description + ")");
    }
  }
  for (const auto& group : spec.one_of) {
    int given = 0;
    for (const std::string& name : group) given += params.contains(name) ? 1 : 0;
    if (given != 1) {
      diags->Error(fallback, what + " needs exactly one of: " + Join(group),
                   given == 0 ? "add one of them" : "remove all but one of them");
    }
  }
}

const ProfileConnection* FindConnection(const std::vector<ProfileConnection>& connections,
                                        const std::string& name) {
  for (const ProfileConnection& c : connections) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<std::string> ConnectionNames(const std::vector<ProfileConnection>& connections) {
  std::vector<std::string> out;
  for (const ProfileConnection& c : connections) out.push_back(c.name);
  return out;
}

}  // namespace

// lookback_window: "<whole number> <unit>" (the runner hands it to the engine as an INTERVAL).
// Re-read rows are matched by primary_key, so a lookback without a key would duplicate them.
static void CheckLookbackWindow(const ordered_json& params, const ParamCheckInput& in,
                                const std::string& what, Diagnostics* d) {
  auto it = params.find("lookback_window");
  if (it == params.end() || !it->is_string()) return;
  SourceSpan span = SpanOf(in.source.params, "lookback_window", in.statement_span);
  std::string text = it->get<std::string>();
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::string unit = ToLowerAscii(text.substr(digits));
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  if (!unit.empty() && unit.back() == 's') unit.pop_back();
  static const std::vector<std::string> kUnits = {"second", "minute", "hour", "day", "week"};
  if (digits == 0 || std::find(kUnits.begin(), kUnits.end(), unit) == kUnits.end()) {
    d->Error(span, what + ": lookback_window '" + text + "' is not a duration",
             "write a whole number and a unit, e.g. \"2 hours\" (units: seconds, minutes, "
             "hours, days, weeks)");
    return;
  }
  if (!params.contains("primary_key")) {
    d->Error(span, what + ": lookback_window re-reads rows, so it needs primary_key",
             "add \"primary_key\": \"<key column>\" so that re-read rows are merged, not "
             "duplicated");
  }
}

ParamCheckOutput CheckSourceParams(const ParamCheckInput& in, Diagnostics* diags) {
  ParamCheckOutput out;
  out.params = in.params;
  Diagnostics ignored;
  Diagnostics* d = diags != nullptr ? diags : &ignored;
  SourceSpan type_span = in.statement_span;
  if (in.source.connection) {
    const std::string& name = in.source.connection->value;
    const ProfileConnection* conn = FindConnection(in.connections, name);
    if (conn == nullptr) {
      auto near = SuggestClosest(name, ConnectionNames(in.connections));
      std::string names = Join(ConnectionNames(in.connections));
      d->Error(in.source.connection->span, "unknown connection '" + name + "'",
               near            ? "did you mean '" + *near + "'?"
               : names.empty() ? "the profile defines no connectors: add it under connectors:"
                               : "the profile defines: " + names);
      return out;
    }
    out.params = ordered_json::parse(conn->params_json, nullptr, false);
    if (!out.params.is_object()) out.params = ordered_json::object();
    for (const auto& [k, v] : in.params.items()) out.params[k] = v;
    out.connector_type = conn->type;
    type_span = in.source.connection->span;
  } else if (in.source.connector_type) {
    out.connector_type = in.source.connector_type->name;
    type_span = in.source.connector_type->span;
  }
  out.connector_type = ToUpperAscii(out.connector_type);
  const ConnectorSpec* spec = in.catalog.FindSource(out.connector_type);
  if (spec == nullptr) {
    auto near = SuggestClosest(out.connector_type, in.catalog.SourceTypes());
    d->Error(type_span, "unknown connector type '" + out.connector_type + "'",
             (near ? "did you mean " + *near + "? " : std::string()) +
                 "valid types: " + Join(in.catalog.SourceTypes()));
    out.connector_type.clear();
    return out;
  }
  std::string what = "SOURCE " + in.source.name.name + " (" + spec->type + ")";
  CheckParams(*spec, out.params, in.source.params, in.statement_span, what, d);
  const auto sync = out.params.find("sync_mode");
  out.incremental = sync != out.params.end() && sync->is_string() &&
                    strcasecmp(sync->get<std::string>().c_str(), "incremental") == 0;
  if (out.incremental && !out.params.contains("cursor_field") && !spec->knows_cursors) {
    d->Error(SpanOf(in.source.params, "sync_mode", in.statement_span),
             what + " is incremental but has no cursor_field",
             "add \"cursor_field\": \"<column that grows>\", e.g. updated_at");
  }
  CheckLookbackWindow(out.params, in, what, d);
  return out;
}

void CheckExportOptions(const ExportStmt& exp, const ordered_json& options,
                        const std::vector<ProfileConnection>& connections,
                        const ConnectorCatalog& catalog, Diagnostics* diags) {
  const ConnectorSpec* spec = catalog.FindExportFormat(exp.format.name);
  if (spec == nullptr) {
    auto near = SuggestClosest(exp.format.name, catalog.ExportTypes());
    diags->Error(exp.format.span, "unknown export type '" + exp.format.name + "'",
                 (near ? "did you mean " + *near + "? " : std::string()) +
                     "valid types: " + Join(catalog.ExportTypes()));
    return;
  }
  CheckParams(*spec, options, exp.options, exp.format.span, "EXPORT TYPE " + spec->type, diags);
  auto connection = options.find("connection");
  if (connection != options.end() && connection->is_string()) {
    std::string name = connection->get<std::string>();
    if (FindConnection(connections, name) == nullptr) {
      auto near = SuggestClosest(name, ConnectionNames(connections));
      diags->Error(SpanOf(exp.options, "connection", exp.format.span),
                   "unknown connection '" + name + "'",
                   near ? "did you mean '" + *near + "'?"
                        : "name a connector defined under connectors: in the profile");
    }
  }
  auto mode = options.find("mode");
  if (mode != options.end() && mode->is_string() && mode->get<std::string>() == "merge" &&
      !options.contains("key")) {
    diags->Error(SpanOf(exp.options, "mode", exp.format.span),
                 "EXPORT TYPE " + spec->type + ": mode \"merge\" needs the key columns",
                 "add \"key\": \"id\" or \"key\": [\"a\", \"b\"] to the OPTIONS");
  }
}

}  // namespace sqlflow
