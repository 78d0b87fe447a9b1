#include "util/saas_api_server.h"

#include <cstdlib>
#include <memory>

#include "connectors/http/circuit_breaker.h"
#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"

namespace sqlflow::test::saas_api {

namespace {

constexpr int kDefaultPort = 54332;

// One attempt per call and breakers of its own: the admin API answers at once or the server is
// not there, and the process-wide breakers of the code under test are not touched.
std::unique_ptr<HttpClient> AdminClient() {
  ResiliencePolicy policy;
  policy.retry.max_attempts = 1;
  policy.circuit.failure_threshold = 0;
  return std::make_unique<HttpClient>(policy, SystemClock(),
                                      std::make_shared<CircuitBreakers>(SystemClock()));
}

std::string HowToStart() {
  return "start it with `bash scripts/saas_api.sh start build/saas-test " + std::to_string(Port()) +
         "` and export SQLFLOW_TEST_SAAS_PORT=" + std::to_string(Port()) +
         " (ctest does both: fixture saas)";
}

// The server's reason from an error body {"error": …}, else the body itself.
std::string ServerReason(const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
    return parsed["error"].get<std::string>();
  }
  return body;
}

// Sends one admin request; the 200 response's body, or an error naming the request.
Result<std::string> Admin(const std::string& method, const std::string& path,
                          const std::string& body) {
  HttpRequest request;
  request.method = method;
  request.url = BaseUrl() + path;
  request.body = body;
  request.headers = {{"Content-Type", "application/json"}};
  request.connect_timeout = std::chrono::seconds(5);
  request.low_speed_timeout = std::chrono::seconds(30);
  Result<HttpResponse> response = AdminClient()->Send(request);
  if (!response.ok()) {
    return Status::IoError("cannot reach the SaaS API emulator server at " + BaseUrl() + " (" +
                           response.status().message() + "): " + HowToStart());
  }
  if (response->status == 200) return std::move(response->body);
  const std::string what = method + " " + path + " answered " + std::to_string(response->status);
  if (response->status == 404) return Status::NotFound(what + ": " + ServerReason(response->body));
  return Status::Invalid(what + ": " + ServerReason(response->body));
}

// The JSON object of an admin answer.
Result<nlohmann::json> AdminObject(const std::string& ns, const std::string& method,
                                   const std::string& path, const std::string& body) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string text, Admin(method, path, body));
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_object()) {
    return Status::Invalid("the SaaS API emulator's answer to " + method + " " + path +
                           " (namespace '" + ns + "') is not a JSON object: " + text);
  }
  return parsed;
}

std::string AdminPath(const std::string& ns) { return "/_admin/ns/" + ns; }

}  // namespace

int Port() {
  const char* env = std::getenv("SQLFLOW_TEST_SAAS_PORT");
  if (env == nullptr) return kDefaultPort;
  char* end = nullptr;
  long port = std::strtol(env, &end, 10);
  if (end == env || *end != '\0' || port <= 0 || port > 65535) return kDefaultPort;
  return static_cast<int>(port);
}

std::string BaseUrl() { return "http://127.0.0.1:" + std::to_string(Port()); }

std::string NamespaceUrl(const std::string& ns) { return BaseUrl() + "/ns/" + ns; }

Status Configure(const std::string& ns, const std::string& config_json) {
  return Admin("PUT", AdminPath(ns), config_json).status();
}

Result<nlohmann::json> Update(const std::string& ns, const std::string& update_json) {
  return AdminObject(ns, "POST", AdminPath(ns) + "/update", update_json);
}

Result<nlohmann::json> Stats(const std::string& ns) {
  return AdminObject(ns, "GET", AdminPath(ns) + "/stats", "");
}

}  // namespace sqlflow::test::saas_api
