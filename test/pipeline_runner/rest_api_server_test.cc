// The REST API test server (test/servers/rest_api_server.py) through real HTTP requests, its
// admin helpers (util/rest_api_server.h) and the .test directives built on them (rest-api,
// rest-records, rest-stats). The server is the one the `rest` fixture started
// (SQLFLOW_TEST_REST_PORT); each test uses namespaces of its own.
#include "util/rest_api_server.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <map>
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
using Headers = std::vector<std::pair<std::string, std::string>>;

// A namespace name no other test (nor another test process) uses.
std::string Ns(const std::string& stem) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return stem + "-" + info->name() + "-" + std::to_string(getpid());
}

void Configure(const std::string& ns, const std::string& config) {
  Status st = rest_api::Configure(ns, config);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

json Stats(const std::string& ns) {
  Result<json> stats = rest_api::Stats(ns);
  EXPECT_TRUE(stats.ok()) << stats.status().ToString();
  return stats.ok() ? *stats : json::object();
}

// One attempt per request (the test sees every fault), breakers of its own, no waits.
Result<HttpResponse> Send(const std::string& method, const std::string& url,
                          const Headers& headers = {}, const std::string& body = "",
                          std::chrono::seconds low_speed_timeout = std::chrono::seconds(30)) {
  ResiliencePolicy policy;
  policy.retry.max_attempts = 1;
  policy.circuit.failure_threshold = 0;
  HttpClient client(policy, SystemClock(), std::make_shared<CircuitBreakers>(SystemClock()));
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = headers;
  request.body = body;
  request.low_speed_timeout = low_speed_timeout;
  return client.Send(request);
}

// GET NamespaceUrl(ns) + path_and_query; the response (a failed test and status 0 when none).
HttpResponse Get(const std::string& ns, const std::string& path_and_query,
                 const Headers& headers = {}) {
  Result<HttpResponse> response = Send("GET", rest_api::NamespaceUrl(ns) + path_and_query, headers);
  EXPECT_TRUE(response.ok()) << path_and_query << ": " << response.status().ToString();
  return response.ok() ? *response : HttpResponse{};
}

json Body(const HttpResponse& response) {
  json parsed = json::parse(response.body, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << response.body;
  return parsed;
}

std::vector<int> Ids(const json& records) {
  std::vector<int> ids;
  for (const json& record : records) ids.push_back(record["id"].get<int>());
  return ids;
}

std::vector<int> Range(int first, int last) {
  std::vector<int> ids;
  for (int i = first; i <= last; ++i) ids.push_back(i);
  return ids;
}

// The URL in `Link: <url>; rel="next"`, or "" when there is none.
std::string NextLink(const HttpResponse& response) {
  std::optional<std::string> link = response.Header("Link");
  if (!link) return "";
  size_t open = link->find('<'), close = link->find('>');
  EXPECT_NE(close, std::string::npos) << *link;
  EXPECT_NE(link->find("rel=\"next\""), std::string::npos) << *link;
  return link->substr(open + 1, close - open - 1);
}

// ---- admin API and helpers ----------------------------------------------------------------

TEST(RestApiServer, HealthAnswers) {
  Result<HttpResponse> response = Send("GET", rest_api::BaseUrl() + "/_admin/health");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Body(*response), json({{"status", "ok"}}));
}

TEST(RestApiServer, AFreshNamespaceHasEveryCounterAtZero) {
  const std::string ns = Ns("fresh");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, ""));
  json stats = Stats(ns);
  EXPECT_EQ(stats, json::parse(R"({"requests": 0, "by_endpoint": {}, "pages_served": 0,
      "records_served": 0, "faults": {"429": 0, "500": 0, "503": 0, "timeout": 0, "reset": 0},
      "over_limit": 0, "unauthorized": 0, "tokens_issued": 0, "max_requests_in_any_second": 0,
      "records": 250})"));
}

TEST(RestApiServer, ConfigureAgainStartsOver) {
  const std::string ns = Ns("again");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 5})"));
  EXPECT_EQ(Get(ns, "/single").status, 200);
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 7})"));
  json stats = Stats(ns);
  EXPECT_EQ(stats["requests"], 0);
  EXPECT_EQ(stats["records"], 7);
}

