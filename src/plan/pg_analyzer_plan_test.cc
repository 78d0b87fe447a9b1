// The planner with PostgreSQL's parser (PgSqlAnalyzer) in place of DuckDB's: its errors land on
// the right place of the pipeline file and its table references order the steps, with the
// planner unchanged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/pg_sql_analyzer.h"
#include "plan/planner.h"
#include "util/fake_file_system.h"

namespace sqlflow {
namespace {

using ::testing::ElementsAre;

class PgAnalyzerPlanTest : public ::testing::Test {
 protected:
  PlanResult Plan(const std::string& pipeline) {
    fs_.AddFile("/project/pipelines/p.sf", pipeline);
    PlanRequest request;
    request.pipeline_name = "p";
    request.path = "/project/pipelines/p.sf";
    request.display_path = "pipelines/p.sf";
    request.display_root = "/project";
    return PlanPipeline(request, {&fs_, &analyzer_, &catalog_});
  }

  test::FakeFileSystem fs_;
  ConnectorCatalog catalog_;
  PgSqlAnalyzer analyzer_;
};

TEST_F(PgAnalyzerPlanTest, SyntaxErrorPointsIntoThePipelineFile) {
  PlanResult result = Plan(
      "CREATE TABLE a AS SELECT 1 AS id;\n"
      "CREATE TABLE b AS\n"
      "  SELECT id\n"
      "    FROM a WHER id > 0;\n");
  ASSERT_EQ(result.diagnostics.items().size(), 1u);
  const Diagnostic& error = result.diagnostics.items()[0];
  EXPECT_EQ(error.message, "syntax error at or near \"id\"");
  EXPECT_EQ(error.span.ToString(), "pipelines/p.sf:4:17");
  EXPECT_EQ(error.span.length, 2u);
}

TEST_F(PgAnalyzerPlanTest, PostgresSyntaxOrdersTheSteps) {
  PlanResult result = Plan(
      "CREATE TABLE latest AS SELECT DISTINCT ON (cid) * FROM orders ORDER BY cid, day DESC;\n"
      "CREATE TABLE orders AS SELECT g AS cid, g AS day FROM generate_series(1, 3) g;\n");
  for (const Diagnostic& d : result.diagnostics.items()) {
    if (d.severity == Severity::kError) ADD_FAILURE() << d.span.ToString() << ": " << d.message;
  }
  ASSERT_TRUE(result.plan.has_value());
  const Step* latest = result.plan->FindStep("transform.latest");
  ASSERT_NE(latest, nullptr);
  EXPECT_THAT(latest->reads, ElementsAre("orders"));
  EXPECT_THAT(latest->depends_on, ElementsAre("transform.orders"));
}

}  // namespace
}  // namespace sqlflow
