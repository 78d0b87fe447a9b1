#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/engine_choice.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "engine/duckdb_session.h"
#include "engine/duckdb_sql_analyzer.h"
#include "exec/executor.h"
#include "exec/interrupt.h"
#include "exec/json_reporter.h"
#include "exec/schedule.h"
#include "exec/terminal_reporter.h"
#include "plan/plan_printer.h"
#include "runner/duckdb_step_runner.h"
#include "runner/source_open_ahead.h"
#include "state/run_store.h"
#include "udf/udf_runtime.h"

namespace sqlflow {

namespace {

constexpr size_t kDefaultMaxParallel = 4;
constexpr int kExitInterrupted = 130;  // SPEC §3.7

ExecOptions MakeExecOptions(const ProjectContext& ctx, const RunOptions& run) {
  ExecOptions exec;
  exec.max_parallel =
      run.threads > 0
          ? static_cast<size_t>(run.threads)
          : ctx.profile().execution.max_parallel.value_or(static_cast<int>(kDefaultMaxParallel));
  exec.policy = ctx.profile().execution.failure_policy;
  if (run.fail_fast) exec.policy = FailurePolicy::kFailFast;
  if (run.keep_going) exec.policy = FailurePolicy::kContinue;
  return exec;
}

// The run as the run store keeps it.
RunRecord RecordOf(const RunSummary& summary, const RunIdentity& run) {
  RunRecord record{run.run_id,
                   run.pipeline,
                   run.profile,
                   ToString(summary.status()),
                   FormatUtcTimestamp(summary.started),
                   FormatUtcTimestamp(summary.finished),
                   summary.seconds,
                   {}};
  for (const StepResult& step : summary.steps) {
    record.steps.push_back({step.id, ToString(step.kind), ToString(step.status), step.rows_read,
                            step.rows_written, step.seconds, step.error});
  }
  return record;
}

// target/runs/<id>/run.json always; sqlflow.runs / run_steps in persistent mode.
void KeepRunRecord(ProjectContext& ctx, Database& db, const RunSummary& summary,
                   const RunIdentity& info) {
  std::string json = RunSummaryToJson(summary, info);
  RunRecord record = RecordOf(summary, info);
  std::string runs_dir = ctx.project().target_dir() + "/runs";
  Status written = WriteRunFile(ctx.fs(), runs_dir, record, json);
  if (!written.ok()) PrintWarning("run record not written: " + written.message());
  if (ctx.profile().duckdb.mode != EngineMode::kPersistent) return;
  Result<Connection> conn = Connection::Open(db);
  Status stored = conn.status();
  if (conn.ok()) {
    DuckDbSession session(*conn);
    stored = RecordRunInDatabase(session, record);
  }
  if (!stored.ok()) PrintWarning("run history not stored in the database: " + stored.message());
}

}  // namespace

int WithProfileConnection(const GlobalOptions& options, const std::string& memory_warning,
                          const std::function<int(ProjectContext&, Connection&)>& body) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) {
    PrintError(ctx.status().message());
    return kExitUsage;
  }
  if (ctx->profile().duckdb.mode == EngineMode::kMemory) {
    PrintWarning("profile '" + ctx->profile().name + "' keeps its database in memory, " +
                 memory_warning);
  }
  Result<Database> db = OpenProfileDatabase(*ctx);
  Result<Connection> conn = db.ok() ? Connection::Open(*db) : Result<Connection>(db.status());
  if (!conn.ok()) {
    PrintError(ctx->profile().file + ": cannot open the database: " + conn.status().message());
    return kExitUsage;
  }
  return body(*ctx, *conn);
}

Result<Database> OpenProfileDatabase(const ProjectContext& ctx) {
  SQLFLOW_RETURN_IF_ERROR(CheckEngineRuns(ctx.profile()));
  const DuckDbSettings& s = ctx.profile().duckdb;
  DatabaseOptions options;
  if (s.mode == EngineMode::kPersistent) {
    options.path = ctx.project().Resolve(s.path);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(options.path).parent_path(), ec);
  }
  options.memory_limit = s.memory_limit;
  options.threads = s.threads;
  return Database::Open(options);
}

