// TYPE HUBSPOT's definition: the REST params of its streams (auth, paths, properties, types,
// rate limits), the search a read with a watermark becomes, HubSpot's paging (a list's and a
// search's, past the 10,000-result window) and the daily limit's 429. The e2e tests
// (test/pipelines/saas/hubspot*.test) run it against the emulator.
#include <gtest/gtest.h>

#include <type_traits>

#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_paginator.h"
#include "connectors/saas/saas_apis.h"
#include "connectors/saas/saas_source.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kLabel[] = "p.sf:1: SOURCE crm";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const SaasStream& Stream(const std::string& name) {
  const SaasStream* stream = FindStream(HubspotApi(), name);
  EXPECT_NE(stream, nullptr) << name;
  return *stream;
}

Result<Json> Params(const Json& params, const std::string& name) {
  return SaasSource::StreamParams(HubspotApi(), params, Stream(name), kLabel);
}

const Json kToken = {{"access_token", "pat-na1-secret"}};

// `read_config` applied, whether or not its signature takes a probe (HubSpot's asks the API
// nothing).
template <typename Function>
Result<RestConfig> Apply(const Function& read_config, const RestConfig& config,
                         const std::optional<std::string>& start) {
  std::vector<std::string> notices;
  if constexpr (std::is_invocable_v<Function, const RestConfig&, const std::optional<std::string>&,
                                    std::vector<std::string>*>) {
    return read_config(config, start, &notices);
  } else {
    return read_config(config, start, &notices, {});
  }
}

Result<RestConfig> ReadConfig(const std::string& stream, const RestConfig& config,
                              const std::optional<std::string>& start) {
  return Apply(Stream(stream).extensions.read_config, config, start);
}

// The RestConfig of a stream's REST source.
RestConfig Config(const Json& params, const std::string& name) {
  Result<Json> rest = Params(params, name);
  EXPECT_TRUE(rest.ok()) << rest.status().message();
  Result<RestConfig> config = ReadRestConfig(rest.ok() ? *rest : Json::object(), "/p", kLabel);
  EXPECT_TRUE(config.ok()) << config.status().message();
  return config.ok() ? *config : RestConfig{};
}

TEST(SaasHubspot, ListsTheObjectsWithTheirPropertiesAsColumns) {
  Result<Json> rest = Params(kToken, "deals");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["base_url"], "https://api.hubapi.com");
  EXPECT_EQ((*rest)["path"], "/crm/v3/objects/deals");
  EXPECT_EQ((*rest)["data_selector"], "results");
  EXPECT_EQ((*rest)["params"]["limit"], 100);
  EXPECT_EQ((*rest)["params"]["properties"],
            "dealname,amount,dealstage,pipeline,closedate,dealtype,hubspot_owner_id,createdate,"
            "hs_lastmodifieddate");
  EXPECT_EQ((*rest)["record"], (Json{{"lift", "properties"}}));
  EXPECT_EQ((*rest)["auth"]["type"], "bearer");
  EXPECT_EQ((*rest)["auth"]["token"], "pat-na1-secret");
  EXPECT_TRUE(Contains((*rest)["auth"]["advice"], "check the SOURCE's access_token"));
  EXPECT_EQ((*rest)["paginator"]["cursor_path"], "paging.next.after");
  EXPECT_EQ((*rest)["rate_limit"], (Json{{"requests_per_second", 17}, {"burst", 10}}));
  EXPECT_EQ((*rest)["primary_key"], Json::array({"id"}));
  EXPECT_EQ((*rest)["cursor_field"], "hs_lastmodifieddate");
  EXPECT_EQ((*rest)["columns"]["amount"], "DOUBLE");
  EXPECT_EQ((*rest)["columns"]["closedate"], "TIMESTAMPTZ");
  EXPECT_EQ((*rest)["columns"]["hs_lastmodifieddate"], "TIMESTAMPTZ");
  EXPECT_EQ((*rest)["columns"]["createdAt"], "TIMESTAMPTZ");
  EXPECT_FALSE(rest->contains("incremental"));
}

