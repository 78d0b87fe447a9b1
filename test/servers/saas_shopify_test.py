"""Unit tests of the Shopify emulator (saas_shopify.ShopifyApi), called directly with a fake
clock: no sockets, no sleeps. Run: python3 -m unittest discover -s test/servers -p "saas_*_test.py"
"""

import base64
import json
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from saas_common import ApiRequest, BadRequest  # noqa: E402
from saas_shopify import ShopifyApi  # noqa: E402

BASE = "http://127.0.0.1:9/ns/t"
TOKEN = {"X-Shopify-Access-Token": "shpat_test_token"}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class ShopifyCase(unittest.TestCase):
    def make(self, **config):
        self.clock = FakeClock()
        self.api = ShopifyApi(config, self.clock)
        return self.api

    def get(self, path_and_query, headers=None):
        """GET of a path below the namespace, or of an absolute URL from a Link header."""
        if path_and_query.startswith(BASE):
            path_and_query = path_and_query[len(BASE):]
        url = urllib.parse.urlsplit(path_and_query)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        return self.api.handle(ApiRequest("GET", url.path, query,
                                          TOKEN if headers is None else headers, b"", BASE))

    def ok(self, path_and_query):
        response = self.get(path_and_query)
        self.assertEqual(response.status, 200, response.body)
        return response

    @staticmethod
    def header(response, name):
        return dict((k.lower(), v) for k, v in response.headers).get(name.lower())

    @staticmethod
    def links(response):
        """{"next": url, "previous": url} of the Link header."""
        value = ShopifyCase.header(response, "Link")
        out = {}
        for part in (value.split(", ") if value else []):
            url, rel = part.split("; ")
            out[rel[len('rel="'):-1]] = url[1:-1]
        return out

    def all_pages(self, path_and_query, key):
        records, url, pages = [], path_and_query, 0
        while url:
            response = self.ok(url)
            records += response.body[key]
            url = self.links(response).get("next")
            pages += 1
        return records, pages


class PagingTest(ShopifyCase):
    def test_every_order_once_in_id_order_with_status_any(self):
        self.make(rate_limits="off")
        orders, pages = self.all_pages("/admin/api/2024-01/orders.json?status=any&limit=50",
                                       "orders")
        ids = [o["id"] for o in orders]
        self.assertEqual(len(ids), 120)
        self.assertEqual(ids, sorted(set(ids)))
        self.assertEqual(pages, 3)

    def test_orders_default_to_open_ones_only(self):
        self.make(rate_limits="off")
        open_orders, _ = self.all_pages("/admin/api/2024-01/orders.json?limit=250", "orders")
        everything, _ = self.all_pages("/admin/api/2024-01/orders.json?limit=250&status=any",
                                       "orders")
        statuses = {o["id"]: ("cancelled" if o["cancelled_at"] else
                              "closed" if o["closed_at"] else "open") for o in everything}
        self.assertEqual([o["id"] for o in open_orders],
                         [i for i, s in statuses.items() if s == "open"])
        self.assertTrue({"closed", "cancelled"} <= set(statuses.values()))
        closed, _ = self.all_pages("/admin/api/2024-01/orders.json?status=closed", "orders")
        self.assertTrue(all(o["closed_at"] for o in closed))

    def test_link_header_next_and_previous_and_default_limit(self):
        self.make(rate_limits="off")
        first = self.ok("/admin/api/2024-01/customers.json")
        self.assertEqual(len(first.body["customers"]), 40)  # all of them: default limit 50
        self.assertIsNone(self.header(first, "Link"))
        page1 = self.ok("/admin/api/2023-10/customers.json?limit=15")
        self.assertEqual(list(self.links(page1)), ["next"])
        next_url = self.links(page1)["next"]
        self.assertTrue(next_url.startswith(BASE + "/admin/api/2023-10/customers.json?limit=15"
                                            "&page_info="))
        page2 = self.ok(next_url)
        self.assertEqual(sorted(self.links(page2)), ["next", "previous"])
        back = self.ok(self.links(page2)["previous"])
        self.assertEqual(back.body, page1.body)
        page3 = self.ok(self.links(page2)["next"])
        self.assertEqual(len(page3.body["customers"]), 10)
        self.assertEqual(list(self.links(page3)), ["previous"])

    def test_page_info_takes_only_limit_and_fields(self):
        self.make(rate_limits="off")
        page1 = self.ok("/admin/api/2024-01/orders.json?limit=5&status=any")
        url = self.links(page1)["next"]
        bad = self.get(url + "&status=any")
        self.assertEqual(bad.status, 400)
        self.assertEqual(bad.body, {"errors": {"status": "status cannot be passed with "
                                               "page_info; only limit and fields may "
                                               "accompany it."}})
        fields = self.ok(url.replace("limit=5", "limit=2") + "&fields=id,total_price")
        self.assertEqual(len(fields.body["orders"]), 2)
        self.assertEqual(set(fields.body["orders"][0]), {"id", "total_price"})
        self.assertEqual(self.get("/admin/api/2024-01/orders.json?page_info=zzz").body,
                         {"errors": {"page_info": "Invalid value."}})
        self.assertEqual(self.get("/admin/api/2024-01/orders.json?page=2").body,
                         {"errors": {"page": "page cannot be passed."}})

    def test_limit_bounds(self):
        self.make(rate_limits="off")
        self.assertEqual(len(self.ok("/admin/api/2024-01/orders.json?limit=250&status=any")
                             .body["orders"]), 120)
        for bad in ("0", "251", "x"):
            response = self.get("/admin/api/2024-01/orders.json?limit=" + bad)
            self.assertEqual(response.status, 400, bad)
            self.assertIn("limit", response.body["errors"])

    def test_since_id(self):
        self.make(rate_limits="off")
        orders = self.ok("/admin/api/2024-01/orders.json?status=any&since_id=4500000100"
                         "&limit=250").body["orders"]
        self.assertEqual([o["id"] for o in orders], list(range(4500000101, 4500000121)))


