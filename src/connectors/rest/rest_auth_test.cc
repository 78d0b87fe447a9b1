// RestAuth against a real HTTP server (test/servers/scripted_http_server.py) on 127.0.0.1: what
// each auth kind makes the server receive (/auth/echo), the OAuth2 token endpoint
// (/oauth/token/<expires_in>, which takes client_secret "secret-" + client_id), token caching
// and expiry on a FakeClock, the refresh after a 401, and every error message — none of which
// may hold a secret.
#include "connectors/rest/rest_auth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "connectors/http/circuit_breaker.h"
#include "connectors/http/fake_clock.h"
#include "connectors/rest/rest_oauth2.h"
#include "util/scripted_http_server.h"

namespace sqlflow {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using test::ScriptedHttpServer;

constexpr char kLabel[] = "SOURCE tickets";

// Every secret value the tests below use: no message may hold one.
const std::vector<std::string>& KnownSecrets() {
  static const std::vector<std::string> kSecrets = {
      "tok-abc.def",     "p@ss:w0rd",  "YWxpY2U6cEBzczp3MHJk",
      "sk_live_1",       "k&y=1",      "secret-app",
      "wrong-secret",    "issued-",    "from-a-form-body",
      "rt-first/1",      "rt%2Ffirst", "rotated-rt",
      "tok-from-refresh"};
  return kSecrets;
}

void ExpectNoSecret(const std::string& text) {
  for (const std::string& secret : KnownSecrets()) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "'" << secret << "' in: " << text;
  }
}

// What /auth/echo received.
struct Received {
  std::optional<std::string> authorization;
  std::map<std::string, std::string> headers;
  std::vector<std::pair<std::string, std::string>> query;
};

class RestAuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<std::unique_ptr<ScriptedHttpServer>> started = ScriptedHttpServer::Start();
    ASSERT_TRUE(started.ok()) << started.status().message();
    server_ = std::move(started).value().release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ResiliencePolicy policy;
    policy.retry.max_attempts = 2;
    policy.retry.base = std::chrono::milliseconds(5);
    client_ =
        std::make_unique<HttpClient>(policy, clock_, std::make_shared<CircuitBreakers>(clock_));
  }

  std::unique_ptr<RestAuth> Auth(const json& config) {
    Result<std::unique_ptr<RestAuth>> auth = MakeRestAuth(config, client_.get(), clock_, kLabel);
    EXPECT_TRUE(auth.ok()) << auth.status().message();
    if (!auth.ok()) return nullptr;
    ExpectNoSecret((*auth)->Describe() + " " + (*auth)->Advice());
    return std::move(auth).value();
  }

  std::string ConfigError(const json& config) {
    Result<std::unique_ptr<RestAuth>> auth = MakeRestAuth(config, client_.get(), clock_, kLabel);
    EXPECT_FALSE(auth.ok());
    if (auth.ok()) return "";
    EXPECT_EQ(auth.status().code(), StatusCode::kInvalidArgument);
    ExpectNoSecret(auth.status().message());
    return auth.status().message();
  }

  // oauth2 against /oauth/token/<expires_in>/<tag> (a path of its own: its own token count).
  static json OAuth(const std::string& expires_in, const std::string& tag) {
    return {{"type", "oauth2_client_credentials"},
            {"token_url", server_->Url("/oauth/token/" + expires_in + "/" + tag)},
            {"client_id", "app"},
            {"client_secret", "secret-app"}};
  }

  // oauth2 with the token endpoint answering `code` with `body` (and `content_type`).
  static json OAuthReplying(int code, const std::string& body, const std::string& tag,
                            const std::string& content_type = "application/json") {
    json config = OAuth("0", tag);
    config["token_url"] =
        server_->Url("/reply/" + std::to_string(code) + "/" + tag + "?body=" + FormEncode(body) +
                     "&type=" + FormEncode(content_type));
    return config;
  }

  // oauth2_refresh_token with the token endpoint answering `code` with `body`: /reply/<code>/<tag>.
  static json Refresh(int code, const std::string& body, const std::string& tag) {
    return {{"type", "oauth2_refresh_token"},
            {"token_url", server_->Url("/reply/" + std::to_string(code) + "/" + tag +
                                       "?body=" + FormEncode(body))},
            {"client_id", "app"},
            {"client_secret", "secret-app"},
            {"refresh_token", "rt-first/1"}};
  }

  // Applies `auth` to a request for `path` (with `query`) and sends it.
  Result<HttpResponse> Send(RestAuth& auth, const std::string& path, HttpPairs headers = {},
                            HttpPairs query = {}) {
    SQLFLOW_RETURN_IF_ERROR(auth.Apply(&headers, &query));
    HttpRequest request;
    request.url = server_->Url(path);
    for (size_t i = 0; i < query.size(); ++i) {
      request.url +=
          (i == 0 ? "?" : "&") + FormEncode(query[i].first) + "=" + FormEncode(query[i].second);
    }
    request.headers = headers;
    return client_->Send(request);
  }

  Received Echo(RestAuth& auth, HttpPairs headers = {}, HttpPairs query = {}) {
    Result<HttpResponse> response = Send(auth, "/auth/echo", headers, query);
    EXPECT_TRUE(response.ok()) << response.status().message();
    Received received;
    if (!response.ok()) return received;
    const json echo = json::parse(response->body);
    if (echo["authorization"].is_string()) received.authorization = echo["authorization"];
    for (const auto& pair : echo["headers"]) received.headers[pair[0]] = pair[1];
    for (const auto& pair : echo["query"]) received.query.emplace_back(pair[0], pair[1]);
    return received;
  }

  // The error Apply gives (an IoError that names no secret).
  std::string ApplyError(RestAuth& auth) {
    HttpPairs headers, query;
    Status status = auth.Apply(&headers, &query);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.code(), StatusCode::kIoError);
    ExpectNoSecret(status.message());
    return status.message();
  }

  std::string Get(const std::string& path) {
    HttpRequest request;
    request.url = server_->Url(path);
    Result<HttpResponse> response = client_->Send(request);
    EXPECT_TRUE(response.ok()) << response.status().message();
    return response.ok() ? response->body : "";
  }
  int Hits(const std::string& path) { return std::stoi(Get("/hits" + path)); }

  static ScriptedHttpServer* server_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::unique_ptr<HttpClient> client_;
};

