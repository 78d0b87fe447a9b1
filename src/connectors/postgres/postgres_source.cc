#include "connectors/postgres/postgres_source.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/edit_distance.h"
#include "common/strings.h"
#include "connectors/postgres/pg_catalog.h"

namespace sqlflow {

namespace {

using Json = nlohmann::json;

constexpr int kDefaultParallel = 4;
constexpr int kMaxParallel = 64;

std::string StringParam(const Json& params, const char* name, const std::string& fallback) {
  auto it = params.find(name);
  if (it == params.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

Result<int> ParallelParam(const Json& params) {
  auto it = params.find("parallel");
  if (it == params.end() || it->is_null()) return kDefaultParallel;
  int value = 0;
  if (it->is_number_integer()) {
    value = it->get<int>();
  } else if (it->is_string() && !it->get<std::string>().empty() &&
             it->get<std::string>().find_first_not_of("0123456789") == std::string::npos) {
    value = std::stoi(it->get<std::string>());
  } else {
    return Status::Invalid("param 'parallel' must be a whole number of connections, got " +
                           it->dump());
  }
  if (value < 1 || value > kMaxParallel) {
    return Status::Invalid("param 'parallel' must be between 1 and " +
                           std::to_string(kMaxParallel) + ", got " + std::to_string(value));
  }
  return value;
}

// The query without trailing semicolons and spaces, so it can be a subquery.
std::string TrimQuery(std::string query) {
  while (!query.empty() &&
         (query.back() == ';' || isspace(static_cast<unsigned char>(query.back())))) {
    query.pop_back();
  }
  return query;
}

std::string UserText(const PgConnectOptions& options) {
  return options.user.empty() ? "the default user" : "user '" + options.user + "'";
}

}  // namespace

std::string PostgresSource::Prefix() const { return label_.empty() ? "" : label_ + ": "; }

Result<std::shared_ptr<PostgresSource>> PostgresSource::Open(const std::string& params_json,
                                                             const std::string& label) {
  std::shared_ptr<PostgresSource> source(new PostgresSource());
  source->label_ = label;
  Result<PgConnectOptions> options = ParsePgConnectOptions(params_json);
  if (!options.ok()) {
    return Status(options.status().code(), source->Prefix() + options.status().message());
  }
  source->options_ = *options;
  Result<PgConnection> conn = PgConnection::Open(source->options_);
  if (!conn.ok()) return Status::IoError(source->Prefix() + conn.status().message());
  Status st = source->Resolve(*conn, params_json);
  if (!st.ok()) return Status(st.code(), source->Prefix() + st.message());
  source->idle_ = std::make_unique<PgConnection>(std::move(conn).value());
  source->idle_since_ = std::chrono::steady_clock::now();
  return source;
}

Status PostgresSource::Resolve(PgConnection& conn, const std::string& params_json) {
  Json params = Json::parse(params_json, nullptr, false);
  SQLFLOW_ASSIGN_OR_RETURN(int parallel, ParallelParam(params));
  std::string table = StringParam(params, "table", "");
  query_ = TrimQuery(StringParam(params, "query", ""));
  if (table.empty() == query_.empty()) {
    return Status::Invalid("give exactly one of the params 'table' and 'query'");
  }
  plan_.options = options_;
  plan_.label_prefix = Prefix();
  plan_.user = UserText(options_);
  plan_.parallel = static_cast<size_t>(parallel);
  std::vector<PgColumn> pg_columns;
  if (!table.empty()) {
    Result<PgRelation> rel = FindRelation(conn, StringParam(params, "schema", "public"), table);
    if (!rel.ok()) {
      if (rel.status().code() == StatusCode::kNotFound) {
        return Status::NotFound("PostgreSQL " + options_.Describe() + ": " +
                                rel.status().message());
      }
      return Status::IoError(
          ExplainPgError(conn.last_error(), "PostgreSQL " + options_.Describe(), plan_.user));
    }
    relation_ = rel->ToString();
    plan_.where = "PostgreSQL " + Describe();
    plan_.from_sql = QuotePgIdentifier(rel->schema) + "." + QuotePgIdentifier(rel->name);
    plan_.splittable = rel->kind == 'r' || rel->kind == 'm';
    plan_.relation_oid = rel->oid;
    Result<PgResult> allowed = conn.Query(
        "SELECT has_table_privilege($1::oid, 'SELECT') OR "
        "has_any_column_privilege($1::oid, 'SELECT')",
        {std::to_string(rel->oid)});
    if (allowed.ok() && allowed->Get(0, 0) == "f") {
      return Status::NotFound(plan_.where + ": permission denied for table " + relation_ + " (" +
                              plan_.user +
                              "); grant SELECT on it to this user, or connect as a user that "
                              "has it");
    }
    Result<std::vector<PgColumn>> cols = ReadTableColumns(conn, rel->oid);
    if (!cols.ok()) {
      return Status::IoError(ExplainPgError(conn.last_error(), plan_.where, plan_.user));
    }
    pg_columns = std::move(cols).value();
    // Only a hint for how the target is stored: a server that will not tell loses nothing.
    Result<std::map<std::string, double>> shares = ReadDistinctShares(conn, *rel);
    if (shares.ok()) distinct_shares_ = std::move(shares).value();
    // Also only a shortcut (an incremental load skips looking for duplicate keys).
    Result<std::vector<std::vector<std::string>>> unique = ReadUniqueKeys(conn, rel->oid);
    if (unique.ok()) unique_keys_ = std::move(unique).value();
  } else {
    plan_.where = "PostgreSQL " + Describe();
    plan_.from_sql = "(" + query_ + ") AS sqlflow_query";
    Result<std::vector<PgColumn>> cols = DescribeQueryColumns(conn, query_);
    if (!cols.ok()) {
      return Status::Invalid(ExplainPgError(conn.last_error(), plan_.where, plan_.user));
    }
    pg_columns = std::move(cols).value();
  }
  return MapColumns(conn, pg_columns);
}

Status PostgresSource::MapColumns(PgConnection& conn, const std::vector<PgColumn>& pg_columns) {
  Result<PgTypeCatalog> types = LoadTypes(conn, pg_columns);
  if (!types.ok()) {
    return Status::IoError(ExplainPgError(conn.last_error(), plan_.where, plan_.user));
  }
  for (const PgColumn& c : pg_columns) {
    plan_.columns.push_back(MapColumn(c, *types, &warnings_));
    columns_.push_back(plan_.columns.back().spec);
  }
  return Status::OK();
}

std::vector<ColumnInfo> PostgresSource::schema() const {
  std::vector<ColumnInfo> out;
  for (const PgColumnPlan& c : plan_.columns) {
    out.push_back({c.spec.name, c.spec.type.name, c.nullable});
  }
  return out;
}

std::vector<std::string> PostgresSource::mostly_distinct_text_columns() const {
  std::vector<std::string> out;
  for (const PgColumnPlan& c : plan_.columns) {
    auto share = distinct_shares_.find(c.spec.name);
    if (c.spec.type.id == TypeId::kVarchar && share != distinct_shares_.end() &&
        share->second >= kMostlyDistinctShare) {
      out.push_back(c.spec.name);
    }
  }
  return out;
}

bool PostgresSource::IsUniqueKey(const std::vector<std::string>& columns) const {
  auto among_columns = [&](const std::string& name) {
    return std::any_of(columns.begin(), columns.end(),
                       [&](const std::string& c) { return EqualsIgnoreCase(c, name); });
  };
  return std::any_of(unique_keys_.begin(), unique_keys_.end(), [&](const auto& key) {
    return std::all_of(key.begin(), key.end(), among_columns);
  });
}

std::vector<std::string> PostgresSource::warnings() const {
  std::vector<std::string> out = warnings_;
  int64_t n = stats_->non_finite_decimals.load();
  if (n > 0) {
    std::lock_guard<std::mutex> lock(stats_->mutex);
    out.push_back("column " + stats_->non_finite_column + ": " + std::to_string(n) +
                  " NaN or infinite numeric value" + (n == 1 ? " was" : "s were") +
                  " read as NULL (DuckDB's DECIMAL has no NaN or infinity)");
  }
  return out;
}

std::string PostgresSource::Describe() const {
  return options_.Describe() + " " + (relation_.empty() ? "(query)" : relation_);
}

Result<std::string> PostgresSource::FilterSql(const PostgresCursorFilter& filter) const {
  std::vector<std::string> names;
  for (const PgColumnPlan& c : plan_.columns) {
    if (c.spec.name == filter.column) {
      return QuotePgIdentifier(c.spec.name) + (filter.inclusive ? " >= " : " > ") +
             QuotePgLiteral(filter.value) + "::" + c.pg_type;
    }
    names.push_back(c.spec.name);
  }
  std::optional<std::string> near = SuggestClosest(filter.column, names);
  return Status::Invalid(
      Prefix() + "cursor_field '" + filter.column + "' is not a column of " + Describe() +
      (near ? "; did you mean '" + *near + "'?" : "; its columns: " + Join(names)));
}

Result<std::shared_ptr<TableScan>> PostgresSource::NewScan(
    const std::optional<PostgresCursorFilter>& filter) const {
  PostgresScanPlan plan = plan_;
  plan.stats = stats_;
  if (filter) {
    SQLFLOW_ASSIGN_OR_RETURN(plan.filter_sql, FilterSql(*filter));
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::shared_ptr<PostgresScan> scan,
                           PostgresScan::Start(std::move(plan), TakeIdleConnection()));
  return std::shared_ptr<TableScan>(std::move(scan));
}

std::unique_ptr<PgConnection> PostgresSource::TakeIdleConnection() const {
  std::unique_ptr<PgConnection> conn;
  {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    conn = std::move(idle_);
  }
  bool fresh = std::chrono::steady_clock::now() - idle_since_ <= kReuseIdleFor;
  if (conn == nullptr || !fresh || !conn->StillUp()) return nullptr;
  return conn;
}

Result<PostgresServerInfo> TestPostgresConnection(const std::string& params_json) {
  SQLFLOW_ASSIGN_OR_RETURN(PgConnectOptions options, ParsePgConnectOptions(params_json));
  SQLFLOW_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(options));
  PostgresServerInfo info;
  info.where = options.Describe();
  info.version = "PostgreSQL " + conn.ServerVersion();
  Result<PgResult> count = conn.Query(
      "SELECT count(*) FROM information_schema.tables "
      "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
  if (!count.ok()) {
    return Status::IoError(
        ExplainPgError(conn.last_error(), "PostgreSQL " + info.where, UserText(options)));
  }
  info.table_count = std::stoll(std::string(count->Get(0, 0)));
  return info;
}

}  // namespace sqlflow
