// PostgresTestServer: the PostgreSQL server tests talk to. Under ctest the `postgres` fixture
// has started one (scripts/postgres.sh) and exported its port as SQLFLOW_TEST_PG_PORT; a test
// binary run on its own starts its own server in a temp dir on a free port, once per process,
// and stops it at exit. Trust authentication for user "postgres" over TCP on 127.0.0.1; other
// users need a password (scripts/postgres.sh writes pg_hba.conf so).
// Thread-safety: Get() is safe from any thread; the other methods open their own connections.
#pragma once

#include <string>

#include "common/status.h"

namespace sqlflow::test {

class PostgresTestServer {
 public:
  // The server, started on first use when SQLFLOW_TEST_PG_PORT is not set. An error Status
  // (with scripts/postgres.sh's reason) when it cannot start.
  static Result<PostgresTestServer*> Get();

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  const std::string& user() const { return user_; }

  // Connection params JSON for `dbname` plus `extra` members, e.g.
  // ParamsJson("shop", R"("table": "orders")") ->
  // {"host": "127.0.0.1", "port": 54329, "dbname": "shop", "user": "postgres", "table": …}.
  std::string ParamsJson(const std::string& dbname, const std::string& extra = "") const;

  // Drops and re-creates database `name`, so each test starts from an empty database.
  Status CreateDatabase(const std::string& name);
  // Creates database `name` unless it exists.
  Status EnsureDatabase(const std::string& name);
  // Runs `sql` (one or more statements) in database `db`.
  Status Exec(const std::string& db, const std::string& sql);
  // The first column of the first row of `sql` in `db`, as text ("" for NULL).
  Result<std::string> QueryValue(const std::string& db, const std::string& sql);

 private:
  PostgresTestServer(std::string host, int port) : host_(std::move(host)), port_(port) {}

  std::string host_;
  int port_;
  std::string user_ = "postgres";
};

}  // namespace sqlflow::test
