// TYPE HUBSPOT: HubSpot's CRM v3 API (SPEC-CONNECTORS §3) on https://api.hubapi.com.
//
// Auth: a private app's access token (bearer), or a public app's OAuth client with a refresh
// token (REST auth oauth2_refresh_token against /oauth/v1/token on the same origin). Each stream
// of a SOURCE is a REST source of its own, so each fetches its own access token (one token
// request per stream and run; HubSpot does not rotate refresh tokens, so they do not conflict).
//
// Reads: GET /crm/v3/objects/{type}?limit=100&properties=… paged by paging.next.after (the last
// page has no "paging"); each record's "properties" are lifted to columns beside id, createdAt,
// updatedAt and archived. Property values are strings: times become TIMESTAMPTZ and amounts
// DOUBLE through the REST "columns" overrides.
//
// Incremental: a read with a watermark searches instead (POST /crm/v3/objects/{type}/search,
// the last-modified property GTE the watermark, sorted by hs_object_id, 200 a page, `after` in
// the body). A search serves at most 10,000 results per query: before a page would pass that
// window, the search starts again with hs_object_id GT the last id read and `after` reset, so a
// read of any number of changes loses none. Search never returns archived records: a deletion
// reaches the table only with a full read. Owners have no search: they are read in full (there
// are few) and the runner keeps the changed ones.
//
// Rate limits: 190 requests per 10 s for private apps, as a token bucket of 17/s with a burst of
// 10 (never more than 180 in any 10 s); search allows 5 a second besides, so a SOURCE that reads
// incrementally keeps its streams together under 4/s with a burst of 1 (at most 5 in any
// second). A 429 with policyName SECONDLY is retried with backoff (HubSpot sends no
// Retry-After); one with policyName DAILY fails the read at once: no retry within the run helps.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>

#include "common/strings.h"
#include "connectors/rest/rest_json_path.h"
#include "connectors/rest/rest_paginator.h"
#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kOrigin = "https://api.hubapi.com";
constexpr const char* kTokenPath = "/oauth/v1/token";
constexpr int kListLimit = 100;
constexpr int kSearchLimit = 200;
// Results one search query can page through (after + limit may not pass it).
constexpr int64_t kSearchWindow = 10000;
constexpr const char* kAfterPath = "paging.next.after";

std::string StringParam(const Json& params, const char* name) {
  auto it = params.find(name);
  return it != params.end() && it->is_string() ? it->get<std::string>() : "";
}

// The auth of the SOURCE's params: access_token, or client_id + client_secret + refresh_token.
Result<Json> HubspotAuth(const Json& params, const std::string& base, const std::string& label) {
  const std::string token = StringParam(params, "access_token");
  const char* const oauth_names[] = {"client_id", "client_secret", "refresh_token"};
  std::vector<std::string> given, missing;
  for (const char* name : oauth_names) {
    (StringParam(params, name).empty() ? missing : given).push_back(name);
  }
  if (!token.empty() && !given.empty()) {
    return Status::Invalid(label + ": a HUBSPOT source takes \"access_token\" (a private app) or " +
                           "\"client_id\", \"client_secret\" and \"refresh_token\" (OAuth), not " +
                           "both; remove " + Join(given));
  }
  if (!token.empty()) {
    return Json{{"type", "bearer"},
                {"token", token},
                {"advice", "check the SOURCE's access_token: a private app's access token " +
                               std::string("(pat-…) that is active and has the scopes of the ") +
                               "streams read"}};
  }
  if (given.empty()) {
    return Status::Invalid(label + ": a HUBSPOT source needs \"access_token\" (a private app's " +
                           "token, pat-…; put it in the profile as ${HUBSPOT_ACCESS_TOKEN}) or " +
                           "\"client_id\", \"client_secret\" and \"refresh_token\" (a public " +
                           "app's OAuth credentials)");
  }
  if (!missing.empty()) {
    return Status::Invalid(label + ": HUBSPOT OAuth needs \"client_id\", \"client_secret\" and " +
                           "\"refresh_token\"; " + Join(missing) + " missing (or empty: is " +
                           "its variable set?)");
  }
  Json auth = {{"type", "oauth2_refresh_token"}, {"token_url", base + kTokenPath}};
  for (const char* name : oauth_names) auth[name] = StringParam(params, name);
  auth["advice"] =
      "check the SOURCE's client_id, client_secret and refresh_token (a refresh token stops "
      "working when the app is uninstalled: authorize the app again for a new one), and that the "
      "app has the scopes of the streams read";
  return auth;
}

