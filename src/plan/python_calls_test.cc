// The planner and PYTHON_FUNC (SPEC §3.6), with DuckDB's real parser: steps learn which UDFs
// their SQL calls, their SQL is the rewritten text, and a table UDF's input table is an edge.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/duckdb_sql_analyzer.h"
#include "plan/planner.h"
#include "util/fake_file_system.h"

namespace sqlflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PythonCallsPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.AddExportFormat({"CSV", "CSV files", {}, {}});
    auto analyzer = DuckDbSqlAnalyzer::Open();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = std::move(analyzer).value();
  }

  PlanResult Plan(const std::string& pipeline) {
    fs_.AddFile("/project/pipelines/p.sf", pipeline);
    PlanRequest request;
    request.pipeline_name = "p";
    request.path = "/project/pipelines/p.sf";
    request.display_path = "pipelines/p.sf";
    request.display_root = "/project";
    return PlanPipeline(request, {&fs_, analyzer_.get(), &catalog_});
  }

  // The plan of `pipeline`, which must have no errors.
  sqlflow::Plan PlanOk(const std::string& pipeline) {
    PlanResult result = Plan(pipeline);
    for (const Diagnostic& d : result.diagnostics.items()) {
      ADD_FAILURE() << d.span.ToString() << ": " << d.message;
    }
    return result.plan.value_or(sqlflow::Plan());
  }

  test::FakeFileSystem fs_;
  ConnectorCatalog catalog_;
  std::unique_ptr<DuckDbSqlAnalyzer> analyzer_;
};

TEST_F(PythonCallsPlanTest, TableUdfRunsAfterTheStepThatMakesItsInput) {
  sqlflow::Plan plan = PlanOk(
      "CREATE TABLE scores AS SELECT * FROM PYTHON_FUNC('ltv.lifetime_value', customers, "
      "horizon := 24);\n"
      "CREATE TABLE customers AS SELECT 1 AS customer_id;\n");
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].id, "transform.customers");
  const Step* scores = plan.FindStep("transform.scores");
  ASSERT_NE(scores, nullptr);
  EXPECT_THAT(scores->depends_on, ElementsAre("transform.customers"));
  EXPECT_THAT(scores->reads, ElementsAre("customers"));
  EXPECT_THAT(scores->python_table_udfs, ElementsAre("ltv.lifetime_value"));
  EXPECT_THAT(scores->python_udfs, IsEmpty());
  EXPECT_EQ(scores->sql,
            "SELECT * FROM \"ltv.lifetime_value\"('SELECT * FROM customers', horizon := 24)");
}

TEST_F(PythonCallsPlanTest, SubqueryArgumentTablesAreEdges) {
  sqlflow::Plan plan = PlanOk(
      "CREATE TABLE a AS SELECT 1 AS id;\n"
      "CREATE TABLE out1 AS SELECT * FROM PYTHON_FUNC('m.t', (SELECT * FROM a WHERE id > 0));\n");
  const Step* out = plan.FindStep("transform.out1");
  ASSERT_NE(out, nullptr);
  EXPECT_THAT(out->depends_on, ElementsAre("transform.a"));
}

TEST_F(PythonCallsPlanTest, ScalarUdfsInTransformsExportsAndSqlSteps) {
  sqlflow::Plan plan = PlanOk(
      "CREATE TABLE t AS SELECT PYTHON_FUNC('pricing.discount', 10.0) AS d, "
      "PYTHON_FUNC('pricing.discount', 2.0) AS e, discount(1) AS f;\n"
      "EXPORT SELECT PYTHON_FUNC('fmt.label', d) FROM t TO 'out/t.csv' TYPE CSV;\n"
      "SELECT PYTHON_FUNC('m.ping', 1);\n");
  ASSERT_EQ(plan.steps.size(), 3u);
  const Step& transform = plan.steps[0];
  EXPECT_THAT(transform.python_udfs, ElementsAre("pricing.discount"));
  EXPECT_THAT(transform.unknown_functions, ElementsAre("discount"));
  EXPECT_EQ(transform.sql,
            "SELECT \"pricing.discount\"(10.0) AS d, \"pricing.discount\"(2.0) AS e, "
            "discount(1) AS f");
  const Step& exp = plan.steps[1];
  EXPECT_THAT(exp.python_udfs, ElementsAre("fmt.label"));
  EXPECT_EQ(exp.sql, "SELECT \"fmt.label\"(d) FROM t");
  EXPECT_THAT(exp.depends_on, ElementsAre("transform.t"));
  const Step& sql = plan.steps[2];
  EXPECT_EQ(sql.kind, StepKind::kSql);
  EXPECT_THAT(sql.python_udfs, ElementsAre("m.ping"));
  EXPECT_EQ(sql.sql, "SELECT \"m.ping\"(1)");
}

TEST_F(PythonCallsPlanTest, PipelineWithoutPythonIsUnchanged) {
  const char* query = "SELECT  id, upper(name)  AS n -- keep this comment\n  FROM src";
  sqlflow::Plan plan = PlanOk(
      "CREATE TABLE src AS SELECT 1 AS id, 'a' AS name;\n"
      "CREATE TABLE t AS " +
      std::string(query) + ";\n");
  for (const Step& step : plan.steps) {
    EXPECT_THAT(step.python_udfs, IsEmpty()) << step.id;
    EXPECT_THAT(step.python_table_udfs, IsEmpty()) << step.id;
    EXPECT_THAT(step.unknown_functions, IsEmpty()) << step.id;
  }
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[1].sql, query);
}

TEST_F(PythonCallsPlanTest, BadPythonFuncPointsAtTheCall) {
  PlanResult result = Plan(
      "CREATE TABLE t AS SELECT 1 AS a;\n"
      "CREATE TABLE u AS\n  SELECT PYTHON_FUNC(a, 1) FROM t;\n");
  EXPECT_FALSE(result.plan.has_value());
  ASSERT_EQ(result.diagnostics.items().size(), 1u);
  const Diagnostic& d = result.diagnostics.items()[0];
  EXPECT_EQ(d.span.ToString(), "pipelines/p.sf:3:10");
  EXPECT_EQ(d.message,
            "PYTHON_FUNC needs the UDF's name as a string literal first, e.g. "
            "PYTHON_FUNC('pricing.discount', price)");
  EXPECT_EQ(d.hint, "`sqlflow udf list` shows the UDFs and the names to call them by");
}

}  // namespace
}  // namespace sqlflow
