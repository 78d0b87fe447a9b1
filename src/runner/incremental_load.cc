#include "runner/incremental_load.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "engine/duckdb_session.h"
#include "engine/sql_quote.h"
#include "engine/table_schema.h"

namespace sqlflow {

namespace {

// Staged rows live in a temporary table of the worker's connection, gone after the transaction.
constexpr const char* kStage = "__sqlflow_incremental_stage";

Result<std::optional<std::string>> QueryOneValue(Connection& conn, const std::string& sql) {
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, conn.Query(sql));
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result.FetchAllAsStrings());
  if (rows.empty() || rows[0].empty()) return std::optional<std::string>();
  return rows[0][0];
}

Status WithLabel(const Status& status, const std::string& label) {
  if (status.ok() || status.message().rfind(label, 0) == 0) return status;
  return Status(status.code(), label + ": " + status.message());
}

// Checks that the columns the incremental logic names exist, before anything is read.
Status CheckColumns(const IncrementalLoadRequest& request) {
  std::vector<std::string> names;
  for (const ColumnInfo& c : request.source_columns) names.push_back(c.name);
  auto check = [&](const std::string& name, const char* param) -> Status {
    for (const std::string& n : names) {
      if (EqualsIgnoreCase(n, name)) return Status::OK();
    }
    return Status::Invalid(request.load.label + ": " + param + " '" + name +
                           "' is not a column of source '" + request.key.source +
                           "' (columns: " + Join(names) + "); fix the SOURCE's " + param);
  };
  SQLFLOW_RETURN_IF_ERROR(check(request.cursor_field, "cursor_field"));
  for (const std::string& key : request.primary_key) {
    SQLFLOW_RETURN_IF_ERROR(check(key, "primary_key"));
  }
  return Status::OK();
}

// The bound the stored watermark gives, minus the lookback when there is one.
Result<std::optional<CursorBound>> BoundFor(Connection& conn, const std::optional<Watermark>& mark,
                                            const IncrementalLoadRequest& request, bool merge) {
  if (!mark || mark->value.empty()) return std::optional<CursorBound>();
  CursorBound bound;
  bound.value_sql = "CAST(" + QuoteString(mark->value) + " AS " + mark->value_type + ")";
  bound.value_text = mark->value;
  // Rows at the boundary value are re-read only when a key merges them with what is loaded.
  bound.inclusive = merge && !request.primary_key.empty();
  if (!request.lookback_window.empty() && merge) {
    bound.value_sql = "CAST(" + bound.value_sql + " - INTERVAL " +
                      QuoteString(request.lookback_window) + " AS " + mark->value_type + ")";
    SQLFLOW_ASSIGN_OR_RETURN(
        auto text, QueryOneValue(conn, "SELECT CAST(" + bound.value_sql + " AS VARCHAR)"));
    bound.value_text = text.value_or("");
  }
  return std::optional<CursorBound>(bound);
}

std::string ColumnList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + QuoteIdentifier(n);
  return out;
}

// Leaves one staged row per key: the latest by `cursor`, so a MERGE sees no duplicate keys.
// Keys are usually unique already, and a grouping that finds no duplicate costs a fraction of
// the window that removes them, so the window runs only when there are some.
Status DedupeStage(Connection& conn, const std::vector<std::string>& key, const std::string& cursor,
                   std::vector<std::string>* sql) {
  std::string keys = ColumnList(key);
  SQLFLOW_ASSIGN_OR_RETURN(
      auto duplicated, QueryOneValue(conn, "SELECT 1 FROM " + std::string(kStage) + " GROUP BY " +
                                               keys + " HAVING count(*) > 1 LIMIT 1"));
  if (!duplicated) return Status::OK();
  std::string dedupe =
      "DELETE FROM " + std::string(kStage) + " WHERE rowid IN (SELECT rowid FROM " + kStage +
      " QUALIFY row_number() OVER (PARTITION BY " + keys + " ORDER BY " + cursor + " DESC) > 1)";
  sql->push_back(dedupe);
  return conn.Execute(dedupe);
}

// max(column) of `relation`'s rows, or of `before` when greater; "" when both are absent.
Result<std::string> NewWatermark(Connection& conn, const std::string& relation,
                                 const std::string& column, const std::optional<Watermark>& before,
                                 std::string* type) {
  std::string max = "max(" + QuoteIdentifier(column) + ")";
  SQLFLOW_ASSIGN_OR_RETURN(auto staged_type,
                           QueryOneValue(conn, "SELECT typeof(" + max + ") FROM " + relation));
  *type = staged_type.value_or("");
  std::string value = max;
  if (before && !before->value.empty()) {
    value = "greatest(" + max + ", CAST(" + QuoteString(before->value) + " AS " + *type + "))";
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      auto text, QueryOneValue(conn, "SELECT CAST(" + value + " AS VARCHAR) FROM " + relation));
  if (text && !text->empty()) return *text;
  if (before) {
    *type = before->value_type;
    return before->value;
  }
  return std::string();
}

}  // namespace

