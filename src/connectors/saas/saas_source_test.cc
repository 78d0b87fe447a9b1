#include "connectors/saas/saas_source.h"

#include <gtest/gtest.h>

#include "connectors/saas/saas_apis.h"

namespace sqlflow {
namespace {

using Json = nlohmann::ordered_json;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Result<Json> ShopifyStream(const Json& params, const std::string& name) {
  const SaasStream* stream = FindStream(ShopifyApi(), name);
  if (stream == nullptr) return Status::NotFound(name);
  return SaasSource::StreamParams(ShopifyApi(), params, *stream, "p.sf:1: SOURCE shop");
}

TEST(SaasShopify, OrdersBecomeARestReadOfTheAdminApi) {
  Result<Json> rest = ShopifyStream(
      {{"shop", "my-store.myshopify.com"}, {"access_token", "shpat_x"}, {"api_version", "2024-04"}},
      "orders");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["base_url"], "https://my-store.myshopify.com");
  EXPECT_EQ((*rest)["path"], "/admin/api/2024-04/orders.json");
  EXPECT_EQ((*rest)["data_selector"], "orders");
  EXPECT_EQ((*rest)["params"]["status"], "any");
  EXPECT_EQ((*rest)["params"]["limit"], 250);
  EXPECT_EQ((*rest)["paginator"]["type"], "header_link");
  EXPECT_EQ((*rest)["auth"]["name"], "X-Shopify-Access-Token");
  EXPECT_EQ((*rest)["rate_limit"]["requests_per_second"], 2);
  EXPECT_EQ((*rest)["rate_limit"]["burst"], 40);
  EXPECT_EQ((*rest)["cursor_field"], "updated_at");
  EXPECT_EQ((*rest)["primary_key"], Json::array({"id"}));
  EXPECT_FALSE(rest->contains("incremental"));  // full refresh
  EXPECT_FALSE(rest->contains("api_version"));
}

TEST(SaasShopify, IncrementalFiltersByUpdatedAtMinAndParamsPassOn) {
  Result<Json> rest = ShopifyStream({{"shop", "my-store"},
                                     {"access_token", "shpat_x"},
                                     {"sync_mode", "incremental"},
                                     {"batch_size", 100},
                                     {"rate_limit", {{"requests_per_second", 1}}},
                                     {"max_pages", 3}},
                                    "customers");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["incremental"]["param"], "updated_at_min");
  EXPECT_EQ((*rest)["params"]["limit"], 100);  // the earlier tool's batch_size
  EXPECT_EQ((*rest)["rate_limit"]["requests_per_second"], 1);
  EXPECT_EQ((*rest)["max_pages"], 3);
  EXPECT_EQ((*rest)["sync_mode"], "incremental");
}

TEST(SaasShopify, NestedAndPerParentStreamsTakeTheParentsCursor) {
  Json params = {{"shop", "s"}, {"access_token", "t"}, {"sync_mode", "incremental"}};
  // Variants are the products' lists, each with the product's updated_at, the cursor.
  Result<Json> variants = ShopifyStream(params, "product_variants");
  ASSERT_TRUE(variants.ok()) << variants.status().message();
  EXPECT_EQ((*variants)["path"], "/admin/api/2024-01/products.json");
  EXPECT_EQ((*variants)["record"]["each"], "variants");
  EXPECT_EQ((*variants)["record"]["fields"]["product_updated_at"], "updated_at");
  EXPECT_EQ((*variants)["cursor_field"], "product_updated_at");
  EXPECT_EQ((*variants)["incremental"]["param"], "updated_at_min");
  EXPECT_EQ((*variants)["params"]["fields"], "id,updated_at,variants");
  // Transactions are read per order: the watermark goes to the orders' read, not theirs.
  const SaasStream* transactions = FindStream(ShopifyApi(), "transactions");
  ASSERT_NE(transactions, nullptr);
  ASSERT_TRUE(transactions->parent.has_value());
  EXPECT_EQ(transactions->parent->stream, "orders");
  EXPECT_TRUE(StreamTakesWatermark(ShopifyApi(), *transactions));
  Result<Json> rest = ShopifyStream(params, "transactions");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["path"], "/admin/api/2024-01/orders/{order_id}/transactions.json");
  EXPECT_EQ((*rest)["cursor_field"], "order_updated_at");
  EXPECT_EQ((*rest)["sync_mode"], "incremental");
  EXPECT_FALSE(rest->contains("incremental"));
  // Locations cannot be filtered, so neither can a stream below them that has no param.
  const SaasStream* locations = FindStream(ShopifyApi(), "locations");
  ASSERT_NE(locations, nullptr);
  EXPECT_FALSE(StreamTakesWatermark(ShopifyApi(), *locations));
  const SaasStream* levels = FindStream(ShopifyApi(), "inventory_levels");
  ASSERT_NE(levels, nullptr);
  EXPECT_EQ(levels->parent->batch, 50u);
  EXPECT_TRUE(StreamTakesWatermark(ShopifyApi(), *levels));  // its own updated_at_min
}

