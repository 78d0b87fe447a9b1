// The REST source against a real HTTPS server whose certificate is not trusted (the scripted
// server with --tls and a self-signed certificate made by the openssl CLI): what the user reads
// when a page, or the OAuth2 token, cannot be fetched because of TLS. Verification stays on, so
// nothing reaches the server's handlers.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "connectors/rest/rest_source.h"
#include "util/scripted_http_server.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using nlohmann::json;
using test::ScriptedHttpServer;

constexpr char kLabel[] = "SOURCE api";

constexpr char kTrustAdvice[] =
    "TLS verification stays on: use the service's https:// URL with a certificate from a trusted "
    "CA, or add its CA to the system's trust store (/usr/local/share/ca-certificates, "
    "update-ca-certificates)";

class RestTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cert_dir_ = new test::TempDir();
    Result<test::SelfSignedCertificate> cert = test::MakeSelfSignedCertificate(cert_dir_->path());
    ASSERT_TRUE(cert.ok()) << cert.status().message();
    Result<std::unique_ptr<ScriptedHttpServer>> started =
        ScriptedHttpServer::StartTls(cert->cert_file, cert->key_file);
    ASSERT_TRUE(started.ok()) << started.status().message();
    server_ = std::move(started).value().release();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete cert_dir_;
    server_ = nullptr;
    cert_dir_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(server_, nullptr); }

  // The error of one read of a REST source with `params` (base_url is the TLS server's).
  std::string ReadError(json params) {
    params["base_url"] = server_->Url("/reply/200");
    // One attempt: an untrusted certificate is not retried anyway, and a regression that did
    // retry would then fail here rather than wait out real backoffs.
    params["retry"] = {{"max_attempts", 1}};
    Result<std::unique_ptr<Source>> source =
        RestSource::Open(params.dump(), SourceContext{project_.path(), nullptr, kLabel});
    EXPECT_TRUE(source.ok()) << source.status().message();
    if (!source.ok()) return "";
    Result<ReadPlan> plan = (*source)->Read(ReadRequest{});
    EXPECT_FALSE(plan.ok());
    if (plan.ok()) return "";
    EXPECT_EQ(plan.status().code(), StatusCode::kIoError);
    return plan.status().message();
  }

  static test::TempDir* cert_dir_;
  static ScriptedHttpServer* server_;
  test::TempDir project_;
};

test::TempDir* RestTlsTest::cert_dir_ = nullptr;
ScriptedHttpServer* RestTlsTest::server_ = nullptr;

TEST_F(RestTlsTest, UntrustedCertificateNamesTheRequestTheCauseAndWhatToDo) {
  const std::string message = ReadError({{"path", "/items"},
                                         {"params", {{"api_key", "k3y-in-query"}}},
                                         {"auth", {{"type", "bearer"}, {"token", "t0ken-v4lue"}}}});
  EXPECT_EQ(message, std::string(kLabel) + ": GET " + server_->Url("/reply/200/items") +
                         ": the TLS certificate of " + server_->host() +
                         " is not trusted (self-signed certificate); " + kTrustAdvice);
  EXPECT_EQ(message.find("k3y-in-query"), std::string::npos) << message;
  EXPECT_EQ(message.find("t0ken-v4lue"), std::string::npos) << message;
}

TEST_F(RestTlsTest, UntrustedTokenEndpointNamesTheOAuth2StepTheCauseAndWhatToDo) {
  const std::string message = ReadError({{"path", "/items"},
                                         {"auth",
                                          {{"type", "oauth2_client_credentials"},
                                           {"token_url", server_->Url("/oauth/token/3600")},
                                           {"client_id", "app"},
                                           {"client_secret", "secret-app"}}}});
  EXPECT_EQ(message, std::string(kLabel) + ": cannot get an OAuth2 token: the TLS certificate of " +
                         server_->host() + " is not trusted (self-signed certificate); " +
                         kTrustAdvice);
  EXPECT_EQ(message.find("secret-app"), std::string::npos) << message;
}

}  // namespace
}  // namespace sqlflow
