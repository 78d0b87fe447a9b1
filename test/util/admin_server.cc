#include "util/admin_server.h"

#include <cstdlib>
#include <memory>

#include "connectors/http/circuit_breaker.h"
#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"

namespace sqlflow::test {
namespace {

// One attempt per call and breakers of its own: the admin API answers at once or the server is
// not there, and the process-wide breakers of the code under test are not touched.
std::unique_ptr<HttpClient> AdminClient() {
  ResiliencePolicy policy;
  policy.retry.max_attempts = 1;
  policy.circuit.failure_threshold = 0;
  return std::make_unique<HttpClient>(policy, SystemClock(),
                                      std::make_shared<CircuitBreakers>(SystemClock()));
}

// The server's reason from an error body {"error": …} or {"message": …}, else the body itself.
std::string ServerReason(const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  for (const char* key : {"message", "error"}) {
    if (parsed.is_object() && parsed.contains(key) && parsed[key].is_string()) {
      return parsed[key].get<std::string>();
    }
  }
  return body;
}

}  // namespace

int AdminServer::Port() const {
  const char* env = std::getenv(port_env.c_str());
  if (env == nullptr) return default_port;
  char* end = nullptr;
  long port = std::strtol(env, &end, 10);
  if (end == env || *end != '\0' || port <= 0 || port > 65535) return default_port;
  return static_cast<int>(port);
}

std::string AdminServer::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(Port()); }

std::string AdminServer::NamespaceUrl(const std::string& ns) const {
  return BaseUrl() + "/ns/" + ns;
}

Result<std::string> AdminServer::Request(const std::string& method, const std::string& path,
                                         const std::string& body) const {
  HttpRequest request;
  request.method = method;
  request.url = BaseUrl() + path;
  request.body = body;
  request.headers = {{"Content-Type", "application/json"}};
  request.connect_timeout = std::chrono::seconds(5);
  request.low_speed_timeout = std::chrono::seconds(30);
  Result<HttpResponse> response = AdminClient()->Send(request);
  if (!response.ok()) {
    return Status::IoError("cannot reach " + what + " at " + BaseUrl() + " (" +
                           response.status().message() + "): start it with `bash " + script +
                           " start " + dir + " " + std::to_string(Port()) + "` and export " +
                           port_env + "=" + std::to_string(Port()) + " (ctest does both: fixture " +
                           fixture + ")");
  }
  if (response->status == 200) return std::move(response->body);
  const std::string answered =
      method + " " + path + " answered " + std::to_string(response->status);
  if (response->status == 404)
    return Status::NotFound(answered + ": " + ServerReason(response->body));
  return Status::Invalid(answered + ": " + ServerReason(response->body));
}

Result<nlohmann::json> AdminServer::RequestObject(const std::string& method,
                                                  const std::string& path,
                                                  const std::string& body) const {
  SQLFLOW_ASSIGN_OR_RETURN(std::string text, Request(method, path, body));
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_object()) {
    return Status::Invalid(what + "'s answer to " + method + " " + path +
                           " is not a JSON object: " + text);
  }
  return parsed;
}

}  // namespace sqlflow::test