TEST(SaasHubspot, ContactsAreModifiedAtLastmodifieddate) {
  Result<Json> rest = Params(kToken, "contacts");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["cursor_field"], "lastmodifieddate");
  const std::string properties = (*rest)["params"]["properties"];
  for (const char* wanted : {"email", "lifecyclestage", "hs_analytics_source", "hubspot_owner_id",
                             "createdate", "lastmodifieddate"}) {
    EXPECT_TRUE(Contains(properties, wanted)) << wanted;
  }
  EXPECT_EQ(Stream("contacts").permission, "crm.objects.contacts.read");
  EXPECT_EQ(Stream("tickets").permission, "tickets");
  EXPECT_EQ(Stream("emails").permission, "sales-email-read");
}

TEST(SaasHubspot, EveryStreamOfTheSpecIsThere) {
  EXPECT_EQ(StreamNames(HubspotApi()),
            "contacts, companies, deals, tickets, owners, calls, emails, meetings, notes, tasks");
  Result<Json> owners = Params(kToken, "owners");
  ASSERT_TRUE(owners.ok()) << owners.status().message();
  EXPECT_EQ((*owners)["path"], "/crm/v3/owners");
  EXPECT_EQ((*owners)["cursor_field"], "updatedAt");
  Result<Json> calls = Params(kToken, "calls");
  ASSERT_TRUE(calls.ok()) << calls.status().message();
  EXPECT_EQ((*calls)["path"], "/crm/v3/objects/calls");
  EXPECT_EQ((*calls)["columns"]["hs_timestamp"], "TIMESTAMPTZ");
}

TEST(SaasHubspot, AnIncrementalSourceStaysUnderTheSearchLimit) {
  Json params = kToken;
  params["sync_mode"] = "incremental";
  Result<Json> rest = Params(params, "contacts");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["rate_limit"], (Json{{"requests_per_second", 4}, {"burst", 1}}));
  EXPECT_EQ((*rest)["incremental"]["param"], "lastmodifieddate");
  params["rate_limit"] = {{"requests_per_second", 2}};
  rest = Params(params, "contacts");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["rate_limit"], (Json{{"requests_per_second", 2}}));  // the SOURCE's wins
}

TEST(SaasHubspot, OAuthRefreshesTokensAtTheBaseUrlsTokenEndpoint) {
  Result<Json> rest = Params({{"base_url", "http://127.0.0.1:9/ns/h/"},
                              {"client_id", "cid"},
                              {"client_secret", "cs"},
                              {"refresh_token", "rt"}},
                             "tickets");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["base_url"], "http://127.0.0.1:9/ns/h");
  const Json& auth = (*rest)["auth"];
  EXPECT_EQ(auth["type"], "oauth2_refresh_token");
  EXPECT_EQ(auth["token_url"], "http://127.0.0.1:9/ns/h/oauth/v1/token");
  EXPECT_EQ(auth["client_id"], "cid");
  EXPECT_EQ(auth["client_secret"], "cs");
  EXPECT_EQ(auth["refresh_token"], "rt");
  EXPECT_TRUE(Contains(auth["advice"],
                       "check the SOURCE's client_id, client_secret and "
                       "refresh_token"));
  Result<Json> real =
      Params({{"client_id", "cid"}, {"client_secret", "cs"}, {"refresh_token", "rt"}}, "tickets");
  ASSERT_TRUE(real.ok()) << real.status().message();
  EXPECT_EQ((*real)["auth"]["token_url"], "https://api.hubapi.com/oauth/v1/token");
}

