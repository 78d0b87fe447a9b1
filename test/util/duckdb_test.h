// DuckDbTest: a GoogleTest fixture with a fresh in-memory DuckDB (one thread) and one connection.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/connection.h"
#include "engine/database.h"

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
  }

  // Runs `sql`, failing the test when it fails.
  void Exec(const std::string& sql) {
    Status status = conn_->Execute(sql);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

}  // namespace sqlflow::test