TEST(RestApiServer, ConfigureRefusesBadConfigsWithTheServersReason) {
  const std::string ns = Ns("bad");
  Status st = rest_api::Configure(ns, R"({"recordz": 5})");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("answered 400: unknown config field(s) recordz; known: auth"),
            std::string::npos)
      << st.message();
  st = rest_api::Configure(ns, R"({"records": 5)");
  EXPECT_NE(st.message().find("the body is not JSON"), std::string::npos) << st.message();
  st = rest_api::Configure(ns, R"({"auth": {"type": "digest"}})");
  EXPECT_NE(st.message().find("auth.type must be one of"), std::string::npos) << st.message();
  st = rest_api::Configure(ns, R"({"auth": {"type": "bearer"}})");
  EXPECT_NE(st.message().find("auth.token (a string) is required"), std::string::npos);
  st = rest_api::Configure(ns, R"({"faults": {"rate": 2}})");
  EXPECT_NE(st.message().find("faults.rate must be between 0 and 1"), std::string::npos);
  st = rest_api::Configure(ns, R"({"faults": {"kinds": ["404"]}})");
  EXPECT_NE(st.message().find("faults.kinds must be a non-empty list"), std::string::npos);
  st = rest_api::Configure(ns, R"({"page_size": 0})");
  EXPECT_NE(st.message().find("page_size must be an integer >= 1"), std::string::npos);
  st = rest_api::Configure(ns, R"({"start": "yesterday"})");
  EXPECT_NE(st.message().find("start is not an ISO 8601 timestamp"), std::string::npos);
  st = rest_api::Configure(ns, R"({"rate_limit": 5})");
  EXPECT_NE(st.message().find("rate_limit must be an object"), std::string::npos);
  st = rest_api::Configure(ns, R"({"records": 99999999})");
  EXPECT_NE(st.message().find("records must be at most 2000000"), std::string::npos);
  st = rest_api::Configure("bad/name", "");
  EXPECT_EQ(st.code(), StatusCode::kNotFound) << st.ToString();
}

TEST(RestApiServer, UnconfiguredNamespaceIsNotFound) {
  const std::string ns = Ns("never");
  Status st = rest_api::AddRecords(ns, "[]");
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.message().find("no namespace '" + ns + "': configure it first"), std::string::npos)
      << st.message();
  EXPECT_EQ(rest_api::Stats(ns).status().code(), StatusCode::kNotFound);
  HttpResponse response = Get(ns, "/single");
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("configure it first"), std::string::npos);
}

TEST(RestApiServer, HelpersSayHowToStartAServerThatDoesNotAnswer) {
  Result<int> port = UnusedLocalPort();
  ASSERT_TRUE(port.ok());
  const char* old = getenv("SQLFLOW_TEST_REST_PORT");
  std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  setenv("SQLFLOW_TEST_REST_PORT", std::to_string(*port).c_str(), 1);
  Status st = rest_api::Configure("any", "");
  if (saved) {
    setenv("SQLFLOW_TEST_REST_PORT", saved->c_str(), 1);
  } else {
    unsetenv("SQLFLOW_TEST_REST_PORT");
  }
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_NE(st.message().find("cannot reach the REST test server at http://127.0.0.1:" +
                              std::to_string(*port)),
            std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("bash scripts/rest_api.sh start build/rest-test"), std::string::npos)
      << st.message();
}

TEST(RestApiServer, AddRecordsUpdatesAndAddsRecordsInUpdatedAtOrder) {
  const std::string ns = Ns("upsert");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3})"));
  Status st = rest_api::AddRecords(ns, R"([
      {"id": 2, "name": "changed", "updated_at": "2024-02-01T00:00:00Z"},
      {"id": 9, "name": "new", "updated_at": "2024-01-15T00:00:00Z"}])");
  ASSERT_TRUE(st.ok()) << st.ToString();
  json records = Body(Get(ns, "/single"));
  EXPECT_EQ(Ids(records), std::vector<int>({1, 3, 9, 2}));
  EXPECT_EQ(records[3]["name"], "changed");
  EXPECT_EQ(records[3]["amount"], 3.0);  // fields not given are kept
  EXPECT_EQ(records[2], json::parse(R"({"id": 9, "name": "new",
                                        "updated_at": "2024-01-15T00:00:00Z"})"));
  EXPECT_EQ(Stats(ns)["records"], 4);

  st = rest_api::AddRecords(ns, R"([{"id": 4, "updated_at": "soon"}])");
  EXPECT_NE(st.message().find("updated_at of record 4 is not an ISO 8601 timestamp"),
            std::string::npos)
      << st.message();
  st = rest_api::AddRecords(ns, R"([{"name": "no id"}])");
  EXPECT_NE(st.message().find("every record must be an object with an integer or string id"),
            std::string::npos);
  st = rest_api::AddRecords(ns, R"({"id": 1})");
  EXPECT_NE(st.message().find("the body must be a JSON array of records"), std::string::npos);
  EXPECT_EQ(Stats(ns)["records"], 4);  // refused batches change nothing
}

