// Python UDF throughput (issue 4, SPEC §3.6): on one table of ROWS rows, rows/s of
//   numeric  x * 0.7 + 0.3          native DuckDB, vectorized UDF, row-at-a-time UDF
//   string   upper(s) || '!'        native DuckDB, vectorized UDF, row-at-a-time UDF
// each at DuckDB threads=1 and at DuckDB's default thread count, with the ratio to native.
// The UDFs go through the same path as a pipeline: UdfRuntime::Start on a project with
// python_udfs/bench.py, Register, then SQL. Every UDF result is checked against native.
// Usage: udf_bench [ROWS] [RUNS] [CASE]   (defaults 10000000 and 3; the best of RUNS is
// reported). CASE ("numeric row-at-a-time", …) runs only that case, for profiling and A/B runs.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "udf/udf_runtime.h"

namespace sqlflow {
namespace {

constexpr const char* kUdfFile = R"(from sqlflow.udfs import python_scalar_udf


@python_scalar_udf(vectorized=True)
def lin_vec(x: float) -> float:
    return x * 0.7 + 0.3


@python_scalar_udf
def lin_row(x: float) -> float:
    return x * 0.7 + 0.3


@python_scalar_udf(vectorized=True)
def shout_vec(s: str) -> str:
    return [t.upper() + "!" for t in s]  # a list: no object-array conversion


@python_scalar_udf
def shout_row(s: str) -> str:
    return s.upper() + "!"
)";

struct Case {
  const char* group;  // "numeric" / "string"
  const char* how;    // "native" / "vectorized" / "row-at-a-time"
  std::string sql;    // one row, one column: the checksum
};

std::vector<Case> Cases() {
  // Checksums as text: sums of doubles rounded (the summation order depends on threads).
  const std::string num = "SELECT round(sum(%s) / 1e6)::BIGINT::VARCHAR FROM t";
  const std::string str = "SELECT sum(length(%s))::VARCHAR FROM t";
  auto fill = [](const std::string& pattern, const std::string& expr) {
    std::string out = pattern;
    out.replace(out.find("%s"), 2, expr);
    return out;
  };
  return {
      {"numeric", "native", fill(num, "x * 0.7 + 0.3")},
      {"numeric", "vectorized", fill(num, "lin_vec(x)")},
      {"numeric", "row-at-a-time", fill(num, "lin_row(x)")},
      {"string", "native", fill(str, "upper(s) || '!'")},
      {"string", "vectorized", fill(str, "shout_vec(s)")},
      {"string", "row-at-a-time", fill(str, "shout_row(s)")},
  };
}

void Check(const Status& st, const char* what) {
  if (st.ok()) return;
  std::fprintf(stderr, "udf_bench: %s: %s\n", what, st.ToString().c_str());
  std::exit(1);
}

// Runs `sql` and returns its single value as text (the checksum compared across cases).
std::string QueryValue(Connection& conn, const std::string& sql) {
  Result<QueryResult> result = conn.Query(sql);
  Check(result.status(), sql.c_str());
  Result<std::optional<DataChunk>> chunk = result->NextChunk();
  Check(chunk.status(), sql.c_str());
  if (!*chunk || (*chunk)->row_count() != 1) {
    std::fprintf(stderr, "udf_bench: %s: expected one row\n", sql.c_str());
    std::exit(1);
  }
  return std::string((*chunk)->GetString(0, 0));
}

// Best wall time of `runs` executions of `sql`, in seconds; `value` gets its result.
double BestSeconds(Connection& conn, const std::string& sql, int runs, std::string* value) {
  double best = 1e30;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    *value = QueryValue(conn, sql);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
  }
  return best;
}

struct Figures {
  std::vector<double> rows_per_s;  // per case
};

