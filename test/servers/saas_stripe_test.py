"""Tests of the Stripe emulator (saas_stripe.StripeApi), called directly with a fake clock.

Run: python3 -m unittest discover -s test/servers -p "saas_*_test.py"
"""

import base64
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from saas_common import ApiRequest, BadRequest  # noqa: E402
from saas_stripe import DEFAULT_API_KEY, StripeApi  # noqa: E402

KEY = DEFAULT_API_KEY
DAY = 86400
NOW = 1717200000  # the default now, 2024-06-01T00:00:00Z
STREAM_COUNTS = {"customers": 60, "charges": 150, "invoices": 80, "subscriptions": 40,
                 "refunds": 20, "payment_intents": 60, "balance_transactions": 150}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class StripeTestCase(unittest.TestCase):
    tick = 0.011  # fake seconds between requests: a client that keeps under 100 per second

    def make(self, **config):
        self.clock = FakeClock()
        self.api = StripeApi(config, self.clock)
        return self.api

    def call(self, path, query=None, key=KEY, headers=None, method="GET", api=None):
        """One request; query values may be lists (repeated parameters)."""
        all_headers = dict(headers or {})
        if key is not None:
            all_headers["Authorization"] = "Bearer " + key
        q = {k: (v if isinstance(v, list) else [str(v)]) for k, v in (query or {}).items()}
        if api is None:
            self.clock.now += self.tick
        return (api or self.api).handle(ApiRequest(method, path, q, all_headers))

    def ok(self, path, query=None, **kwargs):
        response = self.call(path, query, **kwargs)
        self.assertEqual(response.status, 200, response.body)
        return response.body

    def error(self, response, status):
        self.assertEqual(response.status, status, response.body)
        self.assertEqual(set(response.body), {"error"})
        self.assertEqual(response.body["error"]["type"], "invalid_request_error")
        return response.body["error"]

    def page_all(self, stream, limit=7, extra=None, api=None):
        """Every object of a list, paging with starting_after; checks the list shape."""
        objects, after = [], None
        while True:
            query = dict(extra or {}, limit=limit)
            if after:
                query["starting_after"] = after
            body = self.ok("/v1/" + stream, query, api=api)
            self.assertEqual(body["object"], "list")
            self.assertEqual(body["url"], "/v1/" + stream)
            self.assertLessEqual(len(body["data"]), limit)
            objects += body["data"]
            if not body["has_more"]:
                return objects
            self.assertEqual(len(body["data"]), limit)
            after = body["data"][-1]["id"]

    def header(self, response, name):
        values = [v for n, v in response.headers if n.lower() == name.lower()]
        return values[0] if values else None


