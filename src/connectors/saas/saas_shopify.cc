// TYPE SHOPIFY: the Shopify REST Admin API (SPEC-CONNECTORS §3). Paths
// /admin/api/{version}/<stream>.json on https://{shop}.myshopify.com; the access token in
// X-Shopify-Access-Token; cursor paging by the Link header's page_info (whose requests may carry
// nothing but limit, which the next URL already holds); incremental by updated_at_min; orders
// with status=any (Shopify's default lists open orders only); a leaky bucket of 40 requests
// draining 2 a second, which a token bucket of 2/s with a burst of 40 never overfills.
#include "common/strings.h"
#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kDefaultVersion = "2024-01";

std::string StringParam(const Json& params, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    auto it = params.find(name);
    if (it != params.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

// "my-store", "my-store.myshopify.com" or "https://my-store.myshopify.com/" → "my-store".
Result<std::string> ShopName(const Json& params, const std::string& label) {
  std::string shop = StringParam(params, {"shop", "shop_domain", "shop_name"});
  for (const char* prefix : {"https://", "http://"}) {
    if (shop.rfind(prefix, 0) == 0) shop = shop.substr(std::string(prefix).size());
  }
  while (!shop.empty() && shop.back() == '/') shop.pop_back();
  const std::string suffix = ".myshopify.com";
  if (shop.size() > suffix.size() &&
      shop.compare(shop.size() - suffix.size(), suffix.size(), suffix) == 0) {
    shop.resize(shop.size() - suffix.size());
  }
  bool valid = !shop.empty();
  for (char c : shop) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') valid = false;
  }
  if (!valid) {
    return Status::Invalid(label + ": \"shop\" must be the store's name (\"my-store\") or its " +
                           "domain (\"my-store.myshopify.com\")" +
                           (shop.empty() ? "" : ", not '" + shop + "'"));
  }
  return shop;
}

Result<Json> ShopifyCommonParams(const Json& params, const std::string& label) {
  std::string token = StringParam(params, {"access_token"});
  if (token.empty()) {
    return Status::Invalid(label + ": a SHOPIFY source needs \"access_token\" (the Admin API " +
                           "access token of a custom app, shpat_…); put it in the profile as " +
                           "${SHOPIFY_ACCESS_TOKEN}");
  }
  std::string base = StringParam(params, {"base_url"});
  if (base.empty()) {
    SQLFLOW_ASSIGN_OR_RETURN(std::string shop, ShopName(params, label));
    base = "https://" + shop + ".myshopify.com";
  } else if (!params.contains("shop") && !params.contains("shop_domain") &&
             !params.contains("shop_name")) {
    // base_url stands in for the shop's origin: no shop needed.
  } else {
    SQLFLOW_RETURN_IF_ERROR(ShopName(params, label).status());
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string version = StringParam(params, {"api_version"});
  if (version.empty()) version = kDefaultVersion;
  Json out = Json::object();
  out["base_url"] = base;
  out["api_version"] = version;
  out["auth"] = Json{{"type", "api_key"},
                     {"name", "X-Shopify-Access-Token"},
                     {"api_key", token},
                     {"location", "header"},
                     {"advice", "check the SOURCE's access_token: a custom app's Admin API " +
                                    std::string("access token (shpat_…) of this shop")}};
  out["rate_limit"] = Json{{"requests_per_second", 2}, {"burst", 40}};
  // The earlier tool's timeout_seconds and max_retries (retries after the first attempt).
  if (params.contains("timeout_seconds") && params["timeout_seconds"].is_number()) {
    out["timeout"] = params["timeout_seconds"];
  }
  if (params.contains("max_retries") && params["max_retries"].is_number_integer()) {
    out["retry"] = Json{{"max_attempts", params["max_retries"].get<int64_t>() + 1}};
  }
  Json query = Json::object();
  // The earlier tool's batch_size is Shopify's page size (at most 250).
  if (params.contains("batch_size") && params["batch_size"].is_number_integer()) {
    query["limit"] = std::min<int64_t>(250, params["batch_size"].get<int64_t>());
  }
  out["params"] = query;
  return out;
}

// The earlier tool's order options: flatten_line_items makes one row per line item (keyed by
// the order's id and the line item's), financial_status_filter with one status filters by it.
void AdjustStream(const Json& params, SaasStream* stream) {
  if (stream->name != "orders") return;
  if (params.value("flatten_line_items", false)) {
    stream->record = Json{{"explode", "line_items"}, {"explode_prefix", "line_item_"}};
    stream->primary_key = {"id", "line_item_id"};
  }
  auto statuses = params.find("financial_status_filter");
  if (statuses != params.end() && statuses->is_array() && statuses->size() == 1 &&
      (*statuses)[0].is_string()) {
    stream->params["financial_status"] = (*statuses)[0];
  }
}

std::vector<std::string> ParamWarnings(const Json& params) {
  std::vector<std::string> out;
  auto statuses = params.find("financial_status_filter");
  if (statuses != params.end() && (!statuses->is_array() || statuses->size() > 1)) {
    out.push_back(
        "financial_status_filter: Shopify filters orders by one financial status a " +
        std::string("request, so orders of every status are loaded; filter them in SQL ") +
        "(WHERE financial_status IN (…))");
  }
  for (const char* name : {"include_fulfillments", "include_refunds"}) {
    if (params.contains(name)) {
      out.push_back(std::string(name) + " is not needed: an order's fulfillments and refunds " +
                    "are loaded with it (the columns fulfillments and refunds)");
    }
  }
  return out;
}

SaasStream Stream(std::string name, std::string permission, bool incremental = true) {
  SaasStream s;
  s.path = "/admin/api/{api_version}/" + name + ".json";
  s.data_selector = name;
  s.primary_key = {"id"};
  if (incremental) {
    s.cursor_field = "updated_at";
    s.incremental_param = "updated_at_min";
  }
  s.params = Json{{"limit", 250}};
  // Shopify's times carry the shop's offset ("2024-05-19T16:00:00-04:00").
  for (const char* field : {"created_at", "updated_at"}) s.columns[field] = "TIMESTAMPTZ";
  s.permission = std::move(permission);
  s.name = std::move(name);
  return s;
}

// The elements of a list in each record of `parent` (a product's variants, an order's refunds),
// each with its parent's updated_at as `carried`: the cursor, so that an incremental read asks
// for the parents changed since the watermark (updated_at_min) and keeps all their elements.
SaasStream NestedStream(std::string name, const std::string& parent, const std::string& list,
                        const std::string& carried, std::string permission) {
  SaasStream s = Stream(parent, std::move(permission));
  s.name = std::move(name);
  s.params["fields"] = "id,updated_at," + list;
  s.record = Json{{"each", list}, {"fields", Json{{carried, "updated_at"}}}};
  s.cursor_field = carried;
  s.columns[carried] = "TIMESTAMPTZ";
  return s;
}

// A stream Shopify lists only below each record of `parent`, read once per parent (updated
// since the watermark), with the parent's updated_at as `carried`, the cursor.
SaasStream PerParentStream(std::string name, const std::string& path, const std::string& parent,
                           const std::string& placeholder, const std::string& carried,
                           std::string permission) {
  SaasStream s = Stream(std::move(name), std::move(permission));
  s.path = "/admin/api/{api_version}/" + path;
  s.params = Json::object();  // an unpaged list: no limit
  s.cursor_field = carried;
  s.incremental_param.clear();  // the parent read takes the watermark
  s.columns[carried] = "TIMESTAMPTZ";
  s.columns["processed_at"] = "TIMESTAMPTZ";
  SaasParent p;
  p.stream = parent;
  p.placeholder = placeholder;
  p.carry = {{carried, "updated_at"}};
  p.params["fields"] = "id,updated_at";
  s.parent = p;
  return s;
}

// Inventory levels by location, 50 locations a request (Shopify's inventory_levels.json needs
// location_ids or inventory_item_ids), keyed by item and location, since updated_at_min.
SaasStream InventoryLevels() {
  SaasStream s = Stream("inventory_levels", "read_inventory (and read_locations)");
  s.params["location_ids"] = "{location_ids}";
  s.primary_key = {"inventory_item_id", "location_id"};
  s.columns.erase("created_at");
  SaasParent p;
  p.stream = "locations";
  p.placeholder = "{location_ids}";
  p.batch = 50;
  s.parent = p;
  return s;
}

SaasApi MakeShopify() {
  SaasApi api;
  api.type = "SHOPIFY";
  api.name = "Shopify";
  api.description = "a Shopify store's orders, customers, products, … (REST Admin API)";
  SaasStream orders = Stream("orders", "read_orders");
  orders.params["status"] = "any";
  for (const char* field : {"processed_at", "cancelled_at", "closed_at"}) {
    orders.columns[field] = "TIMESTAMPTZ";
  }
  SaasStream refunds =
      NestedStream("order_refunds", "orders", "refunds", "order_updated_at", "read_orders");
  refunds.params["status"] = "any";
  refunds.columns["processed_at"] = "TIMESTAMPTZ";
  SaasStream locations = Stream("locations", "read_locations", /*incremental=*/false);
  locations.params = Json::object();  // an unpaged list
  api.streams = {orders,
                 Stream("customers", "read_customers"),
                 Stream("products", "read_products"),
                 NestedStream("product_variants", "products", "variants", "product_updated_at",
                              "read_products"),
                 InventoryLevels(),
                 PerParentStream("transactions", "orders/{order_id}/transactions.json", "orders",
                                 "{order_id}", "order_updated_at", "read_orders"),
                 refunds,
                 Stream("custom_collections", "read_products"),
                 Stream("smart_collections", "read_products"),
                 Stream("collects", "read_products", /*incremental=*/false),
                 locations,
                 Stream("metafields", "")};
  api.paginator = nlohmann::json{{"type", "header_link"}};
  api.usage_header = "X-Shopify-Shop-Api-Call-Limit";
  api.common_params = ShopifyCommonParams;
  api.adjust_stream = AdjustStream;
  api.param_warnings = ParamWarnings;
  api.params = {
      {"shop",
       ParamType::kString,
       false,
       "the store: my-store or my-store.myshopify.com",
       {},
       {"shop_domain", "shop_name"}},
      {"access_token", ParamType::kString, true, "Admin API access token (shpat_…; secret)"},
      {"api_version", ParamType::kString, false, "Admin API version (2024-01)"},
      {"batch_size", ParamType::kInteger, false, "records a page (at most 250)", {}, {}, 1, 250},
      {"flatten_line_items", ParamType::kBool, false,
       "orders: one row per line item (line_item_* columns), keyed by id and line_item_id"},
      {"financial_status_filter", ParamType::kList, false,
       "orders of one financial status (several: all are loaded, with a warning)"},
      {"include_fulfillments", ParamType::kBool, false, "accepted; orders always carry them"},
      {"include_refunds", ParamType::kBool, false, "accepted; orders always carry them"},
      {"timeout_seconds", ParamType::kNumber, false, "seconds one request may take (timeout)"},
      {"max_retries",
       ParamType::kInteger,
       false,
       "retries after the first attempt",
       {},
       {},
       0,
       std::nullopt},
  };
  return api;
}

}  // namespace

const SaasApi& ShopifyApi() {
  static const SaasApi api = MakeShopify();
  return api;
}

}  // namespace sqlflow
