// HttpClient against a real HTTP server (test/servers/scripted_http_server.py) on 127.0.0.1.
// Waits go through a FakeClock (recorded, never slept) except in the one test of the real
// clock, which uses 5 ms delays and asserts no elapsed time.
#include "connectors/http/http_client.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "connectors/http/circuit_breaker.h"
#include "connectors/http/fake_clock.h"
#include "util/scripted_http_server.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using std::chrono::milliseconds;
using test::ScriptedHttpServer;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Byte i of /bytes/N.
std::string PatternBytes(size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(i % 251);
  return out;
}

// The request headers /echo saw, by name.
std::map<std::string, std::string> EchoedHeaders(const std::string& echo_body) {
  const nlohmann::json echo = nlohmann::json::parse(echo_body);
  std::map<std::string, std::string> headers;
  for (const auto& pair : echo["headers"]) headers[pair[0]] = pair[1];
  return headers;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class HttpClientTest : public ::testing::Test {
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
    policy_.retry.max_attempts = 3;
    policy_.retry.base = milliseconds(5);
    policy_.retry.cap = milliseconds(50);
    policy_.circuit.failure_threshold = 100;
  }

  // A client on the fake clock with breakers of its own (the process's are not touched).
  std::unique_ptr<HttpClient> Client() {
    return std::make_unique<HttpClient>(policy_, clock_, breakers_);
  }

  static HttpRequest Get(const std::string& path) {
    HttpRequest request;
    request.url = server_->Url(path);
    return request;
  }

  // The number of requests the server has had for `path`.
  static int Hits(const std::string& path) {
    HttpClient client(ResiliencePolicy{}, std::make_shared<FakeClock>(),
                      std::make_shared<CircuitBreakers>(std::make_shared<FakeClock>()));
    Result<HttpResponse> response = client.Send(Get("/hits" + path));
    EXPECT_TRUE(response.ok()) << response.status().message();
    return response.ok() ? std::stoi(response->body) : -1;
  }

  static ScriptedHttpServer* server_;
  ResiliencePolicy policy_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<CircuitBreakers> breakers_ = std::make_shared<CircuitBreakers>(clock_);
  test::TempDir dir_;
};

ScriptedHttpServer* HttpClientTest::server_ = nullptr;

TEST_F(HttpClientTest, GetsTheBodyIntoMemory) {
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/bytes/5000"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, PatternBytes(5000));
  EXPECT_EQ(response->bytes_received, 5000u);
  EXPECT_EQ(client->metrics().requests, 1);
  EXPECT_EQ(client->metrics().retries, 0);
  EXPECT_EQ(client->metrics().bytes_received, 5000);
}

TEST_F(HttpClientTest, GetsASuccessfulBodyIntoAFileReplacingItsContent) {
  const std::string path = dir_.path() + "/out.bin";
  dir_.WriteFile("out.bin", std::string(300000, 'z'));  // longer than the body: truncated
  HttpRequest request = Get("/bytes/200000");
  request.response_file = path;
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(response->bytes_received, 200000u);
  EXPECT_EQ(ReadFile(path), PatternBytes(200000));
}

TEST_F(HttpClientTest, GetsABodyIntoARangeOfAFileLeavingTheRestAlone) {
  const std::string path = dir_.path() + "/out.bin";
  dir_.WriteFile("out.bin", std::string(10, 'z'));
  HttpRequest request = Get("/bytes/4");
  request.response_file = path;
  request.response_file_offset = 3;
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(ReadFile(path), "zzz" + PatternBytes(4) + "zzz");
}

TEST_F(HttpClientTest, AnErrorBodyGoesToMemoryNotToTheFile) {
  const std::string path = dir_.path() + "/out.bin";
  HttpRequest request = Get("/status/404/file");
  request.response_file = path;
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "status 404");
  EXPECT_EQ(ReadFile(path), "");
}

TEST_F(HttpClientTest, RetriedDownloadKeepsOnlyTheLastAttemptInTheFile) {
  const std::string path = dir_.path() + "/out.bin";
  HttpRequest request = Get("/flaky/1/503/file");
  request.response_file = path;
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(ReadFile(path), "ok");
}