class PagingTest(StripeTestCase):
    def test_every_stream_pages_newest_first_giving_each_record_once(self):
        self.make()
        prefixes = {"customers": "cus_", "charges": "ch_", "invoices": "in_",
                    "subscriptions": "sub_", "refunds": "re_", "payment_intents": "pi_",
                    "balance_transactions": "txn_", "events": "evt_"}
        for stream, prefix in prefixes.items():
            extra = {"status": "all"} if stream == "subscriptions" else None
            objects = self.page_all(stream, extra=extra)
            ids = [o["id"] for o in objects]
            self.assertEqual(len(ids), len(set(ids)), stream)
            if stream != "events":
                self.assertEqual(len(ids), STREAM_COUNTS[stream], stream)
            self.assertTrue(all(i.startswith(prefix) for i in ids), stream)
            created = [o["created"] for o in objects]
            self.assertEqual(created, sorted(created, reverse=True), stream)
            if stream not in ("refunds", "balance_transactions"):  # Stripe's have no livemode
                self.assertTrue(all(o["livemode"] is False for o in objects), stream)
        # one creation event per generated customer, charge, invoice, subscription, refund, PI
        events = self.page_all("events", limit=100)
        self.assertEqual(len(events), 60 + 150 + 80 + 40 + 20 + 60)

    def test_default_limit_is_ten_and_limit_bounds_are_checked(self):
        self.make()
        self.assertEqual(len(self.ok("/v1/charges")["data"]), 10)
        self.assertEqual(len(self.ok("/v1/charges", {"limit": 100})["data"]), 100)
        for bad, message in (("0", "greater than or equal to 1"),
                             ("101", "less than or equal to 100"), ("ten", "Invalid integer")):
            error = self.error(self.call("/v1/charges", {"limit": bad}), 400)
            self.assertIn(message, error["message"])
            self.assertEqual(error["param"], "limit")

    def test_ending_before_gives_the_newer_page_back(self):
        self.make()
        first = self.ok("/v1/customers", {"limit": 5})
        second = self.ok("/v1/customers", {"limit": 5,
                                           "starting_after": first["data"][-1]["id"]})
        back = self.ok("/v1/customers", {"limit": 5,
                                         "ending_before": second["data"][0]["id"]})
        self.assertEqual([c["id"] for c in back["data"]], [c["id"] for c in first["data"]])
        self.assertFalse(back["has_more"])  # nothing newer than the first page
        error = self.error(self.call("/v1/customers", {
            "starting_after": first["data"][0]["id"], "ending_before": first["data"][1]["id"]}),
            400)
        self.assertIn("only specify one of these parameters", error["message"])

    def test_created_filters_bound_the_list(self):
        self.make()
        everything = self.page_all("charges", limit=100)
        pivot = everything[70]["created"]
        expected = {
            "gte": [c for c in everything if c["created"] >= pivot],
            "gt": [c for c in everything if c["created"] > pivot],
            "lte": [c for c in everything if c["created"] <= pivot],
            "lt": [c for c in everything if c["created"] < pivot],
        }
        for op, records in expected.items():
            got = self.page_all("charges", limit=9, extra={"created[%s]" % op: pivot})
            self.assertEqual([c["id"] for c in got], [c["id"] for c in records], op)
        both = self.page_all("charges", extra={"created[gt]": everything[100]["created"],
                                               "created[lte]": pivot})
        self.assertEqual([c["id"] for c in both], [c["id"] for c in everything[70:100]])
        exact = self.ok("/v1/charges", {"created": pivot})
        self.assertEqual([c["id"] for c in exact["data"]], [everything[70]["id"]])
        error = self.error(self.call("/v1/charges", {"created[gte]": "yesterday"}), 400)
        self.assertEqual(error["param"], "created[gte]")

    def test_unknown_starting_after_is_resource_missing(self):
        self.make()
        error = self.error(self.call("/v1/charges", {"starting_after": "ch_nope"}), 400)
        self.assertEqual(error["code"], "resource_missing")
        self.assertEqual(error["param"], "starting_after")
        self.assertEqual(error["message"], "No such charge: 'ch_nope'")
        # an id of another stream is no charge either
        customer = self.ok("/v1/customers", {"limit": 1})["data"][0]["id"]
        error = self.error(self.call("/v1/charges", {"starting_after": customer}), 400)
        self.assertEqual(error["code"], "resource_missing")
        self.error(self.call("/v1/charges/ch_nope"), 404)

    def test_retrieve_answers_the_listed_object(self):
        self.make()
        for stream in ("charges", "invoices", "events"):
            listed = self.ok("/v1/" + stream, {"limit": 3})["data"][2]
            self.assertEqual(self.ok("/v1/%s/%s" % (stream, listed["id"])), listed)
        self.assertEqual(self.ok("/v1/account")["object"], "account")
        self.assertEqual(self.ok("/v1/balance")["object"], "balance")

    def test_unknown_parameters_and_paths_are_refused_as_stripe_does(self):
        self.make()
        error = self.error(self.call("/v1/charges", {"sort": "asc"}), 400)
        self.assertEqual(error["message"], "Received unknown parameter: sort")
        self.assertEqual(error["param"], "sort")
        self.ok("/v1/charges", {"expand[]": "data.customer"})  # accepted, not expanded
        error = self.error(self.call("/v1/widgets"), 404)
        self.assertIn("Unrecognized request URL (GET: /v1/widgets)", error["message"])
        error = self.error(self.call("/v1/charges", method="POST"), 404)
        self.assertIn("POST: /v1/charges", error["message"])
        error = self.error(self.call("/v1/subscriptions", {"status": "sleeping"}), 400)
        self.assertEqual(error["param"], "status")