TEST(SaasHubspot, CredentialErrorsSayWhatToSet) {
  Result<Json> none = Params(Json::object(), "contacts");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            std::string(kLabel) +
                ": a HUBSPOT source needs \"access_token\" (a private app's token, pat-…; put it "
                "in the profile as ${HUBSPOT_ACCESS_TOKEN}) or \"client_id\", \"client_secret\" "
                "and \"refresh_token\" (a public app's OAuth credentials)");
  Result<Json> partial = Params({{"client_id", "cid"}, {"refresh_token", ""}}, "contacts");
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.status().message(),
            std::string(kLabel) +
                ": HUBSPOT OAuth needs \"client_id\", \"client_secret\" and \"refresh_token\"; "
                "client_secret, refresh_token missing (or empty: is its variable set?)");
  Result<Json> both = Params({{"access_token", "pat"}, {"client_id", "cid"}}, "contacts");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(),
            std::string(kLabel) +
                ": a HUBSPOT source takes \"access_token\" (a private app) or \"client_id\", "
                "\"client_secret\" and \"refresh_token\" (OAuth), not both; remove client_id");
}

TEST(SaasHubspot, AReadWithoutAWatermarkLists) {
  RestConfig config = Config(kToken, "contacts");
  Result<RestConfig> read = ReadConfig("contacts", config, std::nullopt);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->method, "GET");
  EXPECT_EQ(read->path, "/crm/v3/objects/contacts");
}

TEST(SaasHubspot, AReadWithAWatermarkSearchesTheChangesSortedById) {
  Json params = kToken;
  params["sync_mode"] = "incremental";
  RestConfig config = Config(params, "deals");
  Result<RestConfig> read = ReadConfig("deals", config, std::string("2024-05-31T12:00:00.250Z"));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->method, "POST");
  EXPECT_EQ(read->path, "/crm/v3/objects/deals/search");
  EXPECT_TRUE(read->params.empty());
  EXPECT_EQ(read->incremental_param, "");  // the watermark is in the filter
  ASSERT_TRUE(read->json_body.has_value());
  EXPECT_EQ(
      read->json_body->dump(),
      R"({"filterGroups":[{"filters":[{"operator":"GTE","propertyName":"hs_lastmodifieddate",)"
      R"("value":"1717156800250"}]}],"limit":200,"properties":["dealname","amount",)"
      R"("dealstage","pipeline","closedate","dealtype","hubspot_owner_id","createdate",)"
      R"("hs_lastmodifieddate"],"sorts":[{"direction":"ASCENDING",)"
      R"("propertyName":"hs_object_id"}]})");
}

TEST(SaasHubspot, OwnersAreReadInFullEvenWithAWatermark) {
  Json params = kToken;
  params["sync_mode"] = "incremental";
  RestConfig config = Config(params, "owners");
  EXPECT_EQ(config.incremental_param, "updatedAt");
  Result<RestConfig> read = ReadConfig("owners", config, std::string("2024-05-31T12:00:00Z"));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->method, "GET");
  EXPECT_EQ(read->incremental_param, "");  // no filter param sent
}

// A page as the paginator sees it: `body`, its records' count and its last record.
struct Page {
  RestJson body;
  RestJson last;
  PageResponse response() const {
    PageResponse page;
    page.body = &body;
    page.records = 1;
    page.last_record = &last;
    return page;
  }
};

Page After(const std::string& after, const std::string& last_id = "1") {
  Page page{RestJson::object(), RestJson{{"id", last_id}}};
  if (!after.empty()) page.body["paging"] = {{"next", {{"after", after}}}};
  return page;
}

std::unique_ptr<Paginator> Paging(const RestConfig& config) {
  Result<std::unique_ptr<Paginator>> made = Stream("contacts").extensions.paginator(config, kLabel);
  EXPECT_TRUE(made.ok()) << made.status().message();
  return made.ok() ? std::move(made).value() : nullptr;
}

TEST(SaasHubspot, AListPagesByAfterUntilAPageWithoutPaging) {
  auto paginator = Paging(Config(kToken, "contacts"));
  ASSERT_NE(paginator, nullptr);
  EXPECT_TRUE(paginator->First().query.empty());
  auto next = paginator->Next(After("201").response());
  ASSERT_TRUE(next.ok() && *next) << next.status().message();
  EXPECT_EQ((*next)->query, (std::vector<std::pair<std::string, std::string>>{{"after", "201"}}));
  EXPECT_TRUE((*next)->body_fields.is_null());
  auto last = paginator->Next(After("").response());  // a single page has no "paging" at all
  ASSERT_TRUE(last.ok()) << last.status().message();
  EXPECT_FALSE(*last);
}

