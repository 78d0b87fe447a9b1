#include "util/saas_api_server.h"

#include "util/admin_server.h"

namespace sqlflow::test::saas_api {
namespace {

const AdminServer& Server() {
  static const AdminServer server{"the SaaS API emulator server", "SQLFLOW_TEST_SAAS_PORT", 54332,
                                  "scripts/saas_api.sh",          "build/saas-test",        "saas"};
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

Result<nlohmann::json> Update(const std::string& ns, const std::string& update_json) {
  return Server().RequestObject("POST", AdminPath(ns) + "/update", update_json);
}

Result<nlohmann::json> Stats(const std::string& ns) {
  return Server().RequestObject("GET", AdminPath(ns) + "/stats", "");
}

}  // namespace sqlflow::test::saas_api
