#include "engine/load_writer.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "common/strings.h"
#include "engine/duckdb_session.h"
#include "engine/sql_quote.h"

namespace sqlflow {

const char* ToString(LoadMode mode) {
  switch (mode) {
    case LoadMode::kReplace:
      return "REPLACE";
    case LoadMode::kAppend:
      return "APPEND";
    case LoadMode::kMerge:
      return "MERGE";
  }
  return "?";
}

Status ExecuteInTransaction(Connection& connection, const std::function<Status()>& body) {
  DuckDbSession session(connection);
  return ExecuteInTransaction(static_cast<EngineSession&>(session), body);
}

namespace {

// The temporary table a merge reads its source from, once; one per connection.
constexpr const char* kStage = "temp.main.sqlflow_load_stage";

// A source column and the target column it is written to.
struct ColumnPair {
  std::string source;
  std::string target;
};

// Pairs every source column with the target column of the same name, or explains why it cannot
// be written there.
Result<std::vector<ColumnPair>> MatchColumns(const std::vector<ColumnInfo>& source,
                                             const std::vector<ColumnInfo>& target,
                                             const TableName& table) {
  std::vector<ColumnPair> pairs;
  for (const ColumnInfo& column : source) {
    const ColumnInfo* match = FindColumn(target, column.name);
    if (match == nullptr) {
      return Status::Invalid("column '" + column.name + "' is not in target table '" +
                             table.ToString() +
                             "'; add it to the table or leave it out of the source");
    }
    if (!IsLosslessCast(column.type, match->type) &&
        !IsCheckedIntegerNarrowing(column.type, match->type)) {
      return Status::Invalid("column '" + column.name + "' is " + column.type + " in source, " +
                             match->type + " in target");
    }
    pairs.push_back({column.name, match->name});
  }
  return pairs;
}

enum class Existing { kFail, kReplace };

// The column list of a CREATE TABLE for the result of `query`, with the VARCHAR columns named
// in `fsst_columns` declared USING COMPRESSION fsst; "" when none of them is such a column.
Result<std::string> ColumnsWithFsst(Connection& connection, const std::string& query,
                                    const std::vector<std::string>& fsst_columns) {
  if (fsst_columns.empty()) return std::string();
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> columns, DescribeRelation(connection, query));
  std::string list;
  bool any = false;
  for (const ColumnInfo& c : columns) {
    bool fsst = c.type == "VARCHAR" &&
                std::any_of(fsst_columns.begin(), fsst_columns.end(), [&](const std::string& name) {
                  return EqualsIgnoreCase(name, c.name);
                });
    any = any || fsst;
    if (!list.empty()) list += ", ";
    list += QuoteIdentifier(c.name) + " " + c.type + (fsst ? " USING COMPRESSION fsst" : "");
  }
  return any ? list : std::string();
}

// CREATE [OR REPLACE] TABLE `table` AS `query`, creating its schema when needed; returns the
// number of rows written. With columns to compress with FSST (LoadRequest), CREATE TABLE with the
// query's columns, then INSERT.
Result<int64_t> CreateTableAs(Connection& connection, const TableName& table,
                              const std::string& query, Existing existing,
                              const std::vector<std::string>& fsst_columns) {
  if (!table.schema.empty()) {
    SQLFLOW_RETURN_IF_ERROR(
        connection.Execute("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(table.schema)));
  }
  std::string create =
      std::string(existing == Existing::kReplace ? "CREATE OR REPLACE" : "CREATE") + " TABLE " +
      table.Quoted();
  SQLFLOW_ASSIGN_OR_RETURN(std::string columns, ColumnsWithFsst(connection, query, fsst_columns));
  if (columns.empty()) {
    return connection.QueryBigInt(create + " AS SELECT * FROM " + ParenthesizeQuery(query));
  }
  SQLFLOW_RETURN_IF_ERROR(connection.Execute(create + " (" + columns + ")"));
  return connection.QueryBigInt("INSERT INTO " + table.Quoted() + " SELECT * FROM " +
                                ParenthesizeQuery(query));
}

LoadResult InsertedOnly(int64_t rows) { return {rows, rows, 0, rows}; }

Result<LoadResult> Replace(Connection& connection, const LoadRequest& request) {
  SQLFLOW_ASSIGN_OR_RETURN(int64_t rows,
                           CreateTableAs(connection, request.target, request.source_sql,
                                         Existing::kReplace, request.mostly_distinct_text_columns));
  return InsertedOnly(rows);
}

Result<LoadResult> Append(Connection& connection, const LoadRequest& request) {
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<ColumnInfo>> target,
                           DescribeTable(connection, request.target));
  if (!target) {
    SQLFLOW_ASSIGN_OR_RETURN(
        int64_t rows, CreateTableAs(connection, request.target, request.source_sql, Existing::kFail,
                                    request.mostly_distinct_text_columns));
    return InsertedOnly(rows);
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> source,
                           DescribeRelation(connection, request.source_sql));
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnPair> pairs,
                           MatchColumns(source, *target, request.target));
  std::string into, select;
  for (const ColumnPair& pair : pairs) {
    if (!into.empty()) into += ", ", select += ", ";
    into += QuoteIdentifier(pair.target);
    select += QuoteIdentifier(pair.source);
  }
  // Target columns left out of the list get their DEFAULT, or NULL.
  SQLFLOW_ASSIGN_OR_RETURN(
      QueryResult result,
      connection.Query("INSERT INTO " + request.target.Quoted() + " (" + into + ") SELECT " +
                       select + " FROM " + ParenthesizeQuery(request.source_sql) + " AS src"));
  return InsertedOnly(static_cast<int64_t>(result.rows_changed()));
}

// The merge keys as the source and the target spell them.
Result<std::vector<ColumnPair>> ResolveKeys(const LoadRequest& request,
                                            const std::vector<ColumnInfo>& source,
                                            const std::vector<ColumnInfo>* target) {
  if (request.keys.empty()) return Status::Invalid("a merge needs at least one key column");
  std::vector<ColumnPair> keys;
  for (size_t i = 0; i < request.keys.size(); ++i) {
    const std::string& key = request.keys[i];
    for (size_t j = 0; j < i; ++j) {
      if (EqualsIgnoreCase(request.keys[j], key)) {
        return Status::Invalid("key column '" + key + "' is listed twice");
      }
    }
    const ColumnInfo* in_source = FindColumn(source, key);
    if (in_source == nullptr) {
      return Status::Invalid("key column '" + key + "' is not in the source");
    }
    const ColumnInfo* in_target = target ? FindColumn(*target, key) : in_source;
    if (in_target == nullptr) {
      return Status::Invalid("key column '" + key + "' is not in target table '" +
                             request.target.ToString() + "'");
    }
    keys.push_back({in_source->name, in_target->name});
  }
  return keys;
}

// The rows of `relation` (the staged source, or a table made from it) have no NULL key.
Status CheckNullKeys(Connection& connection, const std::string& relation,
                     const std::vector<ColumnPair>& keys) {
  for (const ColumnPair& key : keys) {
    SQLFLOW_ASSIGN_OR_RETURN(int64_t nulls,
                             connection.QueryBigInt("SELECT count(*) FROM " + relation + " WHERE " +
                                                    QuoteIdentifier(key.source) + " IS NULL"));
    if (nulls > 0) {
      return Status::Invalid("key column '" + key.source + "' is NULL in " + std::to_string(nulls) +
                             (nulls == 1 ? " source row" : " source rows"));
    }
  }
  return Status::OK();
}

// A key value as a SQL literal: numbers and booleans bare, everything else quoted.
std::string KeyLiteral(const std::string& text, const std::string& type) {
  static const char* const kBare[] = {"TINYINT",  "SMALLINT",  "INTEGER",  "BIGINT",  "HUGEINT",
                                      "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
                                      "FLOAT",    "DOUBLE",    "DECIMAL",  "BOOLEAN"};
  for (const char* bare : kBare) {
    if (type.rfind(bare, 0) == 0) return text;
  }
  return QuoteString(text);
}

// No key appears twice in the rows of `relation` (as CheckNullKeys).
Status CheckDuplicateKeys(Connection& connection, const std::string& relation,
                          const std::vector<ColumnPair>& keys,
                          const std::vector<ColumnInfo>& source) {
  std::string columns, values;
  for (const ColumnPair& key : keys) {
    if (!columns.empty()) columns += ", ", values += ", ";
    columns += QuoteIdentifier(key.source);
    values += "CAST(" + QuoteIdentifier(key.source) + " AS VARCHAR)";
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      QueryResult result,
      connection.Query("SELECT " + values +
                       ", count(*) AS n, count(*) OVER () AS duplicated FROM " + relation +
                       " GROUP BY " + columns + " HAVING count(*) > 1 ORDER BY n DESC, " + columns +
                       " LIMIT 1"));
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result.FetchAllAsStrings());
  if (rows.empty()) return Status::OK();
  const auto& row = rows.front();
  std::string names, literals;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) names += ", ", literals += ", ";
    names += keys[i].source;
    literals += KeyLiteral(row[i].value_or(""), FindColumn(source, keys[i].source)->type);
  }
  if (keys.size() > 1) names = "(" + names + ")", literals = "(" + literals + ")";
  std::string message = "duplicate key " + names + " = " + literals + " appears " +
                        row[keys.size()].value_or("?") + " times in the source";
  const std::string& duplicated = row[keys.size() + 1].value_or("1");
  if (duplicated != "1") message += " (one of " + duplicated + " duplicated keys)";
  return Status::Invalid(message);
}