TEST_F(HttpClientTest, PutsARangeOfAFile) {
  dir_.WriteFile("body.txt", "0123456789abcdef");
  HttpRequest request = Get("/echo/put");
  request.method = "PUT";
  request.body_file = dir_.path() + "/body.txt";
  request.body_offset = 4;
  request.body_length = 6;
  auto client = Client();
  Result<HttpResponse> response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  ASSERT_EQ(response->status, 200);
  nlohmann::json echo = nlohmann::json::parse(response->body);
  EXPECT_EQ(echo["method"], "PUT");
  EXPECT_EQ(echo["body"], "456789");
  EXPECT_EQ(client->metrics().bytes_sent, 6);
}

TEST_F(HttpClientTest, LargePutPassesExpectContinue) {
  // Over 1 MiB libcurl asks "Expect: 100-continue": the interim 100 response's headers must not
  // be mistaken for the final response's.
  dir_.WriteFile("large.bin", PatternBytes(3 << 20));
  HttpRequest request = Get("/echo/large");
  request.method = "PUT";
  request.body_file = dir_.path() + "/large.bin";
  request.body_offset = 1 << 20;
  request.body_length = 2 << 20;
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  ASSERT_EQ(response->status, 200);
  nlohmann::json echo = nlohmann::json::parse(response->body);
  EXPECT_EQ(echo["body_length"], 2 << 20);
  EXPECT_EQ(EchoedHeaders(response->body)["Expect"], "100-continue");
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
}

TEST_F(HttpClientTest, RetriedPutSendsTheWholeRangeAgain) {
  dir_.WriteFile("body.txt", "0123456789abcdef");
  HttpRequest request = Get("/flaky/1/503/put");
  request.method = "PUT";
  request.body_file = dir_.path() + "/body.txt";
  request.body_offset = 10;
  request.body_length = 6;
  auto client = Client();
  Result<HttpResponse> response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(client->metrics().bytes_sent, 12);
}

TEST_F(HttpClientTest, PostsAMemoryBodyWithHeaders) {
  HttpRequest request = Get("/echo/post");
  request.method = "POST";
  request.body = R"({"a": 1})";
  request.headers = {{"Content-Type", "application/json"}, {"X-Request-Tag", "t-1"}};
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  nlohmann::json echo = nlohmann::json::parse(response->body);
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["body"], R"({"a": 1})");
  std::map<std::string, std::string> headers = EchoedHeaders(response->body);
  EXPECT_EQ(headers["X-Request-Tag"], "t-1");
  EXPECT_EQ(headers["Content-Type"], "application/json");
}

TEST_F(HttpClientTest, DeleteAndHead) {
  HttpRequest del = Get("/echo/delete");
  del.method = "DELETE";
  Result<HttpResponse> deleted = Client()->Send(del);
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(nlohmann::json::parse(deleted->body)["method"], "DELETE");

  HttpRequest head = Get("/bytes/10");
  head.method = "HEAD";
  Result<HttpResponse> headed = Client()->Send(head);
  ASSERT_TRUE(headed.ok()) << headed.status().message();
  EXPECT_EQ(headed->status, 200);
  EXPECT_EQ(headed->Header("Content-Length"), "10");
  EXPECT_TRUE(headed->body.empty());
}

TEST_F(HttpClientTest, HeadersAreFoundWhateverTheirCase) {
  Result<HttpResponse> response = Client()->Send(Get("/status/200?X-MiXeD-CaSe=yes"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->Header("x-mixed-case"), "yes");
  EXPECT_EQ(response->Header("X-MIXED-CASE"), "yes");
  EXPECT_EQ(response->Header("X-Absent"), std::nullopt);
  bool kept_case = false;
  for (const auto& [name, value] : response->headers) kept_case |= name == "X-MiXeD-CaSe";
  EXPECT_TRUE(kept_case);
}

TEST_F(HttpClientTest, TransientStatusIsRetriedUntilSuccess) {
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/flaky/2/503/retried"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(client->metrics().requests, 3);
  EXPECT_EQ(client->metrics().retries, 2);
  EXPECT_EQ(Hits("/flaky/2/503/retried"), 3);
  // Two backoffs, each under its ceiling (5 ms, then 10 ms), all counted as waits.
  const std::vector<milliseconds> sleeps = clock_->sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_LT(sleeps[0], milliseconds(5));
  EXPECT_LT(sleeps[1], milliseconds(10));
  EXPECT_EQ(client->metrics().wait_ms, (sleeps[0] + sleeps[1]).count());
}

TEST_F(HttpClientTest, EveryTransientStatusIsRetried) {
  for (int status : {408, 429, 500, 502, 504}) {
    const std::string path = "/flaky/1/" + std::to_string(status) + "/each";
    auto client = Client();
    Result<HttpResponse> response = client->Send(Get(path));
    ASSERT_TRUE(response.ok()) << response.status().message();
    EXPECT_EQ(response->status, 200) << status;
    EXPECT_EQ(client->metrics().retries, 1) << status;
  }
}

TEST_F(HttpClientTest, AFinalResponseIsNotRetried) {
  auto client = Client();
  HttpRequest request = Get("/status/429/final?X-Policy=DAILY");
  request.final_response = [](const HttpResponse& response) {
    return response.Header("X-Policy") == "DAILY";
  };
  Result<HttpResponse> response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(client->metrics().requests, 1);
  EXPECT_EQ(Hits("/status/429/final"), 1);
  // Another transient response is retried as ever.
  request = Get("/flaky/1/429/not-final?X-Policy=SECONDLY");
  request.final_response = [](const HttpResponse& response) {
    return response.Header("X-Policy") == "DAILY";
  };
  response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Hits("/flaky/1/429/not-final"), 2);
}