ScriptedHttpServer* RestAuthTest::server_ = nullptr;

// --- what each kind sends ---------------------------------------------------------------

TEST_F(RestAuthTest, BearerSendsTheTokenInTheAuthorizationHeader) {
  auto auth = Auth({{"type", "bearer"}, {"token", "tok-abc.def"}});
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-abc.def");
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));
  EXPECT_EQ(auth->Describe(), "bearer token");
  EXPECT_EQ(auth->Advice(), "check that the token is valid and not expired (auth.token)");
  EXPECT_EQ(auth->Secrets(), (std::vector<std::string>{"tok-abc.def"}));
}

TEST_F(RestAuthTest, AdviceReplacesWhatA401Says) {
  auto auth =
      Auth({{"type", "bearer"}, {"token", "tok-abc.def"}, {"advice", "check access_token"}});
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-abc.def");
  EXPECT_EQ(auth->Advice(), "check access_token");
  EXPECT_EQ(auth->Describe(), "bearer token");
  EXPECT_EQ(auth->Secrets(), (std::vector<std::string>{"tok-abc.def"}));
}

TEST_F(RestAuthTest, ApplyReplacesAHeaderOfTheSameNameWhateverItsCase) {
  auto auth = Auth({{"type", "bearer"}, {"token", "tok-abc.def"}});
  HttpPairs headers = {{"authorization", "Bearer old"}, {"Accept", "application/json"}};
  HttpPairs query;
  ASSERT_TRUE(auth->Apply(&headers, &query).ok());
  EXPECT_EQ(headers,
            (HttpPairs{{"Accept", "application/json"}, {"Authorization", "Bearer tok-abc.def"}}));
  EXPECT_TRUE(query.empty());
}

TEST_F(RestAuthTest, BasicSendsTheEncodedPair) {
  auto auth = Auth({{"type", "basic"}, {"username", "alice"}, {"password", "p@ss:w0rd"}});
  EXPECT_EQ(Echo(*auth).authorization, "Basic YWxpY2U6cEBzczp3MHJk");
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));
  EXPECT_EQ(auth->Describe(), "basic auth (user alice)");
  EXPECT_EQ(auth->Advice(), "check auth.username and auth.password");
  const std::vector<std::string> secrets = auth->Secrets();
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "p@ss:w0rd"), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "p%40ss%3Aw0rd"), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "YWxpY2U6cEBzczp3MHJk"), secrets.end());
}