// MERGE INTO the existing target from the staged source: `staged` is the stage table, or the
// parenthesized query over the caller's own stage.
Result<LoadResult> MergeStaged(Connection& connection, const LoadRequest& request,
                               const std::string& staged, const std::vector<ColumnPair>& keys,
                               const std::vector<ColumnPair>& columns, int64_t rows_in_source) {
  std::string on, set, into, values;
  for (const ColumnPair& key : keys) {
    if (!on.empty()) on += " AND ";
    on += "t." + QuoteIdentifier(key.target) + " = s." + QuoteIdentifier(key.source);
  }
  for (const ColumnPair& column : columns) {
    if (!into.empty()) into += ", ", values += ", ";
    into += QuoteIdentifier(column.target);
    values += "s." + QuoteIdentifier(column.source);
    bool is_key = false;
    for (const ColumnPair& key : keys) is_key = is_key || key.source == column.source;
    if (is_key) continue;
    if (!set.empty()) set += ", ";
    set += QuoteIdentifier(column.target) + " = s." + QuoteIdentifier(column.source);
  }
  const std::string target = request.target.Quoted();
  // Each row the MERGE writes comes back as "was it inserted?" (a matched row left alone by DO
  // NOTHING does not come back): counting them costs nothing, where a count of the matching keys
  // beforehand would join the whole target once more.
  SQLFLOW_ASSIGN_OR_RETURN(
      QueryResult result,
      connection.Query("MERGE INTO " + target + " AS t USING " + staged + " AS s ON (" + on +
                       ") WHEN MATCHED THEN " + (set.empty() ? "DO NOTHING" : "UPDATE SET " + set) +
                       " WHEN NOT MATCHED THEN INSERT (" + into + ") VALUES (" + values +
                       ") RETURNING merge_action = 'INSERT'"));
  int64_t inserted = 0;
  int64_t updated = 0;
  for (;;) {
    SQLFLOW_ASSIGN_OR_RETURN(std::optional<DataChunk> chunk, result.NextChunk());
    if (!chunk) break;
    for (size_t row = 0; row < chunk->row_count(); ++row) {
      ++(chunk->GetBool(0, row) ? inserted : updated);
    }
  }
  return LoadResult{rows_in_source, inserted, updated, inserted + updated};
}