const SaasApi& HubspotApiRef();

// The SOURCE's "properties": {"contacts": ["favorite_color"], …}, the portal's own properties
// a stream also asks for. InvalidArgument for anything else.
Status CheckExtraProperties(const Json& params, const std::string& label) {
  auto it = params.find("properties");
  if (it == params.end()) return Status::OK();
  const std::string example = " (e.g. {\"contacts\": [\"favorite_color\"]})";
  if (!it->is_object()) {
    return Status::Invalid(label + ": \"properties\" must be an object of stream: list of " +
                           "property names" + example);
  }
  for (auto entry = it->begin(); entry != it->end(); ++entry) {
    const SaasStream* stream = FindStream(HubspotApiRef(), entry.key());
    if (stream == nullptr || !stream->params.contains("properties")) {
      return Status::Invalid(label + ": properties." + entry.key() + ": no HubSpot stream '" +
                             entry.key() + "' has properties; the streams with properties: " +
                             "contacts, companies, deals, tickets, calls, emails, meetings, " +
                             "notes, tasks");
    }
    bool names = entry->is_array();
    for (const Json& name : names ? *entry : Json::array()) {
      const std::string text = name.is_string() ? name.get<std::string>() : "";
      names = names && !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
              });
    }
    if (!names) {
      return Status::Invalid(label + ": properties." + entry.key() + " must be a list of " +
                             "HubSpot property names (letters, digits, _)" + example);
    }
  }
  return Status::OK();
}

// A stream with the SOURCE's extra properties for it.
void AddExtraProperties(const Json& params, SaasStream* stream) {
  auto it = params.find("properties");
  if (it == params.end() || !it->is_object() || !it->contains(stream->name)) return;
  if (!stream->params.contains("properties")) return;
  std::string list = stream->params["properties"].get<std::string>();
  for (const Json& name : (*it)[stream->name]) {
    if (name.is_string()) list += "," + name.get<std::string>();
  }
  stream->params["properties"] = list;
}

Result<Json> HubspotCommonParams(const Json& params, const std::string& label) {
  SQLFLOW_RETURN_IF_ERROR(CheckExtraProperties(params, label));
  std::string base = StringParam(params, "base_url");
  if (base.empty()) base = kOrigin;
  while (!base.empty() && base.back() == '/') base.pop_back();
  SQLFLOW_ASSIGN_OR_RETURN(Json auth, HubspotAuth(params, base, label));
  Json out = Json::object();
  out["base_url"] = base;
  out["auth"] = std::move(auth);
  out["record"] = Json{{"lift", "properties"}};
  // Search (incremental reads) allows 5 requests a second besides the general 190 per 10 s.
  const bool incremental = ToLowerAscii(StringParam(params, "sync_mode")) == "incremental";
  out["rate_limit"] = incremental ? Json{{"requests_per_second", 4}, {"burst", 1}}
                                  : Json{{"requests_per_second", 17}, {"burst", 10}};
  out["params"] = Json::object();
  return out;
}

// "2024-05-31T12:00:00.123Z" (RestSource::StartValueFor's form) as epoch milliseconds, the
// form HubSpot documents for time filters; anything else as it is.
std::string FilterValue(const std::string& start) {
  static const std::regex kUtc(
      R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.(\d{1,3})\d*)?Z)");
  std::smatch m;
  if (!std::regex_match(start, m, kUtc)) return start;
  auto number = [&](int i) { return std::stoi(m[i].str()); };
  using namespace std::chrono;
  sys_seconds at = sys_days(year{number(1)} / month(number(2)) / day(number(3))) +
                   hours(number(4)) + minutes(number(5)) + seconds(number(6));
  int64_t ms = duration_cast<milliseconds>(at.time_since_epoch()).count();
  if (m[8].matched) {
    std::string fraction = m[8].str();
    fraction.resize(3, '0');
    ms += std::stoi(fraction);
  }
  return std::to_string(ms);
}

