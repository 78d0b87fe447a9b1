#include "cli/verb_schema.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/result_table.h"
#include "cli/terminal.h"
#include "cli/verbs.h"
#include "common/strings.h"
#include "engine/duckdb_session.h"
#include "engine/duckdb_sql_analyzer.h"
#include "engine/schema_diff.h"
#include "runner/source_schema.h"
#include "state/schema_snapshots.h"

namespace sqlflow {

namespace {

using Json = nlohmann::ordered_json;

// A SOURCE found in a pipeline's plan.
struct FoundSource {
  std::string pipeline;  // the plan's name: snapshots are kept per pipeline
  Step step;
};

// Usage errors (exit 2) and read errors (exit 1) travel as a Status; this keeps the exit code.
struct Failure {
  int exit_code;
  std::string message;
  std::string hint;
};

// The SOURCE steps named `name` (case-insensitively) in `pipelines`; `known` collects every
// SOURCE name seen, for the "did you mean".
std::vector<FoundSource> FindSources(ProjectContext& ctx, const std::vector<std::string>& pipelines,
                                     const std::string& name, SqlAnalyzer& analyzer,
                                     std::vector<std::string>* known) {
  std::vector<FoundSource> found;
  for (const std::string& pipeline : pipelines) {
    PlanResult planned = ctx.PlanPipeline(pipeline, analyzer);
    if (!planned.plan) continue;
    for (const Step& step : planned.plan->steps) {
      if (step.kind != StepKind::kSource) continue;
      known->push_back(step.source_name);
      if (EqualsIgnoreCase(step.source_name, name)) {
        found.push_back({planned.plan->pipeline, step});
      }
    }
  }
  return found;
}

std::optional<Failure> Locate(ProjectContext& ctx, const SchemaOptions& options, FoundSource* out) {
  auto analyzer = DuckDbSqlAnalyzer::Open();
  if (!analyzer.ok()) return Failure{kExitUsage, analyzer.status().message(), ""};
  std::vector<std::string> pipelines = options.pipeline.empty()
                                           ? ListPipelines(ctx.project(), ctx.fs())
                                           : std::vector<std::string>{options.pipeline};
  std::vector<std::string> known;
  std::vector<FoundSource> found = FindSources(ctx, pipelines, options.source, **analyzer, &known);
  if (found.size() == 1) {
    *out = std::move(found[0]);
    return std::nullopt;
  }
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (const FoundSource& f : found) names.push_back(f.pipeline);
    return Failure{kExitUsage,
                   "SOURCE " + options.source + " is defined in several pipelines: " + Join(names),
                   "say which with --pipeline " + names[0]};
  }
  std::string where =
      options.pipeline.empty() ? "in the project's pipelines" : "in pipeline " + options.pipeline;
  std::optional<std::string> suggestion = SuggestName(options.source, known);
  std::string hint = suggestion ? "did you mean '" + *suggestion + "'?"
                     : known.empty()
                         ? "pipelines that do not plan are skipped: `sqlflow validate` shows why"
                         : "known sources: " + Join(known);
  return Failure{kExitUsage, "no SOURCE named '" + options.source + "' " + where, hint};
}

std::string Place(const FoundSource& f) {
  return "SOURCE " + f.step.source_name + " (" + f.step.span.ToString() + ")";
}

std::string Nullable(const ColumnInfo& c) { return c.nullable ? "yes" : "no"; }

Json ColumnsJson(const std::vector<ColumnInfo>& columns) {
  Json out = Json::array();
  for (const ColumnInfo& c : columns) {
    out.push_back({{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}});
  }
  return out;
}

std::string ColumnsTable(const std::vector<ColumnInfo>& columns) {
  StringRows rows;
  for (const ColumnInfo& c : columns) rows.push_back({c.name, c.type, Nullable(c)});
  return FormatResult({"column", "type", "nullable"}, rows, ResultFormat::kTable);
}

void Print(const std::string& text) { std::fputs(text.c_str(), stdout); }

int Show(const FoundSource& f, const std::vector<ColumnInfo>& current, bool json) {
  if (json) {
    Json doc{{"pipeline", f.pipeline},
             {"source", f.step.source_name},
             {"type", f.step.connector_type},
             {"columns", ColumnsJson(current)}};
    Print(doc.dump(2) + "\n");
    return kExitOk;
  }
  std::printf("%s, %s: %zu columns\n", Place(f).c_str(), f.step.connector_type.c_str(),
              current.size());
  Print(ColumnsTable(current));
  return kExitOk;
}

int History(const FoundSource& f, const std::vector<SchemaSnapshot>& versions, bool json) {
  if (json) {
    Json list = Json::array();
    for (const SchemaSnapshot& s : versions) {
      list.push_back({{"version", s.version},
                      {"captured_at", s.captured_at},
                      {"reason", s.reason},
                      {"fingerprint", s.fingerprint},
                      {"columns", ColumnsJson(s.columns)},
                      {"changes", s.changes}});
    }
    Json doc{{"pipeline", f.pipeline}, {"source", f.step.source_name}, {"versions", list}};
    Print(doc.dump(2) + "\n");
    return kExitOk;
  }
  if (versions.empty()) {
    std::printf("%s: no schema recorded yet; the first successful load records it\n",
                Place(f).c_str());
    return kExitOk;
  }
  std::printf("%s: %zu recorded %s\n", Place(f).c_str(), versions.size(),
              versions.size() == 1 ? "version" : "versions");
  for (const SchemaSnapshot& s : versions) {
    std::printf("version %d  %s  %s  %s\n", s.version, s.captured_at.c_str(), s.reason.c_str(),
                s.fingerprint.c_str());
    if (s.version == 1 || s.changes.empty()) {
      std::vector<std::string> cols;
      for (const ColumnInfo& c : s.columns) {
        cols.push_back(c.name + " " + c.type + (c.nullable ? "" : " NOT NULL"));
      }
      std::printf("  columns: %s\n", Join(cols).c_str());
    }
    for (const std::string& change : s.changes) std::printf("  %s\n", change.c_str());
  }
  return kExitOk;
}

int Compare(const FoundSource& f, const std::optional<SchemaSnapshot>& latest,
            const std::vector<ColumnInfo>& current, SchemaPolicy policy, bool json) {
  std::vector<SchemaChange> changes =
      latest ? DiffSchemas(latest->columns, current) : std::vector<SchemaChange>{};
  bool stops = !PolicyAccepts(changes, policy);
  if (json) {
    Json list = Json::array();
    for (const SchemaChange& c : changes) {
      list.push_back({{"kind", ToString(c.kind)},
                      {"column", c.column},
                      {"description", c.Describe()},
                      {"decision", ToString(DecideDrift(c, policy))}});
    }
    Json doc{{"pipeline", f.pipeline},
             {"source", f.step.source_name},
             {"recorded_version", latest ? Json(latest->version) : Json()},
             {"policy", ToString(policy)},
             {"changes", list},
             {"next_load", stops ? "stops" : "goes_on"}};
    Print(doc.dump(2) + "\n");
    return stops ? kExitStepFailed : kExitOk;
  }
  if (!latest) {
    std::printf("%s: no schema recorded yet; the first successful load records it\n",
                Place(f).c_str());
    return kExitOk;
  }
  std::string since =
      "version " + std::to_string(latest->version) + " (" + latest->captured_at + ")";
  if (changes.empty()) {
    std::printf("%s: the schema matches %s\n", Place(f).c_str(), since.c_str());
    return kExitOk;
  }
  std::printf("%s: %zu %s since %s:\n", Place(f).c_str(), changes.size(),
              changes.size() == 1 ? "change" : "changes", since.c_str());
  for (const SchemaChange& c : changes) {
    DriftDecision d = DecideDrift(c, policy);
    std::printf("  %s%s\n", c.Describe().c_str(),
                d == DriftDecision::kStop ? "" : ("  [" + std::string(ToString(d)) + "]").c_str());
  }
  std::printf(
      "with schema_policy %s the next load %s\n", ToString(policy),
      stops ? "stops; `sqlflow schema accept` takes the new schema as the baseline" : "goes on");
  return stops ? kExitStepFailed : kExitOk;
}

int Accept(const FoundSource& f, const RecordedSnapshot& recorded, bool json) {
  if (json) {
    Json doc{{"pipeline", f.pipeline},
             {"source", f.step.source_name},
             {"version", recorded.snapshot.version},
             {"recorded", recorded.written},
             {"changes", recorded.snapshot.changes}};
    Print(doc.dump(2) + "\n");
    return kExitOk;
  }
  if (!recorded.written) {
    std::printf("%s: the current schema is already the baseline (version %d); nothing to accept\n",
                Place(f).c_str(), recorded.snapshot.version);
    return kExitOk;
  }
  std::printf("%s: accepted the current schema as version %d\n", Place(f).c_str(),
              recorded.snapshot.version);
  for (const std::string& change : recorded.snapshot.changes) {
    std::printf("  %s\n", change.c_str());
  }
  return kExitOk;
}

int Fail(const Failure& failure, const ProjectContext* ctx) {
  PrintError(ctx ? ctx->Redact(failure.message) : failure.message, failure.hint);
  return failure.exit_code;
}

// history, compare and accept: snapshots live in the profile's database.
int RunOnSnapshots(const ProjectContext& ctx, const SchemaOptions& options, const FoundSource& f,
                   Connection& conn, const std::vector<ColumnInfo>& current) {
  auto fail = [&](const Status& st) { return Fail({kExitStepFailed, st.message(), ""}, &ctx); };
  DuckDbSession session(conn);
  if (options.action == SchemaAction::kHistory) {
    auto versions = ReadSnapshotHistory(session, f.pipeline, f.step.source_name);
    return versions.ok() ? History(f, *versions, options.json) : fail(versions.status());
  }
  if (options.action == SchemaAction::kAccept) {
    auto recorded = RecordSchemaSnapshot(session, f.pipeline, f.step.source_name, current,
                                         SnapshotReason::kAccept);
    return recorded.ok() ? Accept(f, *recorded, options.json) : fail(recorded.status());
  }
  auto latest = ReadLatestSnapshot(session, f.pipeline, f.step.source_name);
  if (!latest.ok()) return fail(latest.status());
  auto policy = SchemaPolicyFromParams(f.step.params_json, SchemaPolicy::kAlert, Place(f));
  if (!policy.ok()) return Fail({kExitUsage, policy.status().message(), ""}, &ctx);
  return Compare(f, *latest, current, *policy, options.json);
}

}  // namespace