TEST(SaasShopify, BaseUrlReplacesTheShopsOrigin) {
  Result<Json> rest =
      ShopifyStream({{"base_url", "http://127.0.0.1:9/ns/t/"}, {"access_token", "t"}}, "products");
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ((*rest)["base_url"], "http://127.0.0.1:9/ns/t");
  EXPECT_EQ((*rest)["path"], "/admin/api/2024-01/products.json");
}

TEST(SaasShopify, ErrorsSayWhatToSet) {
  Result<Json> no_token = ShopifyStream({{"shop", "s"}}, "orders");
  ASSERT_FALSE(no_token.ok());
  EXPECT_TRUE(Contains(no_token.status().message(),
                       "p.sf:1: SOURCE shop: a SHOPIFY source needs "
                       "\"access_token\""));
  Result<Json> bad_shop = ShopifyStream({{"shop", "my store!"}, {"access_token", "t"}}, "orders");
  ASSERT_FALSE(bad_shop.ok());
  EXPECT_TRUE(Contains(bad_shop.status().message(), "not 'my store!'"));
  // A stream the API cannot filter is read in full under an incremental SOURCE.
  Result<Json> no_cursor = ShopifyStream(
      {{"shop", "s"}, {"access_token", "t"}, {"sync_mode", "incremental"}}, "collects");
  ASSERT_TRUE(no_cursor.ok()) << no_cursor.status().message();
  EXPECT_FALSE(no_cursor->contains("sync_mode"));
  EXPECT_FALSE(no_cursor->contains("incremental"));
}

TEST(SaasSource, AStreamIsPickedByTheTargetOrByTheStreamParam) {
  SourceContext context{"/tmp", nullptr, "p.sf:1: SOURCE shop"};
  Json params = {{"shop", "s"}, {"access_token", "secret-token-1"}};
  Result<std::unique_ptr<Source>> source = SaasSource::Open(ShopifyApi(), params.dump(), context);
  ASSERT_TRUE(source.ok()) << source.status().message();
  Result<std::optional<SourceStream>> orders = (*source)->Stream("orders");
  ASSERT_TRUE(orders.ok()) << orders.status().message();
  ASSERT_TRUE(orders->has_value());
  EXPECT_EQ((*orders)->name, "orders");
  EXPECT_EQ((*orders)->source->DefaultIncrementalKeys().cursor_field, "updated_at");
  // The same stream again is the same source (one read, one set of metrics).
  Result<std::optional<SourceStream>> again = (*source)->Stream("orders");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->source.get(), (*orders)->source.get());
  Result<std::optional<SourceStream>> unknown = (*source)->Stream("daily_sales");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(Contains(unknown.status().message(),
                       "Shopify has no stream 'daily_sales' (the LOAD's table name); its streams: "
                       "orders, customers, products"));
  EXPECT_FALSE(Contains(unknown.status().message(), "secret-token-1"));
  // Without a "stream", SQL cannot read the SOURCE itself.
  Result<ReadPlan> direct = (*source)->Read(ReadRequest{});
  ASSERT_FALSE(direct.ok());
  EXPECT_TRUE(Contains(direct.status().message(), "serves several streams"));

  params["object_name"] = "customers";  // the earlier tool's name for "stream"
  Result<std::unique_ptr<Source>> pinned = SaasSource::Open(ShopifyApi(), params.dump(), context);
  ASSERT_TRUE(pinned.ok()) << pinned.status().message();
  Result<std::optional<SourceStream>> picked = (*pinned)->Stream("anything");
  ASSERT_TRUE(picked.ok());
  EXPECT_EQ((*picked)->name, "customers");

  params["object_name"] = "refunds_typo";
  Result<std::unique_ptr<Source>> wrong = SaasSource::Open(ShopifyApi(), params.dump(), context);
  ASSERT_FALSE(wrong.ok());
  EXPECT_TRUE(Contains(wrong.status().message(), "no stream 'refunds_typo'"));
}

}  // namespace
}  // namespace sqlflow
