// The SaaS API emulators the Shopify, Stripe and HubSpot tests talk to
// (test/servers/saas_api_server.py), driven through their admin API. Under ctest the `saas`
// fixture has started the server (scripts/saas_api.sh) and exported its port as
// SQLFLOW_TEST_SAAS_PORT. Nothing here starts a server: when none answers, the calls fail
// saying how to start one.
//
// Every test uses namespaces of its own (tests run in parallel against the one server): a
// namespace holds one API's data, tokens, faults and counters; the API's paths are below
// NamespaceUrl(ns), e.g. "…/ns/<ns>/admin/api/2024-01/orders.json".
// Thread-safety: every function may be called from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"

namespace sqlflow::test::saas_api {

// SQLFLOW_TEST_SAAS_PORT, or 54332 when it is unset or not a port number.
int Port();
// "http://127.0.0.1:<Port()>".
std::string BaseUrl();
// "http://127.0.0.1:<Port()>/ns/<ns>": the base_url of a SaaS source reading namespace `ns`.
std::string NamespaceUrl(const std::string& ns);

// Creates or replaces namespace `ns` with `config_json` ({"api": "shopify"|"stripe"|"hubspot",
// …}): fresh data, tokens, fault sequence and counters. An IoError when the server cannot be
// reached (the message says how to start it) and an Invalid error with the server's reason when
// it refuses the config (not JSON, no api, an unknown key, a bad value).
Status Configure(const std::string& ns, const std::string& config_json);

// Applies `update_json` ({"stream", "create", "update", "delete"}) to namespace `ns`; the
// server's summary {"created": [ids], "updated": [ids], "deleted": [ids], "now": "…"}. Errors as
// Configure(); also NotFound when `ns` was not configured.
Result<nlohmann::json> Update(const std::string& ns, const std::string& update_json);

// The counters of namespace `ns` (the server's: server_requests, faults_injected, faults, …,
// merged with the API's: requests, over_limit, throttled, …). Errors as Update().
Result<nlohmann::json> Stats(const std::string& ns);

}  // namespace sqlflow::test::saas_api
