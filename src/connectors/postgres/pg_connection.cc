#include "connectors/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {

namespace {

using Json = nlohmann::json;

// A string param, or an error naming it.
Status ReadString(const Json& params, const char* name, std::string* out) {
  auto it = params.find(name);
  if (it == params.end() || it->is_null()) return Status::OK();
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_number()) {
    *out = it->dump();
  } else {
    return Status::Invalid(std::string("param '") + name + "' must be a string");
  }
  return Status::OK();
}

// An integer param given as a number or numeric text.
Status ReadInt(const Json& params, const char* name, int* out) {
  auto it = params.find(name);
  if (it == params.end() || it->is_null()) return Status::OK();
  if (it->is_number_integer()) {
    *out = it->get<int>();
    return Status::OK();
  }
  if (it->is_string()) {
    const std::string text = it->get<std::string>();
    try {
      size_t used = 0;
      int value = std::stoi(text, &used);
      if (used == text.size()) {
        *out = value;
        return Status::OK();
      }
    } catch (const std::exception&) {
    }
  }
  return Status::Invalid(std::string("param '") + name + "' must be an integer, got " + it->dump());
}

const Json* FirstOf(const Json& params, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = params.find(n);
    if (it != params.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The text between the first pair of double quotes after `after`, e.g. the database in
// `database "shp" does not exist`.
std::string QuotedAfter(std::string_view text, std::string_view after) {
  size_t at = text.find(after);
  if (at == std::string_view::npos) return "";
  size_t open = text.find('"', at);
  size_t close = open == std::string_view::npos ? open : text.find('"', open + 1);
  if (close == std::string_view::npos) return "";
  return std::string(text.substr(open + 1, close - open - 1));
}

// libpq's message without the "connection to server at … failed:" preamble and the "FATAL:"
// prefix, on one line.
std::string CleanConnectMessage(std::string_view raw) {
  std::string text(raw);
  size_t failed = text.find("failed: ");
  if (failed != std::string::npos) text = text.substr(failed + 8);
  if (text.starts_with("FATAL:")) text = text.substr(6);
  size_t start = text.find_first_not_of(' ');
  text = start == std::string::npos ? "" : text.substr(start);
  return FirstLine(text);
}

bool IsTransientConnectFailure(std::string_view message) {
  return Contains(message, "Connection refused") || Contains(message, "starting up") ||
         Contains(message, "shutting down") || Contains(message, "timeout expired") ||
         Contains(message, "too many clients") || Contains(message, "in recovery mode") ||
         Contains(message, "No such file or directory");
}

struct ConnectParams {
  std::vector<std::string> keys, values;

  explicit ConnectParams(const PgConnectOptions& o) {
    Add("host", o.host);
    Add("port", std::to_string(o.port));
    Add("dbname", o.dbname);
    Add("user", o.user);
    Add("password", o.password);
    Add("sslmode", o.sslmode);
    Add("connect_timeout", o.connect_timeout_s > 0 ? std::to_string(o.connect_timeout_s) : "");
    Add("application_name", o.application_name);
    Add("client_encoding", "UTF8");
  }
  void Add(const char* key, const std::string& value) {
    if (value.empty()) return;
    keys.push_back(key);
    values.push_back(value);
  }
};

// One attempt: a connected PGconn, or the failure's libpq message.
pg_conn* TryConnect(const PgConnectOptions& options, std::string* error) {
  ConnectParams params(options);
  std::vector<const char*> keys, values;
  for (size_t i = 0; i < params.keys.size(); ++i) {
    keys.push_back(params.keys[i].c_str());
    values.push_back(params.values[i].c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
  if (conn != nullptr && PQstatus(conn) == CONNECTION_OK) {
    // Server notices ("table does not exist, skipping") are not for our users' terminals.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return conn;
  }
  *error = conn == nullptr ? "out of memory" : PQerrorMessage(conn);
  PQfinish(conn);
  return nullptr;
}

// "; did you mean 'shop'? Check" from the databases of the server, or "; check" when none is
// close (or the server cannot be asked).
std::string SuggestDatabase(const PgConnectOptions& options, const std::string& missing) {
  PgConnectOptions other = options;
  other.dbname = "postgres";
  other.retries = 0;
  std::string ignored;
  PGconn* conn = TryConnect(other, &ignored);
  if (conn == nullptr) return "";
  std::vector<std::string> names;
  PGresult* res = PQexec(conn, "SELECT datname FROM pg_database WHERE datallowconn");
  if (PQresultStatus(res) == PGRES_TUPLES_OK) {
    for (int r = 0; r < PQntuples(res); ++r) names.push_back(PQgetvalue(res, r, 0));
  }
  PQclear(res);
  PQfinish(conn);
  std::optional<std::string> near = SuggestClosest(missing, names);
  return near ? "; did you mean '" + *near + "'? Check" : "; check";
}

std::string UserText(const PgConnectOptions& options) {
  return options.user.empty() ? "the default user" : "user '" + options.user + "'";
}

// The user-facing message for a failed connection.
std::string DescribeConnectFailure(const PgConnectOptions& options, const std::string& raw,
                                   int attempts) {
  const std::string where = "PostgreSQL at " + options.Describe();
  const std::string cause = CleanConnectMessage(raw);
  if (Contains(raw, "password authentication failed")) {
    return where + ": password authentication failed for " + UserText(options) +
           "; check the user and password params (or the variable they come from)";
  }
  if (Contains(raw, "no password supplied")) {
    return where + ": the server asks " + UserText(options) +
           " for a password and none was given; set the password param (e.g. \"${PGPASSWORD}\")";
  }
  if (Contains(raw, "database \"") && Contains(raw, "does not exist")) {
    std::string db = QuotedAfter(raw, "database \"");
    return where + ": database '" + db + "' does not exist" + SuggestDatabase(options, db) +
           " the dbname param";
  }
  if (Contains(raw, "role \"") && Contains(raw, "does not exist")) {
    return where + ": user '" + QuotedAfter(raw, "role \"") +
           "' does not exist on the server; check the user param";
  }
  std::string tries =
      " (gave up after " + std::to_string(attempts) + (attempts == 1 ? " attempt)" : " attempts)");
  if (Contains(raw, "Connection refused")) {
    return "cannot connect to " + where + ": connection refused" + tries +
           "; is the server running and listening on that host and port? Check the host and "
           "port params";
  }
  if (Contains(raw, "could not translate host name")) {
    return "cannot connect to " + where + ": unknown host '" + options.host +
           "'; check the host param";
  }
  return "cannot connect to " + where + ": " + cause + tries;
}

}  // namespace

std::string PgConnectOptions::Describe() const {
  return host + ":" + std::to_string(port) + "/" + dbname;
}

Result<PgConnectOptions> ParsePgConnectOptions(const std::string& params_json) {
  Json params = Json::parse(params_json, nullptr, false);
  if (!params.is_object()) return Status::Invalid("POSTGRES params must be a JSON object");
  PgConnectOptions o;
  SQLFLOW_RETURN_IF_ERROR(ReadString(params, "host", &o.host));
  SQLFLOW_RETURN_IF_ERROR(ReadInt(params, "port", &o.port));
  Json names = Json::object();
  if (const Json* db = FirstOf(params, {"dbname", "database"})) names["dbname"] = *db;
  if (const Json* user = FirstOf(params, {"user", "username"})) names["user"] = *user;
  SQLFLOW_RETURN_IF_ERROR(ReadString(names, "dbname", &o.dbname));
  SQLFLOW_RETURN_IF_ERROR(ReadString(names, "user", &o.user));
  SQLFLOW_RETURN_IF_ERROR(ReadString(params, "password", &o.password));
  SQLFLOW_RETURN_IF_ERROR(ReadString(params, "sslmode", &o.sslmode));
  SQLFLOW_RETURN_IF_ERROR(ReadInt(params, "connect_timeout", &o.connect_timeout_s));
  SQLFLOW_RETURN_IF_ERROR(ReadString(params, "application_name", &o.application_name));
  SQLFLOW_RETURN_IF_ERROR(ReadInt(params, "retries", &o.retries));
  SQLFLOW_RETURN_IF_ERROR(ReadInt(params, "retry_backoff_ms", &o.retry_backoff_ms));
  if (o.dbname.empty()) return Status::Invalid("param 'dbname' is required (the database name)");
  if (o.host.empty()) o.host = "localhost";
  if (o.port <= 0 || o.port > 65535) {
    return Status::Invalid("param 'port' must be between 1 and 65535, got " +
                           std::to_string(o.port));
  }
  if (o.retries < 0) o.retries = 0;
  if (o.retry_backoff_ms < 0) o.retry_backoff_ms = 0;
  return o;
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(handle_);
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

PgResult::~PgResult() { PQclear(handle_); }

int PgResult::rows() const { return PQntuples(handle_); }
int PgResult::columns() const { return PQnfields(handle_); }
bool PgResult::IsNull(int row, int column) const { return PQgetisnull(handle_, row, column); }
std::string_view PgResult::Get(int row, int column) const {
  return std::string_view(PQgetvalue(handle_, row, column), PQgetlength(handle_, row, column));
}
int64_t PgResult::AffectedRows() const {
  const char* text = PQcmdTuples(handle_);
  return text == nullptr || *text == '\0' ? 0 : std::stoll(text);
}
std::string PgResult::ColumnName(int column) const { return PQfname(handle_, column); }
uint32_t PgResult::ColumnTypeOid(int column) const { return PQftype(handle_, column); }
int PgResult::ColumnTypmod(int column) const { return PQfmod(handle_, column); }

Result<PgConnection> PgConnection::Open(const PgConnectOptions& options) {
  std::string error;
  int attempts = 0;
  for (;;) {
    ++attempts;
    if (PGconn* conn = TryConnect(options, &error)) return PgConnection(conn, options);
    if (!IsTransientConnectFailure(error) || attempts > options.retries) break;
    int64_t wait_ms = static_cast<int64_t>(options.retry_backoff_ms) << (attempts - 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(wait_ms, 30000)));
  }
  return Status::IoError(DescribeConnectFailure(options, error, attempts));
}

PgConnection::PgConnection(pg_conn* conn, PgConnectOptions options)
    : conn_(conn), cancel_(PQgetCancel(conn)), options_(std::move(options)) {}

PgConnection::PgConnection(PgConnection&& other) noexcept
    : conn_(other.conn_),
      cancel_(other.cancel_),
      copy_buffer_(other.copy_buffer_),
      cancelled_(other.cancelled_.load()),
      options_(std::move(other.options_)),
      last_error_(std::move(other.last_error_)) {
  other.conn_ = nullptr;
  other.cancel_ = nullptr;
  other.copy_buffer_ = nullptr;
}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
  if (this != &other) {
    Close();
    conn_ = other.conn_;
    cancel_ = other.cancel_;
    copy_buffer_ = other.copy_buffer_;
    cancelled_ = other.cancelled_.load();
    options_ = std::move(other.options_);
    last_error_ = std::move(other.last_error_);
    other.conn_ = nullptr;
    other.cancel_ = nullptr;
    other.copy_buffer_ = nullptr;
  }
  return *this;
}

PgConnection::~PgConnection() { Close(); }

void PgConnection::Close() {
  FreeCopyBuffer();
  if (cancel_ != nullptr) PQfreeCancel(cancel_);
  if (conn_ != nullptr) PQfinish(conn_);
  cancel_ = nullptr;
  conn_ = nullptr;
}

void PgConnection::FreeCopyBuffer() {
  if (copy_buffer_ != nullptr) PQfreemem(copy_buffer_);
  copy_buffer_ = nullptr;
}

Status PgConnection::Fail(pg_result* result) {
  PgError e;
  if (result != nullptr) {
    auto field = [&](int code) {
      const char* v = PQresultErrorField(result, code);
      return std::string(v == nullptr ? "" : v);
    };
    e.sqlstate = field(PG_DIAG_SQLSTATE);
    e.message = field(PG_DIAG_MESSAGE_PRIMARY);
    e.detail = field(PG_DIAG_MESSAGE_DETAIL);
    e.hint = field(PG_DIAG_MESSAGE_HINT);
  }
  if (e.message.empty()) e.message = FirstLine(CleanConnectMessage(PQerrorMessage(conn_)));
  e.connection_lost = PQstatus(conn_) == CONNECTION_BAD || e.sqlstate.starts_with("57P") ||
                      e.sqlstate.starts_with("08");
  last_error_ = e;
  return Status::IoError(e.message);
}

Result<PgResult> PgConnection::Query(const std::string& sql,
                                     const std::vector<std::string>& params) {
  return QueryNullable(sql, std::vector<std::optional<std::string>>(params.begin(), params.end()));
}

Result<PgResult> PgConnection::QueryNullable(
    const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  for (const std::optional<std::string>& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* raw = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  PgResult owned(raw);
  ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return owned;
  return Fail(raw);
}

Status PgConnection::Exec(const std::string& sql) {
  PGresult* raw = PQexec(conn_, sql.c_str());
  PgResult owned(raw);
  ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return Status::OK();
  return Fail(raw);
}

Result<PgResult> PgConnection::DescribeQuery(const std::string& sql) {
  PGresult* prepared = PQprepare(conn_, "", sql.c_str(), 0, nullptr);
  PgResult owned_prepared(prepared);
  if (PQresultStatus(prepared) != PGRES_COMMAND_OK) return Fail(prepared);
  PGresult* described = PQdescribePrepared(conn_, "");
  PgResult owned(described);
  if (PQresultStatus(described) != PGRES_COMMAND_OK) return Fail(described);
  return owned;
}

Status PgConnection::StartCopyOut(const std::string& sql) {
  cancelled_ = false;
  PGresult* raw = PQexec(conn_, sql.c_str());
  PgResult owned(raw);
  if (PQresultStatus(raw) == PGRES_COPY_OUT) return Status::OK();
  return Fail(raw);
}

Result<std::string_view> PgConnection::ReadCopy() {
  FreeCopyBuffer();
  int n = PQgetCopyData(conn_, &copy_buffer_, 0);
  if (n > 0) return std::string_view(copy_buffer_, static_cast<size_t>(n));
  if (n == -2) return Fail(nullptr);
  // The COPY ended: its final result says whether it succeeded; drain to NULL either way.
  Status status;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult owned(raw);
    if (status.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) status = Fail(raw);
  }
  if (!status.ok()) return status;
  return std::string_view();
}

// ---- COPY IN (PostgreSQL export) ----

Status PgConnection::StartCopyIn(const std::string& sql) {
  cancelled_ = false;
  PGresult* raw = PQexec(conn_, sql.c_str());
  PgResult owned(raw);
  if (PQresultStatus(raw) == PGRES_COPY_IN) return Status::OK();
  return Fail(raw);
}

Status PgConnection::PutCopyData(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) == 1) return Status::OK();
  return Fail(nullptr);
}

