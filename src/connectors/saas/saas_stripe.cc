// TYPE STRIPE: api.stripe.com's read API (SPEC-CONNECTORS §3). Lists /v1/<stream>, records in
// "data", newest first, paged by the last record's id (starting_after) while has_more; the key
// in Authorization: Bearer; a Connect account in Stripe-Account; 100 requests a second in live
// mode, which a token bucket of 90/s with a burst of 10 never passes in any one second.
//
// Incremental reads. Objects that never change once made (balance transactions, events) are
// filtered by created[gte]. The others change, and Stripe's lists neither show nor filter by
// changes, so their cursor is a column "updated": a full read sets it to the object's created; a
// read with a watermark lists /v1/events of the stream's types since it instead, each event's
// data.object being the object as it then was, its created the "updated" — merged by id, every
// change lands. Stripe keeps events 30 days: a watermark older than that before the API's own
// time (its Date header, not this machine's clock) reads the list in full instead, "updated"
// then the API's time, so that the runner's cursor filter keeps every row and the next run reads
// events from there.
#include "connectors/saas/saas_stripe.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "connectors/http/retry_policy.h"
#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kOrigin = "https://api.stripe.com";
constexpr int64_t kEventsKeptSeconds = 30 * 86400;
// Events a little younger than 30 days may be gone by the time the read reaches them.
constexpr int64_t kHorizonMarginSeconds = 3600;

std::string StringParam(const Json& params, const char* name) {
  auto it = params.find(name);
  return it != params.end() && it->is_string() ? it->get<std::string>() : "";
}

bool IsAccountId(const std::string& account) {
  if (account.rfind("acct_", 0) != 0 || account.size() == 5) return false;
  for (size_t i = 5; i < account.size(); ++i) {
    if (!std::isalnum(static_cast<unsigned char>(account[i]))) return false;
  }
  return true;
}

Result<Json> StripeCommonParams(const Json& params, const std::string& label) {
  std::string key = StringParam(params, "api_key");
  if (key.empty()) {
    return Status::Invalid(label + ": a STRIPE source needs \"api_key\" (a secret key sk_… or a " +
                           "restricted key rk_… with read permissions); put it in the profile " +
                           "as ${STRIPE_API_KEY}");
  }
  std::string account = StringParam(params, "account");
  if (params.contains("account") && !IsAccountId(account)) {
    return Status::Invalid(label + ": \"account\" must be a Connect account id (acct_ followed " +
                           "by letters and digits)" +
                           (account.empty() ? std::string() : ", not '" + account + "'") +
                           "; leave it out to read the platform's own data");
  }
  std::string base = StringParam(params, "base_url");
  if (base.empty()) base = kOrigin;
  while (!base.empty() && base.back() == '/') base.pop_back();
  Json out = Json::object();
  out["base_url"] = base;
  std::string advice = "check the SOURCE's api_key: a secret key (sk_…) or a restricted key " +
                       std::string("(rk_…) of this Stripe account");
  if (!account.empty()) {
    out["headers"] = Json{{"Stripe-Account", account}};
    advice += ", and its account: " + account + " must be a Connect account of the key's platform";
  }
  out["auth"] = Json{{"type", "bearer"}, {"token", key}, {"advice", advice}};
  out["rate_limit"] = Json{{"requests_per_second", 90}, {"burst", 10}};
  out["params"] = Json::object();
  return out;
}

// "2024-06-01 00:00:00 UTC".
std::string UtcText(int64_t seconds) {
  using namespace std::chrono;
  sys_seconds at{std::chrono::seconds(seconds)};
  sys_days date = floor<days>(at);
  year_month_day ymd(date);
  hh_mm_ss<std::chrono::seconds> time(at - date);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d:%02d UTC",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return text;
}

std::optional<int64_t> WholeNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<int64_t> HttpDateSeconds(const std::string& value) {
  // An IMF-fixdate ("Sat, 01 Jun 2024 00:00:00 GMT"), not delta-seconds, which Retry-After's
  // parser also takes: relative to the epoch, its wait is the date.
  if (value.find("GMT") == std::string::npos) return std::nullopt;
  std::optional<std::chrono::milliseconds> since =
      ParseRetryAfter(value, std::chrono::system_clock::time_point{});
  if (!since) return std::nullopt;
  return since->count() / 1000;
}

Result<RestConfig> StripeChangesRead(const StripeChanges& changes, const RestConfig& config,
                                     const std::optional<std::string>& start,
                                     std::vector<std::string>* notices, const RestProbe& probe) {
  RestConfig out = config;
  out.record.fields = {{"updated", "created"}};
  if (config.cursor_field != "updated" || !start) return out;  // the list
  std::optional<int64_t> watermark = WholeNumber(*start);
  if (!watermark) {
    return Status::Invalid("the watermark of the Stripe stream '" + changes.stream + "' is '" +
                           *start + "', not unix seconds; its cursor \"updated\" is an event's " +
                           "created: run once with --full-refresh to record it again");
  }
  SQLFLOW_ASSIGN_OR_RETURN(HttpResponse first, probe("/v1/events", {{"limit", "1"}}));
  if (first.status == 403) {
    return Status::Invalid("GET " + config.base_url + "/v1/events was refused (403): an " +
                           "incremental read of the Stripe stream '" + changes.stream +
                           "' lists the account's events, which needs the rak_event_read " +
                           "permission: grant it to the key, or remove \"sync_mode\": " +
                           "\"incremental\" to read " + changes.stream + " in full each run");
  }
  // Other failures are the events read's to report (after its retries), in the REST terms.
  std::optional<int64_t> now;
  if (first.status >= 200 && first.status < 300) {
    std::optional<std::string> date = first.Header("Date");
    if (date) now = HttpDateSeconds(*date);
    if (!now) {
      notices->push_back("Stripe sent no Date to tell how old the watermark of " + changes.stream +
                         " is (its events are kept 30 days): read " + changes.stream + " in full");
      // Past the watermark, so that the runner keeps every row.
      return StripeFullRead(out, *watermark + 1);
    }
    if (*watermark < *now - kEventsKeptSeconds + kHorizonMarginSeconds) {
      notices->push_back("Stripe keeps events 30 days; the watermark of " + changes.stream +
                         " is from " + UtcText(*watermark) + ", the API's time " + UtcText(*now) +
                         ": read " + changes.stream + " in full");
      return StripeFullRead(out, *now);
    }
  }
  out.path = "/v1/events";
  out.params = {};
  for (const auto& [name, value] : config.params) {
    if (name == "limit") out.params.emplace_back(name, value);
  }
  for (size_t i = 0; i < changes.event_types.size(); ++i) {
    out.params.emplace_back("types[" + std::to_string(i) + "]", changes.event_types[i]);
  }
  out.incremental_param = "created[gte]";
  out.record.path = "data.object";
  return out;
}

