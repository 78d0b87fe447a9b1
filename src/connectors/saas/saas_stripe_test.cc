#include "connectors/saas/saas_stripe.h"

#include <gtest/gtest.h>

#include "connectors/http/http_client.h"
#include "connectors/rest/rest_records.h"
#include "connectors/saas/saas_apis.h"
#include "connectors/saas/saas_source.h"
#include "util/saas_api_server.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;
namespace saas_api = test::saas_api;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Result<Json> StripeStream(const Json& params, const std::string& name) {
  const SaasStream* stream = FindStream(StripeApi(), name);
  if (stream == nullptr) return Status::NotFound(name);
  return SaasSource::StreamParams(StripeApi(), params, *stream, "p.sf:1: SOURCE stripe");
}

std::string Param(const RestConfig& config, const std::string& name) {
  for (const auto& [n, v] : config.params) {
    if (n == name) return v;
  }
  return "<none>";
}

TEST(SaasStripe, ChargesBecomeARestReadOfTheV1List) {
  Result<Json> rest = StripeStream({{"api_key", "sk_test_x"}}, "charges");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["base_url"], "https://api.stripe.com");
  EXPECT_EQ((*rest)["path"], "/v1/charges");
  EXPECT_EQ((*rest)["data_selector"], "data");
  EXPECT_EQ((*rest)["params"], (Json{{"limit", 100}}));
  EXPECT_EQ((*rest)["paginator"]["type"], "last_record");
  EXPECT_EQ((*rest)["paginator"]["cursor_param"], "starting_after");
  EXPECT_EQ((*rest)["paginator"]["has_more_path"], "has_more");
  EXPECT_EQ((*rest)["auth"]["type"], "bearer");
  EXPECT_TRUE(Contains((*rest)["auth"]["advice"].get<std::string>(), "SOURCE's api_key"));
  // 90/s with a burst of 10: never more than Stripe's 100 in any one second.
  EXPECT_EQ((*rest)["rate_limit"]["requests_per_second"], 90);
  EXPECT_EQ((*rest)["rate_limit"]["burst"], 10);
  EXPECT_EQ((*rest)["cursor_field"], "updated");
  EXPECT_EQ((*rest)["primary_key"], Json::array({"id"}));
  EXPECT_FALSE(rest->contains("headers"));
}

TEST(SaasStripe, StreamsHaveTheirCursorsFiltersAndPermissions) {
  Json params = {{"api_key", "sk_test_x"}, {"sync_mode", "incremental"}};
  Result<Json> txn = StripeStream(params, "balance_transactions");
  ASSERT_TRUE(txn.ok()) << txn.status().message();
  EXPECT_EQ((*txn)["cursor_field"], "created");
  EXPECT_EQ((*txn)["incremental"]["param"], "created[gte]");
  Result<Json> subs = StripeStream(params, "subscriptions");
  ASSERT_TRUE(subs.ok()) << subs.status().message();
  EXPECT_EQ((*subs)["params"]["status"], "all");  // canceled ones too
  EXPECT_EQ((*subs)["cursor_field"], "updated");
  Result<Json> events = StripeStream(params, "events");
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ((*events)["columns"]["data"], "JSON");
  EXPECT_EQ(FindStream(StripeApi(), "charges")->permission, "rak_charge_read");
  EXPECT_EQ(StreamNames(StripeApi()),
            "charges, customers, invoices, subscriptions, refunds, payment_intents, "
            "balance_transactions, events");
}

TEST(SaasStripe, AccountGoesOutAsStripeAccountAndIsChecked) {
  Result<Json> rest =
      StripeStream({{"api_key", "sk_test_x"}, {"account", "acct_1Shop"}}, "customers");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["headers"]["Stripe-Account"], "acct_1Shop");
  EXPECT_TRUE(Contains((*rest)["auth"]["advice"].get<std::string>(), "acct_1Shop"));
  Result<Json> bad = StripeStream({{"api_key", "sk_test_x"}, {"account", "shop-1"}}, "customers");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "p.sf:1: SOURCE stripe: \"account\" must be a Connect account id (acct_ followed by "
            "letters and digits), not 'shop-1'; leave it out to read the platform's own data");
}

TEST(SaasStripe, NoApiKeyIsAnError) {
  Result<Json> rest = StripeStream({{"account", "acct_1"}}, "charges");
  ASSERT_FALSE(rest.ok());
  EXPECT_TRUE(Contains(rest.status().message(), "a STRIPE source needs \"api_key\""));
}

TEST(SaasStripe, HttpDatesAreUnixSeconds) {
  EXPECT_EQ(HttpDateSeconds("Sat, 01 Jun 2024 00:00:00 GMT"), 1717200000);
  EXPECT_EQ(HttpDateSeconds("120"), std::nullopt);
  EXPECT_EQ(HttpDateSeconds("yesterday"), std::nullopt);
}