// The `properties` query param of a list ("a,b,c") as the search body's list.
nlohmann::json PropertyList(const RestConfig& config) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [name, value] : config.params) {
    if (name != "properties") continue;
    std::string property;
    for (char c : value + ",") {
      if (c != ',') {
        if (c != ' ') property += c;
      } else if (!property.empty()) {
        list.push_back(std::exchange(property, ""));
      }
    }
  }
  return list;
}

// A read with a watermark: the search of the records modified since, sorted by id.
RestConfig SearchConfig(const RestConfig& config, const std::string& start,
                        const std::string& last_modified) {
  RestConfig search = config;
  search.method = "POST";
  search.path = config.path + "/search";
  search.params.clear();
  search.incremental_param.clear();
  nlohmann::json since = {
      {"propertyName", last_modified}, {"operator", "GTE"}, {"value", FilterValue(start)}};
  nlohmann::json body = {
      {"filterGroups", {{{"filters", {since}}}}},
      {"sorts", {{{"propertyName", "hs_object_id"}, {"direction", "ASCENDING"}}}},
      {"limit", kSearchLimit}};
  nlohmann::json properties = PropertyList(config);
  if (!properties.empty()) body["properties"] = properties;
  search.json_body = body;
  return search;
}

// HubSpot's paging: the next page's `after` at paging.next.after (absent on the last page) — a
// query param of a list, a body field of a search. A search restarts past its window with
// hs_object_id GT the last id read (the search is sorted by id), so that no change is lost.
class HubspotPaginator final : public Paginator {
 public:
  // `search_filters`: the search's filters (null: a list); `limit`: its page size.
  HubspotPaginator(nlohmann::json search_filters, int64_t limit, std::string label)
      : filters_(std::move(search_filters)), limit_(limit), label_(std::move(label)) {}

  PageRequest First() override {
    restart_fields_ = nullptr;
    previous_.clear();
    return {};
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    if (page.records == 0 || page.body == nullptr) return std::optional<PageRequest>();
    const RestJson* after = FindJsonPath(*page.body, kAfterPath);
    if (after == nullptr || after->is_null()) return std::optional<PageRequest>();
    std::string cursor = after->is_string() ? after->get<std::string>() : after->dump();
    if (cursor.empty()) return std::optional<PageRequest>();
    if (cursor == previous_) {
      return Status::Invalid(label_ + ": HubSpot answered the same paging.next.after '" + cursor +
                             "' twice; the API ignores `after` here, so paging would not end");
    }
    previous_ = cursor;
    if (!filters_.is_null() && PassesWindow(cursor)) return Restart(page);
    PageRequest next;
    next.query = {{"after", cursor}};
    next.body_fields = restart_fields_;
    return std::optional(std::move(next));
  }

 private:
  // The page after `cursor` (an offset) would pass the search's 10,000-result window.
  bool PassesWindow(const std::string& cursor) const {
    if (cursor.empty() || cursor.find_first_not_of("0123456789") != std::string::npos ||
        cursor.size() > 15) {
      return false;  // not an offset: HubSpot's own cursor, which the window does not limit
    }
    return std::stoll(cursor) + limit_ > kSearchWindow;
  }

  Result<std::optional<PageRequest>> Restart(const PageResponse& page) {
    const RestJson* id =
        page.last_record == nullptr ? nullptr : FindJsonPath(*page.last_record, "id");
    if (id == nullptr || !(id->is_string() || id->is_number())) {
      return Status::Invalid(label_ + ": a HubSpot search page's last record has no id, so the " +
                             "search cannot go on past its 10,000-result window");
    }
    const std::string last_id = id->is_string() ? id->get<std::string>() : id->dump();
    nlohmann::json filters = filters_;
    filters.push_back({{"propertyName", "hs_object_id"}, {"operator", "GT"}, {"value", last_id}});
    restart_fields_ = {{"filterGroups", {{{"filters", filters}}}}};
    previous_.clear();
    PageRequest again;  // no `after`: the narrowed search starts at its first result
    again.body_fields = restart_fields_;
    return std::optional(std::move(again));
  }

