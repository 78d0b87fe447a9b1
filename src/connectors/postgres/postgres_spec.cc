#include "connectors/postgres/postgres_spec.h"

#include "connectors/connector_registry.h"

namespace sqlflow {

namespace {

std::vector<ParamSpec> ConnectionParams() {
  return {
      {"host", ParamType::kString, false, "server host (default localhost)"},
      {"port", ParamType::kInteger, false, "server port (default 5432)", {}, {}, 1, 65535},
      {"dbname", ParamType::kString, true, "database name", {}, {"database"}},
      {"user", ParamType::kString, false, "user name", {}, {"username"}},
      {"password", ParamType::kString, false, "password (masked in every output)"},
      {"sslmode",
       ParamType::kString,
       false,
       "libpq sslmode",
       {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
      {"connect_timeout", ParamType::kInteger, false, "seconds", {}, {}, 0, std::nullopt},
      {"application_name", ParamType::kString, false, "shown in pg_stat_activity"},
      {"retries",
       ParamType::kInteger,
       false,
       "further connection attempts after a transient failure (default 3)",
       {},
       {},
       0,
       std::nullopt},
      {"retry_backoff_ms",
       ParamType::kInteger,
       false,
       "wait before the first retry, doubled before each next one (default 500)",
       {},
       {},
       0,
       std::nullopt},
  };
}

}  // namespace

ConnectorSpec PostgresSourceSpec() {
  ConnectorSpec spec{"POSTGRES",
                     "a PostgreSQL table or query, read with binary COPY",
                     ConnectionParams(),
                     {{"table", "query"}}};
  spec.params.push_back(
      {"schema", ParamType::kString, false, "schema of the table (default public)"});
  spec.params.push_back({"table", ParamType::kString, false, "table to read"});
  spec.params.push_back({"query", ParamType::kString, false, "query to read"});
  spec.params.push_back({"parallel",
                         ParamType::kInteger,
                         false,
                         "connections for a parallel read of a large table (default 4)",
                         {},
                         {},
                         1,
                         64});
  for (ParamSpec& p : CommonSourceParams()) spec.params.push_back(std::move(p));
  return spec;
}

ConnectorSpec PostgresExportSpec() {
  // An export names a profile connection instead of repeating connection params.
  return {"POSTGRES",
          "a PostgreSQL table, written with binary COPY through a profile connection",
          {
              {"connection", ParamType::kString, true, "a connector named in the profile"},
              {"table", ParamType::kString, true, "target table"},
              {"schema", ParamType::kString, false, "target schema (default public)"},
              {"mode",
               ParamType::kString,
               false,
               "replace, append (default) or merge",
               {"replace", "append", "merge"}},
              {"key", ParamType::kStringOrList, false, "merge key column(s)"},
          }};
}

}  // namespace sqlflow