TEST_F(RestAuthTest, BasicTakesAnEmptyPasswordAndThenHidesTheUserName) {
  auto auth = Auth({{"type", "basic"}, {"username", "sk_live_1"}, {"password", ""}});
  EXPECT_EQ(Echo(*auth).authorization, "Basic c2tfbGl2ZV8xOg==");
  // The user name is then the key: not shown, scrubbed.
  EXPECT_EQ(auth->Describe(), "basic auth (a key as user name)");
  EXPECT_EQ(auth->Secrets(),
            (std::vector<std::string>{"sk_live_1", "c2tfbGl2ZV8xOg==", "c2tfbGl2ZV8xOg%3D%3D"}));
}

TEST_F(RestAuthTest, ApiKeyGoesInAHeaderByDefault) {
  auto auth = Auth({{"type", "api_key"}, {"name", "X-Api-Key"}, {"api_key", "sk_live_1"}});
  Received received = Echo(*auth);
  EXPECT_EQ(received.headers["X-Api-Key"], "sk_live_1");
  EXPECT_FALSE(received.authorization.has_value());
  EXPECT_TRUE(received.query.empty());
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));
  EXPECT_EQ(auth->Describe(), "api_key in header X-Api-Key");
  EXPECT_EQ(auth->Advice(),
            "check auth.api_key, and that the API expects it in header X-Api-Key (auth.name, "
            "auth.location)");
}

TEST_F(RestAuthTest, ApiKeyInTheQueryReplacesAParamOfTheSameName) {
  auto auth =
      Auth({{"type", "api_key"}, {"name", "key"}, {"api_key", "k&y=1"}, {"location", "query"}});
  Received received = Echo(*auth, {}, {{"key", "old"}, {"status", "open"}});
  EXPECT_EQ(received.query, (HttpPairs{{"status", "open"}, {"key", "k&y=1"}}));
  EXPECT_FALSE(received.authorization.has_value());
  EXPECT_EQ(auth->Describe(), "api_key in query param key");
  EXPECT_EQ(auth->Secrets(), (std::vector<std::string>{"k&y=1", "k%26y%3D1"}));
}

TEST_F(RestAuthTest, NoAuthSendsNothing) {
  auto auth = Auth(nullptr);
  Received received = Echo(*auth);
  EXPECT_FALSE(received.authorization.has_value());
  EXPECT_TRUE(received.query.empty());
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));
  EXPECT_EQ(auth->Describe(), "no auth");
  EXPECT_EQ(auth->Advice(),
            "the source sends no credentials: set its auth param if the API needs them");
  EXPECT_TRUE(auth->Secrets().empty());
}

// --- oauth2 client credentials ------------------------------------------------------------

TEST_F(RestAuthTest, OAuthPostsTheClientCredentialsFormAndSendsTheToken) {
  json config = OAuth("3600", "form");
  config["scopes"] = {"read", "write"};
  config["audience"] = "https://api.example.com";
  auto auth = Auth(config);
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_EQ(Get("/last-body/oauth/token/3600/form"),
            "grant_type=client_credentials&client_id=app&client_secret=secret-app"
            "&scope=read%20write&audience=https%3A%2F%2Fapi.example.com");
}

TEST_F(RestAuthTest, OAuthScopesMayBeOneString) {
  json config = OAuth("3600", "scope");
  config["scopes"] = "read:tickets";
  auto auth = Auth(config);
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_EQ(Get("/last-body/oauth/token/3600/scope"),
            "grant_type=client_credentials&client_id=app&client_secret=secret-app"
            "&scope=read%3Atickets");
}

TEST_F(RestAuthTest, OAuthFetchesOneTokenForManyRequests) {
  auto auth = Auth(OAuth("3600", "cache"));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_EQ(Hits("/oauth/token/3600/cache"), 1);
}

TEST_F(RestAuthTest, OAuthFetchesANewTokenThirtySecondsBeforeExpiry) {
  auto auth = Auth(OAuth("120", "expiry"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(89));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(1));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-2");
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-2");
  EXPECT_EQ(Hits("/oauth/token/120/expiry"), 2);
}

TEST_F(RestAuthTest, OAuthKeepsAShortLivedTokenForHalfItsLifetime) {
  auto auth = Auth(OAuth("20", "short"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(9));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(1));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-2");
}

TEST_F(RestAuthTest, OAuthTakesAnHourWhenTheReplyHasNoExpiresIn) {
  auto auth = Auth(OAuth("none", "default"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(3569));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(1));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-2");
}

