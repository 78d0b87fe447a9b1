// The admin API of a local test server (the REST test API, the SaaS API emulators): its port
// from the environment, and JSON requests to it that fail saying how to start the server.
// rest_api_server.h and saas_api_server.h are thin users of it.
// Thread-safety: every function may be called from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"

namespace sqlflow::test {

struct AdminServer {
  std::string what;      // "the REST test server", for messages
  std::string port_env;  // "SQLFLOW_TEST_REST_PORT"
  int default_port = 0;
  std::string script;   // "scripts/rest_api.sh"
  std::string dir;      // "build/rest-test"
  std::string fixture;  // the ctest fixture that starts it: "rest"

  // port_env's value, or default_port when it is unset or not a port number.
  int Port() const;
  // "http://127.0.0.1:<Port()>".
  std::string BaseUrl() const;
  // "http://127.0.0.1:<Port()>/ns/<ns>".
  std::string NamespaceUrl(const std::string& ns) const;
  // Sends one admin request (one attempt, breakers of its own); the 200 answer's body. Errors:
  // IoError when the server cannot be reached (saying how to start it), NotFound for a 404 and
  // Invalid otherwise, each with the server's reason (the body's "error" or "message").
  Result<std::string> Request(const std::string& method, const std::string& path,
                              const std::string& body) const;
  // Request() whose answer must be a JSON object.
  Result<nlohmann::json> RequestObject(const std::string& method, const std::string& path,
                                       const std::string& body) const;
};

}  // namespace sqlflow::test