// ---- records and paginators ---------------------------------------------------------------

TEST(RestApiServer, GeneratedRecordsFollowTheConfig) {
  const std::string ns = Ns("shape");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 4, "start": "2024-03-01T10:00:00Z",
                                            "late_field_from": 3, "type_change_from": 4})"));
  json records = Body(Get(ns, "/single"));
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0], json::parse(R"({"id": 1, "name": "item-1", "amount": 1.5,
      "updated_at": "2024-03-01T10:00:00Z", "active": false,
      "address": {"city": "c1", "zip": "10001"}, "tags": ["t1", "x"]})"));
  EXPECT_EQ(records[1]["updated_at"], "2024-03-01T10:01:00Z");
  EXPECT_EQ(records[1]["active"], true);
  EXPECT_FALSE(records[1].contains("extra"));
  EXPECT_EQ(records[2]["extra"], json({{"k", 3}}));
  EXPECT_EQ(records[2]["amount"], 4.5);
  EXPECT_EQ(records[3]["amount"], "6.0");
}

TEST(RestApiServer, PageNumberPagesStartAtOneAndEndEmpty) {
  const std::string ns = Ns("pages");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 60})"));
  json first = Body(Get(ns, "/page_number"));  // default page 1 of page_size 25
  EXPECT_EQ(Ids(first["data"]), Range(1, 25));
  EXPECT_EQ(first["page"], 1);
  EXPECT_EQ(first["total_pages"], 3);
  EXPECT_EQ(first["total"], 60);
  json third = Body(Get(ns, "/page_number?page=3&per_page=25"));
  EXPECT_EQ(Ids(third["data"]), Range(51, 60));
  json past = Body(Get(ns, "/page_number?page=4"));
  EXPECT_EQ(past["data"], json::array());
  EXPECT_EQ(past["total_pages"], 3);
  EXPECT_EQ(Ids(Body(Get(ns, "/page_number?page=2&per_page=50"))["data"]), Range(51, 60));
}

TEST(RestApiServer, OffsetPagesCountFromZero) {
  const std::string ns = Ns("offset");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 30, "page_size": 20})"));
  json first = Body(Get(ns, "/offset"));
  EXPECT_EQ(Ids(first["items"]), Range(1, 20));
  EXPECT_EQ(first["total"], 30);
  EXPECT_EQ(Ids(Body(Get(ns, "/offset?offset=20&limit=20"))["items"]), Range(21, 30));
  EXPECT_EQ(Body(Get(ns, "/offset?offset=30"))["items"], json::array());
}

TEST(RestApiServer, CursorWalkEndsWithANullCursor) {
  const std::string ns = Ns("cursor");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 25})"));
  std::vector<int> ids;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    json body = Body(Get(ns, "/cursor?cursor=" + cursor + "&limit=10"));
    for (int id : Ids(body["data"])) ids.push_back(id);
    if (body["meta"]["next_cursor"].is_null()) break;
    cursor = body["meta"]["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(ids, Range(1, 25));
  EXPECT_EQ(Body(Get(ns, "/cursor?cursor=c10&limit=10"))["meta"]["next_cursor"], "c20");
}

TEST(RestApiServer, HeaderCursorIsAbsentOnTheLastPage) {
  const std::string ns = Ns("hcursor");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 30})"));
  HttpResponse first = Get(ns, "/header_cursor?cursor=");
  EXPECT_EQ(Ids(Body(first)), Range(1, 25));
  EXPECT_EQ(first.Header("X-Next-Cursor"), "c25");
  HttpResponse last = Get(ns, "/header_cursor?cursor=c25");
  EXPECT_EQ(Ids(Body(last)), Range(26, 30));
  EXPECT_EQ(last.Header("X-Next-Cursor"), std::nullopt);
}

TEST(RestApiServer, HeaderLinkKeepsTheQueryAndEndsWithoutLink) {
  const std::string ns = Ns("hlink");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 30, "page_size": 10})"));
  HttpResponse first = Get(ns, "/header_link?page=1&updated_since=2024-01-01T00:05:00Z");
  EXPECT_EQ(Ids(Body(first)), Range(6, 15));
  const std::string next = NextLink(first);
  EXPECT_EQ(next, rest_api::NamespaceUrl(ns) +
                      "/header_link?updated_since=2024-01-01T00%3A05%3A00Z&page=2&per_page=10");
  std::vector<int> ids = Ids(Body(first));
  for (std::string url = next; !url.empty();) {
    Result<HttpResponse> page = Send("GET", url);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (int id : Ids(Body(*page))) ids.push_back(id);
    url = NextLink(*page);
  }
  EXPECT_EQ(ids, Range(6, 30));
}

