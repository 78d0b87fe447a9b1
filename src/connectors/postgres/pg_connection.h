// PgConnection: one libpq session to a PostgreSQL server — connect with retries, run catalog
// queries, stream a COPY OUT, cancel from another thread. Every error message names the server
// as "host:port/dbname" (never the password) and says what to do next.
// Thread-safety: one thread uses a connection at a time, except Cancel(), which another thread
// may call while this one waits on the server.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace sqlflow {

// How to reach the server: the connection params of a POSTGRES source or connector.
struct PgConnectOptions {
  std::string host = "localhost";
  int port = 5432;
  std::string dbname;
  std::string user;      // empty: libpq's default (PGUSER or the OS user)
  std::string password;  // empty: libpq's default (PGPASSWORD, ~/.pgpass)
  std::string sslmode;
  int connect_timeout_s = 10;
  std::string application_name = "sqlflow";
  int retries = 3;  // further attempts after a transient failure (refused, starting up, …)
  int retry_backoff_ms = 500;  // before the first retry; doubled before each next one

  // "127.0.0.1:5432/shop": how messages name the server.
  std::string Describe() const;
};

// Reads the connection params (aliases dbname|database, user|username) from a params JSON object;
// other keys are ignored. Ports and numbers may be given as JSON numbers or numeric strings
// (profile values such as "${PGPORT}" arrive as text). InvalidArgument naming the param when a
// value has the wrong type or dbname is missing.
Result<PgConnectOptions> ParsePgConnectOptions(const std::string& params_json);

// A PostgreSQL error as the server reported it.
struct PgError {
  std::string sqlstate;  // "42P01"; empty for client-side failures (lost connection, …)
  std::string message;   // primary message, one line
  std::string detail;
  std::string hint;
  bool connection_lost = false;  // the session is gone: server shut down, backend terminated
};

// A query result (RAII over PGresult). Values are read as text.
class PgResult {
 public:
  explicit PgResult(pg_result* handle) : handle_(handle) {}
  PgResult(PgResult&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  int columns() const;
  bool IsNull(int row, int column) const;
  std::string_view Get(int row, int column) const;  // "" for NULL
  // Rows an INSERT, UPDATE, DELETE, MERGE or COPY changed (PQcmdTuples); 0 for other commands.
  int64_t AffectedRows() const;
  // Column metadata of a described statement.
  std::string ColumnName(int column) const;
  uint32_t ColumnTypeOid(int column) const;
  int ColumnTypmod(int column) const;

 private:
  pg_result* handle_;
};

class PgConnection {
 public:
  // Connects, retrying transient failures (connection refused, server starting up or shutting
  // down, timeouts) options.retries times with doubling backoff. IoError otherwise, whose message
  // names the server and the cause: refused (with the number of attempts), bad password or
  // missing password, unknown database (with a "did you mean" from the server's databases),
  // unknown user. Not retried: authentication and unknown database or user.
  static Result<PgConnection> Open(const PgConnectOptions& options);

  PgConnection(PgConnection&& other) noexcept;
  PgConnection& operator=(PgConnection&& other) noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  const PgConnectOptions& options() const { return options_; }
  std::string Describe() const { return options_.Describe(); }

  // Each call below fails with an IoError holding the server's primary message (no place:
  // callers add it); last_error() then has the details to classify it.

  // Runs one statement with text parameters ($1, $2, …) and returns its result.
  Result<PgResult> Query(const std::string& sql, const std::vector<std::string>& params = {});
  // As Query(), with parameters that may be NULL (nullopt).
  Result<PgResult> QueryNullable(const std::string& sql,
                                 const std::vector<std::optional<std::string>>& params);
  // Runs statements whose result is not needed (BEGIN, SET, …).
  Status Exec(const std::string& sql);
  // Prepares `sql` as the unnamed statement and describes its result columns.
  Result<PgResult> DescribeQuery(const std::string& sql);

  // Starts a COPY … TO STDOUT; then ReadCopy() until it returns an empty view.
  Status StartCopyOut(const std::string& sql);
  // The next piece of the COPY stream, valid until the next call; an empty view when the COPY
  // has ended successfully (the results are drained, the connection is ready for a query).
  // An error when the server failed the COPY or the connection was lost.
  Result<std::string_view> ReadCopy();

  // ---- COPY IN (PostgreSQL export) ----
  // Starts a COPY … FROM STDIN; then PutCopyData() any number of times and EndCopyIn(), or
  // AbortCopyIn() to give up.
  Status StartCopyIn(const std::string& sql);
  // Sends the next bytes of the COPY stream (blocks while libpq's buffer is full). An error when
  // the connection was lost; a value the server rejects is only reported by EndCopyIn().
  Status PutCopyData(std::string_view data);
  // Ends the stream and drains the results: OK when the server stored every row, else its error
  // (a bad value, a constraint). Either way the connection is then ready for the next query.
  Status EndCopyIn();
  // Ends the stream with a failure, so the server discards the rows sent; drains the results.
  void AbortCopyIn(const std::string& reason);
  // ---- end COPY IN ----

  // The error of the last failed call.
  const PgError& last_error() const { return last_error_; }

  // Asks the server to stop the statement running on this connection (PQcancel). Safe from any
  // thread while the connection is alive; does nothing when none runs.
  void Cancel();
  bool cancelled() const { return cancelled_.load(); }

  // False when the session is not idle, or the server has sent it anything since its last
  // query: an idle session is sent nothing unless the server is closing it (shut down,
  // terminated backend, idle timeout). Does not wait; a true is no promise that the next
  // query succeeds.
  bool StillUp();

  // The server version, e.g. "15.18 (Debian 15.18-0+deb12u1)".
  std::string ServerVersion() const;

 private:
  PgConnection(pg_conn* conn, PgConnectOptions options);
  // Records the error of `result` (or of the connection when null) and returns it as a Status.
  Status Fail(pg_result* result);
  void FreeCopyBuffer();
  void Close();

  pg_conn* conn_ = nullptr;
  pg_cancel* cancel_ = nullptr;
  char* copy_buffer_ = nullptr;
  std::atomic<bool> cancelled_{false};
  PgConnectOptions options_;
  PgError last_error_;
};

}  // namespace sqlflow