TEST_F(RestAuthTest, OAuthTakesAnHourWhenExpiresInIsNotPositive) {
  auto auth = Auth(OAuth("0", "zero"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  clock_->Advance(seconds(3569));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_EQ(Hits("/oauth/token/0/zero"), 1);
}

TEST_F(RestAuthTest, OAuthKeepsATokenWithAHugeExpiresInForYears) {
  auto auth = Auth(OAuthReplying(200, R"({"access_token": "a", "expires_in": 1e30})", "huge"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer a");
  clock_->Advance(std::chrono::hours(24 * 365 * 5));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer a");
  EXPECT_EQ(Hits("/reply/200/huge"), 1);
}

TEST_F(RestAuthTest, OAuthReadsExpiresInGivenAsAString) {
  auto auth = Auth(OAuthReplying(200, R"({"access_token": "a", "expires_in": "600"})", "str"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer a");
  clock_->Advance(seconds(569));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer a");
  EXPECT_EQ(Hits("/reply/200/str"), 1);
  clock_->Advance(seconds(1));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer a");
  EXPECT_EQ(Hits("/reply/200/str"), 2);
}

TEST_F(RestAuthTest, OAuthUsesTheTokenTypeAsTheScheme) {
  auto lower = Auth(OAuthReplying(200, R"({"access_token": "a", "token_type": "bearer"})", "t1"));
  EXPECT_EQ(Echo(*lower).authorization, "Bearer a");
  auto other = Auth(OAuthReplying(200, R"({"access_token": "a", "token_type": "Token"})", "t2"));
  EXPECT_EQ(Echo(*other).authorization, "Token a");
  auto odd = Auth(OAuthReplying(200, R"({"access_token": "a", "token_type": "x y"})", "t3"));
  EXPECT_EQ(Echo(*odd).authorization, "Bearer a");
}

TEST_F(RestAuthTest, OAuthFetchesANewTokenOnceAfterA401) {
  auto auth = Auth(OAuth("3600", "refresh"));
  Result<HttpResponse> first = Send(*auth, "/auth/require/issued-2");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->status, 401);
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({}));
  Result<HttpResponse> again = Send(*auth, "/auth/require/issued-2");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(Hits("/oauth/token/3600/refresh"), 2);
}

TEST_F(RestAuthTest, OAuthGivesUpWhenAFreshTokenIsRefusedToo) {
  auto auth = Auth(OAuth("3600", "wrong"));
  ASSERT_EQ(Send(*auth, "/auth/require/never")->status, 401);
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({}));
  ASSERT_EQ(Send(*auth, "/auth/require/never")->status, 401);
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));
  EXPECT_EQ(Hits("/oauth/token/3600/wrong"), 2);
}

TEST_F(RestAuthTest, OAuthRefreshesAgainWhenTheNewTokenWorkedBeforeItsOwn401) {
  auto auth = Auth(OAuth("3600", "later"));
  ASSERT_EQ(Send(*auth, "/auth/require/issued-2")->status, 401);
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({}));
  ASSERT_EQ(Send(*auth, "/auth/require/issued-2")->status, 200);
  ASSERT_EQ(Send(*auth, "/auth/require/issued-3")->status, 401);  // issued-2 revoked meanwhile
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({}));
  ASSERT_EQ(Send(*auth, "/auth/require/issued-3")->status, 200);
}

TEST_F(RestAuthTest, OAuthRefreshesOncePerToken) {
  auto auth = Auth(OAuth("3600", "twice"));
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));  // no token yet
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({}));
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));
}

// Streams sharing one auth: a 401 to a request that carried a token another stream has already
// replaced is sent again with the new one, without fetching a third.
TEST_F(RestAuthTest, OAuthA401ToAnOlderTokenSendsAgainWithTheCurrentOne) {
  auto auth = Auth(OAuth("3600", "shared"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({{"Authorization", "Bearer issued-1"}}));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-2");  // stream A's new token
  // Stream B's request went out with issued-1 before A refreshed.
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({{"authorization", "Bearer issued-1"}}));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-2");
  EXPECT_EQ(Hits("/oauth/token/3600/shared"), 2);
  // The current token refused at its first use after a refresh: the credentials are wrong.
  auto wrong = Auth(OAuth("3600", "wrong2"));
  ASSERT_EQ(Send(*wrong, "/auth/require/never")->status, 401);
  EXPECT_TRUE(wrong->RefreshAfterUnauthorized({{"Authorization", "Bearer issued-1"}}));
  ASSERT_EQ(Send(*wrong, "/auth/require/never")->status, 401);
  EXPECT_FALSE(wrong->RefreshAfterUnauthorized({{"Authorization", "Bearer issued-2"}}));
}