// Validates the keys and the columns, stages the source once (unless the caller did), checks its
// keys, then merges. A missing target is created from the source instead, and checked there.
Result<LoadResult> Merge(Connection& connection, const LoadRequest& request) {
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> source,
                           DescribeRelation(connection, request.source_sql));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<ColumnInfo>> target,
                           DescribeTable(connection, request.target));
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnPair> keys,
                           ResolveKeys(request, source, target ? &*target : nullptr));
  if (!target) {
    // Nothing to merge with: the source becomes the table and its keys are checked there (a
    // failed check rolls the table back with the transaction), one copy of the rows fewer than
    // staging them first.
    SQLFLOW_ASSIGN_OR_RETURN(
        int64_t rows, CreateTableAs(connection, request.target, request.source_sql, Existing::kFail,
                                    request.mostly_distinct_text_columns));
    const std::string created = request.target.Quoted();
    SQLFLOW_RETURN_IF_ERROR(CheckNullKeys(connection, created, keys));
    if (!request.keys_unique) {
      SQLFLOW_RETURN_IF_ERROR(CheckDuplicateKeys(connection, created, keys, source));
    }
    return InsertedOnly(rows);
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::vector<ColumnPair> columns,
                           MatchColumns(source, *target, request.target));
  // The source is read once: staged here, unless the caller staged it already.
  std::string staged = kStage;
  int64_t rows_in_source = 0;
  if (request.source_staged) {
    staged = ParenthesizeQuery(request.source_sql);
    SQLFLOW_ASSIGN_OR_RETURN(rows_in_source,
                             connection.QueryBigInt("SELECT count(*) FROM " + staged));
  } else {
    SQLFLOW_ASSIGN_OR_RETURN(
        rows_in_source,
        connection.QueryBigInt("CREATE OR REPLACE TEMP TABLE sqlflow_load_stage AS SELECT * FROM " +
                               ParenthesizeQuery(request.source_sql)));
  }
  SQLFLOW_RETURN_IF_ERROR(CheckNullKeys(connection, staged, keys));
  if (!request.keys_unique) {
    SQLFLOW_RETURN_IF_ERROR(CheckDuplicateKeys(connection, staged, keys, source));
  }
  SQLFLOW_ASSIGN_OR_RETURN(LoadResult load,
                           MergeStaged(connection, request, staged, keys, columns, rows_in_source));
  if (!request.source_staged) {
    SQLFLOW_RETURN_IF_ERROR(connection.Execute("DROP TABLE " + std::string(kStage)));
  }
  return load;
}

