#include "plan/planner.h"

#include <algorithm>
#include <filesystem>

#include "common/text_encoding.h"
#include "lang/parser.h"
#include "plan/condition.h"
#include "plan/plan_builder.h"

namespace sqlflow {

namespace {

// Bounds the recursion of INCLUDE chains (each file a level) on hostile input; real projects
// include a few levels deep.
constexpr size_t kMaxIncludeDepth = 32;

}  // namespace

PlanResult PlanPipeline(const PlanRequest& request, const PlannerDeps& deps) {
  PlanResult result;
  PlanBuilder(request, deps, &result).Run();
  return result;
}

PlanBuilder::PlanBuilder(const PlanRequest& request, const PlannerDeps& deps, PlanResult* result)
    : request_(request), deps_(deps), result_(result), diags_(result->diagnostics) {
  vars_.SetCliVars(request.cli_vars);
  vars_.SetProfileVars(request.profile_vars);
  vars_.SetEnvironment(request.environment);
}

void PlanBuilder::Run() {
  WalkFile({request_.path, request_.display_path}, nullptr);
  ReportUnavailableProfileVars();
  ReportUnresolvedVariables(unresolved_, &diags_, &vars_);
  // Later checks run even after errors so that one pass reports as much as it can.
  ResolveLoads();
  LinkSteps();
  CheckUnknownTables();
  OrderSteps();
  diags_.SortByPlace();
  if (diags_.has_errors()) return;

  Plan plan;
  plan.pipeline = request_.pipeline_name;
  plan.file = request_.display_path;
  plan.steps = std::move(steps_);
  plan.included_files = included_files_;
  for (const auto& [name, value] : used_vars_.items) {
    plan.variables.emplace_back(name, value.value + " (" + ToString(value.origin) + ")");
  }
  for (const Diagnostic& d : diags_.items()) {
    if (d.severity == Severity::kWarning) plan.warnings.Add(d);
  }
  result_->plan = std::move(plan);
}

void PlanBuilder::ReportUnavailableProfileVars() {
  for (const auto& [name, why] : request_.unavailable_profile_vars) {
    bool used = false;
    for (const auto& [used_name, value] : used_vars_.items) {
      used = used || (used_name == name && value.origin != VariableOrigin::kCli);
    }
    for (auto it = unresolved_.begin(); it != unresolved_.end();) {
      if (it->name != name) {
        ++it;
        continue;
      }
      used = true;
      it = unresolved_.erase(it);  // reported here, with the real cause
    }
    if (used) {
      diags_.Error(SourceSpan{request_.profile_file},
                   "variable '" + name + "' cannot be resolved: " + why,
                   "set it in the environment or .env, or pass --vars " + name + "=…");
    }
  }
}

void PlanBuilder::WalkFile(const FileRef& file, const SourceSpan* included_at) {
  Result<std::string> text = deps_.fs->ReadFile(file.path);
  if (!text.ok()) {
    if (included_at != nullptr) {
      std::string cause = text.status().code() == StatusCode::kNotFound
                              ? std::string("no such file")
                              : text.status().message();
      diags_.Error(*included_at, "cannot include '" + file.display + "': " + cause,
                   "INCLUDE paths are relative to the including file's folder");
    } else {
      diags_.Error(SourceSpan{file.display}, text.status().message());
    }
    return;
  }
  // Checked before parsing: the parser would report the symptoms (an unknown statement, an SQL
  // error) of what is really an editor's encoding setting. The text is not kept for excerpts,
  // which would print the bad bytes.
  if (std::optional<EncodingProblem> problem = FindEncodingProblem(*text)) {
    diags_.Error(SourceSpan{file.display, problem->line, problem->column, problem->offset, 1},
                 problem->message, problem->hint);
    return;
  }
  std::string_view body = SkipUtf8Bom(*text);
  result_->texts.Add(file.display, std::string(body));
  ParseResult parsed = ParsePipeline(body, file.display);
  diags_.Append(parsed.diagnostics);
  auto ast = std::make_unique<PipelineAst>(std::move(parsed.ast));
  const PipelineAst& kept = *ast;
  asts_.push_back(std::move(ast));
  include_stack_.push_back(file.display);
  Walk(kept.statements, file);
  include_stack_.pop_back();
}

void PlanBuilder::Walk(const std::vector<Statement>& statements, const FileRef& file) {
  for (const Statement& stmt : statements) {
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, SetStmt>) ApplySet(node);
          if constexpr (std::is_same_v<T, IfStmt>) ApplyIf(node, file);
          if constexpr (std::is_same_v<T, IncludeStmt>) ApplyInclude(node, stmt, file);
          if constexpr (std::is_same_v<T, SourceStmt>) AddSourceStep(node, stmt);
          if constexpr (std::is_same_v<T, LoadStmt>) AddLoadStep(node, stmt);
          if constexpr (std::is_same_v<T, CreateTableStmt>) AddCreateStep(node, stmt);
          if constexpr (std::is_same_v<T, ExportStmt>) AddExportStep(node, stmt);
          if constexpr (std::is_same_v<T, SqlStmt>) AddSqlStep(node, stmt);
        },
        stmt.node);
  }
}