TEST(SaasStripe, RecordValuesSetAColumnOnEveryRecord) {
  RecordShape shape;
  shape.values = {{"updated", Json(1717200000)}};
  Result<Json> row = ShapeRecord(Json{{"id", "cus_1"}, {"updated", 5}}, shape, "w");
  ASSERT_TRUE(row.ok()) << row.status().message();
  EXPECT_EQ(*row, (Json{{"id", "cus_1"}, {"updated", 1717200000}}));
}

// A read of a changing stream against the emulator: the probe is a real GET through a client.
class StripeChangesTest : public ::testing::Test {
 protected:
  void Configure(const std::string& ns, const std::string& config) {
    Status configured = saas_api::Configure(ns, config);
    ASSERT_TRUE(configured.ok()) << configured.message();
    config_.base_url = saas_api::NamespaceUrl(ns);
    config_.path = "/v1/customers";
    config_.params = {{"limit", "100"}};
    config_.cursor_field = "updated";
    config_.incremental_param = "created[gte]";
  }
  Result<RestConfig> Read(const std::optional<std::string>& start) {
    RestProbe probe = [this](const std::string& path,
                             const std::vector<std::pair<std::string, std::string>>& query) {
      HttpRequest request;
      request.url = config_.base_url + path + "?";
      for (const auto& [n, v] : query) request.url += n + "=" + v + "&";
      request.headers = {{"Authorization", "Bearer sk_test_emulator"}};
      return client_.Send(request);
    };
    StripeChanges changes{"customers", {"customer.created", "customer.updated"}};
    return StripeChangesRead(changes, config_, start, &notices_, probe);
  }

  HttpClient client_{ResiliencePolicy{}};
  RestConfig config_;
  std::vector<std::string> notices_;
};

TEST_F(StripeChangesTest, WithoutAWatermarkTheListIsReadWithUpdatedAsCreated) {
  Configure("stripe_unit_list", R"({"api": "stripe"})");
  Result<RestConfig> read = Read(std::nullopt);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->path, "/v1/customers");
  ASSERT_EQ(read->record.fields.size(), 1u);
  EXPECT_EQ(read->record.fields[0], (std::pair<std::string, std::string>("updated", "created")));
  EXPECT_TRUE(notices_.empty());
}

TEST_F(StripeChangesTest, ARecentWatermarkReadsTheEventsOfTheStreamsTypes) {
  Configure("stripe_unit_events", R"({"api": "stripe"})");
  Result<RestConfig> read = Read("1717000000");  // 2024-05-29, the API's now 2024-06-01
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->path, "/v1/events");
  EXPECT_EQ(Param(*read, "limit"), "100");
  EXPECT_EQ(Param(*read, "types[0]"), "customer.created");
  EXPECT_EQ(Param(*read, "types[1]"), "customer.updated");
  EXPECT_EQ(read->incremental_param, "created[gte]");
  EXPECT_EQ(read->record.path, "data.object");
  EXPECT_EQ(read->record.fields[0].second, "created");  // the event's time
  EXPECT_TRUE(notices_.empty());
}

TEST_F(StripeChangesTest, AWatermarkPastTheEventsThirtyDaysReadsTheListInFull) {
  Configure("stripe_unit_horizon", R"({"api": "stripe"})");
  Result<nlohmann::json> moved =
      saas_api::Update("stripe_unit_horizon", R"({"stream": "customers", "advance_days": 31})");
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  // 2024-06-01 00:00; the API's time (its Date, not this machine's clock): 2024-07-02 01:00.
  Result<RestConfig> read = Read("1717200000");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->path, "/v1/customers");
  EXPECT_TRUE(read->incremental_param.empty());
  EXPECT_TRUE(read->record.fields.empty());
  ASSERT_EQ(read->record.values.size(), 1u);
  EXPECT_EQ(read->record.values[0].second, Json(1717200000 + 31 * 86400 + 3600));
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_EQ(notices_[0],
            "Stripe keeps events 30 days; the watermark of customers is from 2024-06-01 "
            "00:00:00 UTC, the API's time 2024-07-02 01:00:00 UTC: read customers in full");
}

TEST_F(StripeChangesTest, EventsTheKeyMayNotReadNameThePermission) {
  Configure("stripe_unit_noevents", R"({"api": "stripe", "forbidden": ["events"]})");
  Result<RestConfig> read = Read("1717000000");
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(Contains(read.status().message(), "needs the rak_event_read permission"))
      << read.status().message();
}

TEST_F(StripeChangesTest, AWatermarkThatIsNotUnixSecondsIsAnError) {
  Configure("stripe_unit_badmark", R"({"api": "stripe"})");
  Result<RestConfig> read = Read("2024-06-01T00:00:00Z");
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(Contains(read.status().message(), "not unix seconds")) << read.status().message();
}

}  // namespace
}  // namespace sqlflow
