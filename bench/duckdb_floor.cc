// The floor `sqlflow validate` is compared with: a minimal program that loads libduckdb, opens an
// in-memory database and runs one query. Exit code 0 on success.
#include <duckdb.h>

#include <cstdio>

int main() {
  duckdb_database db;
  duckdb_connection con;
  if (duckdb_open(nullptr, &db) != DuckDBSuccess) return 1;
  if (duckdb_connect(db, &con) != DuckDBSuccess) return 1;
  duckdb_result result;
  if (duckdb_query(con, "SELECT 42", &result) != DuckDBSuccess) return 1;
  duckdb_destroy_result(&result);
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return 0;
}