TEST(RestApiServer, JsonLinkGivesAbsoluteNextUrlsThenNull) {
  const std::string ns = Ns("jlink");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 12})"));
  json first = Body(Get(ns, "/json_link?per_page=5"));
  EXPECT_EQ(Ids(first["results"]), Range(1, 5));
  EXPECT_EQ(first["next"], rest_api::NamespaceUrl(ns) + "/json_link?page=2&per_page=5");
  json last = Body(Get(ns, "/json_link?page=3&per_page=5"));
  EXPECT_EQ(Ids(last["results"]), Range(11, 12));
  EXPECT_TRUE(last["next"].is_null());
}

TEST(RestApiServer, SearchTakesItsParamsFromAPostedBody) {
  const std::string ns = Ns("search");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 40})"));
  const std::string url = rest_api::NamespaceUrl(ns) + "/search";
  Result<HttpResponse> response =
      Send("POST", url, {{"Content-Type", "application/json"}},
           R"({"updated_since": "2024-01-01T00:20:00Z", "cursor": "c5", "limit": 10})");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  json body = Body(*response);
  EXPECT_EQ(Ids(body["data"]), Range(26, 35));  // ids 21..40 match; from the 6th on
  EXPECT_EQ(body["meta"]["next_cursor"], "c15");
  response = Send("POST", url, {}, "");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(Ids(Body(*response)["data"]), Range(1, 25));
  response = Send("POST", url, {}, "{not json");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(Get(ns, "/search").status, 405);
}

TEST(RestApiServer, UpdatedSinceIsInclusiveOnEveryEndpoint) {
  const std::string ns = Ns("since");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 10})"));
  const std::string since = "updated_since=2024-01-01T00:07:00Z";  // updated_at of id 8
  EXPECT_EQ(Ids(Body(Get(ns, "/single?" + since))), Range(8, 10));
  EXPECT_EQ(Ids(Body(Get(ns, "/page_number?" + since))["data"]), Range(8, 10));
  EXPECT_EQ(Body(Get(ns, "/page_number?" + since))["total"], 3);
  EXPECT_EQ(Ids(Body(Get(ns, "/offset?" + since))["items"]), Range(8, 10));
  EXPECT_EQ(Ids(Body(Get(ns, "/cursor?" + since))["data"]), Range(8, 10));
  EXPECT_EQ(Ids(Body(Get(ns, "/header_cursor?" + since))), Range(8, 10));
  EXPECT_EQ(Ids(Body(Get(ns, "/json_link?" + since))["results"]), Range(8, 10));
  // Other spellings of the same instant.
  EXPECT_EQ(Ids(Body(Get(ns, "/single?updated_since=2024-01-01T00:07:00%2B00:00"))), Range(8, 10));
  EXPECT_EQ(Ids(Body(Get(ns, "/single?updated_since=2024-01-01%2000:07:00"))), Range(8, 10));
  EXPECT_EQ(Body(Get(ns, "/single?updated_since=2030-01-01T00:00:00Z")), json::array());
}

TEST(RestApiServer, BadRequestsGet400WithTheReason) {
  const std::string ns = Ns("bad400");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 10})"));
  struct Case {
    std::string path;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"/page_number?page=0", "page must be >= 1, got 0"},
           {"/page_number?per_page=x", "per_page must be an integer, got 'x'"},
           {"/offset?offset=-1", "offset must be >= 0, got -1"},
           {"/cursor?cursor=zz", "cursor 'zz' is not one this server gave (c<offset>)"},
           {"/single?updated_since=monday", "updated_since is not an ISO 8601 timestamp"},
           {"/status/99", "status/CODE takes a code between 200 and 599"}}) {
    HttpResponse response = Get(ns, c.path);
    EXPECT_EQ(response.status, 400) << c.path;
    EXPECT_EQ(Body(response)["error"], "bad_request") << c.path;
    EXPECT_NE(response.body.find(c.reason), std::string::npos) << c.path << ": " << response.body;
  }
  HttpResponse unknown = Get(ns, "/tickets");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("no endpoint 'tickets'; known: cursor"), std::string::npos);
  Result<HttpResponse> post = Send("POST", rest_api::NamespaceUrl(ns) + "/cursor", {}, "{}");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->status, 405);
}

