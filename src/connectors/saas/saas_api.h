// A SaaS API as SQLFlow reads it (SPEC-CONNECTORS §3): its streams, with their paths, records,
// keys, cursors and incremental filters, and how a SOURCE's params become the REST source's
// params (rest_config.h) of one stream. Each API (saas_shopify.cc, saas_stripe.cc,
// saas_hubspot.cc) is one SaasApi; SaasSource (saas_source.h) serves any of them through the REST
// machinery, so neither the runner nor the REST source learns an API's name.
// Thread-safety: plain data and pure functions.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/connector_spec.h"
#include "common/status.h"
#include "connectors/rest/rest_source.h"

namespace sqlflow {

// A stream the API lists only below each record of another (Shopify's transactions, per order):
// read once per parent record (rest_fan_out.h).
struct SaasParent {
  std::string stream;        // the parent stream ("orders"), read as the SOURCE reads it
  std::string field = "id";  // the parent records' field the child reads take
  std::string placeholder;   // in the child's path or params: "{order_id}"
  size_t batch = 1;          // parent values a child read takes, comma-joined
  // Columns each child row gets from its parent: {"order_updated_at", "updated_at"}.
  std::vector<std::pair<std::string, std::string>> carry;
  // The parent read's query params beside the parent stream's ({"fields": "id,updated_at"}).
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
};

struct SaasStream {
  std::string name;                      // "orders": what a LOAD names (or "stream" picks)
  std::string path;                      // below the API's origin; may hold {api_version}
  std::string data_selector;             // where a page's records are ("orders", "data")
  std::vector<std::string> primary_key;  // {"id"}
  std::string cursor_field;              // "updated_at"; "" when the stream has no cursor
  nlohmann::ordered_json params = nlohmann::ordered_json::object();  // fixed query params
  std::string incremental_param;  // the query param the watermark goes out as
  // The REST paginator; null: the API's default (SaasApi::paginator).
  nlohmann::json paginator;
  // Types of named columns instead of the inferred ones (REST "columns"): times with an offset,
  // which inference leaves as text, as TIMESTAMPTZ.
  nlohmann::ordered_json columns = nlohmann::ordered_json::object();
  // How each item becomes rows (REST "record": path, lift, fields, explode); empty: as it is.
  nlohmann::ordered_json record = nlohmann::ordered_json::object();
  // What a 403 on this stream lacks ("read_orders"), for the message.
  std::string permission;
  // What the API adds to the stream's REST source: a config per read (Stripe's events), a
  // paginator of its own (HubSpot's search window).
  RestExtensions extensions;
  // Set: the stream is read once per record of this parent.
  std::optional<SaasParent> parent;
};

struct SaasApi {
  std::string type;  // "SHOPIFY"
  std::string name;  // "Shopify", for messages
  std::vector<SaasStream> streams;
  // The params every stream's REST source gets from the SOURCE's params: base_url, headers or
  // auth, the API's rate limit unless the SOURCE sets one. Errors (a missing token, a bad shop)
  // are prefixed by `label` + ": ".
  std::function<Result<nlohmann::ordered_json>(const nlohmann::ordered_json& params,
                                               const std::string& label)>
      common_params;
  // Changes a stream as the SOURCE's params ask (Shopify's flatten_line_items: one row per line
  // item, keyed by order and line item). Unset: none.
  std::function<void(const nlohmann::ordered_json& params, SaasStream* stream)> adjust_stream;
  // What the SOURCE's params make the run say (params accepted for the earlier tool that do
  // nothing here). Unset: nothing.
  std::function<std::vector<std::string>(const nlohmann::ordered_json& params)> param_warnings;
  nlohmann::json paginator;  // the streams' default REST paginator
  // The response header telling how full the API's own bucket is ("used/limit"), or "".
  std::string usage_header;
  // The API's own params, beside CommonSourceParams and SaasPassThroughParams().
  std::vector<ParamSpec> params;
  std::string description;
};

// The stream called `name`, or nullptr.
const SaasStream* FindStream(const SaasApi& api, const std::string& name);
// The stream called `name` as a SOURCE with `params` reads it (SaasApi::adjust_stream), or
// nullopt.
std::optional<SaasStream> StreamFor(const SaasApi& api, const std::string& name,
                                    const nlohmann::ordered_json& params);
// Whether a read of `stream` can be filtered by a watermark: it has an incremental param, a
// read_config (Stripe's events), or a parent that has one (Shopify's transactions, per order).
bool StreamTakesWatermark(const SaasApi& api, const SaasStream& stream);
// "orders, customers, products" — for messages.
std::string StreamNames(const SaasApi& api);

// The params a SaaS SOURCE passes on to its streams' REST sources as they are: retry,
// rate_limit, circuit, timeout, max_pages, max_records, staging_dir, base_url, stream.
std::vector<ParamSpec> SaasPassThroughParams();

// The ConnectorSpec of `api`: its params, the pass-through ones and CommonSourceParams, with
// knows_cursors set.
ConnectorSpec SaasSourceSpec(const SaasApi& api);

}  // namespace sqlflow
