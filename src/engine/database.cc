#include "engine/database.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "common/file_head.h"
#include "engine/duckdb_internal.h"
#include "engine/sql_quote.h"

namespace sqlflow {
namespace {

// Owns a duckdb_config for the length of Open().
class ConfigGuard {
 public:
  ConfigGuard() { duckdb_create_config(&config_); }
  ~ConfigGuard() { duckdb_destroy_config(&config_); }
  ConfigGuard(const ConfigGuard&) = delete;
  ConfigGuard& operator=(const ConfigGuard&) = delete;
  duckdb_config get() const { return config_; }

 private:
  duckdb_config config_ = nullptr;
};

Status SetStartupOption(duckdb_config config, const std::string& name, const std::string& value) {
  if (duckdb_set_config(config, name.c_str(), value.c_str()) == DuckDBError) {
    return Status::Invalid("invalid value '" + value + "' for DuckDB setting '" + name + "'");
  }
  return Status::OK();
}

Status FillConfig(duckdb_config config, const DatabaseOptions& options) {
  if (options.memory_limit) {
    SQLFLOW_RETURN_IF_ERROR(SetStartupOption(config, "memory_limit", *options.memory_limit));
  }
  if (options.threads) {
    if (*options.threads < 1) {
      return Status::Invalid("invalid value '" + std::to_string(*options.threads) +
                             "' for DuckDB setting 'threads': must be at least 1");
    }
    SQLFLOW_RETURN_IF_ERROR(SetStartupOption(config, "threads", std::to_string(*options.threads)));
  }
  SQLFLOW_RETURN_IF_ERROR(SetStartupOption(config, "autoinstall_known_extensions", "false"));
  return SetStartupOption(config, "autoload_known_extensions", "false");
}

// Settings go through SET GLOBAL rather than the start-up config: settings that extensions
// define (TimeZone from icu) are refused in the config because, with autoload off, the
// extension is not loaded yet when the config is read.
Status ApplySettings(duckdb_database db, const std::map<std::string, std::string>& settings) {
  if (settings.empty()) return Status::OK();
  duckdb_connection conn = nullptr;
  if (duckdb_connect(db, &conn) == DuckDBError) {
    return Status::EngineError("cannot connect to the database to apply its settings");
  }
  Status status;
  for (const auto& [name, value] : settings) {
    std::string sql = "SET GLOBAL " + QuoteIdentifier(name) + " = " + QuoteString(value);
    duckdb_result result;
    if (duckdb_query(conn, sql.c_str(), &result) == DuckDBError) {
      std::string reason =
          FirstLine(engine_internal::CleanMessage(duckdb_result_error(&result), "unknown error"));
      duckdb_destroy_result(&result);
      status = Status::Invalid("DuckDB setting '" + name + "' = '" + value + "': " + reason);
      break;
    }
    duckdb_destroy_result(&result);
  }
  duckdb_disconnect(&conn);
  return status;
}

}  // namespace

bool IsUnfinishedDatabaseFile(const std::string& path) {
  // DuckDB writes a main header (its magic "DUCK" at offset 8) and two database headers, 4 KiB
  // each, when it creates a file; data comes after them.
  constexpr size_t kHeadersSize = 3 * 4096;
  constexpr std::string_view kMagic = "DUCK";
  constexpr size_t kMagicOffset = 8;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  Result<std::string> head = ReadFileHead(path, kHeadersSize);
  if (!head.ok() || head->size() >= kHeadersSize) return false;
  std::string wal = path + ".wal";
  if (std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) > 0) return false;
  bool all_zero = std::all_of(head->begin(), head->end(), [](char c) { return c == '\0'; });
  bool duckdb_header = head->size() >= kMagicOffset + kMagic.size() &&
                       head->compare(kMagicOffset, kMagic.size(), kMagic) == 0;
  return all_zero || duckdb_header;
}

Result<Database> Database::Open(const DatabaseOptions& options) {
  std::string path = options.path.empty() ? ":memory:" : options.path;
  if (!options.path.empty() && IsUnfinishedDatabaseFile(path)) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // if it stays, DuckDB's own error says so
  }
  ConfigGuard config;
  SQLFLOW_RETURN_IF_ERROR(FillConfig(config.get(), options));
  duckdb_database handle = nullptr;
  char* error = nullptr;
  if (duckdb_open_ext(path.c_str(), &handle, config.get(), &error) == DuckDBError) {
    std::string message = engine_internal::CleanMessage(error, "cannot open the database");
    duckdb_free(error);
    return Status::EngineError("cannot open DuckDB database '" + path + "': " + message);
  }
  Database db(handle, path);
  SQLFLOW_RETURN_IF_ERROR(ApplySettings(handle, options.settings));
  return db;
}

Database::Database(_duckdb_database* handle, std::string path)
    : handle_(handle), path_(std::move(path)) {}

Database::Database(Database&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Close();
    handle_ = std::exchange(other.handle_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { Close(); }

void Database::Close() {
  if (handle_ == nullptr) return;
  duckdb_database db = handle_;
  duckdb_close(&db);
  handle_ = nullptr;
}

}  // namespace sqlflow