Result<std::optional<CursorBound>> PeekIncrementalBound(Connection& conn,
                                                        const IncrementalLoadRequest& request) {
  if (request.full_refresh) return std::optional<CursorBound>();
  DuckDbSession session(conn);
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<Watermark> mark, ReadWatermark(session, request.key));
  return BoundFor(conn, mark, request, request.load.mode == LoadMode::kMerge);
}

Result<IncrementalLoadResult> RunIncrementalLoad(Engine& engine, Connection& conn,
                                                 const IncrementalLoadRequest& request) {
  IncrementalLoadResult out;
  const std::string& label = request.load.label;
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<EngineSession> opened, engine.OpenSession(conn));
  EngineSession& session = *opened;
  if (!request.full_refresh) {
    SQLFLOW_ASSIGN_OR_RETURN(out.before, ReadWatermark(session, request.key));
  }
  LoadRequest load = request.load;
  if (request.full_refresh) load.mode = LoadMode::kReplace;
  bool merge = load.mode == LoadMode::kMerge;
  if (!request.lookback_window.empty() && !merge && !request.full_refresh) {
    return Status::Invalid(label + ": lookback_window re-reads rows, which only MODE MERGE can " +
                           "take without duplicating them; drop MODE " + ToString(load.mode) +
                           " (an incremental LOAD with a primary_key merges by default)");
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<CursorBound> bound,
                           BoundFor(conn, out.before, request, merge));
  Result<std::string> source = request.source_sql(bound);
  if (!source.ok()) return WithLabel(source.status(), label);
  SQLFLOW_RETURN_IF_ERROR(CheckColumns(request));

  std::string cursor = QuoteIdentifier(request.cursor_field);
  std::string filtered = "SELECT * FROM " + ParenthesizeQuery(*source) + " AS src";
  if (bound) {
    filtered += " WHERE " + cursor + (bound->inclusive ? " >= " : " > ") + bound->value_sql;
  }
  // The keys need no deduplication when there are none or the source rules duplicates out.
  bool keys_unique = request.primary_key.empty() || request.source_keys_unique;
  // The rows written have one row per primary key (the source's own, or DedupeStage's), so a
  // MERGE on those keys (or on more columns) need not look for duplicates again.
  load.keys_unique =
      !request.primary_key.empty() &&
      std::all_of(
          request.primary_key.begin(), request.primary_key.end(), [&](const std::string& pk) {
            return std::any_of(load.keys.begin(), load.keys.end(),
                               [&](const std::string& key) { return EqualsIgnoreCase(key, pk); });
          });

  // The rows as the LOAD writes them, read from `relation`: plain(relation) unless the schema
  // check leaves columns out, casts some to the target's type or adds NULL ones
  // (SchemaCheckedSource).
  auto plain = [](const std::string& relation) { return "SELECT * FROM " + relation; };
  auto shaped = [&](const std::string& relation) -> Result<std::string> {
    if (!request.hooks.shape_source) return plain(relation);
    return request.hooks.shape_source(relation);
  };
  Status status = ExecuteInTransaction(conn, [&]() -> Status {
    // A first load whose keys need no deduplication creates the target straight from the
    // source: staging every row first would hold a second copy of the whole table (in memory,
    // or spilled to disk) only to read it back once. Its watermark then comes from the new
    // table, so every source column must reach it.
    bool direct = false;
    if (keys_unique) {
      SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<ColumnInfo>> target,
                               DescribeTable(conn, load.target));
      if (!target) {
        std::string relation = "(" + filtered + ")";
        SQLFLOW_ASSIGN_OR_RETURN(load.source_sql, shaped(relation));
        direct = load.source_sql == plain(relation);
      }
    }
    if (direct) {
      out.sql.push_back(filtered);
    } else {
      std::string stage_sql =
          "CREATE OR REPLACE TEMP TABLE " + std::string(kStage) + " AS " + filtered;
      out.sql.push_back(stage_sql);
      SQLFLOW_RETURN_IF_ERROR(WithLabel(conn.Execute(stage_sql), label));
      if (!keys_unique) {
        SQLFLOW_RETURN_IF_ERROR(
            WithLabel(DedupeStage(conn, request.primary_key, cursor, &out.sql), label));
      }
      SQLFLOW_ASSIGN_OR_RETURN(load.source_sql, shaped(kStage));
      load.source_staged = true;
    }
    SQLFLOW_ASSIGN_OR_RETURN(out.load, engine.Materialise(session, Materialisation::Of(load)));
    if (request.hooks.after_write) SQLFLOW_RETURN_IF_ERROR(request.hooks.after_write());
    // A table the load created holds exactly the rows it read.
    std::string type;
    SQLFLOW_ASSIGN_OR_RETURN(out.watermark,
                             NewWatermark(conn, direct ? load.target.Quoted() : std::string(kStage),
                                          request.cursor_field, out.before, &type));
    if (!out.watermark.empty()) {
      Watermark mark{request.key, request.cursor_field, type, out.watermark};
      SQLFLOW_RETURN_IF_ERROR(WriteWatermark(session, mark));
    }
    return direct ? Status::OK() : conn.Execute(std::string("DROP TABLE ") + kStage);
  });
  if (!status.ok()) {
    (void)conn.Execute(std::string("DROP TABLE IF EXISTS ") + kStage);
    return WithLabel(status, label);
  }
  return out;
}

