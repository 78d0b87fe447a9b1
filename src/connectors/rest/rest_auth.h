// Authentication of the REST source (SPEC-CONNECTORS §2): bearer, basic, api_key (header or
// query), oauth2_client_credentials and oauth2_refresh_token (a token fetched from token_url,
// cached, and fetched again before it expires and once after a 401).
// Thread-safety: every method may be called from several threads at once (the streams of one
// SaaS SOURCE share one auth, so one OAuth token).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"

namespace sqlflow {

using HttpPairs = std::vector<std::pair<std::string, std::string>>;

class RestAuth {
 public:
  virtual ~RestAuth() = default;
  // Adds the credentials to a request's headers or query params (replacing a header, compared
  // case-insensitively, or a query param of the same name); oauth2 fetches a token first when
  // it has none or it expires within 30 s (within half its lifetime when that is shorter; a
  // reply without expires_in: 3600 s). Errors: the token endpoint's (see MakeRestAuth), IoError
  // starting with `label` + ": cannot get an OAuth2 token: ".
  virtual Status Apply(HttpPairs* headers, HttpPairs* query) = 0;
  // After a 401 to a request sent with `refused_headers` (empty: unknown): whether sending it
  // again may succeed — true once per token for oauth2 (the cached token is dropped so that
  // Apply fetches a new one), and at once when the request carried an older token than the
  // current one (another stream has fetched it); false otherwise, and false when the token
  // refused is one fetched after a 401 and refused at its first use (the credentials are wrong,
  // not stale).
  virtual bool RefreshAfterUnauthorized(const HttpPairs& refused_headers) = 0;
  // For messages, never a secret: "bearer token", "basic auth (user alice)", "api_key in header
  // X-Api-Key", "oauth2 client credentials (client_id abc, token from https://host/oauth/token)",
  // "no auth".
  virtual std::string Describe() const = 0;
  // What to check after a 401/403 with this auth: "check that the token is valid and not
  // expired (auth.token)" … — names params, never values.
  virtual std::string Advice() const = 0;
  // The secret values (tokens, passwords, keys, client secrets, fetched access tokens), for
  // scrubbing any text before it is printed.
  virtual std::vector<std::string> Secrets() const = 0;
};

// The auth `config` describes (the SOURCE's "auth" param; null: no auth). InvalidArgument,
// prefixed by `label` + ": ", for an unknown type or a missing/mistyped field ("auth.type
// 'oauth' is not one of bearer, basic, api_key, oauth2_client_credentials,
// oauth2_refresh_token"). oauth2 fetches tokens with `client` (POST token_url, form-encoded
// grant_type=client_credentials, client_id, client_secret, scope = scopes joined by spaces — or
// grant_type=refresh_token, client_id, client_secret, refresh_token; reads access_token,
// expires_in and a rotated refresh_token from the JSON reply); its errors name the token
// endpoint's host and status and what to check (the config's "advice" when it has one), never a
// secret. `clock` times token expiry.
Result<std::unique_ptr<RestAuth>> MakeRestAuth(const nlohmann::json& config, HttpClient* client,
                                               std::shared_ptr<Clock> clock,
                                               const std::string& label);

}  // namespace sqlflow
