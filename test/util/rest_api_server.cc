#include "util/rest_api_server.h"

#include "util/admin_server.h"

namespace sqlflow::test::rest_api {
namespace {

const AdminServer& Server() {
  static const AdminServer server{"the REST test server", "SQLFLOW_TEST_REST_PORT", 54331,
                                  "scripts/rest_api.sh",  "build/rest-test",        "rest"};
  return server;
}

std::string AdminPath(const std::string& ns) { return "/_admin/ns/" + ns; }

}  // namespace

int Port() { return Server().Port(); }

std::string BaseUrl() { return Server().BaseUrl(); }

std::string NamespaceUrl(const std::string& ns) { return Server().NamespaceUrl(ns); }

Status Configure(const std::string& ns, const std::string& config_json) {
  return Server().Request("PUT", AdminPath(ns), config_json).status();
}

Status AddRecords(const std::string& ns, const std::string& records_json) {
  return Server().Request("POST", AdminPath(ns) + "/records", records_json).status();
}

Result<nlohmann::json> Stats(const std::string& ns) {
  return Server().RequestObject("GET", AdminPath(ns) + "/stats", "");
}

}  // namespace sqlflow::test::rest_api
