// Connection: one session on a Database — runs SQL, prepares statements, holds a transaction.
// Thread-safety: one connection per thread; a Connection is never used by two threads at once,
// except Interrupt(), which another thread may call while this one waits on a query.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "engine/database.h"
#include "engine/prepared_statement.h"
#include "engine/query_result.h"

struct _duckdb_connection;

namespace sqlflow {

class InterruptGate;
struct TableFunctionSpec;
struct ScalarFunctionSpec;

class Connection {
 public:
  // Opens a connection. EngineError when DuckDB refuses.
  // REQUIRES: `database` outlives the connection.
  static Result<Connection> Open(Database& database);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // Disconnects; an open transaction is rolled back.
  ~Connection();

  // Runs `sql` (one or more statements) and discards any rows.
  // EngineError with DuckDB's message when a statement fails; statements before it have run.
  Status Execute(const std::string& sql);

  // Runs `sql` and returns the result of its last statement, fully materialised.
  // EngineError with DuckDB's message when a statement fails.
  Result<QueryResult> Query(const std::string& sql);

  // Runs one statement and returns its rows as they are produced, not materialised: the
  // statement runs while NextChunk() is called, so an error past the first rows surfaces there.
  // Until the result is consumed or destroyed, the connection runs nothing else (and
  // FetchAllAsStrings() cannot be used on it). EngineError when the statement does not prepare
  // or fails before its first rows.
  Result<QueryResult> QueryStreaming(const std::string& sql);

  // As Query(), but nullopt when DuckDB fails the statement with a catalog error: a table,
  // view or schema it names does not exist.
  Result<std::optional<QueryResult>> QueryUnlessMissing(const std::string& sql);

  // The first value of the first row of `sql`, which must be a non-NULL BIGINT (a count,
  // current_setting('threads'), the row count of CREATE … AS or INSERT). Internal otherwise.
  Result<int64_t> QueryBigInt(const std::string& sql);

  // Prepares one statement with `?` or `$1` parameters. EngineError with DuckDB's message when
  // it does not parse or bind (unknown table, …).
  Result<PreparedStatement> Prepare(const std::string& sql);

  // Asks the query running on this connection to stop; it then fails with an EngineError whose
  // message mentions the interruption. The transaction open on this connection, if any, then
  // commits nothing: its Commit() rolls it back. A COMMIT or ROLLBACK already running is not
  // interrupted: its outcome is the transaction's.
  // REQUIRES: the Connection is neither moved nor destroyed during the call.
  void Interrupt();

  // Rows the query running on this connection has processed so far, or -1 when DuckDB reports
  // no progress (no query, or one too short to track). Safe to call from another thread.
  // REQUIRES: the Connection is neither moved nor destroyed during the call.
  int64_t RowsProcessed();

  // BEGIN TRANSACTION / COMMIT / ROLLBACK. EngineError with DuckDB's message (e.g. COMMIT
  // without a transaction, or a conflicting write). Commit() succeeds exactly when the
  // transaction committed; after an Interrupt() since Begin() it rolls back instead and fails
  // with "interrupted before COMMIT; …".
  Status Begin();
  Status Commit();
  Status Rollback();

 private:
  friend class Appender;
  friend class DuckDbSqlAnalyzer;
  friend Status RegisterTableFunction(Connection& connection, TableFunctionSpec spec);
  friend Status RegisterScalarFunction(Connection& connection, ScalarFunctionSpec spec);
  friend Status RegisterFailingFunction(Connection& connection, const std::string& name,
                                        const std::string& message);
  explicit Connection(_duckdb_connection* handle);
  void Close();

  _duckdb_connection* handle_ = nullptr;
  std::unique_ptr<InterruptGate> gate_;  // null only when moved from
};

}  // namespace sqlflow