TEST_F(HttpClientTest, NotFoundIsNotRetried) {
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/status/404/once"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(client->metrics().requests, 1);
  EXPECT_EQ(client->metrics().retries, 0);
  EXPECT_EQ(Hits("/status/404/once"), 1);
  EXPECT_TRUE(clock_->sleeps().empty());
}

TEST_F(HttpClientTest, TransientStatusAfterTheLastAttemptIsTheResponse) {
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/status/503/always"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(client->metrics().requests, 3);
  EXPECT_EQ(client->metrics().retries, 2);
}

TEST_F(HttpClientTest, RetryAfterSecondsIsTheMinimumWait) {
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/retry-after/2/seconds"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(clock_->sleeps(), std::vector<milliseconds>{milliseconds(2000)});
  EXPECT_EQ(client->metrics().wait_ms, 2000);
}

TEST_F(HttpClientTest, RetryAfterHttpDateIsTheMinimumWait) {
  // The fake clock's wall time is 2024-01-02 03:04:05 UTC: the server asks for 3 s more.
  auto client = Client();
  Result<HttpResponse> response =
      client->Send(Get("/retry-after/Tue%2C%2002%20Jan%202024%2003%3A04%3A08%20GMT/date"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(clock_->sleeps(), std::vector<milliseconds>{milliseconds(3000)});
}

TEST_F(HttpClientTest, TooLongRetryAfterFailsAtOnceWithTheWait) {
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/status/429/long?Retry-After=600"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIoError);
  EXPECT_EQ(response.status().message(),
            server_->host() +
                " asked to wait 600 s (Retry-After), more than retry.max_retry_after (300 s); "
                "try again later or raise retry.max_retry_after");
  EXPECT_EQ(client->metrics().requests, 1);
  EXPECT_TRUE(clock_->sleeps().empty());
}

TEST_F(HttpClientTest, ConnectionRefusedFailsAfterMaxAttemptsNamingTheHostOnly) {
  Result<int> port = test::UnusedLocalPort();
  ASSERT_TRUE(port.ok());
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(*port) + "/data?token=s3cr3t-t0ken";
  request.headers = {{"Authorization", "Bearer s3cr3t-t0ken"}};
  auto client = Client();
  Result<HttpResponse> response = client->Send(request);
  ASSERT_FALSE(response.ok());
  const std::string& message = response.status().message();
  EXPECT_TRUE(message.starts_with("cannot reach 127.0.0.1:" + std::to_string(*port) + ": "))
      << message;
  EXPECT_TRUE(message.ends_with(" (after 3 attempts)")) << message;
  EXPECT_FALSE(Contains(message, "s3cr3t")) << message;
  EXPECT_FALSE(Contains(message, "/data")) << message;
  EXPECT_EQ(client->metrics().requests, 3);
  EXPECT_EQ(client->metrics().retries, 2);
}

TEST_F(HttpClientTest, BreakerOpensAfterThresholdAndFailsFast) {
  policy_.retry.max_attempts = 1;
  policy_.circuit.failure_threshold = 3;
  auto client = Client();
  for (int i = 0; i < 3; ++i) {
    Result<HttpResponse> response = client->Send(Get("/status/503/breaker"));
    ASSERT_TRUE(response.ok()) << response.status().message();
    EXPECT_EQ(response->status, 503);
  }
  EXPECT_EQ(client->metrics().breaker_openings, 1);
  // Any path on the host is refused without a request.
  Result<HttpResponse> refused = client->Send(Get("/status/200/breaker"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            server_->host() +
                " unavailable since 03:04:05 UTC (circuit open after 3 failed requests); "
                "retrying after 03:04:35 UTC");
  EXPECT_EQ(Hits("/status/200/breaker"), 0);
  EXPECT_EQ(client->metrics().requests, 3);
  // After the cooldown one probe goes; its success closes the breaker.
  clock_->Advance(policy_.circuit.cooldown);
  Result<HttpResponse> probe = client->Send(Get("/status/200/breaker"));
  ASSERT_TRUE(probe.ok()) << probe.status().message();
  EXPECT_EQ(probe->status, 200);
  EXPECT_TRUE(client->Send(Get("/status/200/breaker")).ok());
}

TEST_F(HttpClientTest, BreakerOpeningDuringRetriesStopsThem) {
  policy_.retry.max_attempts = 5;
  policy_.circuit.failure_threshold = 2;
  auto client = Client();
  Result<HttpResponse> response = client->Send(Get("/status/502/opening"));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(Contains(response.status().message(), "(circuit open after 2 failed requests)"))
      << response.status().message();
  EXPECT_EQ(client->metrics().requests, 2);
  EXPECT_EQ(client->metrics().breaker_openings, 1);
}

TEST_F(HttpClientTest, ThrottlingAndClientErrorsDoNotOpenTheBreaker) {
  policy_.retry.max_attempts = 1;
  policy_.circuit.failure_threshold = 2;
  auto client = Client();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client->Send(Get("/status/429/throttle")).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client->Send(Get("/status/404/throttle")).ok());
  EXPECT_EQ(client->metrics().breaker_openings, 0);
}

TEST_F(HttpClientTest, CancelInterruptsASlowTransfer) {
  HttpRequest request = Get("/slow/60");  // 1 KiB, then a minute of nothing
  request.response_file = dir_.path() + "/slow.bin";
  auto client = Client();
  Result<HttpResponse> result = Status::Internal("not sent");
  std::thread sender([&] { result = client->Send(request); });
  // Cancel once the server has the request (it answers with its first KiB at once).
  for (int i = 0; i < 3000 && Hits("/slow/60") == 0; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  client->Cancel();
  sender.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "request to " + server_->host() + " interrupted");
  EXPECT_TRUE(client->cancelled());
  // Later requests fail at once.
  Result<HttpResponse> later = client->Send(Get("/status/200/after-cancel"));
  EXPECT_FALSE(later.ok());
  EXPECT_EQ(Hits("/status/200/after-cancel"), 0);
}

TEST_F(HttpClientTest, CancelInterruptsABackoffWait) {
  auto client = Client();
  clock_->set_on_sleep([&](milliseconds) { client->Cancel(); });
  Result<HttpResponse> response = client->Send(Get("/status/503/cancel-wait"));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(Contains(response.status().message(), "interrupted"));
  EXPECT_EQ(client->metrics().requests, 1);
}

TEST_F(HttpClientTest, RateLimitWaitsAreCounted) {
  policy_.rate_limit.requests_per_second = 10;
  policy_.rate_limit.burst = 1;
  auto client = Client();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client->Send(Get("/status/200/rate")).ok());
  EXPECT_EQ(client->metrics().rate_limit_wait_ms, 200);
  EXPECT_EQ(client->metrics().wait_ms, 0);
}

TEST_F(HttpClientTest, SiblingsShareTheRateLimitNotTheMetrics) {
  policy_.rate_limit.requests_per_second = 10;
  policy_.rate_limit.burst = 1;
  auto client = Client();
  std::unique_ptr<HttpClient> sibling = client->Sibling();
  ASSERT_TRUE(client->Send(Get("/status/200/sib")).ok());
  // The bucket the first client emptied is the sibling's too: it waits its 100 ms.
  ASSERT_TRUE(sibling->Send(Get("/status/200/sib")).ok());
  ASSERT_TRUE(sibling->Send(Get("/status/200/sib")).ok());
  EXPECT_EQ(client->metrics().requests, 1);
  EXPECT_EQ(client->metrics().rate_limit_wait_ms, 0);
  EXPECT_EQ(sibling->metrics().requests, 2);
  EXPECT_EQ(sibling->metrics().rate_limit_wait_ms, 200);
  // Cancelling one leaves the other working.
  sibling->Cancel();
  EXPECT_FALSE(sibling->Send(Get("/status/200/sib")).ok());
  EXPECT_TRUE(client->Send(Get("/status/200/sib")).ok());
}

TEST_F(HttpClientTest, RealClockRetriesWithSmallDelays) {
  HttpClient client(policy_, nullptr, breakers_);
  Result<HttpResponse> response = client.Send(Get("/flaky/2/503/real-clock"));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(client.metrics().retries, 2);
}

TEST_F(HttpClientTest, SigV4SignsTheRequestWithTheCallersPayloadHash) {
  HttpRequest request = Get("/echo/signed");
  request.headers = {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  request.sigv4 = AwsSigV4{"eu-west-1", "s3", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"};
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  std::map<std::string, std::string> headers = EchoedHeaders(response->body);
  EXPECT_TRUE(headers["Authorization"].starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
      << headers["Authorization"];
  EXPECT_TRUE(Contains(headers["Authorization"], "/eu-west-1/s3/aws4_request"));
  EXPECT_TRUE(Contains(headers["Authorization"], "x-amz-content-sha256"));
  EXPECT_FALSE(Contains(response->body, "wJalrXUtnFEMI"));
  EXPECT_EQ(headers["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
}

TEST_F(HttpClientTest, SecretKeyNeverInAnError) {
  Result<int> port = test::UnusedLocalPort();
  ASSERT_TRUE(port.ok());
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(*port) + "/bucket/key";
  request.sigv4 = AwsSigV4{"us-east-1", "s3", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"};
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_FALSE(Contains(response.status().message(), "wJalrXUtnFEMI"));
  EXPECT_FALSE(Contains(response.status().message(), "AKIDEXAMPLE"));
}

TEST_F(HttpClientTest, InvalidUrlIsRefusedWithoutEchoingIt) {
  HttpRequest request;
  request.url = "not a url?token=s3cr3t";
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(response.status().message().starts_with("not a valid URL: "))
      << response.status().message();
  EXPECT_FALSE(Contains(response.status().message(), "s3cr3t"));
}

TEST_F(HttpClientTest, UnreadableBodyFileFailsWithoutSending) {
  HttpRequest request = Get("/echo/missing");
  request.method = "PUT";
  request.body_file = dir_.path() + "/missing.bin";
  request.body_length = 4;
  auto client = Client();
  Result<HttpResponse> response = client->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().message(),
            "cannot read " + dir_.path() + "/missing.bin: No such file or directory");
  EXPECT_EQ(Hits("/echo/missing"), 0);
}

TEST_F(HttpClientTest, BodyFileShorterThanTheRangeFailsWithoutSending) {
  dir_.WriteFile("short.bin", "0123456789");
  HttpRequest request = Get("/echo/short");
  request.method = "PUT";
  request.body_file = dir_.path() + "/short.bin";
  request.body_offset = 8;
  request.body_length = 4;
  Result<HttpResponse> response = Client()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().message(),
            "cannot send bytes 8-12 of " + dir_.path() +
                "/short.bin: the file has only 10 bytes (did it change while it was being "
                "sent?)");
  EXPECT_EQ(Hits("/echo/short"), 0);
}

TEST_F(HttpClientTest, UnwritableResponseFileFailsWithoutRetrying) {
  HttpRequest request = Get("/bytes/10");
  request.response_file = dir_.path() + "/no/such/dir/out.bin";
  auto client = Client();
  Result<HttpResponse> response = client->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().message(),
            "cannot write " + request.response_file + ": No such file or directory");
  EXPECT_EQ(client->metrics().requests, 1);
}

// TLS failures against a real HTTPS server (the scripted server with --tls and a self-signed
// certificate made by the openssl CLI), and the scheme mix-ups between it and a plain one.
class HttpClientTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cert_dir_ = new test::TempDir();
    Result<test::SelfSignedCertificate> cert = test::MakeSelfSignedCertificate(cert_dir_->path());
    ASSERT_TRUE(cert.ok()) << cert.status().message();
    Result<std::unique_ptr<ScriptedHttpServer>> tls =
        ScriptedHttpServer::StartTls(cert->cert_file, cert->key_file);
    ASSERT_TRUE(tls.ok()) << tls.status().message();
    tls_server_ = std::move(tls).value().release();
    Result<std::unique_ptr<ScriptedHttpServer>> plain = ScriptedHttpServer::Start();
    ASSERT_TRUE(plain.ok()) << plain.status().message();
    plain_server_ = std::move(plain).value().release();
  }
  static void TearDownTestSuite() {
    delete tls_server_;
    delete plain_server_;
    delete cert_dir_;
    tls_server_ = plain_server_ = nullptr;
    cert_dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(tls_server_, nullptr);
    ASSERT_NE(plain_server_, nullptr);
    policy_.retry.max_attempts = 3;
    policy_.retry.base = milliseconds(5);
    policy_.circuit.failure_threshold = 100;
  }

  Result<HttpResponse> Get(const std::string& url) {
    client_ = std::make_unique<HttpClient>(policy_, clock_, breakers_);
    HttpRequest request;
    request.url = url;
    request.headers = {{"Authorization", "Bearer s3cr3t-t0ken"}};
    return client_->Send(request);
  }

  static test::TempDir* cert_dir_;
  static ScriptedHttpServer* tls_server_;
  static ScriptedHttpServer* plain_server_;
  ResiliencePolicy policy_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<CircuitBreakers> breakers_ = std::make_shared<CircuitBreakers>(clock_);
  std::unique_ptr<HttpClient> client_;
};

test::TempDir* HttpClientTlsTest::cert_dir_ = nullptr;
ScriptedHttpServer* HttpClientTlsTest::tls_server_ = nullptr;
ScriptedHttpServer* HttpClientTlsTest::plain_server_ = nullptr;

TEST_F(HttpClientTlsTest, UntrustedCertificateFailsAtOnceWithTheCauseAndTheNextStep) {
  Result<HttpResponse> response = Get(tls_server_->Url("/status/200?token=s3cr3t-t0ken"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIoError);
  EXPECT_EQ(response.status().message(),
            "the TLS certificate of " + tls_server_->host() +
                " is not trusted (self-signed certificate); TLS verification stays on: use the "
                "service's https:// URL with a certificate from a trusted CA, or add its CA to "
                "the system's trust store (/usr/local/share/ca-certificates, "
                "update-ca-certificates)");
  EXPECT_EQ(client_->metrics().requests, 1);  // no retry fixes a certificate
  EXPECT_EQ(client_->metrics().retries, 0);
  EXPECT_TRUE(clock_->sleeps().empty());
}

TEST_F(HttpClientTlsTest, UntrustedCertificateDoesNotOpenTheBreaker) {
  policy_.circuit.failure_threshold = 1;
  ASSERT_FALSE(Get(tls_server_->Url("/status/200")).ok());
  Result<HttpResponse> again = Get(tls_server_->Url("/status/200"));
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.status().message().starts_with("the TLS certificate of "))
      << again.status().message();
  EXPECT_EQ(client_->metrics().breaker_openings, 0);
}

TEST_F(HttpClientTlsTest, HttpsToAPlainHttpPortHintsAtTheScheme) {
  Result<HttpResponse> response = Get(plain_server_->Url("/status/200").replace(0, 4, "https"));
  ASSERT_FALSE(response.ok());
  const std::string& message = response.status().message();
  EXPECT_TRUE(message.starts_with("cannot reach " + plain_server_->host() + ": ")) << message;
  EXPECT_TRUE(message.ends_with(" (after 3 attempts); " + plain_server_->host() +
                                " answered an https:// URL without TLS: check the URL's scheme "
                                "(http:// if the service serves plain HTTP on that port, else "
                                "the port where it serves HTTPS)"))
      << message;
  EXPECT_FALSE(Contains(message, "s3cr3t")) << message;
  EXPECT_EQ(client_->metrics().requests, 3);
}

TEST_F(HttpClientTlsTest, HttpToATlsPortHintsAtTheScheme) {
  Result<HttpResponse> response = Get(tls_server_->Url("/status/200").replace(0, 5, "http"));
  ASSERT_FALSE(response.ok());
  const std::string& message = response.status().message();
  EXPECT_EQ(message, "cannot reach " + tls_server_->host() +
                         ": Empty reply from server (after 3 attempts); if " + tls_server_->host() +
                         " serves HTTPS on that port, check the URL's scheme: https://");
  EXPECT_EQ(client_->metrics().requests, 3);
}

}  // namespace
}  // namespace sqlflow
