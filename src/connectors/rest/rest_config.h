// The REST source's params (SPEC-CONNECTORS §2), read and checked once when the SOURCE opens.
// Thread-safety: plain data.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sqlflow {

// `response_actions`: what to do with a page of a given status.
struct RestResponseAction {
  long status_code = 0;
  std::string action;  // "ignore": the page holds no records and paging stops
};

// "record": how each item of the records array becomes the row (SPEC-CONNECTORS §2 leaves it to
// us; Stripe's events and HubSpot's objects need it): the value at `path` in the item, with the
// fields of its object `lift` moved to the top (a field the record has already wins), plus
// `fields` taken from the item itself ({"updated": "created"}: an event's time), plus `values`:
// columns of one value for every record (not a param: what a SaaS stream's read sets, e.g.
// Stripe's "updated" as the API's time when a full read stands in for its events).
struct RecordShape {
  std::string path;
  std::string lift;
  std::vector<std::pair<std::string, std::string>> fields;  // column, dotted path in the item
  std::vector<std::pair<std::string, nlohmann::ordered_json>> values;  // column, value
  // `explode`, a list of objects in the record, makes one row per element instead, with the
  // element's fields as `explode_prefix` + name (an order's line items; an empty list leaves
  // the record as one row without them).
  std::string explode;
  std::string explode_prefix;
  // `each`, a list of objects in the record, makes its elements the rows instead of the record,
  // each with the record's `fields` and `values` columns (a product's variants, each with the
  // product's updated_at); a record whose list is empty or absent gives no row.
  std::string each;
  bool empty() const {
    return path.empty() && lift.empty() && fields.empty() && values.empty() && explode.empty() &&
           each.empty();
  }
};

struct RestConfig {
  std::string base_url;  // without a trailing '/'
  std::string path;      // "" or starting with '/'; may hold {incremental.start}
  std::string method = "GET";
  std::optional<nlohmann::json> json_body;                   // POST body; may hold placeholders
  std::vector<std::pair<std::string, std::string>> params;   // query params, in order
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  nlohmann::json auth;                                       // null: none (rest_auth.h reads it)
  nlohmann::json paginator;  // null: single page, checked (rest_paginator.h reads it)
  std::string data_selector;
  // "columns": types of named columns instead of the inferred ones ({"updated_at":
  // "TIMESTAMPTZ"}: an ISO time with an offset, which inference leaves as text).
  std::vector<std::pair<std::string, std::string>> column_types;
  bool flatten = false;
  RecordShape record;
  std::optional<int64_t> max_pages, max_records;
  std::vector<RestResponseAction> response_actions;
  // Incremental: the start value goes out as `incremental_param` (a query param, or a field of
  // the POST body) and/or replaces "{incremental.start}" in path, params and body.
  bool incremental = false;
  std::string cursor_field;
  std::vector<std::string> primary_key;  // "primary_key": what an inclusive bound dedups by
  std::string incremental_param;
  std::string initial_value;  // sent when there is no watermark yet; "" = none
  std::string staging_root;
  std::chrono::milliseconds timeout{30000};
};

// Reads `params` (the SOURCE's resolved params). InvalidArgument, prefixed by `label` + ": ",
// for: no base_url, a base_url that is not http(s)://, a method other than GET/POST, a "json"
// body with GET, params/headers that are not objects of scalars, a response action that is not
// {"status_code": N, "action": "ignore"}, an incremental source without cursor_field.
// `project_root` anchors the default staging folder (target/rest-staging).
// Params keep their order (ordered_json): query params go out as written.
Result<RestConfig> ReadRestConfig(const nlohmann::ordered_json& params,
                                  const std::string& project_root, const std::string& label);

// The placeholder a start value replaces in path, params and the POST body.
inline constexpr const char* kIncrementalStartPlaceholder = "{incremental.start}";

}  // namespace sqlflow
