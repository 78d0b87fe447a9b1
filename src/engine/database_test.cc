#include "engine/database.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/connection.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

DatabaseOptions OptionsAt(const std::string& path) {
  DatabaseOptions options;
  options.path = path;
  return options;
}

// The value of DuckDB setting `name` on a fresh connection to `db`.
std::string Setting(Database& db, const std::string& name) {
  auto conn = Connection::Open(db);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  auto result = conn->Query("SELECT current_setting('" + name + "')::VARCHAR");
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  auto rows = result->FetchAllAsStrings();
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows->at(0).at(0).value_or("NULL");
}

TEST(DatabaseTest, OpensInMemoryByDefault) {
  auto db = Database::Open(DatabaseOptions{});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(db->path(), ":memory:");
  auto conn = Connection::Open(*db);
  ASSERT_TRUE(conn.ok());
  EXPECT_TRUE(conn->Execute("CREATE TABLE t AS SELECT 1 AS x").ok());
}

TEST(DatabaseTest, ExtensionAutoloadAndAutoinstallAreOff) {
  auto db = Database::Open(OptionsAt(":memory:"));
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(Setting(*db, "autoinstall_known_extensions"), "false");
  EXPECT_EQ(Setting(*db, "autoload_known_extensions"), "false");
}

TEST(DatabaseTest, BuiltInExtensionsWorkWithoutAutoload) {
  auto db = Database::Open(DatabaseOptions{});
  ASSERT_TRUE(db.ok());
  auto conn = Connection::Open(*db);
  ASSERT_TRUE(conn.ok());
  // json and icu are linked in and loaded even with autoload off.
  EXPECT_TRUE(conn->Execute("SELECT json_serialize_sql('SELECT 1')").ok());
  EXPECT_TRUE(conn->Execute("SET TimeZone = 'UTC'").ok());
}

TEST(DatabaseTest, AppliesThreadsAndMemoryLimit) {
  DatabaseOptions options;
  options.threads = 1;
  options.memory_limit = "256MB";
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(Setting(*db, "threads"), "1");
  EXPECT_EQ(Setting(*db, "memory_limit"), "244.1 MiB");
}

TEST(DatabaseTest, AppliesSettings) {
  DatabaseOptions options;
  options.settings = {{"preserve_insertion_order", "false"}, {"TimeZone", "America/New_York"}};
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(Setting(*db, "preserve_insertion_order"), "false");
  EXPECT_EQ(Setting(*db, "TimeZone"), "America/New_York");
}

TEST(DatabaseTest, BadMemoryLimitNamesTheSetting) {
  DatabaseOptions options;
  options.memory_limit = "lots";
  auto db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(db.status().message(), "invalid value 'lots' for DuckDB setting 'memory_limit'");
}

TEST(DatabaseTest, NonPositiveThreadsIsRefused) {
  DatabaseOptions options;
  options.threads = 0;
  auto db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message(),
            "invalid value '0' for DuckDB setting 'threads': must be at least 1");
}

TEST(DatabaseTest, BadSettingValueNamesTheSettingAndGivesDuckDbsReason) {
  DatabaseOptions options;
  options.settings = {{"preserve_insertion_order", "maybe"}};
  auto db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(db.status().message(),
            "DuckDB setting 'preserve_insertion_order' = 'maybe': Invalid Input Error: Failed to "
            "cast value: Could not convert string 'maybe' to BOOL");
}

TEST(DatabaseTest, UnknownSettingIsNamed) {
  DatabaseOptions options;
  options.settings = {{"no_such_setting", "1"}};
  auto db = Database::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message(),
            "DuckDB setting 'no_such_setting' = '1': Catalog Error: unrecognized configuration "
            "parameter \"no_such_setting\"");
}

// What a first run killed while DuckDB created the file leaves: an empty file, or part of the
// headers. The next open creates the database anew; anything else is left for DuckDB to judge.
TEST(DatabaseTest, AFileWhoseCreationNeverFinishedIsCreatedAnew) {
  test::TempDir dir;
  const std::string magic_only = std::string(8, '\0') + "DUCK" + std::string(4084, '\0');
  for (const std::string& content : {std::string(), std::string(4096, '\0'), magic_only}) {
    dir.WriteFile("unfinished.duckdb", content);
    std::string path = dir.path() + "/unfinished.duckdb";
    EXPECT_TRUE(IsUnfinishedDatabaseFile(path)) << content.size();
    DatabaseOptions options;
    options.path = path;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto conn = Connection::Open(*db);
    ASSERT_TRUE(conn.ok());
    EXPECT_TRUE(conn->Execute("CREATE TABLE t AS SELECT 1 AS x").ok());
  }
  // Now a complete database (with a table): not unfinished.
  EXPECT_FALSE(IsUnfinishedDatabaseFile(dir.path() + "/unfinished.duckdb"));
  dir.WriteFile("orders.csv", "id,total\n1,9.99\n");
  EXPECT_FALSE(IsUnfinishedDatabaseFile(dir.path() + "/orders.csv"));
  EXPECT_FALSE(IsUnfinishedDatabaseFile(dir.path() + "/missing.duckdb"));
  dir.WriteFile("logged.duckdb", "");
  dir.WriteFile("logged.duckdb.wal", "x");  // a log beside it: not ours to remove
  EXPECT_FALSE(IsUnfinishedDatabaseFile(dir.path() + "/logged.duckdb"));
}

TEST(DatabaseTest, FileDatabaseKeepsDataAcrossOpens) {
  test::TempDir dir;
  std::string path = dir.path() + "/warehouse.duckdb";
  {
    auto db = Database::Open(OptionsAt(path));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ(db->path(), path);
    auto conn = Connection::Open(*db);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(conn->Execute("CREATE TABLE kept AS SELECT 42 AS answer").ok());
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  auto db = Database::Open(OptionsAt(path));
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Connection::Open(*db);
  ASSERT_TRUE(conn.ok());
  auto result = conn->Query("SELECT answer FROM kept");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto rows = result->FetchAllAsStrings();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).at(0), "42");
}

TEST(DatabaseTest, MissingFolderGivesDuckDbsMessage) {
  test::TempDir dir;
  std::string path = dir.path() + "/no/such/folder/x.duckdb";
  auto db = Database::Open(OptionsAt(path));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kEngineError);
  EXPECT_EQ(db.status().message(), "cannot open DuckDB database '" + path +
                                       "': IO Error: Cannot open file \"" + path +
                                       "\": No such file or directory");
}

TEST(DatabaseTest, MovedFromDatabaseIsInertAndTargetWorks) {
  auto opened = Database::Open(DatabaseOptions{});
  ASSERT_TRUE(opened.ok());
  Database first = std::move(opened).value();
  Database second = std::move(first);
  Database third = Database::Open(DatabaseOptions{}).value();
  third = std::move(second);  // closes third's own database, takes second's
  auto conn = Connection::Open(third);
  ASSERT_TRUE(conn.ok());
  EXPECT_TRUE(conn->Execute("SELECT 1").ok());
  // `first` and `second` are moved-from; their destructors must not close anything.
}

}  // namespace
}  // namespace sqlflow
