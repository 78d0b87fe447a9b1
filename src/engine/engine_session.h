// EngineSession: one session on the engine a pipeline's tables live in (SPEC-ENGINES.md) — what
// the runner and the state tables need of it, whatever the engine: run SQL, read rows as text
// with bound parameters, count rows changed, hold a transaction, tell whether a table exists.
// The DuckDB adapter (duckdb_session.h) wraps a Connection; a server engine's speaks its
// protocol. Parameters are written $1, $2, … (both engines' placeholder).
// Thread-safety: one thread at a time; implementations say which methods another thread may
// call (Interrupt).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "engine/catalog_types.h"

namespace sqlflow {

// A bound parameter: NULL, an integer, a double or text.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
// Rows as text, NULL as nullopt (the engine's own text of each value).
using SqlRows = std::vector<std::vector<std::optional<std::string>>>;

class EngineSession {
 public:
  virtual ~EngineSession() = default;

  // Runs `sql` (one or more statements), discarding rows. EngineError with the engine's message.
  virtual Status Execute(const std::string& sql) = 0;
  // Runs one statement with `params` bound to $1, $2, … and returns its rows.
  virtual Result<SqlRows> QueryRows(const std::string& sql,
                                    const std::vector<SqlValue>& params = {}) = 0;
  // Runs one statement with `params` and returns how many rows it inserted, updated or deleted.
  virtual Result<int64_t> ExecuteCounting(const std::string& sql,
                                          const std::vector<SqlValue>& params = {}) = 0;
  // Whether `schema`.`table` exists (a missing schema: false). EngineError for other failures.
  virtual Result<bool> TableExists(const std::string& schema, const std::string& table) = 0;

  // The catalog, with types as DuckDB's text (catalog_types.h). The columns of table `name`
  // (an empty schema: the session's current one), in table order; nullopt when there is no such
  // table.
  virtual Result<std::optional<std::vector<ColumnInfo>>> DescribeTable(const TableName& name) = 0;
  // The columns `query` would return, found without reading its rows. EngineError with the
  // engine's message when it does not bind.
  virtual Result<std::vector<ColumnInfo>> DescribeQuery(const std::string& query) = 0;

  // BEGIN / COMMIT / ROLLBACK. Commit() succeeds exactly when the transaction committed.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

// Runs `body` between Begin() and Commit(); rolls back (and returns body's error) when it fails.
Status ExecuteInTransaction(EngineSession& session, const std::function<Status()>& body);

}  // namespace sqlflow