TEST(RestApiServer, NotJsonAndStatusEndpoints) {
  const std::string ns = Ns("odd");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 10})"));
  HttpResponse html = Get(ns, "/not_json");
  EXPECT_EQ(html.status, 200);
  EXPECT_EQ(html.Header("Content-Type"), "text/html");
  EXPECT_TRUE(html.body.starts_with("<html>")) << html.body;
  HttpResponse teapot = Get(ns, "/status/418");
  EXPECT_EQ(teapot.status, 418);
  EXPECT_EQ(Body(teapot)["error"], "status_418");
  EXPECT_EQ(Get(ns, "/status/404").status, 404);
}

// ---- counters -----------------------------------------------------------------------------

TEST(RestApiServer, CountsRequestsPagesAndRecordsPerEndpoint) {
  const std::string ns = Ns("count");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 30})"));
  Get(ns, "/cursor");              // 25 records
  Get(ns, "/cursor?cursor=c25");   // 5
  Get(ns, "/page_number?page=9");  // an empty page is still a page
  Get(ns, "/status/500");          // not a data page
  Get(ns, "/not_json");            // nor this
  Get(ns, "/page_number?page=0");  // a 400 serves nothing
  json stats = Stats(ns);
  EXPECT_EQ(stats["requests"], 6);
  EXPECT_EQ(stats["by_endpoint"],
            json::parse(R"({"cursor": 2, "page_number": 2, "status": 1, "not_json": 1})"));
  EXPECT_EQ(stats["pages_served"], 3);
  EXPECT_EQ(stats["records_served"], 30);
  EXPECT_GE(stats["max_requests_in_any_second"].get<int>(), 1);
  EXPECT_LE(stats["max_requests_in_any_second"].get<int>(), 6);
}

TEST(RestApiServer, NamespacesDoNotShareRecordsOrCounters) {
  const std::string a = Ns("a"), b = Ns("b");
  ASSERT_NO_FATAL_FAILURE(Configure(a, R"({"records": 2})"));
  ASSERT_NO_FATAL_FAILURE(Configure(b, R"({"records": 3, "auth": {"type": "bearer",
                                                                  "token": "t"}})"));
  EXPECT_EQ(Ids(Body(Get(a, "/single"))), Range(1, 2));
  EXPECT_EQ(Get(b, "/single").status, 401);
  EXPECT_EQ(Stats(a)["requests"], 1);
  EXPECT_EQ(Stats(a)["unauthorized"], 0);
  EXPECT_EQ(Stats(b)["unauthorized"], 1);
}

// ---- auth ---------------------------------------------------------------------------------

// Statuses of GET /single with each set of headers.
std::vector<long> Statuses(const std::string& ns, const std::vector<Headers>& attempts,
                           const std::string& query = "") {
  std::vector<long> statuses;
  for (const Headers& headers : attempts)
    statuses.push_back(Get(ns, "/single" + query, headers).status);
  return statuses;
}

TEST(RestApiServer, BearerAuth) {
  const std::string ns = Ns("bearer");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3,
                                            "auth": {"type": "bearer", "token": "t0k"}})"));
  HttpResponse missing = Get(ns, "/single");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(Body(missing)["error"], "unauthorized");
  EXPECT_EQ(missing.Header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(Statuses(ns, {{{"Authorization", "Bearer nope"}}, {{"Authorization", "Bearer t0k"}}}),
            std::vector<long>({401, 200}));
  EXPECT_EQ(Stats(ns)["unauthorized"], 2);
  EXPECT_EQ(Stats(ns)["pages_served"], 1);
}

TEST(RestApiServer, BasicAuth) {
  const std::string ns = Ns("basic");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3, "auth": {"type": "basic",
                                            "username": "ann", "password": "pw"}})"));
  // "ann:pw" and "ann:no" in base64.
  EXPECT_EQ(
      Statuses(ns,
               {{}, {{"Authorization", "Basic YW5uOm5v"}}, {{"Authorization", "Basic YW5uOnB3"}}}),
      std::vector<long>({401, 401, 200}));
  EXPECT_EQ(Get(ns, "/single").Header("WWW-Authenticate"), "Basic realm=\"test\"");
}

TEST(RestApiServer, ApiKeyInAHeader) {
  const std::string ns = Ns("keyh");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3, "auth": {"type": "api_key",
                                            "name": "X-Api-Key", "api_key": "k1"}})"));
  EXPECT_EQ(Statuses(ns, {{}, {{"X-Api-Key", "k2"}}, {{"X-Api-Key", "k1"}}}),
            std::vector<long>({401, 401, 200}));
  EXPECT_EQ(Get(ns, "/single?X-Api-Key=k1").status, 401);  // not in the query
}

