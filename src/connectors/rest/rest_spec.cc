#include "connectors/rest/rest_spec.h"

#include "connectors/connector_registry.h"

namespace sqlflow {

ConnectorSpec RestSourceSpec() {
  ConnectorSpec spec{
      "REST",
      "records from an HTTP JSON API, page by page",
      {
          {"base_url", ParamType::kString, true, "https://api.example.com/v2"},
          {"path", ParamType::kString, false, "below base_url: /tickets"},
          {"method", ParamType::kString, false, "GET (default) or POST", {"GET", "POST"}},
          {"json", ParamType::kObject, false, "POST body"},
          {"params", ParamType::kObject, false, "query params"},
          {"headers", ParamType::kObject, false, "request headers"},
          {"auth", ParamType::kObject, false,
           "bearer, basic, api_key, oauth2_client_credentials or oauth2_refresh_token (secrets "
           "masked)"},
          {"data_selector", ParamType::kString, false, "dotted path to the records array"},
          {"paginator", ParamType::kObject, false,
           "page_number, offset, cursor, header_cursor, header_link, json_link, single_page"},
          {"flatten", ParamType::kBool, false, "nested objects as a.b columns"},
          {"record", ParamType::kObject, false,
           "each item as a row: path (the object in it), lift (an object whose fields move up), "
           "fields ({\"column\": \"path in the item\"})"},
          {"columns", ParamType::kObject, false,
           "types of named columns instead of inferred ones: {\"updated_at\": \"TIMESTAMPTZ\"}"},
          {"incremental", ParamType::kObject, false, "param, initial_value, lag"},
          {"response_actions", ParamType::kList, false,
           "[{\"status_code\": 404, \"action\": \"ignore\"}]"},
      }};
  for (ParamSpec& p : RestReadParams("requests_per_second, burst")) {
    spec.params.push_back(std::move(p));
  }
  for (ParamSpec& p : CommonSourceParams()) spec.params.push_back(std::move(p));
  return spec;
}

std::vector<ParamSpec> RestReadParams(const std::string& rate_limit_description) {
  return {
      {"max_pages",
       ParamType::kInteger,
       false,
       "stop after this many pages",
       {},
       {},
       1,
       std::nullopt},
      {"max_records",
       ParamType::kInteger,
       false,
       "stop after this many records",
       {},
       {},
       1,
       std::nullopt},
      {"timeout", ParamType::kNumber, false, "seconds one request may take (30)"},
      {"staging_dir", ParamType::kString, false, "local folder for pages being loaded"},
      {"retry", ParamType::kObject, false, "max_attempts, max_retry_after (seconds)"},
      {"rate_limit", ParamType::kObject, false, rate_limit_description},
      {"circuit", ParamType::kObject, false, "failure_threshold, cooldown (seconds)"},
  };
}

}  // namespace sqlflow
