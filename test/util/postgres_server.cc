#include "util/postgres_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "connectors/postgres/pg_connection.h"
#include "util/test_paths.h"

namespace sqlflow::test {

namespace {

std::string g_started_dir;  // the server this process started, stopped at exit

// Runs a shell command; its combined output, or an error with that output.
Result<std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return Status::IoError("cannot run: " + command);
  std::string output;
  char buffer[512];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  if (status != 0) return Status::IoError(command + " failed:\n" + output);
  return output;
}

std::string ScriptCommand(const std::string& args) {
  return "bash '" + std::string(SourceDir()) + "/scripts/postgres.sh' " + args;
}

void StopStartedServer() {
  if (g_started_dir.empty()) return;
  (void)RunCommand(ScriptCommand("stop '" + g_started_dir + "'"));
  std::error_code ec;
  std::filesystem::remove_all(g_started_dir, ec);
}

// A TCP port on 127.0.0.1 that nothing listens on right now.
Result<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Status::IoError("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  if (port < 0) return Status::IoError("cannot find a free TCP port on 127.0.0.1");
  return port;
}

Result<int> StartOwnServer() {
  char dir_template[] = "/tmp/sqlflow-pg-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return Status::IoError("mkdtemp failed");
  SQLFLOW_ASSIGN_OR_RETURN(int port, FreePort());
  g_started_dir = dir_template;
  std::atexit(StopStartedServer);
  Result<std::string> started =
      RunCommand(ScriptCommand("start '" + g_started_dir + "' " + std::to_string(port)));
  if (!started.ok()) return started.status();
  // Children (sqlflow runs in pipeline tests) find the server the same way.
  setenv("SQLFLOW_TEST_PG_PORT", std::to_string(port).c_str(), 1);
  return port;
}

Result<int> ResolvePort() {
  const char* env = std::getenv("SQLFLOW_TEST_PG_PORT");
  if (env != nullptr && *env != '\0') return std::atoi(env);
  return StartOwnServer();
}

}  // namespace

Result<PostgresTestServer*> PostgresTestServer::Get() {
  static std::once_flag once;
  static Result<int> port = Status::Internal("not started");
  static PostgresTestServer* server = nullptr;
  std::call_once(once, [] {
    port = ResolvePort();
    if (port.ok()) server = new PostgresTestServer("127.0.0.1", *port);
  });
  if (!port.ok()) return port.status();
  return server;
}

std::string PostgresTestServer::ParamsJson(const std::string& dbname,
                                           const std::string& extra) const {
  std::string json = R"({"host": ")" + host_ + R"(", "port": )" + std::to_string(port_) +
                     R"(, "dbname": ")" + dbname + R"(", "user": ")" + user_ + R"(")";
  if (!extra.empty()) json += ", " + extra;
  return json + "}";
}

Status PostgresTestServer::Exec(const std::string& db, const std::string& sql) {
  PgConnectOptions options;
  options.host = host_;
  options.port = port_;
  options.dbname = db;
  options.user = user_;
  options.retries = 5;
  options.retry_backoff_ms = 100;
  SQLFLOW_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(options));
  Status st = conn.Exec(sql);
  if (!st.ok()) return Status::IoError(db + ": " + st.message() + "\nin: " + sql);
  return Status::OK();
}

Result<std::string> PostgresTestServer::QueryValue(const std::string& db, const std::string& sql) {
  PgConnectOptions options;
  options.host = host_;
  options.port = port_;
  options.dbname = db;
  options.user = user_;
  SQLFLOW_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(options));
  Result<PgResult> res = conn.Query(sql);
  if (!res.ok()) return Status::IoError(db + ": " + res.status().message() + "\nin: " + sql);
  if (res->rows() == 0 || res->columns() == 0) return std::string();
  return std::string(res->Get(0, 0));
}

Status PostgresTestServer::CreateDatabase(const std::string& name) {
  SQLFLOW_RETURN_IF_ERROR(
      Exec("postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)"));
  return Exec("postgres", "CREATE DATABASE \"" + name + "\"");
}

Status PostgresTestServer::EnsureDatabase(const std::string& name) {
  SQLFLOW_ASSIGN_OR_RETURN(
      std::string exists,
      QueryValue("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"));
  if (exists != "0") return Status::OK();
  Status st = Exec("postgres", "CREATE DATABASE \"" + name + "\"");
  // Another test process may have created it meanwhile.
  if (st.ok() || st.message().find("already exists") != std::string::npos ||
      st.message().find("duplicate key") != std::string::npos) {
    return Status::OK();
  }
  return st;
}

}  // namespace sqlflow::test
