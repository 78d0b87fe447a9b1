// PgSession: the EngineSession of a PostgreSQL server (SPEC-ENGINES.md), over a PgConnection it
// does not own — what the state tables and, later, the PostgreSQL engine adapter run their SQL
// through. The catalog's types are mapped to DuckDB's text as a PostgreSQL source reads them
// (postgres_types.h), so that drift checks compare like with like on either engine.
// Errors are EngineError with the server's message.
// Thread-safety: as PgConnection (one thread at a time).
#pragma once

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/postgres_types.h"
#include "engine/engine_session.h"

namespace sqlflow {

class PgSession final : public EngineSession {
 public:
  // REQUIRES: `connection` outlives the session.
  explicit PgSession(PgConnection& connection) : connection_(connection) {}

  Status Execute(const std::string& sql) override;
  // Values as PostgreSQL's text (booleans "t"/"f", timestamps "2024-01-01 10:00:00").
  Result<SqlRows> QueryRows(const std::string& sql,
                            const std::vector<SqlValue>& params = {}) override;
  Result<int64_t> ExecuteCounting(const std::string& sql,
                                  const std::vector<SqlValue>& params = {}) override;
  Result<bool> TableExists(const std::string& schema, const std::string& table) override;
  // An empty schema is the first of the search_path that has the table.
  Result<std::optional<std::vector<ColumnInfo>>> DescribeTable(const TableName& name) override;
  Result<std::vector<ColumnInfo>> DescribeQuery(const std::string& query) override;
  Status Begin() override { return Execute("BEGIN"); }
  Status Commit() override { return Execute("COMMIT"); }
  Status Rollback() override { return Execute("ROLLBACK"); }

 private:
  Result<PgResult> Run(const std::string& sql, const std::vector<SqlValue>& params);
  Result<std::vector<ColumnInfo>> Mapped(const std::vector<PgColumn>& columns);

  PgConnection& connection_;
};

}  // namespace sqlflow
