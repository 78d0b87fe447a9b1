// PlanBuilder: the state of one planning pass (internal to plan/; PlanPipeline is the API).
// It walks the statements in file order (SET, IF and INCLUDE are resolved as they are met),
// builds one Step per executable statement, then links and orders the steps.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lang/ast.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "plan/variables.h"

namespace sqlflow {

class PlanBuilder {
 public:
  PlanBuilder(const PlanRequest& request, const PlannerDeps& deps, PlanResult* result);

  void Run();

 private:
  // planner.cc: the walk.
  // Where a file is, on disk and as shown to the user; INCLUDE paths are relative to both.
  struct FileRef {
    std::string path;
    std::string display;
  };
  void WalkFile(const FileRef& file, const SourceSpan* included_at);
  void Walk(const std::vector<Statement>& statements, const FileRef& file);
  void ApplySet(const SetStmt& set);
  void ReportUnavailableProfileVars();
  void ApplyIf(const IfStmt& block, const FileRef& file);
  void ApplyInclude(const IncludeStmt& include, const Statement& stmt, const FileRef& file);
  bool CheckIncludable(const IncludeStmt& include, const std::string& written,
                       const FileRef& target);

  // plan_steps.cc: one step per statement.
  void AddSourceStep(const SourceStmt& source, const Statement& stmt);
  void AddLoadStep(const LoadStmt& load, const Statement& stmt);
  void AddCreateStep(const CreateTableStmt& create, const Statement& stmt);
  void AddExportStep(const ExportStmt& exp, const Statement& stmt);
  void AddSqlStep(const SqlStmt& sql, const Statement& stmt);
  std::string Substitute(const SqlText& text);
  std::string Substitute(const StringLiteral& text);
  void AnalyzeInto(Step& step, const SqlText& text, const std::string& sql, bool is_query);
  void AddStep(Step step);

  // plan_links.cc: loads find their sources; edges; unknown tables; order.
  void ResolveLoads();
  void LinkSteps();
  void CheckUnknownTables();
  void OrderSteps();

  const PlanRequest& request_;
  const PlannerDeps& deps_;
  PlanResult* result_;
  Diagnostics& diags_;
  VariableScope vars_;
  std::vector<UnresolvedUse> unresolved_;
  ResolvedVariables used_vars_;                     // every variable the plan used, for `compile`
  std::vector<std::unique_ptr<PipelineAst>> asts_;  // keeps every parsed file alive
  std::vector<std::string> include_stack_;          // display paths, for cycle reports
  std::vector<Step> steps_;
  std::set<std::string> step_ids_;
  std::map<std::string, size_t> sources_;  // lower-cased source name -> step index
  std::vector<std::string> included_files_;
  std::vector<std::pair<size_t, const LoadStmt*>> loads_;  // step index, its statement
  std::vector<std::set<size_t>> edges_;                    // step index -> predecessors
};

}  // namespace sqlflow