std::string SubstituteWindow(const std::string& query, const std::string& start_ts,
                             const std::string& end_ts) {
  struct Name {
    const char* text;
    std::string literal;
  };
  const Name names[] = {
      {"@start_dt", "TIMESTAMP " + QuoteString(start_ts)},
      {"@end_dt", "TIMESTAMP " + QuoteString(end_ts)},
      {"@start_date", "DATE " + QuoteString(start_ts.substr(0, 10))},
      {"@end_date", "DATE " + QuoteString(end_ts.substr(0, 10))},
  };
  std::string out;
  size_t i = 0;
  while (i < query.size()) {
    bool replaced = false;
    if (query[i] == '@') {
      for (const Name& name : names) {
        size_t n = std::char_traits<char>::length(name.text);
        if (query.compare(i, n, name.text) != 0) continue;
        char next = i + n < query.size() ? query[i + n] : ' ';
        if (std::isalnum(static_cast<unsigned char>(next)) || next == '_') continue;
        out += name.literal;
        i += n;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += query[i++];
  }
  return out;
}

Result<IncrementalLoadResult> RunIncrementalTransform(Engine& engine, Connection& conn,
                                                      const IncrementalTransformRequest& request) {
  IncrementalLoadResult out;
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<EngineSession> opened, engine.OpenSession(conn));
  EngineSession& session = *opened;
  if (!request.full_refresh) {
    SQLFLOW_ASSIGN_OR_RETURN(out.before, ReadWatermark(session, request.key));
  }
  Result<std::optional<std::vector<ColumnInfo>>> existing = DescribeTable(conn, request.target);
  if (!existing.ok()) return existing.status();
  bool target_exists = existing->has_value();
  bool windowed = out.before.has_value() && !out.before->value.empty() && target_exists;
  std::string start = "0001-01-01 00:00:00";
  if (windowed) {
    std::string last = "CAST(CAST(" + QuoteString(out.before->value) + " AS " +
                       out.before->value_type + ") AS TIMESTAMP)";
    if (request.lookback) {
      last += " - INTERVAL '" + std::to_string(request.lookback->first) + " " +
              request.lookback->second + "'";
    }
    SQLFLOW_ASSIGN_OR_RETURN(auto text,
                             QueryOneValue(conn, "SELECT CAST(" + last + " AS VARCHAR)"));
    start = text.value_or(start);
  }
  SQLFLOW_ASSIGN_OR_RETURN(auto now,
                           QueryOneValue(conn, "SELECT CAST(CAST(now() AS TIMESTAMP) AS VARCHAR)"));
  std::string end = now.value_or("");
  std::string query = SubstituteWindow(request.query, start, end);
  std::string stage_sql = "CREATE OR REPLACE TEMP TABLE " + std::string(kStage) + " AS " + query;
  out.sql.push_back(stage_sql);

  LoadRequest load;
  load.target = request.target;
  load.source_sql = std::string("SELECT * FROM ") + kStage;
  load.mode = LoadMode::kReplace;
  load.label = request.label;
  Materialisation intent = Materialisation::Of(load);
  if (windowed) {
    intent.kind = IntentKind::kOverwriteRange;
    intent.range = RowRange{request.column, start, end};
  }
  Status status = ExecuteInTransaction(conn, [&]() -> Status {
    SQLFLOW_RETURN_IF_ERROR(WithLabel(conn.Execute(stage_sql), request.label));
    out.sql.push_back(engine.Explain(intent));
    SQLFLOW_ASSIGN_OR_RETURN(out.load, engine.Materialise(session, intent));
    std::string type;
    SQLFLOW_ASSIGN_OR_RETURN(out.watermark,
                             NewWatermark(conn, kStage, request.column, out.before, &type));
    if (!out.watermark.empty()) {
      SQLFLOW_RETURN_IF_ERROR(
          WriteWatermark(session, Watermark{request.key, request.column, type, out.watermark}));
    }
    return conn.Execute(std::string("DROP TABLE ") + kStage);
  });
  if (!status.ok()) {
    (void)conn.Execute(std::string("DROP TABLE IF EXISTS ") + kStage);
    return WithLabel(status, request.label);
  }
  return out;
}

}  // namespace sqlflow