// SET name = value: a later SET overrides an earlier one; the value may use other variables.
void PlanBuilder::ApplySet(const SetStmt& set) {
  sqlflow::ApplySet(set, &vars_, &unresolved_, &used_vars_);
}

// Only the first branch whose condition holds enters the plan.
void PlanBuilder::ApplyIf(const IfStmt& block, const FileRef& file) {
  for (const IfBranch& branch : block.branches) {
    std::optional<bool> holds =
        EvaluateCondition(branch.condition, vars_, &unresolved_, &diags_, &used_vars_);
    if (!holds) return;  // reported
    if (*holds) {
      Walk(branch.body, file);
      return;
    }
  }
  if (block.else_body) Walk(*block.else_body, file);
}

void PlanBuilder::ApplyInclude(const IncludeStmt& include, const Statement& stmt,
                               const FileRef& file) {
  namespace fs = std::filesystem;
  std::string relative = Substitute(include.path);
  FileRef target;
  target.path = (fs::path(file.path).parent_path() / relative).lexically_normal().string();
  target.display = (fs::path(file.display).parent_path() / relative).lexically_normal().string();
  if (!CheckIncludable(include, relative, target)) return;
  auto seen = std::find(include_stack_.begin(), include_stack_.end(), target.display);
  if (seen != include_stack_.end()) {
    std::string chain;
    for (auto it = seen; it != include_stack_.end(); ++it) chain += *it + " -> ";
    diags_.Error(include.path.span, "INCLUDE cycle: " + chain + target.display,
                 "remove one of these INCLUDE statements");
    return;
  }
  if (include_stack_.size() > kMaxIncludeDepth) {
    diags_.Error(include.path.span, "INCLUDE is nested too deeply",
                 "nest at most " + std::to_string(kMaxIncludeDepth) + " levels of INCLUDE");
    return;
  }
  if (std::find(included_files_.begin(), included_files_.end(), target.display) ==
      included_files_.end()) {
    included_files_.push_back(target.display);
  }
  WalkFile(target, &include.path.span);
}

// INCLUDE reads only .sf files inside the project (after `..` and symbolic links), so that it
// cannot read, and quote in its errors, other files such as .env or /etc/passwd.
bool PlanBuilder::CheckIncludable(const IncludeStmt& include, const std::string& written,
                                  const FileRef& target) {
  namespace fs = std::filesystem;
  if (fs::path(written).extension() != ".sf") {
    diags_.Error(include.path.span,
                 "cannot include '" + written + "': only pipeline files (.sf) can be included",
                 "INCLUDE a .sf file inside the project folder");
    return false;
  }
  if (request_.display_root.empty()) return true;
  std::string root = deps_.fs->ResolveLinks(request_.display_root);
  std::string resolved = deps_.fs->ResolveLinks(target.path);
  fs::path inside = fs::path(resolved).lexically_relative(root);
  if (!inside.empty() && *inside.begin() != "..") return true;
  diags_.Error(include.path.span,
               "cannot include '" + written + "': it is outside the project folder",
               "INCLUDE only .sf files inside the project folder (symbolic links are followed)");
  return false;
}

}  // namespace sqlflow
