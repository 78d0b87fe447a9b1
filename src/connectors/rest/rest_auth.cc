#include "connectors/rest/rest_auth.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cassert>
#include <utility>

#include "common/edit_distance.h"
#include "common/strings.h"
#include "connectors/http/curl_session.h"
#include "connectors/rest/rest_json_path.h"
#include "connectors/rest/rest_oauth2.h"

namespace sqlflow {
namespace {

using nlohmann::json;

const std::vector<std::string>& AuthTypes() {
  static const std::vector<std::string> kTypes = {
      "bearer", "basic", "api_key", "oauth2_client_credentials", "oauth2_refresh_token"};
  return kTypes;
}

// The fields an auth type takes besides "type": those it needs, then those it may have.
struct AuthFields {
  std::vector<std::string> required;
  std::vector<std::string> optional;
};

AuthFields FieldsOf(const std::string& type) {
  if (type == "bearer") return {{"token"}, {}};
  if (type == "basic") return {{"username", "password"}, {}};
  if (type == "api_key") return {{"name", "api_key"}, {"location"}};
  if (type == "oauth2_refresh_token") {
    return {{"token_url", "client_id", "client_secret", "refresh_token"}, {"scopes"}};
  }
  return {{"token_url", "client_id", "client_secret"}, {"scopes", "audience"}};
}

std::string Base64(const std::string& text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

// May an empty string stand for a field (basic's password may be empty: some APIs take a key as
// the user name and no password)?
enum class EmptyValue { kRefused, kAllowed };

// The "auth" object of one type, read field by field; every error names the field and starts
// with the label.
class AuthConfig {
 public:
  AuthConfig(const json& config, std::string type, std::string label)
      : config_(config), type_(std::move(type)), label_(std::move(label)) {}

  const std::string& label() const { return label_; }
  Status Invalid(const std::string& message) const {
    return Status::Invalid(label_ + ": " + message);
  }

  // Unknown fields, then missing ones.
  Status CheckFields(const AuthFields& fields) const;
  // The field's string value; "" when an optional field is absent.
  Result<std::string> String(const std::string& field, EmptyValue empty) const;
  // "scopes": a string, or a list of strings joined by spaces; "" when absent.
  Result<std::string> Scopes() const;

 private:
  const json& config_;
  const std::string type_;
  const std::string label_;
};

Status AuthConfig::CheckFields(const AuthFields& fields) const {
  std::vector<std::string> accepted = {"type"};
  accepted.insert(accepted.end(), fields.required.begin(), fields.required.end());
  accepted.insert(accepted.end(), fields.optional.begin(), fields.optional.end());
  accepted.push_back("advice");
  for (auto it = config_.begin(); it != config_.end(); ++it) {
    if (std::find(accepted.begin(), accepted.end(), it.key()) != accepted.end()) continue;
    std::string message = "auth has no field '" + it.key() + "' for type " + type_;
    if (auto suggestion = SuggestClosest(it.key(), accepted)) {
      message += " (did you mean '" + *suggestion + "'?)";
    }
    return Invalid(message + "; " + type_ + " auth accepts " + Join(accepted));
  }
  for (const std::string& field : fields.required) {
    if (!config_.contains(field)) {
      return Invalid("auth." + field + " is missing (" + type_ + " auth needs " +
                     Join(fields.required) + ")");
    }
  }
  return Status::OK();
}

Result<std::string> AuthConfig::String(const std::string& field, EmptyValue empty) const {
  auto it = config_.find(field);
  if (it == config_.end()) return std::string();
  if (!it->is_string()) {
    return Invalid("auth." + field + " must be a string, not " + DescribeJsonTop(*it));
  }
  std::string value = it->get<std::string>();
  if (value.empty() && empty == EmptyValue::kRefused) {
    return Invalid("auth." + field + " is empty (if it comes from a variable, is it set?)");
  }
  return value;
}

Result<std::string> AuthConfig::Scopes() const {
  auto it = config_.find("scopes");
  if (it == config_.end() || it->is_string()) return String("scopes", EmptyValue::kAllowed);
  if (!it->is_array()) {
    return Invalid("auth.scopes must be a string or a list of strings, not " +
                   DescribeJsonTop(*it));
  }
  std::vector<std::string> scopes;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& scope = (*it)[i];
    if (!scope.is_string()) {
      return Invalid("auth.scopes[" + std::to_string(i) + "] must be a string, not " +
                     DescribeJsonTop(scope));
    }
    scopes.push_back(scope.get<std::string>());
  }
  return Join(scopes, " ");
}

class NoAuth final : public RestAuth {
 public:
  Status Apply(HttpPairs*, HttpPairs*) override { return Status::OK(); }
  bool RefreshAfterUnauthorized(const HttpPairs&) override { return false; }
  std::string Describe() const override { return "no auth"; }
  std::string Advice() const override {
    return "the source sends no credentials: set its auth param if the API needs them";
  }
  std::vector<std::string> Secrets() const override { return {}; }
};

class BearerAuth final : public RestAuth {
 public:
  explicit BearerAuth(std::string token) : token_(std::move(token)) {}
  Status Apply(HttpPairs* headers, HttpPairs*) override {
    SetHeader(headers, "Authorization", "Bearer " + token_);
    return Status::OK();
  }
  bool RefreshAfterUnauthorized(const HttpPairs&) override { return false; }
  std::string Describe() const override { return "bearer token"; }
  std::string Advice() const override {
    return "check that the token is valid and not expired (auth.token)";
  }
  std::vector<std::string> Secrets() const override { return SecretForms({token_}); }

