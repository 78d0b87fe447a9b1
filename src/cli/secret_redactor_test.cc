#include "cli/secret_redactor.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

Plan PlanWithSecretRoutes() {
  Plan plan;
  Step source;
  source.id = "source.pg";
  source.kind = StepKind::kSource;
  source.params_json = R"({"host": "db", "password": "from-env-pw-123", "query": "q"})";
  plan.steps.push_back(source);
  Step transform;
  transform.id = "transform.t";
  transform.kind = StepKind::kTransform;
  transform.sql = "SELECT 1 WHERE 'from-env-pw-123' <> '' AND 'tok-9876' <> ''";
  plan.steps.push_back(transform);
  plan.variables = {{"DB_PW", "from-env-pw-123 (environment)"},
                    {"api_token", "tok-9876 (cli)"},
                    {"region", "eu-west-1 (profile)"}};
  return plan;
}

TEST(SecretRedactorTest, CollectsParamSecretsAndTheVariablesThatFeedThem) {
  std::vector<std::string> secrets = CollectPlanSecretValues(PlanWithSecretRoutes());
  EXPECT_EQ(secrets, (std::vector<std::string>{"from-env-pw-123", "tok-9876"}));
}

TEST(SecretRedactorTest, AVariableThatIsPartOfASecretIsASecret) {
  Plan plan;
  Step source;
  source.id = "source.pg";
  source.params_json = R"({"password": "prefix-part2-suffix"})";
  plan.steps.push_back(source);
  plan.variables = {{"PW_PART", "part2-suffix (environment)"}, {"x", "abc (cli)"}};
  EXPECT_EQ(CollectPlanSecretValues(plan),
            (std::vector<std::string>{"prefix-part2-suffix", "part2-suffix"}));
}

TEST(SecretRedactorTest, RedactsPlanSqlParamsAndVariables) {
  Plan plan = PlanWithSecretRoutes();
  SecretRedactor redactor;
  redactor.AddSecretsOf(plan);
  Plan shown = redactor.RedactPlan(plan);
  EXPECT_EQ(shown.steps[0].params_json, R"({"host":"db","password":"********","query":"q"})");
  EXPECT_EQ(shown.steps[1].sql, "SELECT 1 WHERE '********' <> '' AND '********' <> ''");
  EXPECT_EQ(shown.variables[0].second, "******** (environment)");
  EXPECT_EQ(shown.variables[1].second, "******** (cli)");
  EXPECT_EQ(shown.variables[2].second, "eu-west-1 (profile)");
  EXPECT_EQ(plan.steps[1].sql.find("********"), std::string::npos);  // the input is untouched
}

TEST(SecretRedactorTest, RedactsEveryTextOfAResult) {
  SecretRedactor redactor;
  redactor.Add({"s3cr3t-value", "abc"});  // too short to be collected: "abc" stays
  StepResult result;
  result.error = "failed near 's3cr3t-value' (abc)";
  result.sql = {"SELECT 's3cr3t-value'"};
  result.warnings = {"password=plain-in-text"};
  StepResult shown = redactor.RedactResult(result);
  EXPECT_EQ(shown.error, "failed near '********' (abc)");
  EXPECT_EQ(shown.sql[0], "SELECT '********'");
  EXPECT_EQ(shown.warnings[0], "password=********");
}

}  // namespace
}  // namespace sqlflow
