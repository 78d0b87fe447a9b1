// DuckDbTest: a GoogleTest fixture with a fresh in-memory DuckDB (one thread), one connection and
// the engine session over it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "engine/database.h"
#include "engine/duckdb_session.h"
#include "engine/query_result.h"

namespace sqlflow::test {

class DuckDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.threads = 1;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::make_unique<Database>(std::move(db).value());
    auto conn = Connection::Open(*db_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::make_unique<Connection>(std::move(conn).value());
    session_ = std::make_unique<DuckDbSession>(*conn_);
  }

  // Runs `sql`, failing the test when it fails.
  void Exec(const std::string& sql) {
    Status status = conn_->Execute(sql);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  // Each row of `sql`'s result as "a|b|NULL".
  std::vector<std::string> Query(const std::string& sql) {
    auto result = conn_->Query(sql);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return {"<error>"};
    auto rows = result->FetchAllAsStrings();
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    if (!rows.ok()) return out;
    for (const auto& row : *rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + row[i].value_or("NULL");
      out.push_back(line);
    }
    return out;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
  std::unique_ptr<DuckDbSession> session_;  // over conn_
};

}  // namespace sqlflow::test
