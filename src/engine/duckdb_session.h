// DuckDbSession: the EngineSession of the embedded DuckDB engine, over a Connection it does not
// own — the worker's own, so that state rows and the rows they describe share its transaction.
// Thread-safety: as Connection (one thread at a time).
#pragma once

#include "engine/connection.h"
#include "engine/engine_session.h"
#include "engine/table_schema.h"

namespace sqlflow {

class DuckDbSession final : public EngineSession {
 public:
  // REQUIRES: `connection` outlives the session.
  explicit DuckDbSession(Connection& connection) : connection_(connection) {}

  Status Execute(const std::string& sql) override { return connection_.Execute(sql); }
  Result<SqlRows> QueryRows(const std::string& sql,
                            const std::vector<SqlValue>& params = {}) override;
  Result<int64_t> ExecuteCounting(const std::string& sql,
                                  const std::vector<SqlValue>& params = {}) override;
  // Found by querying it (LIMIT 0) rather than by listing the catalog: duckdb_tables() costs
  // tens of milliseconds on a large database.
  Result<bool> TableExists(const std::string& schema, const std::string& table) override;
  Result<std::optional<std::vector<ColumnInfo>>> DescribeTable(const TableName& name) override {
    return sqlflow::DescribeTable(connection_, name);
  }
  Result<std::vector<ColumnInfo>> DescribeQuery(const std::string& query) override {
    return DescribeRelation(connection_, query);
  }
  Status Begin() override { return connection_.Begin(); }
  Status Commit() override { return connection_.Commit(); }
  Status Rollback() override { return connection_.Rollback(); }

  Connection& connection() { return connection_; }

 private:
  Result<QueryResult> Run(const std::string& sql, const std::vector<SqlValue>& params);

  Connection& connection_;
};

}  // namespace sqlflow
