// The baseline of the run benchmark: the same SQL a pipeline runs, executed directly on an
// in-memory DuckDB by a minimal program. Usage: duckdb_direct "STATEMENT" ["STATEMENT" …]
// (each argument one statement, run in order). Exit code 0 on success.
#include <duckdb.h>

#include <cstdio>

int main(int argc, char** argv) {
  duckdb_database db;
  duckdb_connection con;
  if (duckdb_open(nullptr, &db) != DuckDBSuccess) return 1;
  if (duckdb_connect(db, &con) != DuckDBSuccess) return 1;
  int rc = 0;
  for (int i = 1; i < argc && rc == 0; ++i) {
    duckdb_result result;
    if (duckdb_query(con, argv[i], &result) != DuckDBSuccess) {
      std::fprintf(stderr, "%s\n", duckdb_result_error(&result));
      rc = 1;
    }
    duckdb_destroy_result(&result);
  }
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return rc;
}