TEST_F(RestAuthTest, OAuthDescribesItselfAndListsItsSecrets) {
  json config = OAuth("3600", "describe");
  config["token_url"] = server_->Url("/oauth/token/3600/describe?tenant=t1");
  auto auth = Auth(config);
  EXPECT_EQ(auth->Describe(), "oauth2 client credentials (client_id app, token from " +
                                  server_->Url("/oauth/token/3600/describe") + ")");
  EXPECT_EQ(auth->Advice(),
            "check auth.client_id and auth.client_secret, and that the client may read this "
            "resource (auth.scopes, auth.audience)");
  EXPECT_EQ(auth->Secrets(), (std::vector<std::string>{"secret-app"}));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer issued-1");
  EXPECT_EQ(auth->Secrets(), (std::vector<std::string>{"issued-1", "secret-app"}));
}

// --- oauth2 refresh token ----------------------------------------------------------------

constexpr char kRefreshReply[] =
    R"({"access_token": "tok-from-refresh", "token_type": "bearer", "expires_in": 120})";

TEST_F(RestAuthTest, RefreshTokenPostsTheRefreshGrantAndSendsTheToken) {
  auto auth = Auth(Refresh(200, kRefreshReply, "rt-form"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-from-refresh");
  EXPECT_EQ(Get("/last-body/reply/200/rt-form"),
            "grant_type=refresh_token&client_id=app&client_secret=secret-app"
            "&refresh_token=rt-first%2F1");
}

TEST_F(RestAuthTest, RefreshTokenCachesTheTokenUntilShortlyBeforeItExpires) {
  auto auth = Auth(Refresh(200, kRefreshReply, "rt-cache"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-from-refresh");
  clock_->Advance(seconds(89));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-from-refresh");
  EXPECT_EQ(Hits("/reply/200/rt-cache"), 1);
  clock_->Advance(seconds(1));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-from-refresh");
  EXPECT_EQ(Hits("/reply/200/rt-cache"), 2);
}

TEST_F(RestAuthTest, RefreshTokenFetchesANewTokenOnceAfterA401) {
  auto auth = Auth(Refresh(200, kRefreshReply, "rt-401"));
  ASSERT_EQ(Send(*auth, "/auth/require/other")->status, 401);
  EXPECT_TRUE(auth->RefreshAfterUnauthorized({}));
  ASSERT_EQ(Send(*auth, "/auth/require/other")->status, 401);
  EXPECT_FALSE(auth->RefreshAfterUnauthorized({}));  // a fresh token refused: not stale
  EXPECT_EQ(Hits("/reply/200/rt-401"), 2);
}

TEST_F(RestAuthTest, RefreshTokenSendsTheRotatedRefreshTokenNextTime) {
  auto auth = Auth(Refresh(
      200,
      R"({"access_token": "tok-from-refresh", "refresh_token": "rotated-rt", "expires_in": 60})",
      "rt-rotate"));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-from-refresh");
  clock_->Advance(seconds(60));
  EXPECT_EQ(Echo(*auth).authorization, "Bearer tok-from-refresh");
  EXPECT_EQ(Get("/last-body/reply/200/rt-rotate"),
            "grant_type=refresh_token&client_id=app&client_secret=secret-app"
            "&refresh_token=rotated-rt");
  const std::vector<std::string> secrets = auth->Secrets();
  for (const char* secret :
       {"tok-from-refresh", "secret-app", "rt-first/1", "rt-first%2F1", "rotated-rt"}) {
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), secret), secrets.end()) << secret;
  }
}

TEST_F(RestAuthTest, RefreshTokenDescribesItselfAndNamesItsFields) {
  json config = Refresh(200, kRefreshReply, "rt-describe");
  auto auth = Auth(config);
  EXPECT_EQ(auth->Describe(), "oauth2 refresh token (client_id app, token from " +
                                  server_->Url("/reply/200/rt-describe") + ")");
  EXPECT_EQ(auth->Advice(),
            "check auth.client_id, auth.client_secret and auth.refresh_token, and that the app "
            "was granted the scopes this resource needs");
  EXPECT_EQ(auth->Secrets(),
            (std::vector<std::string>{"secret-app", "rt-first/1", "rt-first%2F1"}));
}

TEST_F(RestAuthTest, RefreshTokenRefusedSaysToAuthorizeAgain) {
  const std::string start =
      "SOURCE tickets: cannot get an OAuth2 token: the token endpoint " + server_->host();
  auto grant = Auth(Refresh(
      400, R"({"error": "invalid_grant", "error_description": "refresh token rt-first/1 revoked"})",
      "rt-e1"));
  EXPECT_EQ(ApplyError(*grant), start +
                                    " answered 400 (invalid_grant: refresh token *** revoked); "
                                    "the refresh token is invalid, expired or revoked: check "
                                    "auth.refresh_token, or authorize the app again for a new one");
  // HubSpot's shape: {"status", "message"}.
  auto hubspot = Auth(Refresh(
      400, R"({"status": "BAD_REFRESH_TOKEN", "message": "missing or invalid refresh token"})",
      "rt-e2"));
  EXPECT_EQ(ApplyError(*hubspot),
            start +
                " answered 400 (BAD_REFRESH_TOKEN: missing or invalid refresh token); check "
                "auth.refresh_token (authorize the app again if it was revoked), auth.client_id "
                "and auth.client_secret");
  auto client = Auth(Refresh(401, R"({"error": "invalid_client"})", "rt-e3"));
  EXPECT_EQ(ApplyError(*client),
            start + " answered 401 (invalid_client); check auth.client_id and auth.client_secret");
  auto grant_type = Auth(Refresh(400, R"({"error": "unauthorized_client"})", "rt-e4"));
  EXPECT_EQ(ApplyError(*grant_type),
            start +
                " answered 400 (unauthorized_client); the client may not use the refresh_token "
                "grant there; check auth.token_url and the client's settings at the provider");
}

TEST_F(RestAuthTest, AdviceReplacesWhatATokenEndpointsRefusalSays) {
  json config = Refresh(400, R"({"status": "BAD_REFRESH_TOKEN"})", "rt-advice");
  config["advice"] = "check the SOURCE's refresh_token";
  auto auth = Auth(config);
  EXPECT_EQ(ApplyError(*auth), "SOURCE tickets: cannot get an OAuth2 token: the token endpoint " +
                                   server_->host() +
                                   " answered 400 (BAD_REFRESH_TOKEN); check the SOURCE's "
                                   "refresh_token");
  EXPECT_EQ(auth->Advice(), "check the SOURCE's refresh_token");
}

// --- token endpoint errors ----------------------------------------------------------------

TEST_F(RestAuthTest, OAuthSaysWhenTheTokenEndpointIsUnreachable) {
  Result<int> port = test::UnusedLocalPort();
  ASSERT_TRUE(port.ok());
  json config = OAuth("3600", "x");
  config["token_url"] = "http://127.0.0.1:" + std::to_string(*port) + "/oauth/token";
  auto auth = Auth(config);
  const std::string message = ApplyError(*auth);
  EXPECT_EQ(message.rfind(std::string(kLabel) + ": cannot get an OAuth2 token: cannot reach " +
                              "127.0.0.1:" + std::to_string(*port) + ": ",
                          0),
            0u)
      << message;
}

TEST_F(RestAuthTest, OAuthSaysWhichCredentialsToCheckAfterA401) {
  json config = OAuth("3600", "bad");
  config["client_secret"] = "wrong-secret";
  auto auth = Auth(config);
  EXPECT_EQ(ApplyError(*auth),
            "SOURCE tickets: cannot get an OAuth2 token: the token endpoint " + server_->host() +
                " answered 401 (invalid_client: client authentication failed); check "
                "auth.client_id and auth.client_secret");
}

TEST_F(RestAuthTest, OAuthNeverShowsASecretTheEndpointEchoes) {
  json config = OAuthReplying(
      400, R"({"error": "invalid_request", "error_description": "bad secret wrong-secret"})",
      "echoes");
  config["client_secret"] = "wrong-secret";
  auto auth = Auth(config);
  EXPECT_EQ(ApplyError(*auth),
            "SOURCE tickets: cannot get an OAuth2 token: the token endpoint " + server_->host() +
                " answered 400 (invalid_request: bad secret ***); check auth.client_id and "
                "auth.client_secret");
}

TEST_F(RestAuthTest, OAuthShowsTheStartOfALongErrorDescription) {
  const std::string description = std::string(150, 'a') + std::string(150, 'b');
  auto auth = Auth(OAuthReplying(
      401, R"({"error": "invalid_client", "error_description": ")" + description + "\"}", "long"));
  EXPECT_EQ(ApplyError(*auth), "SOURCE tickets: cannot get an OAuth2 token: the token endpoint " +
                                   server_->host() +
                                   " answered 401 (invalid_client: " + description.substr(0, 200) +
                                   "); check auth.client_id and auth.client_secret");
}

