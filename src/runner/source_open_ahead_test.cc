#include "runner/source_open_ahead.h"

#include <gtest/gtest.h>

#include "util/postgres_duckdb_test.h"

namespace sqlflow {
namespace {

class SourceOpenAheadTest : public test::PostgresDuckDbTest {
 protected:
  SourceOpenAheadTest() : PostgresDuckDbTest("ahead") {}

  Step PostgresSourceStep(const std::string& name, const std::string& table) const {
    Step step;
    step.id = "source." + name;
    step.kind = StepKind::kSource;
    step.connector_type = "POSTGRES";
    step.source_name = name;
    step.params_json = server_->ParamsJson(pg_db_, "\"table\": \"" + table + "\"");
    return step;
  }

  SourceConnectors connectors_ = BuildSourceConnectors();
  RealFileSystem fs_;
  SourceContext context_{"/", &fs_, ""};
};

TEST_F(SourceOpenAheadTest, OpensPostgresSourcesAheadAndHandsThemOverOnce) {
  Pg("CREATE TABLE orders (id int); CREATE TABLE items (id int)");
  Plan plan;
  plan.steps.push_back(PostgresSourceStep("orders", "orders"));
  plan.steps.push_back(PostgresSourceStep("missing", "nowhere"));
  Step csv;
  csv.id = "source.csv";
  csv.kind = StepKind::kSource;
  csv.connector_type = "CSV";
  plan.steps.push_back(csv);
  plan.steps.push_back(PostgresSourceStep("items", "items"));

  SourceOpenAhead ahead(plan, {}, 2, connectors_, context_);
  auto orders = ahead.Take("source.orders");
  ASSERT_TRUE(orders.has_value());
  ASSERT_TRUE(orders->ok()) << orders->status().ToString();
  Result<std::vector<ColumnInfo>> columns = (**orders)->Columns(*conn_);
  ASSERT_TRUE(columns.ok());
  EXPECT_EQ(columns->size(), 1u);
  EXPECT_FALSE(ahead.Take("source.orders").has_value());  // taken

  auto missing = ahead.Take("source.missing");  // Open's error, as the step would have had it
  ASSERT_TRUE(missing.has_value());
  ASSERT_FALSE(missing->ok());
  EXPECT_EQ(missing->status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing->status().message().find("nowhere"), std::string::npos);

  EXPECT_FALSE(ahead.Take("source.csv").has_value());    // files do not open ahead
  EXPECT_FALSE(ahead.Take("source.items").has_value());  // past the limit of 2
}

TEST_F(SourceOpenAheadTest, OpensOnlySelectedSteps) {
  Pg("CREATE TABLE orders (id int)");
  Plan plan;
  plan.steps.push_back(PostgresSourceStep("a", "orders"));
  plan.steps.push_back(PostgresSourceStep("b", "orders"));
  SourceOpenAhead ahead(plan, {"source.b"}, 4, connectors_, context_);
  EXPECT_FALSE(ahead.Take("source.a").has_value());
  auto b = ahead.Take("source.b");
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->ok()) << b->status().ToString();
}

}  // namespace
}  // namespace sqlflow