namespace {

// `interrupt` and `on_sigint` belong to the caller so that they outlive the database, whose
// closing (a checkpoint) a Ctrl-C after the steps must not cut short.
int RunPipeline(const GlobalOptions& options, const RunOptions& run, InterruptFlag& interrupt,
                std::optional<ScopedSigintHandler>& on_sigint) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) {
    PrintError(ctx.status().message());
    return kExitUsage;
  }
  if (Status runs = CheckEngineRuns(ctx->profile()); !runs.ok()) {
    PrintError(runs.message());
    return kExitUsage;
  }
  PlanResult planned;
  {
    LazyDuckDbSqlAnalyzer analyzer;
    planned = ctx->PlanPipeline(run.pipeline, analyzer);
  }
  PrintDiagnostics(planned.diagnostics, planned.texts,
                   [&](std::string text) { return ctx->Redact(std::move(text)); });
  if (!planned.plan) return kExitUsage;
  const Plan& plan = *planned.plan;

  ExecOptions exec = MakeExecOptions(*ctx, run);
  if (!run.select.empty()) {
    Result<std::set<std::string>> selected = SelectSteps(plan, run.select);
    if (!selected.ok()) {
      PrintError(selected.status().message());
      return kExitUsage;
    }
    exec.selected = std::move(selected).value();
  }
  if (run.dry_run) {
    ParamMask mask = [&](const std::string& params) { return ctx->MaskParams(params); };
    std::string text = FormatPlanText(ctx->redactor().RedactPlan(plan), mask);
    std::fputs(ctx->Redact(std::move(text)).c_str(), stdout);
    std::printf("dry run: nothing was executed\n");
    return kExitOk;
  }

  if (ctx->profile().duckdb.mode == EngineMode::kMemory && !run.json) {
    bool incremental = false;
    for (const Step& step : plan.steps) {
      incremental = incremental || step.incremental || step.mode == WriteMode::kIncremental;
    }
    if (incremental) {
      PrintWarning("profile '" + ctx->profile().name +
                   "' keeps the database in memory: incremental state (watermarks) lasts this "
                   "run only, so every run reads everything; use engines.duckdb.mode: "
                   "persistent to keep it");
    }
  }
  // The network sources connect and read their catalogs while the database opens.
  SourceConnectors connectors = BuildSourceConnectors();
  SourceOpenAhead open_ahead(plan, exec.selected, std::max<size_t>(1, exec.max_parallel),
                             connectors, SourceContext{ctx->project().root, &fs, ""});
  Result<Database> db = OpenProfileDatabase(*ctx);
  if (!db.ok()) {
    PrintError(ctx->profile().file + ": cannot open the database: " + db.status().message());
    return kExitUsage;
  }
  StepRunnerOptions runner_options{ctx->project().root, &fs, plan.pipeline, run.full_refresh};
  runner_options.open_ahead = &open_ahead;
  runner_options.default_schema_policy = ctx->profile().schema_policy;
  runner_options.threads_configured = ctx->profile().duckdb.threads.has_value();
  for (const auto& [name, connector] : ctx->profile().connectors) {
    runner_options.connections[name] = connector.params->dump();
  }
  auto runner = DuckDbStepRunner::Open(*db, exec.max_parallel, std::move(runner_options));
  if (!runner.ok()) {
    PrintError(runner.status().message());
    return kExitUsage;
  }
  RunIdentity info{NewRunId(), plan.pipeline, plan.file, ctx->profile().name, ""};
  std::unique_ptr<Reporter> shown_reporter;
  if (run.json) {
    shown_reporter = std::make_unique<JsonReporter>(stdout, info);
  } else {
    TerminalReporterOptions term;
    term.run_id = info.run_id;
    term.color = StdoutColorMode();
    term.live_progress = isatty(STDOUT_FILENO) != 0;
    shown_reporter = std::make_unique<TerminalReporter>(stdout, term);
  }
  // Whatever is shown or kept of the run passes the redactor (SPEC §1: no secret in any output).
  RedactingReporter reporter(*shown_reporter, ctx->redactor());
  if (ctx->profile().duckdb.mode == EngineMode::kMemory && run.full_refresh) {
    PrintWarning("--full-refresh has no effect in memory mode: there is no state between runs");
  }
  (*runner)->PrepareUdfs(plan);
  on_sigint.emplace(interrupt);
  RunSummary summary = Execute(plan, **runner, reporter, exec, interrupt);
  // The steps are done: a Ctrl-C no longer quits (the record is written, the database closes);
  // it only makes the exit code 130.
  on_sigint->set_repeated(RepeatedSigint::kIgnored);
  KeepRunRecord(*ctx, *db, ctx->redactor().RedactSummary(summary), info);
  std::fflush(stdout);
  return ExitCodeFor(summary);
}

}  // namespace

int RunRun(const GlobalOptions& options, const RunOptions& run) {
  InterruptFlag interrupt;
  // Installed when the steps start; after them, SIGINT stays ignored until the process exits.
  std::optional<ScopedSigintHandler> on_sigint;
  int code = RunPipeline(options, run, interrupt, on_sigint);
  // Python, when a UDF started it, finalises only after DuckDB (which holds Python objects in
  // its registered functions) has closed.
  ShutdownUdfRuntime();
  return interrupt.is_set() ? kExitInterrupted : code;
}

}  // namespace sqlflow