int RunSchema(const GlobalOptions& options, const SchemaOptions& schema) {
  RealFileSystem fs;
  Result<ProjectContext> ctx = ProjectContext::Load(options, fs);
  if (!ctx.ok()) return Fail({kExitUsage, ctx.status().message(), ""}, nullptr);
  FoundSource found;
  if (auto failure = Locate(*ctx, schema, &found)) return Fail(*failure, &*ctx);
  bool needs_state = schema.action != SchemaAction::kShow;
  if (needs_state && ctx->profile().duckdb.mode == EngineMode::kMemory) {
    return Fail({kExitUsage,
                 ctx->profile().file + ": engines.duckdb.mode is memory, so no schema is kept "
                                       "between runs",
                 "use a profile with mode: persistent (sqlflow schema show works in any mode)"},
                &*ctx);
  }
  Result<Database> db = OpenProfileDatabase(*ctx);
  Result<Connection> conn = db.ok() ? Connection::Open(*db) : Result<Connection>(db.status());
  if (!conn.ok()) {
    return Fail(
        {kExitUsage, ctx->profile().file + ": cannot open the database: " + conn.status().message(),
         ""},
        &*ctx);
  }
  std::vector<ColumnInfo> current;
  if (schema.action != SchemaAction::kHistory) {
    auto read = ReadSourceSchema(*conn, found.step, ctx->project().root, fs);
    if (!read.ok()) return Fail({kExitStepFailed, read.status().message(), ""}, &*ctx);
    current = std::move(read).value();
  }
  if (!needs_state) return Show(found, current, schema.json);
  return RunOnSnapshots(*ctx, schema, found, *conn, current);
}

}  // namespace sqlflow
