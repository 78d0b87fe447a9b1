// PlanBuilder: one Step per executable statement (SOURCE, LOAD, CREATE, EXPORT, SQL).
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "plan/json_resolve.h"
#include "plan/param_validation.h"
#include "plan/plan_builder.h"

namespace sqlflow {

namespace {

using ordered_json = nlohmann::ordered_json;

std::vector<std::string> KeyNames(const std::vector<Identifier>& keys) {
  std::vector<std::string> out;
  for (const Identifier& k : keys) out.push_back(k.name);
  return out;
}

// "output/daily_2024.parquet" -> "daily_2024"
std::string IdFromPath(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  std::string id;
  for (char c : stem) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return id.empty() ? "file" : id;
}

}  // namespace

std::string PlanBuilder::Substitute(const SqlText& text) {
  return SubstituteVariables(text.text, text.span, vars_, &unresolved_, &used_vars_);
}

std::string PlanBuilder::Substitute(const StringLiteral& text) {
  return SubstituteVariables(text.value, StringContentSpan(text.span), vars_, &unresolved_,
                             &used_vars_);
}

namespace {

void SetTarget(Step& step, const QualifiedName& name) {
  step.target_table = name.ToString();
  step.target_name = name.parts.empty() ? "" : name.parts.back().name;
  step.target_schema = name.parts.size() >= 2 ? name.parts[name.parts.size() - 2].name : "";
}

// The Python UDFs `tables` says the step's SQL calls (SPEC §3.6); the SQL becomes the rewritten
// text that calls them by their registered names.
void AddPythonCalls(Step& step, const SqlTables& tables) {
  for (const SqlTables::PythonCall& call : tables.python_calls) {
    auto& names = call.table ? step.python_table_udfs : step.python_udfs;
    if (std::find(names.begin(), names.end(), call.name) == names.end()) {
      names.push_back(call.name);
    }
  }
  step.unknown_functions = tables.unknown_functions;
  if (!tables.rewritten_sql.empty()) step.sql = tables.rewritten_sql;
}

}  // namespace

void PlanBuilder::AddStep(Step step) {
  // Ids are used on the command line (--select): letters, digits, '_' and '.' only.
  for (char& c : step.id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') c = '_';
  }
  std::string id = step.id;
  for (int n = 2; step_ids_.count(id) > 0; ++n) id = step.id + "." + std::to_string(n);
  step.id = id;
  step_ids_.insert(id);
  steps_.push_back(std::move(step));
}

void PlanBuilder::AnalyzeInto(Step& step, const SqlText& text, const std::string& sql,
                              bool is_query) {
  Result<SqlTables> tables =
      is_query ? deps_.analyzer->AnalyzeQuery(sql) : deps_.analyzer->AnalyzeStatement(sql);
  if (!tables.ok()) {
    // The engine gives the error's offset within the SQL; it maps back to the file only when
    // no variable changed the text.
    SourceSpan at = text.span;
    const auto& where = tables.status().span();
    if (where && sql == text.text && where->offset < sql.size()) {
      at = SpanWithin(text.span, text.text, where->offset, 1);
      size_t end = where->offset;
      while (end < sql.size() && !std::isspace(static_cast<unsigned char>(sql[end]))) ++end;
      at.length = static_cast<uint32_t>(std::max<size_t>(1, end - where->offset));
    }
    bool udf_call = tables.status().message().starts_with("PYTHON_FUNC");
    diags_.Error(at, tables.status().message(),
                 udf_call ? "`sqlflow udf list` shows the UDFs and the names to call them by"
                          : "fix the SQL; it is checked by " + deps_.analyzer->parser_name());
    return;
  }
  for (const std::string& t : tables->reads) step.reads.push_back(TableKey(t));
  for (const std::string& t : tables->writes) step.writes.push_back(TableKey(t));
  step.barrier = !tables->determined;
  step.columns_read = tables->columns;
  AddPythonCalls(step, *tables);
}

void PlanBuilder::AddSourceStep(const SourceStmt& source, const Statement& stmt) {
  Step step;
  step.kind = StepKind::kSource;
  step.id = "source." + source.name.name;
  step.span = stmt.span;
  step.source_name = source.name.name;
  std::string key = TableKey(source.name.name);
  if (auto prev = sources_.find(key); prev != sources_.end()) {
    diags_.Error(source.name.span, "SOURCE '" + source.name.name + "' is defined twice",
                 "the first definition is at " + steps_[prev->second].span.ToString() +
                     "; rename one of them");
    return;
  }
  size_t before = unresolved_.size();
  ordered_json params = ResolveJson(source.params, vars_, &unresolved_, &used_vars_);
  bool resolved = unresolved_.size() == before;
  ParamCheckInput check{source, stmt.span, params, request_.connections, *deps_.catalog};
  ParamCheckOutput checked = CheckSourceParams(check, resolved ? &diags_ : nullptr);
  step.connector_type = checked.connector_type;
  step.connection = source.connection ? source.connection->value : "";
  step.params_json = checked.params.dump();
  step.incremental = checked.incremental;
  step.writes.push_back(key);
  sources_[key] = steps_.size();
  AddStep(std::move(step));
}

void PlanBuilder::AddLoadStep(const LoadStmt& load, const Statement& stmt) {
  Step step;
  step.kind = StepKind::kLoad;
  step.id = "load." + TableKey(load.table.ToString());
  step.span = stmt.span;
  step.source_name = load.source.name;
  SetTarget(step, load.table);
  step.mode = load.mode.mode;
  step.keys = KeyNames(load.mode.keys);
  step.reads.push_back(TableKey(load.source.name));
  step.writes.push_back(TableKey(step.target_table));
  loads_.emplace_back(steps_.size(), &load);
  AddStep(std::move(step));
}

void PlanBuilder::AddCreateStep(const CreateTableStmt& create, const Statement& stmt) {
  Step step;
  step.kind = StepKind::kTransform;
  step.id = "transform." + TableKey(create.table.ToString());
  step.span = stmt.span;
  SetTarget(step, create.table);
  step.mode = create.mode.mode;
  step.keys = KeyNames(create.mode.keys);
  if (create.mode.incremental_column)
    step.incremental_column = create.mode.incremental_column->name;
  step.lookback = create.mode.lookback;
  if (create.or_replace && create.mode.is_explicit && create.mode.mode != WriteMode::kReplace) {
    diags_.Error(create.mode.span, "CREATE OR REPLACE TABLE cannot use MODE " + create.mode.keyword,
                 "drop OR REPLACE to keep existing rows, or drop the MODE clause");
  }
  size_t before = unresolved_.size();
  step.sql = Substitute(create.query);
  if (unresolved_.size() == before) AnalyzeInto(step, create.query, step.sql, true);
  step.writes.push_back(TableKey(step.target_table));
  AddStep(std::move(step));
}

void PlanBuilder::AddExportStep(const ExportStmt& exp, const Statement& stmt) {
  Step step;
  step.kind = StepKind::kExport;
  step.span = stmt.span;
  step.destination = Substitute(exp.destination);
  step.format = ToUpperAscii(exp.format.name);
  size_t before = unresolved_.size();
  ordered_json options = ResolveJson(exp.options, vars_, &unresolved_, &used_vars_);
  bool resolved = unresolved_.size() == before;
  if (resolved) CheckExportOptions(exp, options, request_.connections, *deps_.catalog, &diags_);
  step.options_json = options.dump();
  if (exp.table) {
    step.sql = "SELECT * FROM " + exp.table->ToString();
    step.reads.push_back(TableKey(exp.table->ToString()));
  } else if (exp.query) {
    before = unresolved_.size();
    step.sql = Substitute(*exp.query);
    if (unresolved_.size() == before) AnalyzeInto(step, *exp.query, step.sql, true);
  }
  std::string name = IdFromPath(step.destination);
  if (step.format == "POSTGRES" && options.contains("table") && options["table"].is_string()) {
    name = options["table"].get<std::string>();
  }
  step.id = "export." + name + "_" + TableKey(step.format);
  AddStep(std::move(step));
}

void PlanBuilder::AddSqlStep(const SqlStmt& sql, const Statement& stmt) {
  Step step;
  step.kind = StepKind::kSql;
  step.id = "sql." + std::to_string(stmt.span.line);
  step.span = stmt.span;
  size_t before = unresolved_.size();
  step.sql = Substitute(sql.sql);
  if (unresolved_.size() == before) AnalyzeInto(step, sql.sql, step.sql, false);
  AddStep(std::move(step));
}

}  // namespace sqlflow
