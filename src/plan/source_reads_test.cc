// The planner and the steps that read a SOURCE through its view (Step::sources_read) and the
// columns their SQL may read (Step::columns_read), with DuckDB's real parser.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/duckdb_sql_analyzer.h"
#include "plan/planner.h"
#include "util/fake_file_system.h"

namespace sqlflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

class SourceReadsPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.AddSource({"CSV", "CSV files", {{"path", ParamType::kString, true}}, {}});
    catalog_.AddExportFormat({"CSV", "CSV files", {}, {}});
    auto analyzer = DuckDbSqlAnalyzer::Open();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = std::move(analyzer).value();
  }

  // The plan of `pipeline`, which must have no errors.
  sqlflow::Plan PlanOk(const std::string& pipeline) {
    fs_.AddFile("/project/pipelines/p.sf", pipeline);
    PlanRequest request;
    request.pipeline_name = "p";
    request.path = "/project/pipelines/p.sf";
    request.display_path = "pipelines/p.sf";
    request.display_root = "/project";
    PlanResult result = PlanPipeline(request, {&fs_, analyzer_.get(), &catalog_});
    for (const Diagnostic& d : result.diagnostics.items()) {
      if (d.severity == Severity::kError) ADD_FAILURE() << d.span.ToString() << ": " << d.message;
    }
    return result.plan.value_or(sqlflow::Plan());
  }

  const Step& StepOf(const sqlflow::Plan& plan, const std::string& id) {
    const Step* step = plan.FindStep(id);
    EXPECT_NE(step, nullptr) << id;
    static const Step none;
    return step != nullptr ? *step : none;
  }

  test::FakeFileSystem fs_;
  ConnectorCatalog catalog_;
  std::unique_ptr<DuckDbSqlAnalyzer> analyzer_;
};

TEST_F(SourceReadsPlanTest, AQueryNamingASourceReadsItThroughItsView) {
  sqlflow::Plan plan = PlanOk(
      "SOURCE orders TYPE CSV PARAMS {\"path\": \"data/o.csv\"};\n"
      "CREATE TABLE big AS SELECT o.id, Amount FROM orders o WHERE amount > 10;\n");
  const Step& big = StepOf(plan, "transform.big");
  EXPECT_THAT(big.reads, ElementsAre("orders"));
  EXPECT_THAT(big.sources_read, ElementsAre("orders"));
  EXPECT_THAT(big.columns_read, Optional(UnorderedElementsAre("o", "id", "amount")));
}

TEST_F(SourceReadsPlanTest, ATableOfTheSourcesNameWrittenBeforeTheStepHidesTheSource) {
  sqlflow::Plan plan = PlanOk(
      "SOURCE orders TYPE CSV PARAMS {\"path\": \"data/o.csv\"};\n"
      "CREATE TABLE early AS SELECT count(*) AS n FROM orders;\n"
      "LOAD orders FROM orders;\n"
      "EXPORT SELECT * FROM orders TO \"out/o.csv\" TYPE CSV;\n");
  EXPECT_THAT(StepOf(plan, "transform.early").sources_read, ElementsAre("orders"));
  const Step& exported = StepOf(plan, "export.o_csv");
  EXPECT_THAT(exported.reads, ElementsAre("orders"));
  EXPECT_THAT(exported.sources_read, IsEmpty());
  EXPECT_THAT(exported.depends_on, ElementsAre("load.orders"));
  EXPECT_EQ(exported.columns_read, std::nullopt) << "SELECT * reads every column";
}

TEST_F(SourceReadsPlanTest, AStatementOfUnknownTablesMayReadEverySourceNotHidden) {
  sqlflow::Plan plan = PlanOk(
      "SOURCE orders TYPE CSV PARAMS {\"path\": \"data/o.csv\"};\n"
      "SOURCE items TYPE CSV PARAMS {\"path\": \"data/i.csv\"};\n"
      "LOAD items FROM items;\n"
      "CREATE TABLE t (id INTEGER);\n"
      "INSERT INTO t SELECT id FROM orders;\n");
  const Step& insert = StepOf(plan, "sql.5");
  EXPECT_TRUE(insert.barrier);
  EXPECT_THAT(insert.sources_read, ElementsAre("orders"));
  EXPECT_EQ(insert.columns_read, std::nullopt);
}

}  // namespace
}  // namespace sqlflow
