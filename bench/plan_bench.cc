// Parse + plan time of a generated pipeline with 5,000 statements (target: under 1 s), split
// into parsing alone and the whole planning pass (parse, variables, SQL analysis through
// DuckDB's parser, DAG, validation). Usage: plan_bench [statements]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/file_system.h"
#include "connectors/connector_registry.h"
#include "engine/duckdb_sql_analyzer.h"
#include "lang/parser.h"
#include "plan/planner.h"

namespace {

// Groups of five statements: SOURCE, LOAD, two transforms (a join and a CTE), an EXPORT.
std::string GeneratePipeline(int statements) {
  std::string text = "SET data_dir = 'data';\n";
  for (int i = 0; i * 5 < statements; ++i) {
    std::string n = std::to_string(i);
    std::string prev = std::to_string(i > 0 ? i - 1 : 0);
    text += "SOURCE src_" + n + " TYPE CSV PARAMS {\"path\": \"${data_dir}/f" + n +
            ".csv\", \"has_header\": true};\n";
    text += "LOAD raw_" + n + " FROM src_" + n + " MODE APPEND;\n";
    text += "CREATE TABLE joined_" + n + " AS SELECT a.id, a.v, b.v AS w FROM raw_" + n +
            " a JOIN raw_" + prev + " b ON a.id = b.id WHERE a.v > 0;\n";
    text += "CREATE TABLE agg_" + n + " AS WITH t AS (SELECT id, sum(v) s FROM joined_" + n +
            " GROUP BY id) SELECT * FROM t WHERE s > (SELECT avg(s) FROM t);\n";
    text += "EXPORT SELECT * FROM agg_" + n + " TO 'output/agg_" + n + ".csv' TYPE CSV;\n";
  }
  return text;
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  int statements = argc > 1 ? std::atoi(argv[1]) : 5000;
  std::string text = GeneratePipeline(statements);
  auto dir = std::filesystem::temp_directory_path() / "sqlflow-plan-bench";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "big.sf").string();
  std::ofstream(path) << text;

  auto start = std::chrono::steady_clock::now();
  sqlflow::ParseResult parsed = sqlflow::ParsePipeline(text, "big.sf");
  double parse_ms = MillisSince(start);

  sqlflow::RealFileSystem fs;
  sqlflow::ConnectorCatalog catalog = sqlflow::BuildConnectorCatalog();
  auto analyzer = sqlflow::DuckDbSqlAnalyzer::Open();
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().ToString().c_str());
    return 1;
  }
  sqlflow::PlanRequest request;
  request.pipeline_name = "big";
  request.path = path;
  request.display_path = "big.sf";
  start = std::chrono::steady_clock::now();
  sqlflow::PlanResult result = sqlflow::PlanPipeline(request, {&fs, &*analyzer.value(), &catalog});
  double plan_ms = MillisSince(start);
  std::filesystem::remove_all(dir);
  if (!result.plan) {
    std::fprintf(stderr, "planning failed:\n%s",
                 sqlflow::FormatDiagnostics(result.diagnostics, result.texts).c_str());
    return 1;
  }
  std::printf("statements: %zu parsed, %zu steps planned\n", parsed.ast.statements.size(),
              result.plan->steps.size());
  std::printf("parse only:          %8.1f ms\n", parse_ms);
  std::printf("parse + plan (total):%8.1f ms   target < 1000 ms  (%.2fx of target)\n", plan_ms,
              plan_ms / 1000.0);
  return 0;
}