RestConfig StripeFullRead(RestConfig config, int64_t now) {
  config.incremental_param.clear();
  // Every row as of the API's time: the runner keeps rows at or past the watermark, and the
  // next run reads events from here.
  config.record.fields.clear();
  config.record.values = {{"updated", Json(now)}};
  return config;
}

namespace {

SaasStream Stream(std::string name, std::string permission) {
  SaasStream s;
  s.path = "/v1/" + name;
  s.data_selector = "data";
  s.primary_key = {"id"};
  s.params = Json{{"limit", 100}};
  s.permission = std::move(permission);
  s.name = std::move(name);
  return s;
}

// An object that never changes once made: incremental by created.
SaasStream Immutable(std::string name, std::string permission) {
  SaasStream s = Stream(std::move(name), std::move(permission));
  s.cursor_field = "created";
  s.incremental_param = "created[gte]";
  return s;
}

// An object that changes: incremental through the events of `types` (data.object: the object).
SaasStream Mutable(std::string name, std::string permission, std::vector<std::string> types) {
  SaasStream s = Stream(std::move(name), std::move(permission));
  s.cursor_field = "updated";
  s.incremental_param = "created[gte]";
  StripeChanges changes{s.name, std::move(types)};
  s.extensions.read_config = [changes](const RestConfig& config,
                                       const std::optional<std::string>& start,
                                       std::vector<std::string>* notices, const RestProbe& probe) {
    return StripeChangesRead(changes, config, start, notices, probe);
  };
  return s;
}

SaasApi MakeStripe() {
  SaasApi api;
  api.type = "STRIPE";
  api.name = "Stripe";
  api.description = "a Stripe account's charges, customers, invoices, subscriptions, … (API v1)";
  SaasStream subscriptions = Mutable(
      "subscriptions", "rak_subscription_read",
      {"customer.subscription.created", "customer.subscription.updated",
       "customer.subscription.deleted", "customer.subscription.paused",
       "customer.subscription.resumed", "customer.subscription.pending_update_applied",
       "customer.subscription.pending_update_expired", "customer.subscription.trial_will_end"});
  subscriptions.params["status"] = "all";  // Stripe lists canceled ones only when asked
  // An event's data.object is any kind of object: as one STRUCT it would change with every new
  // kind of event, so it stays JSON (data.object.id, ->> in SQL).
  SaasStream events = Immutable("events", "rak_event_read");
  events.columns["data"] = "JSON";
  api.streams = {
      Mutable("charges", "rak_charge_read",
              {"charge.captured", "charge.expired", "charge.failed", "charge.pending",
               "charge.refunded", "charge.succeeded", "charge.updated"}),
      Mutable("customers", "rak_customer_read",
              {"customer.created", "customer.updated", "customer.deleted"}),
      Mutable("invoices", "rak_invoice_read",
              {"invoice.created", "invoice.deleted", "invoice.finalized",
               "invoice.finalization_failed", "invoice.marked_uncollectible", "invoice.overdue",
               "invoice.paid", "invoice.payment_action_required", "invoice.payment_failed",
               "invoice.payment_succeeded", "invoice.sent", "invoice.updated", "invoice.voided"}),
      subscriptions,
      Mutable("refunds", "rak_refund_read",
              {"refund.created", "refund.updated", "refund.failed", "charge.refund.updated"}),
      Mutable("payment_intents", "rak_payment_intent_read",
              {"payment_intent.created", "payment_intent.amount_capturable_updated",
               "payment_intent.canceled", "payment_intent.partially_funded",
               "payment_intent.payment_failed", "payment_intent.processing",
               "payment_intent.requires_action", "payment_intent.succeeded"}),
      Immutable("balance_transactions", "rak_balance_transaction_source_read"),
      events,
  };
  api.paginator = nlohmann::json{{"type", "last_record"},
                                 {"cursor_field", "id"},
                                 {"cursor_param", "starting_after"},
                                 {"has_more_path", "has_more"}};
  api.common_params = StripeCommonParams;
  api.params = {
      {"api_key", ParamType::kString, true, "secret key sk_… or restricted key rk_… (secret)"},
      {"account", ParamType::kString, false,
       "a Connect account (acct_…) to read instead of the platform, sent as Stripe-Account"},
  };
  return api;
}

}  // namespace

const SaasApi& StripeApi() {
  static const SaasApi api = MakeStripe();
  return api;
}

}  // namespace sqlflow