TEST(RestApiServer, ApiKeyInTheQueryIsLeftOutOfNextLinks) {
  const std::string ns = Ns("keyq");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 30, "auth": {"type": "api_key",
                                "name": "key", "api_key": "k1", "location": "query"}})"));
  EXPECT_EQ(Get(ns, "/single").status, 401);
  EXPECT_EQ(Get(ns, "/single?key=k2").status, 401);
  EXPECT_EQ(Get(ns, "/single", {{"key", "k1"}}).status, 401);  // not in a header
  HttpResponse ok = Get(ns, "/header_link?key=k1");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(NextLink(ok), rest_api::NamespaceUrl(ns) + "/header_link?page=2&per_page=25");
}

// POST oauth/token with a form body and optional extra headers.
HttpResponse Token(const std::string& ns, const std::string& form, const Headers& extra = {}) {
  Headers headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  headers.insert(headers.end(), extra.begin(), extra.end());
  Result<HttpResponse> response =
      Send("POST", rest_api::NamespaceUrl(ns) + "/oauth/token", headers, form);
  EXPECT_TRUE(response.ok()) << response.status().ToString();
  return response.ok() ? *response : HttpResponse{};
}

TEST(RestApiServer, OAuth2ClientCredentialsIssuesTokens) {
  const std::string ns = Ns("oauth");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3, "auth": {"type": "oauth2",
      "client_id": "cid", "client_secret": "cs", "expires_in": 120}})"));
  HttpResponse first =
      Token(ns, "grant_type=client_credentials&client_id=cid&client_secret=cs&scope=read");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(Body(first), json::parse(R"({"access_token": "tok-1", "token_type": "bearer",
                                        "expires_in": 120, "scope": "read"})"));
  // Client credentials as HTTP Basic ("cid:cs").
  HttpResponse second =
      Token(ns, "grant_type=client_credentials", {{"Authorization", "Basic Y2lkOmNz"}});
  EXPECT_EQ(Body(second)["access_token"], "tok-2");
  HttpResponse wrong = Token(ns, "grant_type=client_credentials&client_id=cid&client_secret=other");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Body(wrong), json({{"error", "invalid_client"}}));
  HttpResponse grant = Token(ns, "grant_type=password&client_id=cid&client_secret=cs");
  EXPECT_EQ(grant.status, 400);
  EXPECT_EQ(Body(grant), json({{"error", "unsupported_grant_type"}}));

  EXPECT_EQ(Statuses(ns, {{},
                          {{"Authorization", "Bearer tok-3"}},
                          {{"Authorization", "Bearer tok-1"}},
                          {{"Authorization", "Bearer tok-2"}}}),
            std::vector<long>({401, 401, 200, 200}));
  json stats = Stats(ns);
  EXPECT_EQ(stats["tokens_issued"], 2);
  EXPECT_EQ(stats["unauthorized"], 3);  // the wrong client and two requests
  EXPECT_EQ(stats["by_endpoint"]["oauth/token"], 4);
}

TEST(RestApiServer, OAuth2TokenStopsWorkingAfterItsRequests) {
  const std::string ns = Ns("oauthn");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3, "auth": {"type": "oauth2",
      "client_id": "cid", "client_secret": "cs", "expire_after_requests": 2}})"));
  HttpResponse token = Token(ns, "grant_type=client_credentials&client_id=cid&client_secret=cs");
  const Headers bearer = {
      {"Authorization", "Bearer " + Body(token)["access_token"].get<std::string>()}};
  EXPECT_EQ(Statuses(ns, {bearer, bearer, bearer}), std::vector<long>({200, 200, 401}));
  HttpResponse fresh = Token(ns, "grant_type=client_credentials&client_id=cid&client_secret=cs");
  EXPECT_EQ(Get(ns, "/single",
                {{"Authorization", "Bearer " + Body(fresh)["access_token"].get<std::string>()}})
                .status,
            200);
}

TEST(RestApiServer, TokenEndpointOfANamespaceWithoutOAuth2) {
  const std::string ns = Ns("notoken");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 3})"));
  HttpResponse response = Token(ns, "grant_type=client_credentials");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("this namespace's auth is not oauth2"), std::string::npos);
  EXPECT_EQ(Get(ns, "/oauth/token").status, 405);
}

// ---- faults and rate limit ----------------------------------------------------------------

