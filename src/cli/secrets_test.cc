#include "cli/secrets.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/profile.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

TEST(IsSecretKey, CredentialsAreSecret) {
  for (const char* key : {"password",
                          "db_password",
                          "PASSWORD",
                          "passwd",
                          "api_key",
                          "API-KEY",
                          "apikey",
                          "access_key",
                          "access_key_id",
                          "secret_access_key",
                          "aws_secret_access_key",
                          "client_secret",
                          "secret",
                          "token",
                          "auth_token",
                          "refresh_token",
                          "private_key",
                          "credentials",
                          "credentials_json",
                          "GOOGLE_CREDENTIALS"}) {
    EXPECT_TRUE(IsSecretKey(key)) << key;
  }
}

TEST(IsSecretKey, OrdinaryParamsAreNot) {
  for (const char* key :
       {"primary_key", "key", "cursor_field", "host", "user", "username", "port", "dbname",
        "bucket", "region", "keys", "sort_key", "auth_method", "sync_mode", "path", ""}) {
    EXPECT_FALSE(IsSecretKey(key)) << key;
  }
}

TEST(MaskSecrets, MasksSecretValuesAtAnyDepthAndKeepsOrder) {
  Json params = Json::parse(R"({
    "host": "db", "port": 5432, "password": "hunter22", "primary_key": ["id"],
    "auth_params": {"token": "abc123", "method": "bearer"},
    "headers": [{"api_key": 7}, {"accept": "json"}],
    "credentials": {"type": "service_account", "key": "x"},
    "empty_token": null
  })");
  EXPECT_EQ(MaskSecrets(params).dump(),
            R"({"host":"db","port":5432,"password":"********","primary_key":["id"],)"
            R"("auth_params":{"token":"********","method":"bearer"},)"
            R"("headers":[{"api_key":"********"},{"accept":"json"}],)"
            R"("credentials":"********","empty_token":null})");
  EXPECT_EQ(params.at("password"), "hunter22");  // the input is untouched
}

TEST(MaskSecrets, MasksCredentialsInsideOrdinaryStrings) {
  Json params = {{"dsn", "postgresql://app:s3cr3t@db:5432/shop"},
                 {"conninfo", "host=db password=s3cr3t user=app"}};
  EXPECT_EQ(MaskSecrets(params).dump(), R"({"dsn":"postgresql://app:********@db:5432/shop",)"
                                        R"("conninfo":"host=db password=******** user=app"})");
}

TEST(MaskCredentialsInText, UrlsAndAssignments) {
  EXPECT_EQ(MaskCredentialsInText("connect to postgres://u:p%40ss@h/db failed"),
            "connect to postgres://u:********@h/db failed");
  EXPECT_EQ(MaskCredentialsInText("s3://bucket/key and http://user@host/x and https://h:443/p"),
            "s3://bucket/key and http://user@host/x and https://h:443/p");
  EXPECT_EQ(MaskCredentialsInText("GET /v1?token=abc&page=2"), "GET /v1?token=********&page=2");
  EXPECT_EQ(MaskCredentialsInText("password = 'two words' host=x"), "password = '********' host=x");
  EXPECT_EQ(MaskCredentialsInText("WHERE key=1 AND primary_key=2 AND password==3"),
            "WHERE key=1 AND primary_key=2 AND password==3");
}

TEST(RedactSecretValues, ReplacesEveryOccurrenceLongestFirst) {
  EXPECT_EQ(RedactSecretValues("login abc failed for abcdef; abc again", {"abc", "abcdef", ""}),
            "login ******** failed for ********; ******** again");
  EXPECT_EQ(RedactSecretValues("nothing here", {}), "nothing here");
}

TEST(CollectSecretValues, GathersConnectorAndVariableSecrets) {
  Profile p;
  ConnectorSettings pg;
  pg.params = std::make_shared<const Json>(Json::parse(R"({
    "host": "db", "password": "hunter22", "port": 5432,
    "auth": {"token": "tok-123456", "pin_token": 98765, "short_token": "ab"},
    "dsn": "postgres://app:urlpass@db/x", "use_token": true
  })"));
  p.connectors["pg"] = pg;
  p.variables = {{"API_TOKEN", "var-token-1"},
                 {"DB_CONN", "postgresql://u:connpass@h/db"},
                 {"region", "eu-west-1"},
                 {"MISSING_TOKEN", "${MISSING_TOKEN}"}};
  p.unresolved_variables = {{"MISSING_TOKEN", "MISSING_TOKEN"}};
  EXPECT_EQ(CollectSecretValues(p),
            (std::vector<std::string>{"var-token-1", "tok-123456", "connpass", "hunter22",
                                      "urlpass", "98765"}));
}

}  // namespace
}  // namespace sqlflow
