#include "connectors/postgres/postgres_export.h"

#include <optional>

#include "common/strings.h"
#include "connectors/postgres/pg_binary_encoder.h"
#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_export_plan.h"
#include "connectors/postgres/postgres_types.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

// Bytes gathered before each PQputCopyData: large enough to amortise the call, small enough
// to keep memory flat.
constexpr size_t kSendBytes = 1 << 20;

// The columns of `schema`.`table` with what PgExportPlan needs; no rows when it does not exist.
constexpr char kTargetColumnsSql[] = R"(
SELECT c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '', t.typcategory,
       CASE WHEN t.typcategory = 'A' THEN format_type(t.typelem, a.atttypmod) ELSE '' END
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type t ON t.oid = a.atttypid
WHERE n.nspname = $1 AND c.relname = $2
ORDER BY a.attnum)";

// A unique, valid, immediate index of table $1 on exactly the columns of the text array $2.
constexpr char kUniqueKeyIndexSql[] = R"(
SELECT 1 FROM pg_index i
WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indisvalid AND i.indimmediate
  AND i.indpred IS NULL AND i.indexprs IS NULL
  AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_attribute a
       WHERE a.attrelid = i.indrelid
         AND a.attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1]))
    = (SELECT array_agg(k ORDER BY k) FROM unnest($2::text[]) AS k)
LIMIT 1)";

// {"a","b\"c"}: a PostgreSQL text array literal.
std::string TextArrayLiteral(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) {
    std::string q = "\"";
    for (char c : item) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    quoted.push_back(q + "\"");
  }
  return "{" + Join(quoted, ",") + "}";
}

// The target as messages and statements name it.
struct Target {
  std::string schema;
  std::string table;
  std::string qualified;  // "\"public\".\"t\""
  std::string where;      // "public.t at 127.0.0.1:5432/shop"
  std::string user;       // "user 'etl'" or "the default user"
};

// SQLSTATE classes of errors about the rows themselves: data exceptions (22), integrity
// constraints (23), and datatype mismatches or impossible casts (42804, 42846).
bool IsRowError(const std::string& sqlstate) {
  return sqlstate.starts_with("22") || sqlstate.starts_with("23") || sqlstate == "42804" ||
         sqlstate == "42846";
}

// A failed PostgreSQL call as a user-facing message; the transaction is rolled back, so the
// target is always as it was.
std::string ExplainServerError(const PgError& error, const Target& target) {
  std::string server = error.message;
  if (!error.detail.empty()) server += " (" + error.detail + ")";
  const std::string unchanged = "; " + target.schema + "." + target.table + " is unchanged";
  if (error.connection_lost) {
    return "lost the connection while writing " + target.where + ": " + server + unchanged +
           "; run the export again once the server is reachable";
  }
  if (error.sqlstate == "42501") {
    return "permission denied writing " + target.where + " as " + target.user + ": " + server +
           unchanged +
           "; grant what the export needs (INSERT; TRUNCATE for replace; SELECT and UPDATE for "
           "merge; CREATE on the schema to create the table) or connect as another user";
  }
  if (IsRowError(error.sqlstate)) {
    return "PostgreSQL rejected the rows for " + target.where + ": " + server + unchanged +
           "; make the query's columns fit the table's types and constraints";
  }
  std::string hint = error.hint.empty() ? "" : " (hint: " + error.hint + ")";
  return "PostgreSQL failed writing " + target.where + ": " + server + hint + unchanged;
}

