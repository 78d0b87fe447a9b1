#include "common/secret_text.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

TEST(SecretTextTest, AnAuthorizationHeaderIsSecret) {
  for (const char* key : {"Authorization", "Proxy-Authorization", "X-Authorization"}) {
    EXPECT_TRUE(IsSecretKey(key)) << key;
  }
}

TEST(SecretTextTest, NearMissesOfCredentialNamesAreSecret) {
  for (const char* key : {"pasword", "passwrod", "PASSWRD", "db_pasword", "secert", "tokne",
                          "acess_key", "privte_key", "api-kye", "credentail"}) {
    EXPECT_TRUE(IsSecretKey(key)) << key;
  }
  for (const char* key :
       {"host",     "port",    "dbname", "user",        "sslmode",      "table",    "query",
        "path",     "pattern", "format", "primary_key", "cursor_field", "select",   "schema",
        "sort_key", "key",     "access", "private",     "header",       "delimiter"}) {
    EXPECT_FALSE(IsSecretKey(key)) << key;
  }
}

TEST(SecretTextTest, MasksJsonKeyValuesOfSecretKeys) {
  EXPECT_EQ(MaskCredentialsInText(R"({"host": "db", "password": "hunter2", "port": 5432})"),
            R"({"host": "db", "password": "********", "port": 5432})");
  EXPECT_EQ(MaskCredentialsInText(R"({"password": 5313373})"), R"({"password": ********})");
  EXPECT_EQ(MaskCredentialsInText(R"({"api_token": "a\"b", "x": 1})"),
            R"({"api_token": "********", "x": 1})");
}

TEST(SecretTextTest, MasksYamlLinesAndExcerptLines) {
  EXPECT_EQ(MaskCredentialsInText("params:\n  password: hunter2 # old\n  user: app\n"),
            "params:\n  password: ******** # old\n  user: app\n");
  EXPECT_EQ(MaskCredentialsInText(" 4 |       pasword: 'hunter2'\n"),
            " 4 |       pasword: '********'\n");
  EXPECT_EQ(MaskCredentialsInText("  - token: abc123\n"), "  - token: ********\n");
}

TEST(SecretTextTest, KeepsMessagesThatOnlyMentionSecretWords) {
  // Not a key: value pair (not first on its line, not quoted).
  std::string message = "error: unexpected token: ')'";
  EXPECT_EQ(MaskCredentialsInText(message), message);
  std::string reference = R"({"password": "${DB_PW}"})";
  EXPECT_EQ(MaskCredentialsInText(reference), reference);
  EXPECT_EQ(MaskCredentialsInText(R"({"password": "${DB_PW|fallback-pw}"})"),
            R"({"password": "********"})");
}

TEST(SecretTextTest, MasksAssignmentsAndUrlPasswords) {
  EXPECT_EQ(MaskCredentialsInText("host=db password=pw123 user=u"),
            "host=db password=******** user=u");
  EXPECT_EQ(MaskCredentialsInText("postgresql://app:pw123@db/shop"),
            "postgresql://app:********@db/shop");
  EXPECT_EQ(MaskCredentialsInText("a == token"), "a == token");
}

}  // namespace
}  // namespace sqlflow