// The statuses of `n` GET /single requests (0 for a request that got no response).
std::vector<long> StatusSequence(const std::string& ns, int n) {
  std::vector<long> statuses;
  for (int i = 0; i < n; ++i) {
    Result<HttpResponse> response = Send("GET", rest_api::NamespaceUrl(ns) + "/single");
    statuses.push_back(response.ok() ? response->status : 0);
  }
  return statuses;
}

TEST(RestApiServer, FaultsFollowTheSeedAndAreCountedPerKind) {
  const std::string ns = Ns("seeded");
  const std::string config = R"({"records": 2, "faults": {"seed": 7, "rate": 0.4,
                                 "kinds": ["429", "500", "503"]}})";
  ASSERT_NO_FATAL_FAILURE(Configure(ns, config));
  std::vector<long> first = StatusSequence(ns, 30);
  json stats = Stats(ns);
  ASSERT_NO_FATAL_FAILURE(Configure(ns, config));
  EXPECT_EQ(StatusSequence(ns, 30), first);  // the same seed, the same faults
  std::map<long, int> seen;
  for (long status : first) ++seen[status];
  EXPECT_GT(seen[200], 0);
  EXPECT_GT(seen[429] + seen[500] + seen[503], 0);
  EXPECT_EQ(stats["faults"], json::parse("{\"429\": " + std::to_string(seen[429]) +
                                         ", \"500\": " + std::to_string(seen[500]) +
                                         ", \"503\": " + std::to_string(seen[503]) +
                                         ", \"timeout\": 0, \"reset\": 0}"));
  EXPECT_EQ(stats["pages_served"], seen[200]);
  EXPECT_EQ(stats["requests"], 30);

  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 2, "faults": {"seed": 8, "rate": 0.4,
                                            "kinds": ["429", "500", "503"]}})"));
  EXPECT_NE(StatusSequence(ns, 30), first);  // another seed, another sequence
}

TEST(RestApiServer, Fault429CarriesRetryAfterAnd5xxAJsonError) {
  const std::string ns = Ns("f429");
  ASSERT_NO_FATAL_FAILURE(
      Configure(ns, R"({"faults": {"rate": 1, "kinds": ["429"], "retry_after": 7}})"));
  HttpResponse limited = Get(ns, "/cursor");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("Retry-After"), "7");
  EXPECT_EQ(Body(limited)["error"], "injected_fault");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"faults": {"rate": 1, "kinds": ["503"]}})"));
  HttpResponse unavailable = Get(ns, "/cursor");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(Body(unavailable)["message"], "injected fault 503");
  EXPECT_EQ(Stats(ns)["pages_served"], 0);
}

TEST(RestApiServer, ResetFaultClosesTheConnectionWithoutAResponse) {
  const std::string ns = Ns("reset");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"faults": {"rate": 1, "kinds": ["reset"]}})"));
  Result<HttpResponse> response = Send("GET", rest_api::NamespaceUrl(ns) + "/cursor");
  ASSERT_FALSE(response.ok()) << "got status " << response->status;
  EXPECT_NE(response.status().message().find("cannot reach 127.0.0.1:"), std::string::npos)
      << response.status().message();
  EXPECT_EQ(Stats(ns)["faults"]["reset"], 1);
}

TEST(RestApiServer, TimeoutFaultAnswersOnlyAfterTheClientGaveUp) {
  const std::string ns = Ns("timeout");
  ASSERT_NO_FATAL_FAILURE(
      Configure(ns, R"({"faults": {"rate": 1, "kinds": ["timeout"], "timeout_seconds": 4}})"));
  Result<HttpResponse> response =
      Send("GET", rest_api::NamespaceUrl(ns) + "/cursor", {}, "", std::chrono::seconds(1));
  ASSERT_FALSE(response.ok()) << "got status " << response->status;
  EXPECT_EQ(Stats(ns)["faults"]["timeout"], 1);
}

TEST(RestApiServer, AlwaysFaultsHitMatchingRequestsTheirNumberOfTimes) {
  const std::string ns = Ns("always");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"records": 60, "faults": {"always": {
      "/cursor?cursor=c25": {"kind": 500, "times": 2},
      "/page_number?page=2": 503}}})"));
  EXPECT_EQ(Get(ns, "/cursor?limit=25&cursor=c25").status, 500);
  EXPECT_EQ(Get(ns, "/cursor?cursor=c50").status, 200);
  EXPECT_EQ(Get(ns, "/cursor?cursor=c25").status, 500);
  EXPECT_EQ(Get(ns, "/cursor?cursor=c25").status, 200);  // its two times are used up
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get(ns, "/page_number?page=2").status, 503);
  EXPECT_EQ(Get(ns, "/page_number?page=1").status, 200);
  json faults = Stats(ns)["faults"];
  EXPECT_EQ(faults["500"], 2);
  EXPECT_EQ(faults["503"], 3);
}