 private:
  const std::string token_;
};

class BasicAuth final : public RestAuth {
 public:
  BasicAuth(std::string username, const std::string& password)
      : username_(std::move(username)),
        password_(password),
        encoded_(Base64(username_ + ":" + password)) {}
  Status Apply(HttpPairs* headers, HttpPairs*) override {
    SetHeader(headers, "Authorization", "Basic " + encoded_);
    return Status::OK();
  }
  bool RefreshAfterUnauthorized(const HttpPairs&) override { return false; }
  std::string Describe() const override {
    return KeyAsUserName() ? "basic auth (a key as user name)"
                           : "basic auth (user " + username_ + ")";
  }
  std::string Advice() const override { return "check auth.username and auth.password"; }
  // The encoded pair too: it decodes to the password.
  std::vector<std::string> Secrets() const override {
    if (KeyAsUserName()) return SecretForms({username_, encoded_});
    return SecretForms({password_, encoded_});
  }

 private:
  // With no password the user name is the secret (Stripe's API key is sent that way).
  bool KeyAsUserName() const { return password_.empty(); }

  const std::string username_;
  const std::string password_;
  const std::string encoded_;  // base64 of "user:password"
};

enum class KeyLocation { kHeader, kQuery };

class ApiKeyAuth final : public RestAuth {
 public:
  ApiKeyAuth(std::string name, std::string key, KeyLocation location)
      : name_(std::move(name)), key_(std::move(key)), location_(location) {}
  Status Apply(HttpPairs* headers, HttpPairs* query) override {
    if (location_ == KeyLocation::kHeader) {
      SetHeader(headers, name_, key_);
    } else {
      std::erase_if(*query, [&](const auto& pair) { return pair.first == name_; });
      query->emplace_back(name_, key_);
    }
    return Status::OK();
  }
  bool RefreshAfterUnauthorized(const HttpPairs&) override { return false; }
  std::string Describe() const override { return "api_key in " + Where(); }
  std::string Advice() const override {
    return "check auth.api_key, and that the API expects it in " + Where() +
           " (auth.name, auth.location)";
  }
  std::vector<std::string> Secrets() const override { return SecretForms({key_}); }

 private:
  std::string Where() const {
    return (location_ == KeyLocation::kHeader ? "header " : "query param ") + name_;
  }

  const std::string name_;
  const std::string key_;
  const KeyLocation location_;
};

Result<std::unique_ptr<RestAuth>> MakeBearer(const AuthConfig& auth) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string token, auth.String("token", EmptyValue::kRefused));
  return std::unique_ptr<RestAuth>(std::make_unique<BearerAuth>(std::move(token)));
}

Result<std::unique_ptr<RestAuth>> MakeBasic(const AuthConfig& auth) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string username, auth.String("username", EmptyValue::kRefused));
  SQLFLOW_ASSIGN_OR_RETURN(std::string password, auth.String("password", EmptyValue::kAllowed));
  if (username.find(':') != std::string::npos) {
    return auth.Invalid("auth.username contains ':', which basic auth cannot send");
  }
  return std::unique_ptr<RestAuth>(std::make_unique<BasicAuth>(std::move(username), password));
}

Result<std::unique_ptr<RestAuth>> MakeApiKey(const AuthConfig& auth) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string name, auth.String("name", EmptyValue::kRefused));
  SQLFLOW_ASSIGN_OR_RETURN(std::string key, auth.String("api_key", EmptyValue::kRefused));
  SQLFLOW_ASSIGN_OR_RETURN(std::string location, auth.String("location", EmptyValue::kRefused));
  if (!location.empty() && location != "header" && location != "query") {
    return auth.Invalid("auth.location '" + location + "' is not one of header, query");
  }
  const KeyLocation where = location == "query" ? KeyLocation::kQuery : KeyLocation::kHeader;
  return std::unique_ptr<RestAuth>(
      std::make_unique<ApiKeyAuth>(std::move(name), std::move(key), where));
}