// Encodes the value at (`column`, `row`) of `chunk` as the plan's `stage` says.
Status EncodeValue(const DataChunk& chunk, size_t column, size_t row, PgStageKind stage,
                   PgBinaryEncoder& out) {
  if (chunk.IsNull(column, row)) {
    out.WriteNull();
    return Status::OK();
  }
  TypeId type = chunk.column_type(column).id;
  switch (stage) {
    case PgStageKind::kBool:
      out.WriteBool(chunk.GetBool(column, row));
      break;
    case PgStageKind::kInt2:
      out.WriteInt2(type == TypeId::kTinyInt ? chunk.GetInt8(column, row)
                                             : chunk.GetInt16(column, row));
      break;
    case PgStageKind::kInt4:
      out.WriteInt4(chunk.GetInt32(column, row));
      break;
    case PgStageKind::kInt8:
      out.WriteInt8(chunk.GetInt64(column, row));
      break;
    case PgStageKind::kFloat4:
      out.WriteFloat4(chunk.GetFloat(column, row));
      break;
    case PgStageKind::kFloat8:
      out.WriteFloat8(chunk.GetDouble(column, row));
      break;
    case PgStageKind::kNumeric:
      return out.WriteNumeric(type == TypeId::kDecimal ? chunk.GetDecimalString(column, row)
                                                       : std::string(chunk.GetString(column, row)));
    case PgStageKind::kText:
    case PgStageKind::kBytea:
      out.WriteBytes(chunk.GetString(column, row));
      break;
    case PgStageKind::kDate:
      out.WriteDate(chunk.GetDate(column, row));
      break;
    case PgStageKind::kTime:
      out.WriteTime(chunk.GetTime(column, row));
      break;
    case PgStageKind::kTimestamp:
    case PgStageKind::kTimestampTz:
      out.WriteTimestamp(chunk.GetTimestamp(column, row));
      break;
  }
  return Status::OK();
}

// One export: the steps of ExportToPostgres, each returning a message without the label.
class PostgresExport {
 public:
  PostgresExport(Connection& duckdb, const PostgresExportRequest& request)
      : duckdb_(duckdb), request_(request) {}

  Result<PostgresExportResult> Run() {
    SQLFLOW_RETURN_IF_ERROR(Plan());
    SQLFLOW_RETURN_IF_ERROR(Connect());
    SQLFLOW_RETURN_IF_ERROR(Server(pg_->Exec("BEGIN")));
    Status status = WriteInTransaction();
    if (status.ok()) status = Server(pg_->Exec("COMMIT"));
    if (!status.ok()) {
      (void)pg_->Exec("ROLLBACK");  // nothing to undo when the connection is gone
      return status;
    }
    return result_;
  }

 private:
  // Checks the request and maps the query's columns (without running the query).
  Status Plan() {
    if (request_.table.empty()) {
      return Status::Invalid("OPTIONS need \"table\": the PostgreSQL table to write");
    }
    target_.schema = request_.schema.empty() ? "public" : request_.schema;
    target_.table = request_.table;
    target_.qualified = QuotePgIdentifier(target_.schema) + "." + QuotePgIdentifier(target_.table);
    SQLFLOW_ASSIGN_OR_RETURN(PgExportMode mode, ParsePgExportMode(request_.mode));
    auto described =
        duckdb_.Query("SELECT * FROM " + ParenthesizeQuery(request_.query) + " AS q LIMIT 0");
    if (!described.ok()) return DuckDbError(described.status());
    std::vector<ColumnType> types;
    for (size_t i = 0; i < described->column_count(); ++i) {
      types.push_back(described->column_type(i));
    }
    SQLFLOW_ASSIGN_OR_RETURN(PgExportPlan plan, PgExportPlan::Make(described->column_names(), types,
                                                                   mode, request_.keys));
    plan_ = std::move(plan);
    return Status::OK();
  }

  Status Connect() {
    auto options = ParsePgConnectOptions(request_.connection_params_json);
    if (!options.ok()) return Status::Invalid("connection params: " + options.status().message());
    target_.where = target_.schema + "." + target_.table + " at " + options->Describe();
    target_.user = options->user.empty() ? "the default user" : "user '" + options->user + "'";
    auto conn = PgConnection::Open(*options);
    if (!conn.ok()) {
      return Status::IoError("writing " + target_.schema + "." + target_.table + ": " +
                             conn.status().message());
    }
    pg_ = std::move(conn).value();
    return Status::OK();
  }

