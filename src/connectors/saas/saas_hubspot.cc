// TYPE HUBSPOT: being built (issue 19). Until its streams are defined here, opening a HUBSPOT
// source fails with a clear error rather than reading anything.
#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

SaasApi MakeHubSpot() {
  SaasApi api;
  api.type = "HUBSPOT";
  api.name = "HubSpot";
  api.description = "HubSpot (not available yet)";
  api.common_params = [](const nlohmann::ordered_json&,
                         const std::string& label) -> Result<nlohmann::ordered_json> {
    return Status::Invalid(label + ": the HUBSPOT connector is not available in this build yet");
  };
  return api;
}

}  // namespace

const SaasApi& HubspotApi() {
  static const SaasApi api = MakeHubSpot();
  return api;
}

}  // namespace sqlflow