TEST_F(RestAuthTest, OAuthAdviceFollowsTheErrorCodeAndStatus) {
  const std::string start =
      "SOURCE tickets: cannot get an OAuth2 token: the token endpoint " + server_->host();
  auto scope = Auth(OAuthReplying(400, R"({"error": "invalid_scope"})", "e1"));
  EXPECT_EQ(ApplyError(*scope), start + " answered 400 (invalid_scope); check auth.scopes");
  auto grant = Auth(OAuthReplying(400, R"({"error": "unsupported_grant_type"})", "e2"));
  EXPECT_EQ(ApplyError(*grant),
            start +
                " answered 400 (unsupported_grant_type); the client may not use the "
                "client_credentials grant there; check auth.token_url and the client's "
                "settings at the provider");
  auto forbidden = Auth(OAuthReplying(403, R"({"error": "access_denied"})", "e3"));
  EXPECT_EQ(ApplyError(*forbidden),
            start +
                " answered 403 (access_denied); check that the client may get tokens for "
                "these scopes (auth.client_id, auth.scopes)");
  auto missing = Auth(OAuthReplying(404, "<html>not here</html>", "e4", "text/html"));
  EXPECT_EQ(ApplyError(*missing), start + " answered 404; check auth.token_url");
  auto failing = Auth(OAuthReplying(502, "", "e5"));
  EXPECT_EQ(ApplyError(*failing), start +
                                      " answered 502; check auth.token_url, or try again "
                                      "later if the service is failing");
  EXPECT_EQ(Hits("/reply/502/e5"), 2);  // retried by the client
}

