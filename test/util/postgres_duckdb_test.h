// PostgresDuckDbTest: a DuckDbTest (in-memory DuckDB, TimeZone UTC) plus a fresh database on the
// PostgreSQL test server for each test, named `<prefix>_<test name>` in lower case.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "util/duckdb_test.h"
#include "util/postgres_server.h"

namespace sqlflow::test {

class PostgresDuckDbTest : public DuckDbTest {
 protected:
  explicit PostgresDuckDbTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    DuckDbTest::SetUp();
    Result<PostgresTestServer*> server = PostgresTestServer::Get();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = *server;
    pg_db_ = prefix_ + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : pg_db_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Status st = server_->CreateDatabase(pg_db_);
    ASSERT_TRUE(st.ok()) << st.ToString();
    Exec("SET TimeZone = 'UTC'");
  }

  // Runs `sql` in the test's PostgreSQL database, failing the test when it fails.
  void Pg(const std::string& sql) {
    Status st = server_->Exec(pg_db_, sql);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  PostgresTestServer* server_ = nullptr;
  std::string pg_db_;

 private:
  std::string prefix_;
};

}  // namespace sqlflow::test