// Rows/s of every case (or only `only`, when not empty) on a database with `threads`.
Figures Measure(UdfRuntime& runtime, std::optional<int> threads, int64_t rows, int runs,
                const std::string& only) {
  DatabaseOptions options;
  options.threads = threads;
  Result<Database> db = Database::Open(options);
  Check(db.status(), "open database");
  Figures figures;
  {
    Result<Connection> conn = Connection::Open(*db);
    Check(conn.status(), "connect");
    for (const char* name : {"lin_vec", "lin_row", "shout_vec", "shout_row"}) {
      Result<const UdfInfo*> udf = runtime.Resolve(name);
      Check(udf.status(), name);
      Check(runtime.Register(*db, *conn, **udf, name), name);
    }
    Check(conn->Execute("CREATE TABLE t AS SELECT range::DOUBLE AS x, 'item-' || range::VARCHAR "
                        "AS s FROM range(" +
                        std::to_string(rows) + ")"),
          "create table");
    // Warm-up: the first calls import what the bridge needs.
    for (const Case& c : Cases()) QueryValue(*conn, c.sql + " WHERE x < 5000");
    std::printf("threads=%s: measuring ...\n",
                threads ? std::to_string(*threads).c_str() : "default");
    std::fflush(stdout);
    std::string native_value;
    for (const Case& c : Cases()) {
      if (!only.empty() && only != std::string(c.group) + " " + c.how) continue;
      std::string value;
      double s = BestSeconds(*conn, c.sql, runs, &value);
      if (std::string(c.how) == "native") native_value = value;
      if (only.empty() && value != native_value) {
        std::fprintf(stderr, "udf_bench: %s %s gave %s, native gave %s\n", c.group, c.how,
                     value.c_str(), native_value.c_str());
        std::exit(1);
      }
      figures.rows_per_s.push_back(static_cast<double>(rows) / s);
    }
  }
  return figures;
}

int Main(int argc, char** argv) {
  int64_t rows = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  std::string only = argc > 3 ? argv[3] : "";
  if (rows <= 0 || runs <= 0) {
    std::fprintf(stderr, "usage: udf_bench [ROWS] [RUNS]\n");
    return 2;
  }
  std::filesystem::path project =
      std::filesystem::temp_directory_path() / ("sqlflow-udf-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(project / "python_udfs");
  std::ofstream(project / "python_udfs" / "bench.py") << kUdfFile;

  auto t0 = std::chrono::steady_clock::now();
  Result<UdfRuntime*> runtime = UdfRuntime::Start(project.string());
  double start_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Check(runtime.status(), "start Python");

  std::printf("Python UDFs on %lld rows (best of %d runs; DuckDB threads=1 and default)\n",
              static_cast<long long>(rows), runs);
  std::printf("UdfRuntime::Start (interpreter, numpy, discovery): %.3f s\n\n", start_s);
  Figures one = Measure(**runtime, 1, rows, runs, only);
  Figures all = Measure(**runtime, std::nullopt, rows, runs, only);
  ShutdownUdfRuntime();
  std::filesystem::remove_all(project);
  if (!only.empty()) {
    std::printf("%s: %.1f M rows/s (threads=1), %.1f M rows/s (threads=default)\n", only.c_str(),
                one.rows_per_s.at(0) / 1e6, all.rows_per_s.at(0) / 1e6);
    return 0;
  }

  std::printf("%-8s %-14s %14s %9s   %14s %9s\n", "", "", "threads=1", "", "threads=default", "");
  std::vector<Case> cases = Cases();
  for (size_t i = 0; i < cases.size(); ++i) {
    size_t native = i - i % 3;
    std::printf("%-8s %-14s %8.1f M/s %8.2fx   %8.1f M/s %8.2fx\n", cases[i].group, cases[i].how,
                one.rows_per_s[i] / 1e6, one.rows_per_s[i] / one.rows_per_s[native],
                all.rows_per_s[i] / 1e6, all.rows_per_s[i] / all.rows_per_s[native]);
  }
  std::printf("\n(ratios are to the native DuckDB expression at the same thread count)\n");
  return 0;
}

}  // namespace
}  // namespace sqlflow

int main(int argc, char** argv) { return sqlflow::Main(argc, argv); }