TEST_F(RestAuthTest, OAuthSaysWhenTheReplyIsNotJson) {
  const std::string start =
      "SOURCE tickets: cannot get an OAuth2 token: the token endpoint's "
      "reply (" +
      server_->host() + ")";
  auto form = Auth(OAuthReplying(200, "access_token=from-a-form-body&token_type=bearer", "f1",
                                 "application/x-www-form-urlencoded"));
  EXPECT_EQ(ApplyError(*form), start +
                                   " is not JSON (Content-Type "
                                   "application/x-www-form-urlencoded); check auth.token_url");
  auto empty = Auth(OAuthReplying(200, "", "f2"));
  EXPECT_EQ(ApplyError(*empty),
            start + " is empty (Content-Type application/json); check auth.token_url");
}

TEST_F(RestAuthTest, OAuthSaysWhenTheReplyHasNoAccessToken) {
  const std::string start =
      "SOURCE tickets: cannot get an OAuth2 token: the token endpoint's "
      "reply (" +
      server_->host() + ")";
  auto keys = Auth(OAuthReplying(200, R"({"token": "x", "expires": 60})", "n1"));
  EXPECT_EQ(ApplyError(*keys),
            start + " has no access_token; its keys: expires, token; check auth.token_url");
  auto none = Auth(OAuthReplying(200, "{}", "n2"));
  EXPECT_EQ(ApplyError(*none),
            start + " has no access_token; its keys: none; check auth.token_url");
  auto array = Auth(OAuthReplying(200, "[1, 2]", "n3"));
  EXPECT_EQ(ApplyError(*array),
            start + " has no access_token: it is an array of 2 items; check auth.token_url");
  auto number = Auth(OAuthReplying(200, R"({"access_token": 7})", "n4"));
  EXPECT_EQ(ApplyError(*number), start + " has an access_token that is a number, not a token");
  auto blank = Auth(OAuthReplying(200, R"({"access_token": ""})", "n5"));
  EXPECT_EQ(ApplyError(*blank),
            start + " has an access_token that is a string (empty), not a token");
}

// --- config errors ------------------------------------------------------------------------

TEST_F(RestAuthTest, ConfigNeedsAnObjectWithAKnownType) {
  const std::string types =
      "bearer, basic, api_key, oauth2_client_credentials, oauth2_refresh_token";
  EXPECT_EQ(ConfigError("bearer"),
            "SOURCE tickets: auth must be an object with a type (" + types + "), not a string");
  EXPECT_EQ(ConfigError({{"token", "x"}}),
            "SOURCE tickets: auth has no type; set auth.type to one of " + types);
  EXPECT_EQ(ConfigError({{"type", 1}}),
            "SOURCE tickets: auth.type must be a string, one of " + types + "; not a number");
  EXPECT_EQ(ConfigError({{"type", "oauth"}}),
            "SOURCE tickets: auth.type 'oauth' is not one of " + types);
  EXPECT_EQ(ConfigError({{"type", "barer"}}), "SOURCE tickets: auth.type 'barer' is not one of " +
                                                  types + "; did you mean 'bearer'?");
}

