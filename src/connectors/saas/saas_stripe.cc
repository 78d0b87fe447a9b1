// TYPE STRIPE: being built (issue 19). Until its streams are defined here, opening a STRIPE source
// fails with a clear error rather than reading anything.
#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

SaasApi MakeStripe() {
  SaasApi api;
  api.type = "STRIPE";
  api.name = "Stripe";
  api.description = "Stripe (not available yet)";
  api.common_params = [](const nlohmann::ordered_json&,
                         const std::string& label) -> Result<nlohmann::ordered_json> {
    return Status::Invalid(label + ": the STRIPE connector is not available in this build yet");
  };
  return api;
}

}  // namespace

const SaasApi& StripeApi() {
  static const SaasApi api = MakeStripe();
  return api;
}

}  // namespace sqlflow