Status PgConnection::EndCopyIn() {
  Status status;
  if (PQputCopyEnd(conn_, nullptr) != 1) status = Fail(nullptr);
  // The COPY's own result says whether the rows were stored; drain to NULL either way.
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult owned(raw);
    if (status.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) status = Fail(raw);
  }
  return status;
}

void PgConnection::AbortCopyIn(const std::string& reason) {
  PQputCopyEnd(conn_, reason.c_str());
  while (PGresult* raw = PQgetResult(conn_)) PQclear(raw);
}

// ---- end COPY IN ----

void PgConnection::Cancel() {
  cancelled_ = true;
  if (cancel_ == nullptr) return;
  char error[256];
  PQcancel(cancel_, error, sizeof(error));
}

bool PgConnection::StillUp() {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK ||
      PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    return false;
  }
  // The server sends an idle session nothing unasked (no LISTEN here): anything to read is its
  // goodbye, a FATAL notice or the end of the stream. poll() with no timeout does not wait.
  pollfd socket{PQsocket(conn_), POLLIN, 0};
  return poll(&socket, 1, 0) == 0;
}

std::string PgConnection::ServerVersion() const {
  const char* v = PQparameterStatus(conn_, "server_version");
  return v == nullptr ? "" : v;
}

}  // namespace sqlflow