  Status WriteInTransaction() {
    SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::vector<PgTargetColumn>> columns, ReadTarget());
    if (!columns) {
      SQLFLOW_RETURN_IF_ERROR(Server(pg_->Exec(plan_->CreateTargetSql(target_.qualified))));
      SQLFLOW_ASSIGN_OR_RETURN(columns, ReadTarget());
    }
    SQLFLOW_RETURN_IF_ERROR(
        plan_->Bind(columns ? std::move(*columns) : std::vector<PgTargetColumn>(), target_.where));
    SQLFLOW_RETURN_IF_ERROR(Server(pg_->Exec(plan_->CreateStageSql())));
    SQLFLOW_RETURN_IF_ERROR(Stream());
    PgMergeStatement merge = PgMergeStatement::kMerge;
    if (plan_->mode() == PgExportMode::kMerge) {
      SQLFLOW_RETURN_IF_ERROR(CheckKeys());
      SQLFLOW_ASSIGN_OR_RETURN(bool unique, HasUniqueKeyIndex());
      if (unique) merge = PgMergeStatement::kInsertOnConflict;
    }
    for (const std::string& sql : plan_->ApplySql(target_.qualified, merge)) {
      SQLFLOW_RETURN_IF_ERROR(Server(pg_->Exec(sql)));
    }
    return Status::OK();
  }

  // The target's columns; nullopt when the table does not exist (its schema must).
  Result<std::optional<std::vector<PgTargetColumn>>> ReadTarget() {
    auto rows = pg_->Query(kTargetColumnsSql, {target_.schema, target_.table});
    if (!rows.ok()) return Server(rows.status());
    std::vector<PgTargetColumn> columns;
    if (rows->rows() == 0) {
      SQLFLOW_RETURN_IF_ERROR(CheckSchema());
      return std::optional<std::vector<PgTargetColumn>>();
    }
    char kind = rows->Get(0, 0).empty() ? 'r' : rows->Get(0, 0)[0];
    if (kind != 'r' && kind != 'p') {
      return Status::Invalid(target_.where + " is not a table (pg_class.relkind '" +
                             std::string(1, kind) + "'); export into a table");
    }
    for (int r = 0; r < rows->rows(); ++r) {
      if (rows->IsNull(r, 1)) continue;  // a table without columns
      PgTargetColumn c;
      c.name = rows->Get(r, 1);
      c.type_text = rows->Get(r, 2);
      c.not_null = rows->Get(r, 3) == "t";
      c.has_default = rows->Get(r, 4) == "t";
      c.category = rows->Get(r, 5).empty() ? 'U' : rows->Get(r, 5)[0];
      c.element_type = rows->Get(r, 6);
      columns.push_back(std::move(c));
    }
    return std::optional(std::move(columns));
  }

  Status CheckSchema() {
    auto rows = pg_->Query("SELECT 1 FROM pg_namespace WHERE nspname = $1", {target_.schema});
    if (!rows.ok()) return Server(rows.status());
    if (rows->rows() > 0) return Status::OK();
    return Status::Invalid("schema '" + target_.schema + "' does not exist at " + pg_->Describe() +
                           "; create it (CREATE SCHEMA " + QuotePgIdentifier(target_.schema) +
                           ") or set \"schema\" in OPTIONS to an existing one");
  }

  // Runs the DuckDB query and sends its rows into the staging table as DuckDB produces them, so
  // an export holds a few chunks in memory, not its whole result.
  Status Stream() {
    auto rows = duckdb_.QueryStreaming(plan_->DuckDbSelectSql(request_.query));
    if (!rows.ok()) return DuckDbError(rows.status());
    SQLFLOW_RETURN_IF_ERROR(Server(pg_->StartCopyIn(plan_->CopySql())));
    Status status = SendRows(*rows);
    if (!status.ok()) {
      pg_->AbortCopyIn("sqlflow stopped the export: " + FirstLine(status.message()));
      return status;
    }
    return Server(pg_->EndCopyIn());
  }

  Status SendRows(QueryResult& rows) {
    const std::vector<PgExportColumn>& columns = plan_->columns();
    PgBinaryEncoder encoder;
    encoder.WriteHeader();
    for (;;) {
      auto chunk = rows.NextChunk();
      if (!chunk.ok()) return DuckDbError(chunk.status());
      if (!chunk->has_value()) break;
      const DataChunk& data = **chunk;
      for (size_t r = 0; r < data.row_count(); ++r) {
        encoder.BeginRow(static_cast<int16_t>(columns.size()));
        for (size_t c = 0; c < columns.size(); ++c) {
          Status st = EncodeValue(data, c, r, columns[c].stage, encoder);
          if (!st.ok()) return Status::Invalid("column '" + columns[c].name + "': " + st.message());
        }
      }
      result_.rows += static_cast<int64_t>(data.row_count());
      if (encoder.size() >= kSendBytes) SQLFLOW_RETURN_IF_ERROR(Send(encoder));
    }
    encoder.WriteTrailer();
    return Send(encoder);
  }

  Status Send(PgBinaryEncoder& encoder) {
    SQLFLOW_RETURN_IF_ERROR(Server(pg_->PutCopyData(encoder.buffer())));
    result_.bytes += static_cast<int64_t>(encoder.size());
    encoder.Clear();
    return Status::OK();
  }

  // Merge needs every key present and unique among the query's rows.
  Status CheckKeys() {
    auto nulls = pg_->Query(plan_->NullKeyCountSql());
    if (!nulls.ok()) return Server(nulls.status());
    if (nulls->Get(0, 0) != "0") {
      return Status::Invalid(std::string(nulls->Get(0, 0)) +
                             " of the query's rows have a NULL in "
                             "the key (" +
                             Join(plan_->TargetKeys()) +
                             "); merge needs a value to match rows by: filter them out or "
                             "choose other key columns");
    }
    auto duplicate = pg_->Query(plan_->DuplicateKeySql());
    if (!duplicate.ok()) return Server(duplicate.status());
    if (duplicate->rows() == 0) return Status::OK();
    return Status::Invalid("the query returns several rows with the key " +
                           std::string(duplicate->Get(0, 0)) +
                           "; merge needs one row per key: deduplicate the query (e.g. QUALIFY "
                           "row_number() OVER (PARTITION BY key …) = 1) or extend the key");
  }

  Result<bool> HasUniqueKeyIndex() {
    auto rows =
        pg_->Query(kUniqueKeyIndexSql, {target_.qualified, TextArrayLiteral(plan_->TargetKeys())});
    if (!rows.ok()) return Server(rows.status());
    return rows->rows() > 0;
  }

  // A failed PostgreSQL call (or OK) as the export reports it.
  Status Server(const Status& status) {
    if (status.ok()) return status;
    return Status::IoError(ExplainServerError(pg_->last_error(), target_));
  }

  Status DuckDbError(const Status& status) const {
    return Status::EngineError("the query failed in DuckDB: " + status.message());
  }

  Connection& duckdb_;
  const PostgresExportRequest& request_;
  Target target_;
  std::optional<PgExportPlan> plan_;
  std::optional<PgConnection> pg_;
  PostgresExportResult result_;
};

}  // namespace

Result<PostgresExportResult> ExportToPostgres(Connection& duckdb,
                                              const PostgresExportRequest& request) {
  Result<PostgresExportResult> result = PostgresExport(duckdb, request).Run();
  if (result.ok()) return result;
  const Status& status = result.status();
  return Status(status.code(), request.label + ": " + status.message());
}

}  // namespace sqlflow