TEST(SaasHubspot, ACursorRepeatedIsAnError) {
  auto paginator = Paging(Config(kToken, "contacts"));
  ASSERT_NE(paginator, nullptr);
  paginator->First();
  ASSERT_TRUE(paginator->Next(After("201").response()).ok());
  auto again = paginator->Next(After("201").response());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(),
            std::string(kLabel) +
                ": HubSpot answered the same paging.next.after '201' twice; the API ignores "
                "`after` here, so paging would not end");
}

TEST(SaasHubspot, ASearchRestartsAfterTheLastIdBeforeItsWindowEnds) {
  RestConfig config = Config(kToken, "contacts");
  Result<RestConfig> search = ReadConfig("contacts", config, std::string("2024-05-31T12:00:00Z"));
  ASSERT_TRUE(search.ok()) << search.status().message();
  auto paginator = Paging(*search);
  ASSERT_NE(paginator, nullptr);
  paginator->First();
  // Offsets up to 9,800 + 200 stay in the window.
  auto next = paginator->Next(After("9800", "9900").response());
  ASSERT_TRUE(next.ok() && *next) << next.status().message();
  EXPECT_EQ((*next)->query, (std::vector<std::pair<std::string, std::string>>{{"after", "9800"}}));
  EXPECT_TRUE((*next)->body_fields.is_null());
  // 10,000 + 200 would pass it: search again for the ids above the last one read.
  auto restart = paginator->Next(After("10000", "10100").response());
  ASSERT_TRUE(restart.ok() && *restart) << restart.status().message();
  EXPECT_TRUE((*restart)->query.empty());  // `after` reset
  const std::string narrowed =
      R"({"filterGroups":[{"filters":[{"operator":"GTE","propertyName":"lastmodifieddate",)"
      R"("value":"1717156800000"},{"operator":"GT","propertyName":"hs_object_id",)"
      R"("value":"10100"}]}]})";
  EXPECT_EQ((*restart)->body_fields.dump(), narrowed);
  // The narrowed search's pages keep its filters.
  auto later = paginator->Next(After("200", "10300").response());
  ASSERT_TRUE(later.ok() && *later) << later.status().message();
  EXPECT_EQ((*later)->query, (std::vector<std::pair<std::string, std::string>>{{"after", "200"}}));
  EXPECT_EQ((*later)->body_fields.dump(), narrowed);
  // A list is never restarted, whatever its cursor.
  auto list = Paging(config);
  list->First();
  auto far = list->Next(After("10000").response());
  ASSERT_TRUE(far.ok() && *far);
  EXPECT_EQ((*far)->query, (std::vector<std::pair<std::string, std::string>>{{"after", "10000"}}));
}

TEST(SaasHubspot, TheDailyLimitIsFinalTheSecondlyOneIsRetried) {
  const FinalResponse& explain = Stream("deals").extensions.final_response;
  ASSERT_TRUE(explain);
  HttpResponse daily;
  daily.status = 429;
  daily.body = R"({"status": "error", "message": "You have reached your daily limit.",)"
               R"( "errorType": "RATE_LIMIT", "policyName": "DAILY"})";
  EXPECT_TRUE(Contains(explain(daily), "HubSpot's daily API limit for this account is reached"));
  HttpResponse secondly = daily;
  secondly.body = R"({"status": "error", "errorType": "RATE_LIMIT", "policyName": "SECONDLY"})";
  EXPECT_EQ(explain(secondly), "");
  HttpResponse failing;
  failing.status = 503;
  failing.body = "<html>";
  EXPECT_EQ(explain(failing), "");
}

}  // namespace
}  // namespace sqlflow
