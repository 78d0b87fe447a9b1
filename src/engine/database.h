// Database: one open DuckDB database (in memory or a file), the owner of everything a run stores.
// Extension autoinstall and autoload are always off, so nothing reaches for the network; the
// extensions built into the library (parquet, json, icu) are loaded anyway.
// Thread-safety: a Database may be shared by threads that each open their own Connection;
// opening, moving and destroying it are not synchronised.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/status.h"

struct _duckdb_database;

namespace sqlflow {

struct DatabaseOptions {
  // A file path, or empty / ":memory:" for an in-memory database.
  std::string path;
  // DuckDB's memory_limit ("2GB", "75%"); DuckDB's default when unset.
  std::optional<std::string> memory_limit;
  // Worker threads DuckDB uses inside one query; DuckDB's default (all cores) when unset.
  std::optional<int> threads;
  // Further DuckDB settings by name ("preserve_insertion_order" -> "false", "TimeZone" ->
  // "UTC"), applied with SET GLOBAL once the database is open, before Open() returns.
  std::map<std::string, std::string> settings;
};

// True when `path` is a database file whose creation never finished — a run killed while DuckDB
// wrote its headers: shorter than DuckDB's three 4 KiB headers, holding only zero bytes or
// DuckDB's main header, with no write-ahead log (or an empty one) beside it. Such a file holds no
// data, and DuckDB refuses to open it. False for anything else, including files that are not
// there or cannot be read.
bool IsUnfinishedDatabaseFile(const std::string& path);

class Database {
 public:
  // Opens (creating if needed) the database `options` describes. A file DuckDB began to create
  // and never finished (IsUnfinishedDatabaseFile: a first run killed while it created the file)
  // is created anew.
  // On failure: InvalidArgument for a bad threads/memory_limit value or a setting DuckDB
  // refuses (the message names the setting and quotes DuckDB's reason); EngineError with
  // DuckDB's message when the database itself cannot open (missing folder, locked file, …).
  static Result<Database> Open(const DatabaseOptions& options);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  // Closes the database. REQUIRES: every Connection opened on it has been destroyed.
  ~Database();

  // The path it was opened with; ":memory:" for an in-memory database.
  const std::string& path() const { return path_; }

 private:
  friend class Connection;
  Database(_duckdb_database* handle, std::string path);
  void Close();

  _duckdb_database* handle_ = nullptr;
  std::string path_;
};

}  // namespace sqlflow