Result<LoadResult> RunLoad(Connection& connection, const LoadRequest& request) {
  switch (request.mode) {
    case LoadMode::kReplace:
      return Replace(connection, request);
    case LoadMode::kAppend:
      return Append(connection, request);
    case LoadMode::kMerge:
      return Merge(connection, request);
  }
  return Status::Internal("unknown load mode");
}

// `status` with `label` in front and DuckDB's excerpt of the generated SQL (after the first
// blank line) cut off: the user never wrote that SQL.
Status Labelled(const Status& status, const std::string& label) {
  std::string cause = status.message().substr(0, status.message().find("\n\n"));
  return Status(status.code(), label.empty() ? cause : label + ": " + cause);
}

}  // namespace

Result<LoadResult> WriteLoad(Connection& connection, const LoadRequest& request) {
  Result<LoadResult> result = RunLoad(connection, request);
  if (!result.ok()) return Labelled(result.status(), request.label);
  return result;
}

Result<LoadResult> ExecuteLoad(Connection& connection, const LoadRequest& request) {
  LoadResult load;
  Status status = ExecuteInTransaction(connection, [&]() -> Status {
    SQLFLOW_ASSIGN_OR_RETURN(load, RunLoad(connection, request));
    return Status::OK();
  });
  if (!status.ok()) return Labelled(status, request.label);
  return load;
}

}  // namespace sqlflow