// oauth2_client_credentials or oauth2_refresh_token (`grant`); `advice` replaces what a token
// endpoint's refusal says to check.
Result<std::unique_ptr<RestAuth>> MakeOAuth2(const AuthConfig& auth, OAuth2Grant grant,
                                             std::string advice, HttpClient* client,
                                             std::shared_ptr<Clock> clock) {
  OAuth2Settings settings;
  settings.grant = grant;
  settings.advice = std::move(advice);
  SQLFLOW_ASSIGN_OR_RETURN(settings.token_url, auth.String("token_url", EmptyValue::kRefused));
  if (Result<std::string> host = HostOfUrl(settings.token_url); !host.ok()) {
    return auth.Invalid("auth.token_url '" + settings.token_url + "' is " +
                        host.status().message() + "; give the token endpoint's full URL");
  }
  SQLFLOW_ASSIGN_OR_RETURN(settings.client_id, auth.String("client_id", EmptyValue::kRefused));
  SQLFLOW_ASSIGN_OR_RETURN(settings.client_secret,
                           auth.String("client_secret", EmptyValue::kRefused));
  SQLFLOW_ASSIGN_OR_RETURN(settings.scope, auth.Scopes());
  SQLFLOW_ASSIGN_OR_RETURN(settings.audience, auth.String("audience", EmptyValue::kAllowed));
  if (grant == OAuth2Grant::kRefreshToken) {
    SQLFLOW_ASSIGN_OR_RETURN(settings.refresh_token,
                             auth.String("refresh_token", EmptyValue::kRefused));
  }
  assert(client != nullptr && "oauth2 auth needs an HttpClient");
  return MakeOAuth2Auth(std::move(settings), client, std::move(clock), auth.label());
}

// The checked auth.type.
Result<std::string> TypeOf(const json& config, const std::string& label) {
  const std::string types = Join(AuthTypes());
  if (!config.is_object()) {
    return Status::Invalid(label + ": auth must be an object with a type (" + types + "), not " +
                           DescribeJsonTop(config));
  }
  auto it = config.find("type");
  if (it == config.end()) {
    return Status::Invalid(label + ": auth has no type; set auth.type to one of " + types);
  }
  if (!it->is_string()) {
    return Status::Invalid(label + ": auth.type must be a string, one of " + types + "; not " +
                           DescribeJsonTop(*it));
  }
  std::string type = it->get<std::string>();
  if (std::find(AuthTypes().begin(), AuthTypes().end(), type) != AuthTypes().end()) return type;
  std::string message = label + ": auth.type '" + type + "' is not one of " + types;
  if (auto suggestion = SuggestClosest(type, AuthTypes())) {
    message += "; did you mean '" + *suggestion + "'?";
  }
  return Status::Invalid(message);
}

// An auth whose 401/403 advice is the config's "advice" (a SaaS source names its own params).
class AdvisedAuth final : public RestAuth {
 public:
  AdvisedAuth(std::unique_ptr<RestAuth> auth, std::string advice)
      : auth_(std::move(auth)), advice_(std::move(advice)) {}
  Status Apply(HttpPairs* headers, HttpPairs* query) override {
    return auth_->Apply(headers, query);
  }
  bool RefreshAfterUnauthorized(const HttpPairs& refused) override {
    return auth_->RefreshAfterUnauthorized(refused);
  }
  std::string Describe() const override { return auth_->Describe(); }
  std::string Advice() const override { return advice_; }
  std::vector<std::string> Secrets() const override { return auth_->Secrets(); }

 private:
  std::unique_ptr<RestAuth> auth_;
  std::string advice_;
};

Result<std::unique_ptr<RestAuth>> MakeAuthOfType(const AuthConfig& auth, const std::string& type,
                                                 const std::string& advice, HttpClient* client,
                                                 std::shared_ptr<Clock> clock) {
  if (type == "bearer") return MakeBearer(auth);
  if (type == "basic") return MakeBasic(auth);
  if (type == "api_key") return MakeApiKey(auth);
  const OAuth2Grant grant =
      type == "oauth2_refresh_token" ? OAuth2Grant::kRefreshToken : OAuth2Grant::kClientCredentials;
  return MakeOAuth2(auth, grant, advice, client, clock ? std::move(clock) : SystemClock());
}

}  // namespace

Result<std::unique_ptr<RestAuth>> MakeRestAuth(const nlohmann::json& config, HttpClient* client,
                                               std::shared_ptr<Clock> clock,
                                               const std::string& label) {
  if (config.is_null()) return std::unique_ptr<RestAuth>(std::make_unique<NoAuth>());
  SQLFLOW_ASSIGN_OR_RETURN(std::string type, TypeOf(config, label));
  AuthConfig auth(config, type, label);
  SQLFLOW_RETURN_IF_ERROR(auth.CheckFields(FieldsOf(type)));
  SQLFLOW_ASSIGN_OR_RETURN(std::string advice, auth.String("advice", EmptyValue::kAllowed));
  SQLFLOW_ASSIGN_OR_RETURN(std::unique_ptr<RestAuth> made,
                           MakeAuthOfType(auth, type, advice, client, std::move(clock)));
  if (advice.empty()) return made;
  return std::unique_ptr<RestAuth>(std::make_unique<AdvisedAuth>(std::move(made), advice));
}

}  // namespace sqlflow