class ShapeTest(ShopifyCase):
    def test_order_shape_like_shopify(self):
        self.make(rate_limits="off")
        order = self.ok("/admin/api/2024-01/orders/4500000001.json").body["order"]
        for key in ("id", "name", "created_at", "updated_at", "financial_status", "customer",
                    "line_items", "refunds", "total_price", "currency"):
            self.assertIn(key, order)
        self.assertRegex(order["total_price"], r"^\d+\.\d\d$")
        self.assertRegex(order["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-04:00$")
        self.assertTrue(order["line_items"] and isinstance(order["line_items"][0], dict))
        self.assertIn("variant_id", order["line_items"][0])
        self.assertEqual(order["customer"]["id"] // 100000000, 62)

    def test_refunds_transactions_variants_are_consistent(self):
        self.make(rate_limits="off")
        orders, _ = self.all_pages("/admin/api/2024-01/orders.json?status=any&limit=250",
                                   "orders")
        refunded = [o for o in orders if o["refunds"]]
        self.assertTrue(refunded)
        order = refunded[0]
        refunds = self.ok("/admin/api/2024-01/orders/%d/refunds.json" % order["id"]).body
        self.assertEqual(refunds["refunds"], order["refunds"])
        txs = self.ok("/admin/api/2024-01/orders/%d/transactions.json" % order["id"]).body
        self.assertEqual([t["kind"] for t in txs["transactions"]], ["sale", "refund"])
        product = self.ok("/admin/api/2024-01/products/7900000002.json").body["product"]
        variants, pages = self.all_pages("/admin/api/2024-01/products/7900000002/variants.json"
                                         "?limit=1", "variants")
        self.assertEqual(variants, product["variants"])
        self.assertEqual(pages, len(product["variants"]))
        self.assertTrue(product["images"])

    def test_inventory_levels_need_ids_and_page(self):
        self.make(rate_limits="off")
        response = self.get("/admin/api/2024-01/inventory_levels.json")
        self.assertEqual(response.status, 422)
        self.assertEqual(response.body, {"errors": {"base": [
            "Must specify at least one of inventory_item_ids or location_ids"]}})
        locations = self.ok("/admin/api/2024-01/locations.json").body["locations"]
        self.assertEqual(len(locations), 2)
        ids = ",".join(str(loc["id"]) for loc in locations)
        levels, pages = self.all_pages("/admin/api/2024-01/inventory_levels.json?limit=7"
                                       "&location_ids=" + ids, "inventory_levels")
        products, _ = self.all_pages("/admin/api/2024-01/products.json", "products")
        self.assertEqual(len(levels), 2 * sum(len(p["variants"]) for p in products))
        self.assertGreater(pages, 1)
        item = products[0]["variants"][0]["inventory_item_id"]
        one = self.ok("/admin/api/2024-01/inventory_levels.json?inventory_item_ids=%d" % item)
        self.assertEqual(len(one.body["inventory_levels"]), 2)
        at = self.ok("/admin/api/2024-01/locations/%d/inventory_levels.json" % locations[0]["id"])
        self.assertTrue(all(lv["location_id"] == locations[0]["id"]
                            for lv in at.body["inventory_levels"]))

    def test_collects_and_counts(self):
        self.make(rate_limits="off")
        collects, _ = self.all_pages("/admin/api/2024-01/collects.json?limit=5", "collects")
        self.assertEqual(self.ok("/admin/api/2024-01/collects/count.json").body["count"],
                         len(collects))
        self.assertEqual(self.ok("/admin/api/2024-01/orders/count.json?status=any")
                         .body["count"], 120)
        self.assertEqual(self.ok("/admin/api/2024-01/products/count.json").body["count"], 15)

    def test_collections_and_metafields_page_and_filter_by_time(self):
        self.make(rate_limits="off", counts={"collections": 5, "metafields": 3})
        custom, _ = self.all_pages("/admin/api/2024-01/custom_collections.json?limit=2",
                                   "custom_collections")
        smart, pages = self.all_pages("/admin/api/2024-01/smart_collections.json?limit=1",
                                      "smart_collections")
        self.assertEqual(len(custom), 3)  # collections 1, 3, 5
        self.assertEqual((len(smart), pages), (2, 2))  # 2 and 4, a page each
        self.assertTrue(all("rules" in c for c in smart))
        self.assertFalse(any("rules" in c for c in custom))
        fields, _ = self.all_pages("/admin/api/2024-01/metafields.json", "metafields")
        self.assertEqual([f["key"] for f in fields], ["setting_1", "setting_2", "setting_3"])
        since = fields[1]["updated_at"]
        later = self.ok("/admin/api/2024-01/metafields.json?updated_at_min=" +
                        urllib.parse.quote(since)).body["metafields"]
        self.assertEqual([f["key"] for f in later], ["setting_2", "setting_3"])

    def test_same_config_same_data_other_seed_other_data(self):
        a = self.make(rate_limits="off", seed=5)
        first = self.ok("/admin/api/2024-01/orders.json?status=any").body
        self.make(rate_limits="off", seed=5)
        self.assertEqual(self.ok("/admin/api/2024-01/orders.json?status=any").body, first)
        self.make(rate_limits="off", seed=6)
        self.assertNotEqual(self.ok("/admin/api/2024-01/orders.json?status=any").body, first)
        self.assertIsNot(a, self.api)

    def test_unknown_path_and_version_answer_not_found(self):
        self.make()
        for path in ("/admin/api/2024-01/widgets.json", "/admin/orders.json",
                     "/admin/api/latest/orders.json", "/admin/api/2024-01/orders/1.json"):
            response = self.get(path)
            self.assertEqual((response.status, response.body), (404, {"errors": "Not Found"}),
                             path)


class IncrementalTest(ShopifyCase):
    def test_updated_at_min_after_update_brings_exactly_the_changes(self):
        self.make(rate_limits="off")
        summary = self.api.update({"stream": "orders", "create": 2, "update": 3, "delete": 1})
        self.assertEqual(summary["now"], "2024-06-01T01:00:00Z")
        self.assertEqual(len(summary["created"]), 2)
        self.assertEqual(summary["created"], [4500000121, 4500000122])
        changed, _ = self.all_pages("/admin/api/2024-01/orders.json?status=any&limit=2"
                                    "&updated_at_min=2024-06-01T00:00:01Z", "orders")
        self.assertEqual([o["id"] for o in changed],
                         sorted(summary["created"] + summary["updated"]))
        self.assertTrue(all(o["updated_at"] == "2024-05-31T21:00:00-04:00" for o in changed))
        updated = [o for o in changed if o["id"] in summary["updated"]]
        self.assertTrue(all(o["tags"] == "updated-1" for o in updated))
        everything, _ = self.all_pages("/admin/api/2024-01/orders.json?status=any&limit=250",
                                       "orders")
        ids = {o["id"] for o in everything}
        self.assertEqual(len(ids), 121)
        self.assertNotIn(summary["deleted"][0], ids)
        gone = self.get("/admin/api/2024-01/orders/%d.json" % summary["deleted"][0])
        self.assertEqual(gone.status, 404)

    def test_time_filters_bound_both_ends(self):
        self.make(rate_limits="off")
        everything, _ = self.all_pages("/admin/api/2024-01/customers.json?limit=250",
                                       "customers")
        middle = everything[20]["updated_at"]
        newer, _ = self.all_pages("/admin/api/2024-01/customers.json?updated_at_min=" +
                                  urllib.parse.quote(middle), "customers")
        older, _ = self.all_pages("/admin/api/2024-01/customers.json?updated_at_max=" +
                                  urllib.parse.quote(middle), "customers")
        self.assertEqual(len(newer) + len(older), len(everything) + 1)
        created = everything[30]["created_at"]
        since, _ = self.all_pages("/admin/api/2024-01/customers.json?created_at_min=" +
                                  urllib.parse.quote(created), "customers")
        self.assertEqual(since, everything[30:])
        bad = self.get("/admin/api/2024-01/customers.json?updated_at_min=yesterday")
        self.assertEqual(bad.status, 400)
        self.assertIn("updated_at_min", bad.body["errors"])

    def test_product_and_customer_updates_change_visible_fields(self):
        self.make(rate_limits="off")
        product_update = self.api.update({"stream": "products", "update": 1, "delete": 1})
        product = self.ok("/admin/api/2024-01/products/%d.json" %
                          product_update["updated"][0]).body["product"]
        self.assertTrue(product["title"].endswith(" (v1)"))
        self.assertEqual(product["updated_at"], "2024-05-31T21:00:00-04:00")
        products, _ = self.all_pages("/admin/api/2024-01/products.json", "products")
        self.assertEqual(len(products), 14)
        customer_update = self.api.update({"stream": "customers", "update": 2})
        self.assertEqual(customer_update["now"], "2024-06-01T02:00:00Z")
        changed = self.ok("/admin/api/2024-01/customers.json?updated_at_min=2024-06-01T01:30:00Z")
        self.assertEqual([c["id"] for c in changed.body["customers"]],
                         customer_update["updated"])

    def test_bad_updates_are_refused(self):
        self.make()
        with self.assertRaisesRegex(BadRequest, "update: stream must be one of customers, "
                                                "orders, products, got 'refunds'"):
            self.api.update({"stream": "refunds"})
        with self.assertRaisesRegex(BadRequest, "unknown update key 'remove'"):
            self.api.update({"stream": "orders", "remove": 1})
        with self.assertRaisesRegex(BadRequest, "update.create must be an integer >= 0"):
            self.api.update({"stream": "orders", "create": -1})

    def test_large_counts_are_served_lazily(self):
        self.make(rate_limits="off", counts={"orders": 100000})
        self.assertEqual(len(self.api.data.streams["orders"].overrides), 0)
        last = self.ok("/admin/api/2024-01/orders.json?status=any&since_id=4500099990")
        self.assertEqual([o["id"] for o in last.body["orders"]],
                         list(range(4500099991, 4500100001)))
        recent = self.ok("/admin/api/2024-01/orders.json?status=any&limit=250"
                         "&updated_at_min=2024-05-31T23:00:00Z").body["orders"]
        self.assertTrue(0 < len(recent) < 50)
        self.assertEqual(recent[-1]["id"], 4500100000)


class LimitsAndAuthTest(ShopifyCase):
    def test_leaky_bucket_40_leaking_2_per_second(self):
        self.make()
        for n in range(1, 41):
            response = self.ok("/admin/api/2024-01/shop.json")
            self.assertEqual(self.header(response, "X-Shopify-Shop-Api-Call-Limit"), "%d/40" % n)
        over = self.get("/admin/api/2024-01/shop.json")
        self.assertEqual(over.status, 429)
        self.assertEqual(over.body, {"errors": "Exceeded 2 calls per second for api client. "
                                               "Reduce request rates to resume uninterrupted "
                                               "service."})
        self.assertEqual(self.header(over, "Retry-After"), "2.0")
        self.assertEqual(self.header(over, "X-Shopify-Shop-Api-Call-Limit"), "40/40")
        self.clock.now += 1.0  # two leak out
        self.ok("/admin/api/2024-01/shop.json")
        self.ok("/admin/api/2024-01/shop.json")
        self.assertEqual(self.get("/admin/api/2024-01/shop.json").status, 429)
        stats = self.api.stats()
        self.assertEqual((stats["over_limit"], stats["throttled"]), (2, 2))

    def test_rate_limits_off_never_throttles(self):
        self.make(rate_limits="off")
        for _ in range(100):
            response = self.ok("/admin/api/2024-01/shop.json")
        self.assertEqual(self.header(response, "X-Shopify-Shop-Api-Call-Limit"), "1/40")
        self.assertEqual(self.api.stats()["over_limit"], 0)

    def test_missing_or_wrong_token_gets_401(self):
        self.make(access_token="shpat_other")
        for headers in ({}, TOKEN, {"X-Shopify-Access-Token": "shpat_other "}):
            response = self.get("/admin/api/2024-01/orders.json", headers)
            self.assertEqual(response.status, 401)
            self.assertEqual(response.body, {"errors": "[API] Invalid API key or access token "
                                                       "(unrecognized login or wrong password)"})
        self.assertEqual(self.get("/admin/api/2024-01/orders.json",
                                  {"x-shopify-access-token": "shpat_other"}).status, 200)
        self.assertEqual(self.api.stats()["unauthorized"], 3)

    def test_forbidden_streams_name_their_scope(self):
        self.make(forbidden=["orders", "inventory_levels", "customers"])
        cases = {"/admin/api/2024-01/orders.json": "read_orders",
                 "/admin/api/2024-01/orders/4500000001.json": "read_orders",
                 "/admin/api/2024-01/inventory_levels.json?location_ids=65000001":
                     "read_inventory",
                 "/admin/api/2024-01/customers.json": "read_customers"}
        for path, scope in cases.items():
            response = self.get(path)
            self.assertEqual(response.status, 403, path)
            self.assertEqual(response.body, {"errors": "[API] This action requires merchant "
                                                       "approval for %s scope." % scope})
        self.ok("/admin/api/2024-01/orders/4500000001/transactions.json")
        self.ok("/admin/api/2024-01/products.json")
        self.assertEqual(self.api.stats()["forbidden"], 4)


class ConfigTest(unittest.TestCase):
    def refused(self, config, message):
        with self.assertRaisesRegex(BadRequest, message):
            ShopifyApi(config, FakeClock())

    def test_bad_configs_name_the_problem(self):
        self.refused({"orders": 3}, r"unknown config key 'orders'; allowed: access_token, "
                                    r"counts, forbidden, now, rate_limits, seed")
        self.refused({"counts": {"charges": 3}}, "unknown counts key 'charges'; allowed: "
                                                 "collections, customers, locations, metafields, "
                                                 "orders, products")
        self.refused({"counts": {"orders": -1}}, r"counts.orders must be an integer >= 0")
        self.refused({"counts": {"orders": 10 ** 9}}, r"counts.orders must be at most 2000000")
        self.refused({"rate_limits": "fast"}, 'rate_limits must be "real" or "off"')
        self.refused({"now": "soon"}, "now is not an ISO 8601 timestamp")
        self.refused({"forbidden": ["refunds"]}, "forbidden must be a list of stream names")
        self.refused({"seed": "x"}, "seed must be an integer")
        self.refused({"access_token": ""}, "access_token must be a non-empty string")

    def test_page_info_is_opaque_base64_json(self):
        api = ShopifyApi({"rate_limits": "off"}, FakeClock())
        response = api.handle(ApiRequest("GET", "/admin/api/2024-01/products.json",
                                         {"limit": ["2"]}, TOKEN, b"", BASE))
        link = dict(response.headers)["Link"]
        info = link.split("page_info=")[1].split(">")[0]
        decoded = json.loads(base64.urlsafe_b64decode(info + "=="))
        self.assertEqual(decoded["direction"], "next")


if __name__ == "__main__":
    unittest.main()
