#include "plan/plan_printer.h"

#include <nlohmann/json.hpp>

#include "common/strings.h"

namespace sqlflow {

namespace {

using ordered_json = nlohmann::ordered_json;

std::string ModeText(const Step& step) {
  std::string text = ToString(step.mode);
  if (!step.keys.empty()) text += " KEY (" + Join(step.keys) + ")";
  if (step.mode == WriteMode::kIncremental) {
    text += " BY " + step.incremental_column;
    if (step.lookback) {
      text += " LOOKBACK " + std::to_string(step.lookback->first) + " " + step.lookback->second;
    }
  }
  return text;
}

// One line saying what the step does.
std::string Summary(const Step& step, const ParamMask& mask) {
  switch (step.kind) {
    case StepKind::kSource:
      return "SOURCE " + step.source_name + " TYPE " + step.connector_type +
             (step.connection.empty() ? "" : " FROM \"" + step.connection + "\"") + " " +
             mask(step.params_json);
    case StepKind::kLoad:
      return "LOAD " + step.target_table + " FROM " + step.source_name + " MODE " + ModeText(step);
    case StepKind::kTransform:
      return "CREATE TABLE " + step.target_table + " MODE " + ModeText(step) + " AS " + step.sql;
    case StepKind::kExport:
      return "EXPORT TO '" + step.destination + "' TYPE " + step.format + " " +
             mask(step.options_json) + ": " + step.sql;
    case StepKind::kSql:
      return step.sql;
  }
  return "";
}

// "   python udfs: a.f, ltv.lv (table); unknown functions: discount\n", or "" when none.
std::string PythonLine(const Step& step) {
  std::vector<std::string> udfs = step.python_udfs;
  for (const std::string& name : step.python_table_udfs) udfs.push_back(name + " (table)");
  std::string line;
  if (!udfs.empty()) line = "python udfs: " + Join(udfs);
  if (!step.unknown_functions.empty()) {
    if (!line.empty()) line += "; ";
    line += "unknown functions: " + Join(step.unknown_functions);
  }
  return line.empty() ? "" : "   " + line + "\n";
}

}  // namespace

std::string FormatPlanText(const Plan& plan, const ParamMask& mask) {
  std::string out = "pipeline " + plan.pipeline + " (" + plan.file +
                    "): " + std::to_string(plan.steps.size()) + " step" +
                    (plan.steps.size() == 1 ? "" : "s") + "\n";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& step = plan.steps[i];
    out += std::to_string(i + 1) + ". " + step.id + "  [" + step.span.ToString() + "]";
    if (!step.depends_on.empty()) out += "  after " + Join(step.depends_on);
    if (step.barrier) out += "  (barrier: tables unknown)";
    std::string summary = Summary(step, mask);
    std::string indented;
    for (char c : summary) indented += c == '\n' ? std::string("\n   ") : std::string(1, c);
    out += "\n   " + indented + "\n";
    out += PythonLine(step);
  }
  return out;
}

std::string FormatPlanJson(const Plan& plan, const ParamMask& mask) {
  ordered_json doc;
  doc["pipeline"] = plan.pipeline;
  doc["file"] = plan.file;
  doc["included_files"] = plan.included_files;
  ordered_json vars = ordered_json::object();
  for (const auto& [name, value] : plan.variables) vars[name] = value;
  doc["variables"] = std::move(vars);
  ordered_json steps = ordered_json::array();
  for (const Step& s : plan.steps) {
    ordered_json j;
    j["id"] = s.id;
    j["kind"] = ToString(s.kind);
    j["file"] = s.span.file;
    j["line"] = s.span.line;
    j["column"] = s.span.column;
    j["depends_on"] = s.depends_on;
    j["reads"] = s.reads;
    j["writes"] = s.writes;
    if (s.barrier) j["barrier"] = true;
    if (s.kind == StepKind::kSource) {
      j["connector_type"] = s.connector_type;
      if (!s.connection.empty()) j["connection"] = s.connection;
      j["params"] = ordered_json::parse(mask(s.params_json), nullptr, false);
      j["incremental"] = s.incremental;
    }
    if (s.kind == StepKind::kLoad || s.kind == StepKind::kTransform) {
      j["target"] = s.target_table;
      j["mode"] = ToString(s.mode);
      if (!s.keys.empty()) j["keys"] = s.keys;
      if (s.kind == StepKind::kLoad) j["source"] = s.source_name;
      if (!s.incremental_column.empty()) j["incremental_by"] = s.incremental_column;
      if (s.lookback) j["lookback"] = {{"amount", s.lookback->first}, {"unit", s.lookback->second}};
    }
    if (s.kind == StepKind::kExport) {
      j["destination"] = s.destination;
      j["format"] = s.format;
      j["options"] = ordered_json::parse(mask(s.options_json), nullptr, false);
    }
    if (!s.sql.empty()) j["sql"] = s.sql;
    if (!s.python_udfs.empty()) j["python_udfs"] = s.python_udfs;
    if (!s.python_table_udfs.empty()) j["python_table_udfs"] = s.python_table_udfs;
    if (!s.unknown_functions.empty()) j["unknown_functions"] = s.unknown_functions;
    steps.push_back(std::move(j));
  }
  doc["steps"] = std::move(steps);
  return doc.dump(2) + "\n";
}

}  // namespace sqlflow
