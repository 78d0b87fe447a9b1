#include "connectors/rest/rest_oauth2.h"

#include <algorithm>
#include <charconv>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "common/status_prefix.h"
#include "common/strings.h"
#include "connectors/http/curl_session.h"
#include "connectors/rest/rest_json_path.h"

namespace sqlflow {
namespace {

using std::chrono::seconds;

// A token endpoint's error_description is shown up to this length.
constexpr size_t kMaxDescription = 200;
// An expires_in beyond this (ten years) is taken as this: the arithmetic stays in range.
constexpr double kMaxLifetimeSeconds = 10.0 * 365 * 24 * 3600;

struct CachedToken {
  std::string value;
  std::string scheme;           // "Bearer", or the reply's token_type when it names another
  Clock::TimePoint refresh_at;  // fetched again from this instant on
  // Fetched because the one before was refused with a 401: refused at its first use too, it
  // shows that the credentials are wrong, not stale.
  bool replaces_refused = false;
  int uses = 0;               // requests it was applied to
  std::string refresh_token;  // a new refresh token the reply gave (rotation); "" when none
};

// The reply's expires_in — a number, or a number in a string as some services send it — or
// the default when it is absent or not a positive number.
seconds LifetimeOf(const nlohmann::json& reply) {
  auto it = reply.find("expires_in");
  double value = 0;
  if (it != reply.end() && it->is_number()) {
    value = it->get<double>();
  } else if (it != reply.end() && it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    std::from_chars(text.data(), text.data() + text.size(), value);
  }
  if (!(value >= 1)) return kDefaultTokenLifetime;
  return seconds(static_cast<int64_t>(std::min(value, kMaxLifetimeSeconds)));
}

// RFC 3986 unreserved characters, sent as they are.
bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// The Authorization scheme: "Bearer" unless token_type names another scheme (one word).
std::string SchemeOf(const nlohmann::json& reply) {
  auto it = reply.find("token_type");
  if (it == reply.end() || !it->is_string()) return "Bearer";
  const std::string& type = it->get_ref<const std::string&>();
  const bool one_word = !type.empty() && std::all_of(type.begin(), type.end(), [](char c) {
    return IsUnreserved(c) && c != '.' && c != '~';
  });
  if (!one_word || EqualsIgnoreCase(type, "bearer")) return "Bearer";
  return type;
}

std::string KeysOf(const nlohmann::json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys.empty() ? "none" : Join(keys);
}

// `text` with every secret replaced by "***".
std::string Scrubbed(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

// What to check after the token endpoint refused a refresh token: by the OAuth error code,
// else the status.
std::string RefreshAdvice(long status, const std::string& error) {
  if (error == "invalid_grant") {
    return "the refresh token is invalid, expired or revoked: check auth.refresh_token, or "
           "authorize the app again for a new one";
  }
  if (error == "unsupported_grant_type" || error == "unauthorized_client") {
    return "the client may not use the refresh_token grant there; check auth.token_url and the "
           "client's settings at the provider";
  }
  if (error == "invalid_client" || status == 401) {
    return "check auth.client_id and auth.client_secret";
  }
  if (status == 400 || status == 403) {
    return "check auth.refresh_token (authorize the app again if it was revoked), "
           "auth.client_id and auth.client_secret";
  }
  if (status == 404 || status == 405) return "check auth.token_url";
  return "check auth.token_url, or try again later if the service is failing";
}

// What to check after the token endpoint refused: by the OAuth error code, else the status.
std::string EndpointAdvice(const OAuth2Settings& settings, long status, const std::string& error) {
  if (!settings.advice.empty()) return settings.advice;
  if (settings.grant == OAuth2Grant::kRefreshToken) return RefreshAdvice(status, error);
  if (error == "invalid_scope") return "check auth.scopes";
  if (error == "unsupported_grant_type" || error == "unauthorized_client") {
    return "the client may not use the client_credentials grant there; check auth.token_url "
           "and the client's settings at the provider";
  }
  if (status == 400 || status == 401) return "check auth.client_id and auth.client_secret";
  if (status == 403) {
    return "check that the client may get tokens for these scopes (auth.client_id, "
           "auth.scopes)";
  }
  if (status == 404 || status == 405) return "check auth.token_url";
  return "check auth.token_url, or try again later if the service is failing";
}

std::string WithoutQuery(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

class OAuth2Auth final : public RestAuth {
 public:
  OAuth2Auth(OAuth2Settings settings, std::string host, HttpClient* client,
             std::shared_ptr<Clock> clock, std::string label)
      : settings_(std::move(settings)),
        refresh_token_(settings_.refresh_token),
        host_(std::move(host)),
        client_(client),
        clock_(std::move(clock)),
        label_(std::move(label)) {}

  // The lock is held while a token is fetched: the other streams wait for it rather than each
  // fetching its own.
  Status Apply(HttpPairs* headers, HttpPairs* /*query*/) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!token_ || clock_->Now() >= token_->refresh_at) SQLFLOW_RETURN_IF_ERROR(FetchToken());
    ++token_->uses;
    SetHeader(headers, "Authorization", token_->scheme + " " + token_->value);
    return Status::OK();
  }

  bool RefreshAfterUnauthorized(const HttpPairs& refused_headers) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::string sent;
    for (const auto& [name, value] : refused_headers) {
      if (EqualsIgnoreCase(name, "Authorization")) sent = value;
    }
    // Another stream has dropped or replaced the token this request carried: send it again.
    if (!sent.empty() && (!token_ || sent != token_->scheme + " " + token_->value)) return true;
    if (!token_ || (token_->replaces_refused && token_->uses <= 1)) return false;
    token_.reset();
    next_replaces_refused_ = true;
    return true;
  }