TEST(RestApiServer, FaultsNeverHitTheTokenEndpointOrTheAdminApi) {
  const std::string ns = Ns("spared");
  ASSERT_NO_FATAL_FAILURE(Configure(ns, R"({"auth": {"type": "oauth2", "client_id": "c",
      "client_secret": "s"}, "faults": {"rate": 1, "kinds": ["500"]}})"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Token(ns, "grant_type=client_credentials&client_id=c&client_secret=s").status, 200);
  }
  EXPECT_TRUE(rest_api::AddRecords(ns, "[]").ok());
  json stats = Stats(ns);
  EXPECT_EQ(stats["tokens_issued"], 3);
  EXPECT_EQ(stats["faults"]["500"], 0);
}

TEST(RestApiServer, RateLimitRefusesAndCountsRequestsOverIt) {
  const std::string ns = Ns("limit");
  // 0.001 per second: no token comes back during the test, whatever the machine's speed.
  ASSERT_NO_FATAL_FAILURE(
      Configure(ns, R"({"records": 3, "rate_limit": {"requests_per_second": 0.001, "burst": 3}})"));
  EXPECT_EQ(StatusSequence(ns, 5), std::vector<long>({200, 200, 200, 429, 429}));
  HttpResponse limited = Get(ns, "/single");
  EXPECT_EQ(limited.Header("Retry-After"), "1");
  EXPECT_EQ(Body(limited)["error"], "rate_limited");
  json stats = Stats(ns);
  EXPECT_EQ(stats["over_limit"], 3);
  EXPECT_EQ(stats["requests"], 6);
  EXPECT_EQ(stats["pages_served"], 3);
  EXPECT_EQ(stats["faults"]["429"], 0);  // not an injected fault
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

TEST(RestApiDirectives, ConfigureRecordsAndStats) {
  const std::string ns = Ns("directives");
  const std::string url = rest_api::NamespaceUrl(ns);
  EXPECT_EQ(
      RunCase("rest-api " + ns + "\n{\"records\": 30}\n----\n" + "rest-records " + ns +
              "\n[{\"id\": 31, \"updated_at\": " + "\"2025-01-01T00:00:00Z\"}]\n----\n" +
              "run -c 'echo $SQLFLOW_TEST_REST_URL; "
              "curl -s -o /dev/null \"$SQLFLOW_TEST_REST_URL/cursor?limit=10\"'\n" +
              url + "\n----\n" + "rest-stats " + ns + "\n\"cursor\": 1\n\"pages_served\": 1\n" +
              "\"records\": 31\n\"records_served\": 10\n\"requests\": 1\n----\n"),
      "ok");
}

TEST(RestApiDirectives, RestApiWithoutABodyUsesTheDefaults) {
  const std::string ns = Ns("defaults");
  EXPECT_EQ(RunCase("rest-api " + ns + "\n----\nrest-stats " + ns + "\n\"records\": 250\n----\n"),
            "ok");
}

TEST(RestApiDirectives, StatsMismatchShowsThePrettyPrintedCounters) {
  const std::string ns = Ns("mismatch");
  std::string result = RunCase("rest-api " + ns + "\n{\"records\": 1}\n----\n" + "rest-stats " +
                               ns + "\n\"over_limit\": 0\n\"requests\": 5\n----\n");
  EXPECT_NE(result.find("c.test:4:1: rest-stats " + ns + "\nstats of REST namespace " + ns +
                        " mismatch at test file line 6"),
            std::string::npos)
      << result;
  EXPECT_NE(result.find("  \"over_limit\": 0,\n  \"pages_served\": 0,\n"), std::string::npos)
      << result;
}

TEST(RestApiDirectives, RefusedConfigFailsTheCaseWithTheServersReason) {
  const std::string ns = Ns("refused");
  std::string result =
      RunCase("rest-api " + ns + "\n{\"pages\": 3}\n----\n" + "rest-stats " + ns + "\n----\n");
  EXPECT_NE(result.find("c.test:1:1: rest-api " + ns + "\nPUT /_admin/ns/" + ns +
                        " answered 400: unknown config field(s) pages"),
            std::string::npos)
      << result;
  result = RunCase("rest-records " + Ns("nowhere") + "\n[]\n----\nrest-stats x\n----\n");
  EXPECT_NE(result.find("configure it first"), std::string::npos) << result;
}

}  // namespace
}  // namespace sqlflow::test
