// The baseline of the run benchmarks: the same SQL a pipeline runs, executed directly on DuckDB
// by a minimal program. Usage: duckdb_direct [--db=FILE] "STATEMENT" ["STATEMENT" …] (each
// argument one statement, run in order; an in-memory database unless --db names a file, which is
// checkpointed on close as sqlflow's is). Exit code 0 on success.
#include <duckdb.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  const char* path = nullptr;
  int first = 1;
  if (argc > 1 && std::strncmp(argv[1], "--db=", 5) == 0) {
    path = argv[1] + 5;
    first = 2;
  }
  duckdb_database db;
  duckdb_connection con;
  if (duckdb_open(path, &db) != DuckDBSuccess) return 1;
  if (duckdb_connect(db, &con) != DuckDBSuccess) return 1;
  int rc = 0;
  for (int i = first; i < argc && rc == 0; ++i) {
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