TEST_F(RestAuthTest, ConfigRefusesUnknownFieldsSayingWhichAreAccepted) {
  EXPECT_EQ(ConfigError({{"type", "bearer"}, {"tokn", "tok-abc.def"}}),
            "SOURCE tickets: auth has no field 'tokn' for type bearer (did you mean 'token'?); "
            "bearer auth accepts type, token, advice");
  EXPECT_EQ(ConfigError({{"type", "basic"}, {"username", "a"}, {"password", "b"}, {"realm", 1}}),
            "SOURCE tickets: auth has no field 'realm' for type basic; basic auth accepts type, "
            "username, password, advice");
  json oauth = OAuth("3600", "x");
  oauth["scope"] = "read";
  EXPECT_EQ(ConfigError(oauth),
            "SOURCE tickets: auth has no field 'scope' for type oauth2_client_credentials (did "
            "you mean 'scopes'?); oauth2_client_credentials auth accepts type, token_url, "
            "client_id, client_secret, scopes, audience, advice");
}

TEST_F(RestAuthTest, ConfigNamesAMissingField) {
  json oauth = OAuth("3600", "x");
  oauth.erase("client_secret");
  EXPECT_EQ(ConfigError(oauth),
            "SOURCE tickets: auth.client_secret is missing (oauth2_client_credentials auth needs "
            "token_url, client_id, client_secret)");
  EXPECT_EQ(ConfigError({{"type", "api_key"}, {"api_key", "sk_live_1"}}),
            "SOURCE tickets: auth.name is missing (api_key auth needs name, api_key)");
  json refresh = Refresh(200, "{}", "x");
  refresh.erase("refresh_token");
  EXPECT_EQ(ConfigError(refresh),
            "SOURCE tickets: auth.refresh_token is missing (oauth2_refresh_token auth needs "
            "token_url, client_id, client_secret, refresh_token)");
  refresh["refresh_token"] = "";
  EXPECT_EQ(ConfigError(refresh),
            "SOURCE tickets: auth.refresh_token is empty (if it comes from a variable, is it "
            "set?)");
  refresh["audience"] = "x";
  EXPECT_EQ(ConfigError(refresh),
            "SOURCE tickets: auth has no field 'audience' for type oauth2_refresh_token; "
            "oauth2_refresh_token auth accepts type, token_url, client_id, client_secret, "
            "refresh_token, scopes, advice");
}

TEST_F(RestAuthTest, ConfigNamesAFieldOfTheWrongTypeOrEmpty) {
  EXPECT_EQ(ConfigError({{"type", "bearer"}, {"token", 12}}),
            "SOURCE tickets: auth.token must be a string, not a number");
  EXPECT_EQ(ConfigError({{"type", "bearer"}, {"token", ""}}),
            "SOURCE tickets: auth.token is empty (if it comes from a variable, is it set?)");
  EXPECT_EQ(ConfigError({{"type", "basic"}, {"username", "a:b"}, {"password", "p@ss:w0rd"}}),
            "SOURCE tickets: auth.username contains ':', which basic auth cannot send");
  EXPECT_EQ(
      ConfigError(
          {{"type", "api_key"}, {"name", "key"}, {"api_key", "sk_live_1"}, {"location", "body"}}),
      "SOURCE tickets: auth.location 'body' is not one of header, query");
}

TEST_F(RestAuthTest, ConfigChecksTheOAuthFields) {
  json scopes = OAuth("3600", "x");
  scopes["scopes"] = {{"read", true}};
  EXPECT_EQ(ConfigError(scopes),
            "SOURCE tickets: auth.scopes must be a string or a list of strings, not an object "
            "with keys read");
  scopes["scopes"] = json::array({"read", 2});
  EXPECT_EQ(ConfigError(scopes), "SOURCE tickets: auth.scopes[1] must be a string, not a number");
  json url = OAuth("3600", "x");
  url["token_url"] = "/oauth/token";
  const std::string message = ConfigError(url);
  EXPECT_EQ(message.rfind("SOURCE tickets: auth.token_url '/oauth/token' is not a valid URL", 0),
            0u)
      << message;
  EXPECT_TRUE(EndsWith(message, "; give the token endpoint's full URL")) << message;
}

}  // namespace
}  // namespace sqlflow