  std::string Describe() const override {
    return std::string(RefreshGrant() ? "oauth2 refresh token" : "oauth2 client credentials") +
           " (client_id " + settings_.client_id + ", token from " +
           WithoutQuery(settings_.token_url) + ")";
  }

  std::string Advice() const override {
    if (RefreshGrant()) {
      return "check auth.client_id, auth.client_secret and auth.refresh_token, and that the app "
             "was granted the scopes this resource needs";
    }
    return "check auth.client_id and auth.client_secret, and that the client may read this "
           "resource (auth.scopes, auth.audience)";
  }

  std::vector<std::string> Secrets() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return SecretsLocked();
  }

 private:
  std::vector<std::string> SecretsLocked() const {  // REQUIRES: mu_ held
    std::vector<std::string> values = issued_;
    values.push_back(settings_.client_secret);
    values.push_back(settings_.refresh_token);
    if (refresh_token_ != settings_.refresh_token) values.push_back(refresh_token_);
    return SecretForms(values);
  }

  bool RefreshGrant() const { return settings_.grant == OAuth2Grant::kRefreshToken; }
  Status FetchToken();
  std::string FormBody() const;
  Result<CachedToken> TokenFromReply(const HttpResponse& response,
                                     Clock::TimePoint requested_at) const;
  Status EndpointError(const HttpResponse& response) const;
  Status Failure(const std::string& what) const {
    return Status::IoError(label_ + ": cannot get an OAuth2 token: " + what);
  }

  const OAuth2Settings settings_;
  std::string refresh_token_;  // the one to send next: the settings', or a rotated one
  const std::string host_;     // the token endpoint's, as messages name it
  HttpClient* const client_;
  const std::shared_ptr<Clock> clock_;
  const std::string label_;
  mutable std::mutex mu_;  // guards what follows, and refresh_token_
  std::optional<CachedToken> token_;
  bool next_replaces_refused_ = false;
  std::vector<std::string> issued_;  // every token fetched, for Secrets()
};

std::string OAuth2Auth::FormBody() const {
  std::string body = RefreshGrant() ? "grant_type=refresh_token" : "grant_type=client_credentials";
  body += "&client_id=" + FormEncode(settings_.client_id) +
          "&client_secret=" + FormEncode(settings_.client_secret);
  if (RefreshGrant()) body += "&refresh_token=" + FormEncode(refresh_token_);
  if (!settings_.scope.empty()) body += "&scope=" + FormEncode(settings_.scope);
  if (!settings_.audience.empty()) body += "&audience=" + FormEncode(settings_.audience);
  return body;
}

