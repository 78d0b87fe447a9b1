// The REST source's OAuth2 auths, made by MakeRestAuth once the config is checked:
// oauth2_client_credentials (RFC 6749 §4.4: a token for the client's id and secret) and
// oauth2_refresh_token (§6: a token for a refresh token the user got by authorizing an app, as
// HubSpot's public apps hand out). Either token is fetched from token_url, cached until it is
// about to expire, and dropped after a 401 so that the next request gets a new one; and small
// helpers every auth kind uses.
// Thread-safety: as RestAuth (one thread at a time).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"
#include "connectors/rest/rest_auth.h"

namespace sqlflow {

enum class OAuth2Grant { kClientCredentials, kRefreshToken };

struct OAuth2Settings {
  OAuth2Grant grant = OAuth2Grant::kClientCredentials;
  std::string token_url;  // an absolute URL (checked by the caller)
  std::string client_id;
  std::string client_secret;  // never printed
  std::string scope;          // scopes joined by spaces; empty: not sent
  std::string audience;       // empty: not sent
  // kRefreshToken: the refresh token (never printed). A reply that carries a new one (rotation)
  // replaces it for the next fetch.
  std::string refresh_token;
  // What a token endpoint's refusal tells the user to check instead of the default, which
  // follows the error code and names the auth fields (a SaaS SOURCE names its own params).
  std::string advice;
};

// Tokens a reply gives without expires_in (or with one that is not a positive number) are kept
// this long.
inline constexpr std::chrono::seconds kDefaultTokenLifetime{3600};
// A token is fetched again when it expires within this margin, or within half its lifetime
// when that is shorter (a token valid for 20 s is not fetched again for every request).
inline constexpr std::chrono::seconds kTokenExpiryMargin{30};

// REQUIRES: `client` outlives the auth; `clock` not null.
std::unique_ptr<RestAuth> MakeOAuth2Auth(OAuth2Settings settings, HttpClient* client,
                                         std::shared_ptr<Clock> clock, std::string label);

// Shared by every auth kind:

// `text` percent-encoded for a form body or a query: every byte but A-Za-z0-9-._~ becomes %XX.
std::string FormEncode(std::string_view text);

// Sets header `name` (compared case-insensitively) to `value`, replacing any the request had.
void SetHeader(HttpPairs* headers, const std::string& name, std::string value);

// The non-empty `values`, each followed by its FormEncode form when that differs (a secret
// sent in a query or a form appears encoded): what RestAuth::Secrets() returns.
std::vector<std::string> SecretForms(const std::vector<std::string>& values);

}  // namespace sqlflow