class ObjectsTest(StripeTestCase):
    def test_objects_carry_the_fields_analytics_needs(self):
        self.make()
        charges = self.page_all("charges", limit=100)
        statuses = {c["status"] for c in charges}
        self.assertEqual(statuses, {"succeeded", "failed"})
        for charge in charges:
            self.assertIsInstance(charge["amount"], int)
            self.assertEqual(charge["paid"], charge["status"] == "succeeded")
            self.assertEqual(charge["failure_code"] is None, charge["status"] == "succeeded")
            self.assertTrue(charge["customer"].startswith("cus_"))
        refunded = {c["id"] for c in charges if c["refunded"]}
        refunds = self.page_all("refunds", limit=100)
        self.assertEqual({r["charge"] for r in refunds}, refunded)

        invoice = self.ok("/v1/invoices", {"limit": 1})["data"][0]
        lines = invoice["lines"]
        self.assertEqual(lines["object"], "list")
        self.assertEqual(lines["url"], "/v1/invoices/%s/lines" % invoice["id"])
        self.assertFalse(lines["has_more"])
        self.assertEqual(invoice["total"], sum(line["amount"] for line in lines["data"]))
        self.assertEqual(invoice["amount_due"], invoice["total"])
        for key in ("customer", "subscription", "status", "amount_paid"):
            self.assertIn(key, invoice)

        subscriptions = self.page_all("subscriptions", extra={"status": "all"})
        self.assertEqual({s["status"] for s in subscriptions},
                         {"active", "trialing", "past_due", "canceled"})
        for sub in subscriptions:
            item = sub["items"]["data"][0]
            self.assertEqual(sub["items"]["object"], "list")
            self.assertIsInstance(item["price"]["unit_amount"], int)
            self.assertIn(item["price"]["recurring"]["interval"], ("month", "year"))
            self.assertEqual(sub["canceled_at"] is not None, sub["status"] == "canceled")
            self.assertEqual(sub["start_date"], sub["created"])

    def test_canceled_subscriptions_are_listed_only_when_asked(self):
        self.make()
        default = self.page_all("subscriptions")
        canceled = self.page_all("subscriptions", extra={"status": "canceled"})
        self.assertTrue(canceled)
        self.assertTrue(all(s["status"] != "canceled" for s in default))
        self.assertEqual(len(default) + len(canceled), 40)

    def test_same_config_same_data_and_another_seed_other_data(self):
        one = self.page_all("invoices", api=StripeApi({"seed": 5}, FakeClock()))
        two = self.page_all("invoices", api=StripeApi({"seed": 5}, FakeClock()))
        other = self.page_all("invoices", api=StripeApi({"seed": 6}, FakeClock()))
        self.assertEqual(one, two)
        self.assertNotEqual([i["id"] for i in one], [i["id"] for i in other])

    def test_large_counts_are_generated_on_demand(self):
        self.make(counts={"charges": 1000000})
        first = self.ok("/v1/charges", {"limit": 100})
        self.assertTrue(first["has_more"])
        middle = first["data"][0]["created"] - 14 * DAY
        page = self.ok("/v1/charges", {"limit": 3, "created[lte]": middle})["data"]
        self.assertTrue(all(c["created"] <= middle for c in page))
        after = self.ok("/v1/charges", {"limit": 3, "starting_after": page[-1]["id"]})["data"]
        self.assertLess(after[0]["created"], page[-1]["created"] + 1)
        # refunds keep their default share of the charges
        refunds = self.ok("/v1/refunds", {"limit": 100})["data"]
        self.assertTrue(all(self.ok("/v1/charges/" + r["charge"])["refunded"] for r in refunds))
        self.assertEqual(self.api.common.counts["refunds"], 1000000 * 20 // 150)


class UpdateTest(StripeTestCase):
    def changed_events(self, since):
        events = self.page_all("events", limit=100, extra={"created[gt]": since})
        return {(e["type"], e["data"]["object"]["id"]) for e in events}

    def test_events_after_updates_are_exactly_the_changed_objects(self):
        self.make()
        before = self.ok("/v1/events", {"limit": 1})["data"][0]["created"]
        charges = self.api.update({"stream": "charges", "update": 3, "create": 2})
        customers = self.api.update({"stream": "customers", "update": 2, "delete": 1})
        subs = self.api.update({"stream": "subscriptions", "update": 2, "delete": 2})
        invoices = self.api.update({"stream": "invoices", "update": 2, "delete": 1})
        self.assertEqual(invoices["now"], "2024-06-01T04:00:00Z")
        for summary, n_updated in ((charges, 3), (customers, 2), (subs, 2), (invoices, 2)):
            self.assertEqual(len(summary["updated"]), n_updated)
            self.assertFalse(set(summary["updated"]) & set(summary["deleted"]))
        self.assertEqual(len(charges["refunds"]), 3)
        new_charges = {c["id"]: c for c in self.page_all("charges", limit=100)}
        expected = {("charge." + new_charges[c]["status"], c) for c in charges["created"]}
        expected |= {("charge.refunded", c) for c in charges["updated"]}
        expected |= {("refund.created", r) for r in charges["refunds"]}
        expected |= {("customer.updated", c) for c in customers["updated"]}
        expected |= {("customer.deleted", c) for c in customers["deleted"]}
        expected |= {("customer.subscription.updated", s) for s in subs["updated"]}
        expected |= {("customer.subscription.deleted", s) for s in subs["deleted"]}
        expected |= {("invoice.paid", i) for i in invoices["updated"]}
        expected |= {("invoice.voided", i) for i in invoices["deleted"]}
        self.assertEqual(self.changed_events(before), expected)

        # the objects themselves changed, and the events carry them after the change
        by_id = new_charges
        for charge_id in charges["updated"]:
            self.assertTrue(by_id[charge_id]["refunded"])
            self.assertEqual(by_id[charge_id]["amount_refunded"], by_id[charge_id]["amount"])
        refunds = {r["id"]: r for r in self.page_all("refunds", limit=100)}
        self.assertEqual({refunds[r]["charge"] for r in charges["refunds"]},
                         set(charges["updated"]))
        customer_ids = {c["id"] for c in self.page_all("customers", limit=100)}
        self.assertFalse(customer_ids & set(customers["deleted"]))
        self.assertEqual(len(customer_ids), 59)
        gone = customers["deleted"][0]
        self.assertEqual(self.ok("/v1/customers/" + gone),
                         {"id": gone, "object": "customer", "deleted": True})
        error = self.error(self.call("/v1/customers", {"starting_after": gone}), 400)
        self.assertEqual(error["code"], "resource_missing")
        canceled = {s["id"]: s for s in self.page_all("subscriptions",
                                                      extra={"status": "canceled"})}
        for sub_id in subs["deleted"]:  # canceled at the update's time: 03:00
            self.assertEqual(canceled[sub_id]["canceled_at"], NOW + 3 * 3600)
        self.assertFalse({s["id"] for s in self.page_all("subscriptions")} & set(subs["deleted"]))
        paid = self.page_all("invoices", limit=100, extra={"status": "paid"})
        paid_ids = {i["id"] for i in paid}
        self.assertTrue(set(invoices["updated"]) <= paid_ids)
        event = self.ok("/v1/events", {"type": "invoice.paid", "limit": 1})["data"][0]
        self.assertEqual(event["data"]["object"]["status"], "paid")
        self.assertEqual(event["data"]["previous_attributes"]["status"], "open")

    def test_created_records_come_after_the_watermark(self):
        self.make()
        newest = self.ok("/v1/customers", {"limit": 1})["data"][0]["created"]
        summary = self.api.update({"stream": "customers", "create": 3, "update": 1})
        fresh = self.page_all("customers", extra={"created[gt]": newest})
        self.assertEqual(sorted(c["id"] for c in fresh), sorted(summary["created"]))
        self.assertNotIn(summary["updated"][0], {c["id"] for c in fresh})
        self.assertEqual(len(self.page_all("customers", limit=100)), 63)

    def test_event_type_filters(self):
        self.make()
        self.api.update({"stream": "subscriptions", "update": 1, "delete": 1})
        subs = self.page_all("events", extra={"type": "customer.subscription.*"})
        self.assertEqual({e["type"] for e in subs},
                         {"customer.subscription.created", "customer.subscription.updated",
                          "customer.subscription.deleted"})
        chosen = self.page_all("events", extra={"types[]": ["charge.failed", "refund.created"]})
        self.assertEqual({e["type"] for e in chosen}, {"charge.failed", "refund.created"})
        self.assertEqual(len([e for e in chosen if e["type"] == "refund.created"]), 20)
        error = self.error(self.call("/v1/events", {"type": "charge.failed",
                                                    "types[]": "charge.succeeded"}), 400)
        self.assertIn("only specify one", error["message"])

    def test_updates_refuse_what_stripe_cannot_do(self):
        self.make()
        with self.assertRaisesRegex(BadRequest, "update.delete: charges take only create, "
                                                "update .Stripe never deletes charges"):
            self.api.update({"stream": "charges", "delete": 1})
        with self.assertRaisesRegex(BadRequest, "update.create: refunds take no changes "
                                                ".refunds are made by updating charges"):
            self.api.update({"stream": "refunds", "create": 1})
        with self.assertRaisesRegex(BadRequest, "unknown update key 'colour'"):
            self.api.update({"stream": "charges", "colour": 1})
        with self.assertRaisesRegex(BadRequest, "stream must be one of"):
            self.api.update({"stream": "events", "create": 1})
        # nothing moved: the next update is the first hour
        self.assertEqual(self.api.update({"stream": "charges"})["now"], "2024-06-01T01:00:00Z")


class EventHorizonTest(StripeTestCase):
    def test_events_older_than_30_days_are_gone(self):
        self.make(history_days=90)
        now = NOW
        events = self.page_all("events", limit=100)
        self.assertTrue(events)
        self.assertGreaterEqual(min(e["created"] for e in events), now - 30 * DAY)
        # the objects of that history are still listed
        customers = self.page_all("customers", limit=100)
        self.assertEqual(len(customers), 60)
        self.assertLess(min(c["created"] for c in customers), now - 60 * DAY)
        # an event id from before the horizon is no cursor any more: the client must notice
        oldest = self.page_all("events", limit=100, extra={"type": "customer.created"})[-1]
        summary = self.api.update({"stream": "customers", "advance_days": 31})
        self.assertEqual(summary["now"], "2024-07-02T01:00:00Z")
        error = self.error(self.call("/v1/events", {"starting_after": oldest["id"]}), 400)
        self.assertEqual(error["code"], "resource_missing")
        self.assertEqual(error["message"], "No such event: '%s'" % oldest["id"])
        self.error(self.call("/v1/events/" + oldest["id"]), 404)
        self.assertEqual(self.page_all("events", limit=100), [])

    def test_default_history_lies_inside_the_horizon(self):
        self.make()
        events = self.page_all("events", limit=100)
        self.assertEqual(len(events), 410)


class RateLimitTest(StripeTestCase):
    tick = 0  # requests in one instant
    def test_over_100_requests_in_a_second_get_429(self):
        self.make()
        for _ in range(100):
            self.ok("/v1/customers", {"limit": 1})
        self.clock.now += 0.9
        response = self.call("/v1/customers", {"limit": 1})
        error = self.error(response, 429)
        self.assertEqual(error["code"], "rate_limit")
        self.assertIn("Request rate limit exceeded", error["message"])
        self.assertEqual(self.header(response, "Stripe-Should-Retry"), "true")
        stats = self.api.stats()
        self.assertEqual((stats["over_limit"], stats["throttled"]), (1, 1))
        self.clock.now += 0.1  # a new second
        self.ok("/v1/customers", {"limit": 1})
        self.assertEqual(self.api.stats()["over_limit"], 1)

    def test_rate_limits_off_lifts_the_limit(self):
        self.make(rate_limits="off")
        for _ in range(300):
            self.ok("/v1/customers", {"limit": 1})
        self.assertEqual(self.api.stats()["over_limit"], 0)


class AuthTest(StripeTestCase):
    def test_missing_key_is_401(self):
        self.make()
        response = self.call("/v1/charges", key=None)
        error = self.error(response, 401)
        self.assertIn("You did not provide an API key", error["message"])
        self.assertEqual(self.header(response, "WWW-Authenticate"), 'Basic realm="Stripe"')

    def test_wrong_key_is_401_and_never_echoed_whole(self):
        self.make()
        wrong = "sk_test_51AbCdEfGhIjKlMnOpQrStUv"
        response = self.call("/v1/charges", key=wrong)
        error = self.error(response, 401)
        self.assertTrue(error["message"].startswith("Invalid API Key provided: sk_test_****"))
        self.assertTrue(error["message"].endswith("StUv"))
        self.assertNotIn(wrong, str(response.body_bytes()))
        short = self.call("/v1/charges", key="sk_test_short")
        self.assertNotIn("short", str(short.body_bytes()))
        self.assertEqual(self.api.stats()["unauthorized"], 2)
        self.assertEqual(self.api.stats()["requests_by_stream"], {})

    def test_basic_auth_with_the_key_as_user(self):
        self.make(api_key="sk_test_custom")
        basic = base64.b64encode(b"sk_test_custom:").decode()
        self.ok("/v1/charges", key=None, headers={"Authorization": "Basic " + basic})
        self.error(self.call("/v1/charges"), 401)  # the default key is not this namespace's

    def test_forbidden_stream_is_403_naming_the_permission(self):
        self.make(forbidden=["charges"])
        response = self.call("/v1/charges")
        error = self.error(response, 403)
        self.assertIn("does not have the required permissions for this endpoint",
                      error["message"])
        self.assertIn("'rak_charge_read'", error["message"])
        self.assertNotIn(KEY, str(response.body_bytes()))
        self.ok("/v1/customers")
        self.assertEqual(self.api.stats()["forbidden"], 1)

    def test_connect_accounts(self):
        self.make(accounts=["acct_1Shop"])
        error = self.error(self.call("/v1/charges", headers={"Stripe-Account": "acct_other"}),
                           403)
        self.assertEqual(error["code"], "account_invalid")
        self.assertIn("'acct_other'", error["message"])
        connected = self.call("/v1/charges", headers={"Stripe-Account": "acct_1Shop"})
        self.assertEqual(connected.status, 200)
        self.assertEqual(self.header(connected, "Stripe-Account"), "acct_1Shop")
        platform = self.ok("/v1/charges")
        self.assertNotEqual(connected.body["data"][0]["id"], platform["data"][0]["id"])
        summary = self.api.update({"stream": "customers", "create": 1, "account": "acct_1Shop"})
        shop = self.call("/v1/customers", {"limit": 1}, headers={"Stripe-Account": "acct_1Shop"})
        self.assertEqual(shop.body["data"][0]["id"], summary["created"][0])
        self.assertNotEqual(self.ok("/v1/customers", {"limit": 1})["data"][0]["id"],
                            summary["created"][0])

    def test_every_response_has_a_request_id(self):
        self.make(forbidden=["events"])
        ids = set()
        for response in (self.call("/v1/charges"), self.call("/v1/charges", key=None),
                         self.call("/v1/events"), self.call("/v1/nothing")):
            request_id = self.header(response, "Request-Id")
            self.assertRegex(request_id, r"^req_[A-Za-z0-9]{14}$")
            ids.add(request_id)
        self.assertEqual(len(ids), 4)


    def test_date_is_the_apis_now(self):
        self.make()
        self.assertEqual(self.header(self.call("/v1/charges"), "Date"),
                         "Sat, 01 Jun 2024 00:00:00 GMT")
        self.api.update({"stream": "customers", "create": 1, "advance_days": 31})
        self.assertEqual(self.header(self.call("/v1/events", key=None), "Date"),
                         "Tue, 02 Jul 2024 01:00:00 GMT")


class ConfigTest(unittest.TestCase):
    def test_bad_configs_name_the_problem(self):
        cases = (({"colour": 1}, "unknown config key 'colour'"),
                 ({"counts": {"events": 5}}, "unknown counts key 'events'"),
                 ({"counts": {"refunds": 200}}, "counts.refunds .200. must be at most"),
                 ({"accounts": ["shop"]}, "accounts must be a list of Connect account ids"),
                 ({"history_days": 0}, "history_days must be an integer >= 1"),
                 ({"api_key": ""}, "api_key must be a non-empty string"),
                 ({"forbidden": ["orders"]}, "forbidden must be a list of stream names"))
        for config, message in cases:
            with self.assertRaisesRegex(BadRequest, message):
                StripeApi(config, FakeClock())


if __name__ == "__main__":
    unittest.main()
