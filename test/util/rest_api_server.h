// The local JSON API the REST tests talk to (test/servers/rest_api_server.py), driven through
// its admin API. Under ctest the `rest` fixture has started it (scripts/rest_api.sh) and
// exported its port as SQLFLOW_TEST_REST_PORT; /work/t.sh-style runs start it the same way.
// Nothing here starts a server: when none answers, the calls fail saying how to start one.
//
// Every test uses namespaces of its own (tests run in parallel against the one server): a
// namespace holds its records, auth, faults, rate limit and counters, and its endpoints are
// under NamespaceUrl(ns) — "…/ns/<ns>/cursor", "…/ns/<ns>/oauth/token", …
// Thread-safety: every function may be called from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"

namespace sqlflow::test::rest_api {

// SQLFLOW_TEST_REST_PORT, or 54331 when it is unset or not a port number.
int Port();
// "http://127.0.0.1:<Port()>".
std::string BaseUrl();
// "http://127.0.0.1:<Port()>/ns/<ns>": the base_url of a REST source reading namespace `ns`.
std::string NamespaceUrl(const std::string& ns);

// Creates or replaces namespace `ns` with `config_json`, the server's config object ("" is
// {}): fresh records, tokens, fault sequence and counters. An IoError when the server cannot be
// reached (the message says how to start it) and an Invalid error with the server's reason when
// it refuses the config (not JSON, an unknown field, a bad value).
Status Configure(const std::string& ns, const std::string& config_json);

// Upserts the records of `records_json` (a JSON array of objects with an "id") into namespace
// `ns`: an existing id's top-level fields are replaced by the given ones, a new id is added.
// Errors as Configure(); also NotFound when `ns` was not configured.
Status AddRecords(const std::string& ns, const std::string& records_json);

// The counters of namespace `ns`: requests, by_endpoint, pages_served, records_served, faults
// (per kind), over_limit, unauthorized, tokens_issued, max_requests_in_any_second, records.
// Errors as AddRecords().
Result<nlohmann::json> Stats(const std::string& ns);

}  // namespace sqlflow::test::rest_api
