// The SaaS API emulator server (test/servers/saas_api_server.py) through its admin helpers
// (util/saas_api_server.h) and the .test directives built on them (saas-api, saas-update,
// saas-stats). The server is the one the `saas` fixture started (SQLFLOW_TEST_SAAS_PORT); each
// test uses namespaces of its own. The emulators' own behaviour is tested in python beside them
// (test/servers/saas_*_test.py).
#include "util/saas_api_server.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "connectors/http/circuit_breaker.h"
#include "connectors/http/http_client.h"
#include "pipeline_runner/case_runner.h"
#include "util/scripted_http_server.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

using nlohmann::json;

// A namespace name no other test (nor another test process) uses.
std::string Ns(const std::string& stem) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return "saas-" + stem + "-" + info->name() + "-" + std::to_string(getpid());
}

// One GET of a Shopify path of namespace `ns` with the emulator's default token.
Result<HttpResponse> ShopifyGet(const std::string& ns, const std::string& path) {
  ResiliencePolicy policy;
  policy.retry.max_attempts = 1;
  policy.circuit.failure_threshold = 0;
  HttpClient client(policy, SystemClock(), std::make_shared<CircuitBreakers>(SystemClock()));
  HttpRequest request;
  request.method = "GET";
  request.url = saas_api::NamespaceUrl(ns) + path;
  request.headers = {{"X-Shopify-Access-Token", "shpat_test_token"}};
  return client.Send(request);
}

TEST(SaasApiServer, ConfigureUpdateAndStatsThroughTheHelpers) {
  const std::string ns = Ns("helpers");
  Status st = saas_api::Configure(ns, R"({"api": "shopify", "counts": {"orders": 3}})");
  ASSERT_TRUE(st.ok()) << st.ToString();
  Result<HttpResponse> page = ShopifyGet(ns, "/admin/api/2024-01/orders.json?status=any");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(json::parse(page->body)["orders"].size(), 3u);

  Result<json> update = saas_api::Update(ns, R"({"stream": "orders", "create": 1})");
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ((*update)["created"], json::parse("[4500000004]"));
  EXPECT_EQ((*update)["now"], "2024-06-01T01:00:00Z");

  Result<json> stats = saas_api::Stats(ns);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ((*stats)["api"], "shopify");
  EXPECT_EQ((*stats)["server_requests"], 1);
  EXPECT_EQ((*stats)["requests_by_stream"]["orders"], 1);
  EXPECT_EQ((*stats)["records_served"], 3);
}

TEST(SaasApiServer, RefusedConfigAndUnknownNamespaceSayWhy) {
  const std::string ns = Ns("refused");
  Status st = saas_api::Configure(ns, R"({"api": "shopify", "orders": 5})");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("PUT /_admin/ns/" + ns +
                              " answered 400: unknown config key 'orders'; allowed: "),
            std::string::npos)
      << st.message();
  Result<json> stats = saas_api::Stats(Ns("nowhere"));
  EXPECT_EQ(stats.status().code(), StatusCode::kNotFound);
  EXPECT_NE(stats.status().message().find("configure it first"), std::string::npos)
      << stats.status().message();
  ASSERT_TRUE(saas_api::Configure(ns, R"({"api": "shopify"})").ok());
  Result<json> update = saas_api::Update(ns, R"({"stream": "refunds"})");
  EXPECT_EQ(update.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(update.status().message().find("update: stream must be one of customers, orders, "
                                           "products, got 'refunds'"),
            std::string::npos)
      << update.status().message();
}

TEST(SaasApiServer, HelpersSayHowToStartAServerThatDoesNotAnswer) {
  Result<int> port = UnusedLocalPort();
  ASSERT_TRUE(port.ok());
  const char* old = getenv("SQLFLOW_TEST_SAAS_PORT");
  std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  setenv("SQLFLOW_TEST_SAAS_PORT", std::to_string(*port).c_str(), 1);
  Status st = saas_api::Configure("any", R"({"api": "shopify"})");
  if (saved) {
    setenv("SQLFLOW_TEST_SAAS_PORT", saved->c_str(), 1);
  } else {
    unsetenv("SQLFLOW_TEST_SAAS_PORT");
  }
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_NE(st.message().find("cannot reach the SaaS API emulator server at http://127.0.0.1:" +
                              std::to_string(*port)),
            std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("bash scripts/saas_api.sh start build/saas-test"), std::string::npos)
      << st.message();
}

// ---- the .test directives -----------------------------------------------------------------

// Runs a .test text with /bin/sh standing in for sqlflow (as case_runner_test.cc does).
std::string RunCase(const std::string& text) {
  Result<TestFile> file = ParseTestFile("c.test", text, PipelineTestSyntax());
  if (!file.ok()) return "parse error: " + file.status().ToString();
  TempDir project;
  Status status = RunTestCase(*file, project.path(), RunnerOptions{"/bin/sh", SourceDir()});
  return status.ok() ? "ok" : status.ToString();
}

TEST(SaasApiDirectives, ConfigureUpdateAndStats) {
  const std::string ns = Ns("directives");
  const std::string url = saas_api::NamespaceUrl(ns);
  EXPECT_EQ(
      RunCase("saas-api " + ns + "\n{\"api\": \"shopify\", \"counts\": {\"orders\": 4}}\n" +
              "----\n" + "saas-update " + ns + "\n{\"stream\": \"orders\", \"update\": 2}\n----\n" +
              "run -c 'echo $SQLFLOW_TEST_SAAS_URL; curl -s -o /dev/null -H "
              "\"X-Shopify-Access-Token: shpat_test_token\" "
              "\"$SQLFLOW_TEST_SAAS_URL/admin/api/2024-01/customers.json\"'\n" +
              url + "\n----\n" + "saas-stats " + ns +
              "\n\"customers\": 1\n\"server_requests\": 1\n----\n"),
      "ok");
}

TEST(SaasApiDirectives, StatsMismatchShowsThePrettyPrintedCounters) {
  const std::string ns = Ns("mismatch");
  std::string result = RunCase("saas-api " + ns + "\n{\"api\": \"shopify\"}\n----\n" +
                               "saas-stats " + ns + "\n\"over_limit\": 3\n----\n");
  EXPECT_NE(result.find("c.test:4:1: saas-stats " + ns + "\nstats of SaaS namespace " + ns +
                        " mismatch at test file line 5"),
            std::string::npos)
      << result;
  EXPECT_NE(result.find("  \"over_limit\": 0,\n"), std::string::npos) << result;
}

TEST(SaasApiDirectives, RefusedConfigAndUpdateFailTheCaseWithTheServersReason) {
  const std::string ns = Ns("refused");
  std::string result = RunCase("saas-api " + ns + "\n{\"api\": \"zendesk\"}\n----\n" +
                               "saas-stats " + ns + "\n----\n");
  EXPECT_NE(result.find("c.test:1:1: saas-api " + ns + "\nPUT /_admin/ns/" + ns +
                        " answered 400: api must be one of hubspot, shopify, stripe, got "
                        "'zendesk'"),
            std::string::npos)
      << result;
  result = RunCase("saas-update " + Ns("nowhere") + "\n{\"stream\": \"orders\"}\n----\n" +
                   "saas-stats x\n----\n");
  EXPECT_NE(result.find("configure it first"), std::string::npos) << result;
}

}  // namespace
}  // namespace sqlflow::test
