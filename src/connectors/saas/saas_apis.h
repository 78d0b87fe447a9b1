// The SaaS APIs this build knows (saas_api.h), one function each, and the SOURCE connector of
// each for the registry.
// Thread-safety: the definitions are built once and read-only.
#pragma once

#include "connectors/saas/saas_api.h"
#include "connectors/source.h"

namespace sqlflow {

const SaasApi& ShopifyApi();
const SaasApi& StripeApi();
const SaasApi& HubspotApi();

// The SOURCE connector of `api` (its spec, SaasSource::Open and ::Test).
SourceConnector SaasConnector(const SaasApi& api);

}  // namespace sqlflow