Status OAuth2Auth::FetchToken() {
  HttpRequest request;
  request.method = "POST";
  request.url = settings_.token_url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = FormBody();
  // Timed from the request, not the reply: the token's lifetime started no later.
  const Clock::TimePoint requested_at = clock_->Now();
  Result<HttpResponse> response = client_->Send(request);
  if (!response.ok()) return Prefixed(response.status(), label_ + ": cannot get an OAuth2 token: ");
  if (response->status < 200 || response->status >= 300) return EndpointError(*response);
  SQLFLOW_ASSIGN_OR_RETURN(CachedToken token, TokenFromReply(*response, requested_at));
  token.replaces_refused = next_replaces_refused_;
  next_replaces_refused_ = false;
  issued_.push_back(token.value);
  if (!token.refresh_token.empty()) refresh_token_ = token.refresh_token;
  token_ = std::move(token);
  return Status::OK();
}

Result<CachedToken> OAuth2Auth::TokenFromReply(const HttpResponse& response,
                                               Clock::TimePoint requested_at) const {
  const std::string reply_from = "the token endpoint's reply (" + host_ + ")";
  const nlohmann::json reply = nlohmann::json::parse(response.body, nullptr, false);
  if (reply.is_discarded()) {
    // Not the body itself: a form-encoded reply would hold the token.
    std::string what = response.body.empty() ? "is empty" : "is not JSON";
    return Failure(reply_from + " " + what + " (Content-Type " +
                   response.Header("Content-Type").value_or("not given") +
                   "); check auth.token_url");
  }
  if (!reply.is_object()) {
    return Failure(reply_from + " has no access_token: it is " + DescribeJsonTop(reply) +
                   "; check auth.token_url");
  }
  auto it = reply.find("access_token");
  if (it == reply.end()) {
    return Failure(reply_from + " has no access_token; its keys: " + KeysOf(reply) +
                   "; check auth.token_url");
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return Failure(reply_from + " has an access_token that is " + DescribeJsonTop(*it) +
                   (it->is_string() ? " (empty)" : "") + ", not a token");
  }
  CachedToken token;
  token.value = it->get<std::string>();
  token.scheme = SchemeOf(reply);
  if (RefreshGrant() && reply.contains("refresh_token") && reply["refresh_token"].is_string()) {
    token.refresh_token = reply["refresh_token"].get<std::string>();
  }
  const seconds lifetime = LifetimeOf(reply);
  token.refresh_at = requested_at + lifetime - std::min<seconds>(kTokenExpiryMargin, lifetime / 2);
  return token;
}

Status OAuth2Auth::EndpointError(const HttpResponse& response) const {
  std::string what = "the token endpoint " + host_ + " answered " + std::to_string(response.status);
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  // RFC 6749's {"error", "error_description"}, else the {"status", "message"} some services
  // answer with (HubSpot's {"status": "BAD_REFRESH_TOKEN", "message": "…"}).
  auto text = [&](const char* key) -> std::string {
    auto it = body.is_object() ? body.find(key) : body.end();
    return it != body.end() && it->is_string() ? it->get<std::string>() : "";
  };
  std::string error = text("error");
  std::string description = text("error_description");
  if (error.empty()) {
    error = text("status");
    description = error.empty() ? "" : text("message");
  }
  if (!error.empty()) {
    std::string detail = error;
    if (!description.empty()) detail += ": " + description.substr(0, kMaxDescription);
    // A service may echo what it was sent: never show a secret.
    what += " (" + Scrubbed(detail, SecretsLocked()) + ")";
  }
  return Failure(what + "; " + EndpointAdvice(settings_, response.status, error));
}

}  // namespace

std::unique_ptr<RestAuth> MakeOAuth2Auth(OAuth2Settings settings, HttpClient* client,
                                         std::shared_ptr<Clock> clock, std::string label) {
  Result<std::string> host = HostOfUrl(settings.token_url);
  std::string shown_host = host.ok() ? *host : WithoutQuery(settings.token_url);
  return std::make_unique<OAuth2Auth>(std::move(settings), std::move(shown_host), client,
                                      std::move(clock), std::move(label));
}

std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsUnreserved(c)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

void SetHeader(HttpPairs* headers, const std::string& name, std::string value) {
  std::erase_if(*headers, [&](const auto& pair) { return EqualsIgnoreCase(pair.first, name); });
  headers->emplace_back(name, std::move(value));
}

std::vector<std::string> SecretForms(const std::vector<std::string>& values) {
  std::vector<std::string> forms;
  for (const std::string& value : values) {
    if (value.empty()) continue;
    forms.push_back(value);
    std::string encoded = FormEncode(value);
    if (encoded != value) forms.push_back(std::move(encoded));
  }
  return forms;
}

}  // namespace sqlflow