  const nlohmann::json filters_;
  const int64_t limit_;
  const std::string label_;
  nlohmann::json restart_fields_;  // the narrowed filters since the last restart; null before
  std::string previous_;
};

Result<std::unique_ptr<Paginator>> MakeHubspotPaginator(const RestConfig& config,
                                                        const std::string& label) {
  nlohmann::json filters;  // null: a list
  int64_t limit = kListLimit;
  if (config.method == "POST" && config.json_body && config.json_body->is_object()) {
    // The body SearchConfig made: one filter group.
    const nlohmann::json& body = *config.json_body;
    const nlohmann::json* group = FindJsonPath(body, "filterGroups.0.filters");
    filters = group != nullptr && group->is_array() ? *group : nlohmann::json::array();
    auto it = body.find("limit");
    limit = it != body.end() && it->is_number_integer() ? it->get<int64_t>() : kSearchLimit;
  }
  return std::unique_ptr<Paginator>(
      std::make_unique<HubspotPaginator>(std::move(filters), limit, label));
}

// HubSpot's 429s say which limit was hit: {"policyName": "SECONDLY" | "DAILY", …}. The daily
// limit lifts only at the account's midnight: no retry within the run helps.
std::string DailyLimitReached(const HttpResponse& response) {
  if (response.status != 429) return "";
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object() || body.value("policyName", "") != "DAILY") return "";
  return "HubSpot's daily API limit for this account is reached (429, policyName DAILY), so no "
         "request succeeds until it resets at midnight in the account's time zone; run again "
         "then, or raise the limit (HubSpot's API add-on)";
}

// A stream of CRM objects: /crm/v3/objects/{name}.
SaasStream Objects(std::string name, std::string scope, std::string last_modified,
                   std::vector<std::string> properties) {
  SaasStream s;
  s.path = "/crm/v3/objects/" + name;
  s.data_selector = "results";
  s.primary_key = {"id"};
  s.cursor_field = last_modified;
  s.incremental_param = last_modified;  // a marker: the search's filter, set per read
  properties.push_back("createdate");
  properties.push_back(last_modified);
  s.params = Json{{"limit", kListLimit}, {"properties", Join(properties, ",")}};
  for (const char* time : {"createdAt", "updatedAt", "archivedAt", "createdate"}) {
    s.columns[time] = "TIMESTAMPTZ";
  }
  s.columns[last_modified] = "TIMESTAMPTZ";
  s.permission = std::move(scope);
  s.extensions.read_config = [last_modified](
                                 const RestConfig& config, const std::optional<std::string>& start,
                                 std::vector<std::string>*, const auto&...) -> Result<RestConfig> {
    if (!start) return config;
    return SearchConfig(config, *start, last_modified);
  };
  s.extensions.paginator = MakeHubspotPaginator;
  s.extensions.final_response = DailyLimitReached;
  s.name = std::move(name);
  return s;
}

SaasStream Engagements(std::string name, std::string scope, std::vector<std::string> properties) {
  properties.insert(properties.begin(), "hs_timestamp");
  properties.push_back("hubspot_owner_id");
  SaasStream s =
      Objects(std::move(name), std::move(scope), "hs_lastmodifieddate", std::move(properties));
  s.columns["hs_timestamp"] = "TIMESTAMPTZ";
  return s;
}

// Owners have no search: read in full (an account has few), the runner keeps the changed ones.
SaasStream Owners() {
  SaasStream s;
  s.name = "owners";
  s.path = "/crm/v3/owners";
  s.data_selector = "results";
  s.primary_key = {"id"};
  s.cursor_field = "updatedAt";
  s.incremental_param = "updatedAt";  // a marker: never sent (read_config drops it)
  s.params = Json{{"limit", kListLimit}};
  s.columns = Json{{"createdAt", "TIMESTAMPTZ"}, {"updatedAt", "TIMESTAMPTZ"}};
  s.permission = "crm.objects.owners.read";
  s.extensions.read_config = [](const RestConfig& config, const std::optional<std::string>&,
                                std::vector<std::string>*, const auto&...) -> Result<RestConfig> {
    RestConfig full = config;
    full.incremental_param.clear();
    return full;
  };
  s.extensions.paginator = MakeHubspotPaginator;
  s.extensions.final_response = DailyLimitReached;
  return s;
}

SaasApi MakeHubSpot() {
  SaasApi api;
  api.type = "HUBSPOT";
  api.name = "HubSpot";
  api.description =
      "a HubSpot account's contacts, companies, deals, tickets, owners and "
      "engagements (CRM v3 API)";
  SaasStream contacts =
      Objects("contacts", "crm.objects.contacts.read", "lastmodifieddate",
              {"email", "firstname", "lastname", "phone", "company", "jobtitle", "lifecyclestage",
               "hs_lead_status", "hs_analytics_source", "hubspot_owner_id"});
  SaasStream companies =
      Objects("companies", "crm.objects.companies.read", "hs_lastmodifieddate",
              {"name", "domain", "industry", "city", "country", "numberofemployees",
               "annualrevenue", "lifecyclestage", "hubspot_owner_id"});
  companies.columns["numberofemployees"] = "BIGINT";
  companies.columns["annualrevenue"] = "DOUBLE";
  SaasStream deals = Objects(
      "deals", "crm.objects.deals.read", "hs_lastmodifieddate",
      {"dealname", "amount", "dealstage", "pipeline", "closedate", "dealtype", "hubspot_owner_id"});
  deals.columns["amount"] = "DOUBLE";
  deals.columns["closedate"] = "TIMESTAMPTZ";
  SaasStream tickets = Objects("tickets", "tickets", "hs_lastmodifieddate",
                               {"subject", "content", "hs_pipeline", "hs_pipeline_stage",
                                "hs_ticket_priority", "hs_ticket_category", "hubspot_owner_id"});
  SaasStream meetings = Engagements("meetings", "crm.objects.contacts.read",
                                    {"hs_meeting_title", "hs_meeting_body", "hs_meeting_start_time",
                                     "hs_meeting_end_time", "hs_meeting_outcome"});
  meetings.columns["hs_meeting_start_time"] = "TIMESTAMPTZ";
  meetings.columns["hs_meeting_end_time"] = "TIMESTAMPTZ";
  api.streams = {
      contacts,
      companies,
      deals,
      tickets,
      Owners(),
      Engagements("calls", "crm.objects.contacts.read",
                  {"hs_call_title", "hs_call_body", "hs_call_duration", "hs_call_direction",
                   "hs_call_status"}),
      Engagements("emails", "sales-email-read",
                  {"hs_email_subject", "hs_email_text", "hs_email_direction", "hs_email_status"}),
      meetings,
      Engagements("notes", "crm.objects.contacts.read", {"hs_note_body"}),
      Engagements("tasks", "crm.objects.contacts.read",
                  {"hs_task_subject", "hs_task_body", "hs_task_status", "hs_task_priority",
                   "hs_task_type"}),
  };
  // The config's paginator names the path the page's envelope must keep (rest_page_body.h);
  // the streams page with HubspotPaginator.
  api.paginator =
      nlohmann::json{{"type", "cursor"}, {"cursor_path", kAfterPath}, {"cursor_param", "after"}};
  api.common_params = HubspotCommonParams;
  api.adjust_stream = AddExtraProperties;
  // The general limit's requests left in its 10-second window: other apps of the portal count.
  api.usage_header = "X-HubSpot-RateLimit-Remaining";
  api.params = {
      {"access_token", ParamType::kString, false,
       "a private app's access token (pat-…; secret); or the three OAuth params"},
      {"client_id", ParamType::kString, false, "OAuth: the public app's client id"},
      {"client_secret", ParamType::kString, false, "OAuth: the app's client secret (secret)"},
      {"refresh_token", ParamType::kString, false,
       "OAuth: the refresh token of the app's install (secret)"},
      {"properties", ParamType::kObject, false,
       "the portal's own properties a stream also reads: {\"contacts\": [\"favorite_color\"]}"},
  };
  return api;
}

const SaasApi& HubspotApiRef() {
  static const SaasApi api = MakeHubSpot();
  return api;
}

}  // namespace

const SaasApi& HubspotApi() { return HubspotApiRef(); }

}  // namespace sqlflow
