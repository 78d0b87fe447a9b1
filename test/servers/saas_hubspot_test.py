"""Tests of the HubSpot emulator (saas_hubspot.HubspotApi), called directly with a fake clock.

Run: python3 -m unittest discover -s test/servers -p "saas_*_test.py"
"""

import json
import unittest
import urllib.parse

from saas_common import ApiRequest, BadRequest
from saas_hubspot import OBJECT_TYPES, HubspotApi

TOKEN = "pat-na1-emulator"
NOW_MS = 1717200000000  # 2024-06-01T00:00:00Z, the default `now`


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class HubspotTestCase(unittest.TestCase):
    def make(self, **config):
        self.clock = FakeClock()
        self.api = HubspotApi(config, self.clock)
        return self.api

    def call(self, method, path, query=None, body=None, token=TOKEN, form=None):
        headers = {"Authorization": "Bearer " + token} if token else {}
        if form is not None:
            raw = urllib.parse.urlencode(form).encode()
        else:
            raw = json.dumps(body).encode() if body is not None else b""
        query = {k: [v] for k, v in (query or {}).items()}
        return self.api.handle(ApiRequest(method, path, query, headers, raw,
                                          base_url="http://127.0.0.1:1/ns/t"))

    def get(self, path, **query):
        return self.call("GET", path, {k: str(v) for k, v in query.items()})

    def search(self, kind, body, token=TOKEN):
        return self.call("POST", "/crm/v3/objects/%s/search" % kind, body=body, token=token)

    def list_all(self, kind, limit=100, **query):
        """Every record of a list, following paging.next.after; the ids in order."""
        ids, after, pages = [], None, 0
        path = "/crm/v3/owners" if kind == "owners" else "/crm/v3/objects/" + kind
        while True:
            params = dict(query, limit=limit)
            if after is not None:
                params["after"] = after
            resp = self.get(path, **params)
            self.clock.now += 0.06  # a well-behaved client: under 190 per 10 s
            self.assertEqual(resp.status, 200, resp.body)
            ids += [r["id"] for r in resp.body["results"]]
            pages += 1
            if "paging" not in resp.body:
                return ids, pages
            after = resp.body["paging"]["next"]["after"]
            self.assertIn("after=" + after, resp.body["paging"]["next"]["link"])

    def search_all(self, kind, filters, limit=200, sorts=None):
        ids, after = [], None
        while True:
            body = {"filterGroups": [{"filters": filters}] if filters else [], "limit": limit,
                    "sorts": sorts or [{"propertyName": "hs_object_id",
                                        "direction": "ASCENDING"}]}
            if after is not None:
                body["after"] = after
            resp = self.search(kind, body)
            self.clock.now += 0.25  # a well-behaved client: 4 searches per second
            self.assertEqual(resp.status, 200, resp.body)
            ids += [r["id"] for r in resp.body["results"]]
            if "paging" not in resp.body:
                return ids, resp.body["total"]
            after = resp.body["paging"]["next"]["after"]


class ListTest(HubspotTestCase):
    def test_paging_gives_every_record_once_in_ascending_id_order(self):
        self.make(rate_limits="off")
        expected = {"contacts": 150, "companies": 40, "deals": 60, "tickets": 30, "owners": 8}
        expected.update({k: 30 for k in ("calls", "emails", "meetings", "notes", "tasks")})
        for kind, count in expected.items():
            ids, pages = self.list_all(kind, limit=7)
            self.assertEqual(len(ids), count, kind)
            self.assertEqual(len(set(ids)), count, kind)
            self.assertEqual([int(i) for i in ids], sorted(int(i) for i in ids), kind)
            self.assertEqual(pages, -(-count // 7), kind)

    def test_default_limit_is_10_and_the_last_page_has_no_paging(self):
        self.make(counts={"contacts": 12})
        first = self.get("/crm/v3/objects/contacts")
        self.assertEqual(len(first.body["results"]), 10)
        last = self.get("/crm/v3/objects/contacts", after=first.body["paging"]["next"]["after"])
        self.assertEqual(len(last.body["results"]), 2)
        self.assertNotIn("paging", last.body)

    def test_record_shape_has_string_properties_and_both_dates(self):
        self.make()
        resp = self.get("/crm/v3/objects/deals", limit=5,
                        properties="dealstage,amount,pipeline,hubspot_owner_id,closedate,nope")
        owners = set(self.list_all("owners")[0])
        for record in resp.body["results"]:
            props = record["properties"]
            self.assertEqual(set(props), {"dealstage", "amount", "pipeline", "hubspot_owner_id",
                                          "closedate", "createdate", "hs_lastmodifieddate",
                                          "hs_object_id"})
            self.assertTrue(all(isinstance(v, str) for v in props.values()), props)
            self.assertEqual(props["hs_object_id"], record["id"])
            self.assertEqual(props["pipeline"], "default")
            self.assertIn(props["dealstage"], ("appointmentscheduled", "qualifiedtobuy",
                                               "presentationscheduled", "decisionmakerboughtin",
                                               "contractsent", "closedwon", "closedlost"))
            self.assertIn(props["hubspot_owner_id"], owners)
            float(props["amount"])
            self.assertEqual(record["updatedAt"], props["hs_lastmodifieddate"])
            self.assertLess(record["createdAt"], record["updatedAt"])
            self.assertLess(record["updatedAt"], "2024-06-01T00:00:00.000Z")
            self.assertFalse(record["archived"])

    def test_contacts_use_lastmodifieddate_and_owners_their_own_shape(self):
        self.make()
        contact = self.get("/crm/v3/objects/contacts", limit=1,
                           properties="hs_analytics_source,lifecyclestage").body["results"][0]
        self.assertIn("lastmodifieddate", contact["properties"])
        self.assertNotIn("hs_lastmodifieddate", contact["properties"])
        self.assertIn(contact["properties"]["hs_analytics_source"],
                      ("ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA",
                       "REFERRALS", "DIRECT_TRAFFIC", "OFFLINE"))
        owner = self.get("/crm/v3/owners", limit=1).body["results"][0]
        self.assertEqual(set(owner), {"id", "email", "firstName", "lastName", "userId",
                                      "createdAt", "updatedAt", "archived"})

    def test_same_config_serves_identical_data_and_another_seed_other_data(self):
        self.make(seed=7)
        first = self.get("/crm/v3/objects/contacts", limit=20).body
        self.make(seed=7)
        self.assertEqual(self.get("/crm/v3/objects/contacts", limit=20).body, first)
        self.make(seed=8)
        self.assertNotEqual(self.get("/crm/v3/objects/contacts", limit=20).body, first)

    def test_archived_records_vanish_from_lists_unless_archived_true(self):
        self.make(counts={"tickets": 20})
        deleted = self.api.update({"stream": "tickets", "delete": 3})["deleted"]
        live, _ = self.list_all("tickets", limit=4)
        self.assertEqual(len(live), 17)
        self.assertFalse(set(deleted) & set(live))
        gone, _ = self.list_all("tickets", limit=2, archived="true")
        self.assertEqual(gone, deleted)
        record = self.get("/crm/v3/objects/tickets/" + deleted[0], archived="true").body
        self.assertTrue(record["archived"])
        self.assertEqual(record["archivedAt"], "2024-06-01T01:00:00.000Z")
        self.assertEqual(self.get("/crm/v3/objects/tickets/" + deleted[0]).status, 404)

    def test_get_one_record_and_not_found(self):
        self.make()
        record = self.get("/crm/v3/objects/companies/5000000003", properties="name").body
        self.assertEqual(record["id"], "5000000003")
        self.assertIn("name", record["properties"])
        missing = self.get("/crm/v3/objects/companies/77")
        self.assertEqual(missing.status, 404)
        self.assertEqual(missing.body["category"], "OBJECT_NOT_FOUND")
        self.assertEqual(self.get("/crm/v3/owners/40000002").body["id"], "40000002")

    def test_bad_list_parameters_answer_validation_errors(self):
        self.make()
        for query in ({"limit": "101"}, {"limit": "0"}, {"limit": "x"}, {"after": "abc"},
                      {"archived": "maybe"}):
            resp = self.get("/crm/v3/objects/contacts", **query)
            self.assertEqual(resp.status, 400, query)
            self.assertEqual(resp.body["category"], "VALIDATION_ERROR")
            self.assertEqual(resp.body["status"], "error")
        self.assertEqual(self.get("/crm/v3/owners", limit=500).status, 200)
        self.assertEqual(self.api.stats()["bad_requests"], 5)

    def test_unknown_path_and_object_type(self):
        self.make()
        resp = self.get("/crm/v3/nothing")
        self.assertEqual(resp.status, 404)
        self.assertEqual(resp.body["status"], "error")
        self.assertIn("correlationId", resp.body)
        resp = self.get("/crm/v3/objects/widgets")
        self.assertEqual(resp.status, 400)
        self.assertIn("Unable to infer object type from: widgets", resp.body["message"])


class SearchTest(HubspotTestCase):
    def test_search_by_last_modified_after_updates_gives_exactly_the_changed_records(self):
        self.make(counts={"deals": 300})
        for kind in OBJECT_TYPES:
            prop = "lastmodifieddate" if kind == "contacts" else "hs_lastmodifieddate"
            before, _ = self.search_all(kind, [{"propertyName": prop, "operator": "GTE",
                                                "value": str(NOW_MS)}])
            self.assertEqual(before, [], kind)
        change = self.api.update({"stream": "deals", "create": 4, "update": 9, "delete": 2})
        self.assertEqual(change["now"], "2024-06-01T01:00:00.000Z")
        since = [{"propertyName": "hs_lastmodifieddate", "operator": "GTE",
                  "value": str(NOW_MS)}]
        ids, total = self.search_all("deals", since, limit=5)
        self.assertEqual(sorted(ids, key=int), sorted(change["created"] + change["updated"],
                                                      key=int))
        self.assertEqual(total, 13)
        second = self.api.update({"stream": "deals", "update": 3})
        iso = [{"propertyName": "hs_lastmodifieddate", "operator": "GT",
                "value": "2024-06-01T01:00:00Z"}]
        self.assertEqual(sorted(self.search_all("deals", iso)[0], key=int),
                         sorted(second["updated"], key=int))

    def test_updated_records_show_a_changed_field(self):
        self.make()
        before = {r["id"]: r["properties"]["dealstage"] for r in
                  self.get("/crm/v3/objects/deals", limit=100, properties="dealstage")
                  .body["results"]}
        change = self.api.update({"stream": "deals", "update": 5})
        for deal_id in change["updated"]:
            after = self.get("/crm/v3/objects/deals/" + deal_id, properties="dealstage").body
            self.assertNotEqual(after["properties"]["dealstage"], before[deal_id])
            self.assertEqual(after["updatedAt"], "2024-06-01T01:00:00.000Z")

    def test_search_matches_a_brute_force_evaluation(self):
        self.make(counts={"contacts": 400}, rate_limits="off")
        self.api.update({"stream": "contacts", "create": 5, "update": 20, "delete": 6})
        self.api.update({"stream": "contacts", "update": 10, "delete": 2})
        records = {}
        for page_ids in [self.list_all("contacts", properties="lifecyclestage")[0]]:
            for rid in page_ids:
                records[rid] = self.get("/crm/v3/objects/contacts/" + rid,
                                        properties="lifecyclestage").body
        mid = sorted(records, key=int)[200]
        cases = [
            ([{"propertyName": "hs_object_id", "operator": "GT", "value": mid}],
             lambda r: int(r["id"]) > int(mid)),
            ([{"propertyName": "hs_object_id", "operator": "LTE", "value": mid},
              {"propertyName": "lastmodifieddate", "operator": "GTE", "value": "2023-12-01"}],
             lambda r: int(r["id"]) <= int(mid) and
             r["updatedAt"] >= "2023-12-01T00:00:00.000Z"),
            ([{"propertyName": "createdate", "operator": "LT", "value": "2024-01-01T00:00:00Z"},
              {"propertyName": "lifecyclestage", "operator": "EQ", "value": "lead"}],
             lambda r: r["createdAt"] < "2024-01-01" and
             r["properties"]["lifecyclestage"] == "lead"),
            ([{"propertyName": "lastmodifieddate", "operator": "BETWEEN",
               "value": "2024-02-01T00:00:00Z", "highValue": str(NOW_MS + 3600 * 1000)}],
             lambda r: "2024-02-01" <= r["updatedAt"] <= "2024-06-01T01:00:00.000Z"),
        ]
        cases.append(([{"propertyName": "lifecyclestage", "operator": "IN",
                        "values": ["customer", "other"]},
                       {"propertyName": "hs_object_id", "operator": "NEQ", "value": mid}],
                      lambda r: r["properties"]["lifecyclestage"] in ("customer", "other") and
                      r["id"] != mid))
        for filters, predicate in cases:
            expected = sorted((rid for rid, r in records.items() if predicate(r)), key=int)
            ids, total = self.search_all("contacts", filters, limit=37)
            self.assertEqual(ids, expected, filters)
            self.assertEqual(total, len(expected), filters)
        # filter groups are ORed: the union of two cases, each record once
        body = {"filterGroups": [{"filters": cases[0][0]}, {"filters": cases[3][0]}],
                "limit": 200}
        expected = sorted((rid for rid, r in records.items()
                           if cases[0][1](r) or cases[3][1](r)), key=int)
        first = self.search("contacts", body).body
        second = self.search("contacts", dict(body, after=first["paging"]["next"]["after"])).body
        self.assertEqual([r["id"] for r in first["results"] + second["results"]], expected)
        self.assertEqual(first["total"], len(expected))

    def test_sort_by_last_modified_puts_changed_records_last_and_descending_reverses(self):
        self.make(counts={"notes": 50}, rate_limits="off")
        change = self.api.update({"stream": "notes", "update": 3})
        asc = [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}]
        ids, _ = self.search_all("notes", [], limit=9, sorts=asc)
        self.assertEqual(len(ids), 50)
        self.assertEqual(sorted(ids[-3:], key=int), sorted(change["updated"], key=int))
        desc = [{"propertyName": "hs_lastmodifieddate", "direction": "DESCENDING"}]
        self.assertEqual(self.search_all("notes", [], limit=9, sorts=desc)[0], ids[::-1])
        short = self.search_all("notes", [], limit=50, sorts=["-hs_lastmodifieddate"])[0]
        self.assertEqual(short, ids[::-1])

    def test_the_10000_window_and_continuing_by_hs_object_id(self):
        self.make(counts={"contacts": 25000}, rate_limits="off")
        sorts = [{"propertyName": "hs_object_id", "direction": "ASCENDING"}]
        seen, last_id = [], "0"
        rounds = 0
        while True:
            filters = [{"propertyName": "hs_object_id", "operator": "GT", "value": last_id}]
            after, total = 0, None
            while True:
                resp = self.search("contacts", {"filterGroups": [{"filters": filters}],
                                                "sorts": sorts, "limit": 200,
                                                "after": str(after)})
                if resp.status == 400:
                    self.assertEqual(after, 10000)
                    self.assertEqual(resp.body["category"], "VALIDATION_ERROR")
                    self.assertIn("10000", resp.body["message"])
                    break
                self.assertEqual(resp.status, 200, resp.body)
                total = resp.body["total"]
                seen += [r["id"] for r in resp.body["results"]]
                if "paging" not in resp.body:
                    break
                after = int(resp.body["paging"]["next"]["after"])
            rounds += 1
            if total is not None and total <= 10000:
                break
            last_id = seen[-1]
        self.assertEqual(rounds, 3)
        self.assertEqual(len(seen), 25000)
        self.assertEqual(len(set(seen)), 25000)
        self.assertEqual(self.api.stats()["search_window_errors"], 2)

    def test_window_is_after_plus_limit(self):
        self.make(counts={"companies": 10}, rate_limits="off")
        self.assertEqual(self.search("companies", {"after": "9900", "limit": 100}).status, 200)
        self.assertEqual(self.search("companies", {"after": "9901", "limit": 100}).status, 400)

    def test_bad_search_requests_answer_validation_errors(self):
        self.make(rate_limits="off")
        bad = [
            {"limit": 201},
            {"filterGroups": [{"filters": [{"propertyName": "nope", "operator": "EQ",
                                            "value": "1"}]}]},
            {"filterGroups": [{"filters": [{"propertyName": "hs_object_id",
                                            "operator": "ROUGHLY", "value": "1"}]}]},
            {"filterGroups": [{"filters": [{"propertyName": "lastmodifieddate",
                                            "operator": "GT", "value": "yesterday"}]}]},
            {"sorts": [{"propertyName": "email", "direction": "ASCENDING"}]},
            {"after": "next"},
            {"query": "ada"},
            {"filterGroups": [{"filters": [{"propertyName": "hs_object_id", "operator": "EQ",
                                            "value": str(i)}]} for i in range(6)]},
            {"filterGroups": [{"filters": []}]},
            {"filterGroups": [{"filters": ["hs_object_id"]}]},
            {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "IN",
                                            "values": "a@b.c"}]}]},
            {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ"}]}]},
            {"filterGroups": [{"filters": [{"propertyName": "createdate", "operator": "BETWEEN",
                                            "value": "1"}]}]},
            {"sorts": [{"propertyName": "createdate"}, {"propertyName": "hs_object_id"}]},
            {"sorts": [{"propertyName": "createdate", "direction": "UP"}]},
            {"properties": "email"},
            [],
        ]
        for body in bad:
            resp = self.search("contacts", body)
            self.assertEqual(resp.status, 400, body)
            self.assertEqual(resp.body["category"], "VALIDATION_ERROR", body)
            self.assertEqual(resp.body["status"], "error", body)
        resp = self.api.handle(ApiRequest("POST", "/crm/v3/objects/contacts/search", {},
                                          {"Authorization": "Bearer " + TOKEN}, b"{not json"))
        self.assertEqual(resp.status, 400)

    def test_a_million_contacts_list_and_search_lazily(self):
        self.make(counts={"contacts": 1000000}, rate_limits="off")
        last = self.get("/crm/v3/objects/contacts", limit=100, after="1000001").body
        self.assertEqual([r["id"] for r in last["results"]],
                         [str(i) for i in range(1000001, 1000101)])
        self.assertNotIn("paging", last)
        change = self.api.update({"stream": "contacts", "create": 2, "update": 50, "delete": 5})
        since = [{"propertyName": "lastmodifieddate", "operator": "GTE", "value": str(NOW_MS)}]
        ids, total = self.search_all("contacts", since)
        self.assertEqual(total, 52)
        self.assertEqual(ids, sorted(change["created"] + change["updated"], key=int))
        everything = self.search("contacts", {"limit": 1}).body
        self.assertEqual(everything["total"], 1000000 + 2 - 5)


class RateLimitTest(HubspotTestCase):
    def test_general_limit_190_per_10_seconds(self):
        self.make()
        for i in range(190):
            resp = self.get("/crm/v3/objects/contacts", limit=1)
            self.assertEqual(resp.status, 200)
            headers = dict(resp.headers)
            self.assertEqual(headers["X-HubSpot-RateLimit-Max"], "190")
            self.assertEqual(headers["X-HubSpot-RateLimit-Remaining"], str(189 - i))
            self.assertEqual(headers["X-HubSpot-RateLimit-Interval-Milliseconds"], "10000")
            self.clock.now += 0.04
        over = self.get("/crm/v3/objects/contacts")
        self.assertEqual(over.status, 429)
        self.assertEqual(over.body["policyName"], "SECONDLY")
        self.assertEqual(over.body["errorType"], "RATE_LIMIT")
        self.assertEqual(over.body["message"], "You have reached your secondly limit.")
        self.assertEqual(over.body["status"], "error")
        self.assertIn("correlationId", over.body)
        self.assertEqual(self.api.stats()["over_limit"], 1)
        self.assertEqual(self.api.stats()["throttled"], 1)
        self.clock.now += 10.0
        self.assertEqual(self.get("/crm/v3/objects/contacts").status, 200)

    def test_search_limit_5_per_second_besides_the_general_one(self):
        self.make()
        for _ in range(5):
            resp = self.search("contacts", {"limit": 1})
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.headers, [])  # search answers carry no limit headers
        over = self.search("contacts", {"limit": 1})
        self.assertEqual(over.status, 429)
        self.assertEqual(over.body["policyName"], "SECONDLY")
        self.assertEqual(self.get("/crm/v3/objects/contacts").status, 200)  # lists still pass
        self.clock.now += 1.0
        self.assertEqual(self.search("contacts", {"limit": 1}).status, 200)
        stats = self.api.stats()
        self.assertEqual((stats["over_limit"], stats["search_throttled"]), (1, 1))

    def test_daily_limit(self):
        self.make(daily_limit=3)
        for left in (2, 1, 0):
            resp = self.get("/crm/v3/objects/deals")
            self.assertEqual(dict(resp.headers)["X-HubSpot-RateLimit-Daily-Remaining"], str(left))
            self.assertEqual(dict(resp.headers)["X-HubSpot-RateLimit-Daily"], "3")
            self.clock.now += 20
        over = self.get("/crm/v3/objects/deals")
        self.assertEqual(over.status, 429)
        self.assertEqual(over.body["policyName"], "DAILY")
        self.assertEqual(over.body["message"], "You have reached your daily limit.")
        self.clock.now += 86400
        self.assertEqual(self.get("/crm/v3/objects/deals").status, 200)
        self.assertEqual(self.api.stats()["over_limit"], 1)

    def test_off_lifts_every_limit(self):
        self.make(rate_limits="off", daily_limit=2)
        for _ in range(300):
            self.assertEqual(self.get("/crm/v3/objects/contacts", limit=1).status, 200)
        for _ in range(20):
            self.assertEqual(self.search("contacts", {"limit": 1}).status, 200)
        self.assertEqual(self.api.stats()["over_limit"], 0)

    def test_unauthenticated_requests_do_not_use_the_limit(self):
        self.make()
        for _ in range(200):
            self.assertEqual(self.call("GET", "/crm/v3/objects/contacts", token=None).status,
                             401)
        self.assertEqual(self.get("/crm/v3/objects/contacts").status, 200)


class AuthTest(HubspotTestCase):
    def assert_invalid(self, resp):
        self.assertEqual(resp.status, 401)
        self.assertEqual(resp.body["category"], "INVALID_AUTHENTICATION")
        self.assertEqual(resp.body["status"], "error")
        self.assertIn("Authentication credentials not found", resp.body["message"])

    def test_private_app_token(self):
        self.make()
        self.assertEqual(self.get("/crm/v3/objects/contacts").status, 200)
        self.assert_invalid(self.call("GET", "/crm/v3/objects/contacts", token=None))
        self.assert_invalid(self.call("GET", "/crm/v3/objects/contacts", token="pat-na1-x"))
        self.assertEqual(self.api.stats()["auth_failures"], 2)

    def test_configured_token_and_oauth_only(self):
        self.make(access_token="pat-eu1-secret")
        self.assertEqual(self.call("GET", "/crm/v3/owners", token="pat-eu1-secret").status, 200)
        self.assert_invalid(self.get("/crm/v3/owners"))
        self.make(access_token=None)
        self.assert_invalid(self.get("/crm/v3/owners"))

    def oauth_config(self, **extra):
        oauth = {"client_id": "cid", "client_secret": "csecret", "refresh_token": "rt-1"}
        oauth.update(extra)
        return oauth

    def refresh(self, **form):
        fields = {"grant_type": "refresh_token", "client_id": "cid",
                  "client_secret": "csecret", "refresh_token": "rt-1"}
        fields.update(form)
        return self.call("POST", "/oauth/v1/token", token=None, form=fields)

    def test_oauth_refresh_then_expiry(self):
        self.make(oauth=self.oauth_config(), access_token=None)
        resp = self.refresh()
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.body["token_type"], "bearer")
        self.assertEqual(resp.body["expires_in"], 1800)
        self.assertEqual(resp.body["refresh_token"], "rt-1")
        token = resp.body["access_token"]
        self.assertEqual(self.call("GET", "/crm/v3/objects/deals", token=token).status, 200)
        self.clock.now += 1799
        self.assertEqual(self.call("GET", "/crm/v3/objects/deals", token=token).status, 200)
        self.clock.now += 1 + 5 * 60
        expired = self.call("GET", "/crm/v3/objects/deals", token=token)
        self.assertEqual(expired.status, 401)
        self.assertEqual(expired.body["category"], "EXPIRED_AUTHENTICATION")
        self.assertEqual(expired.body["message"],
                         "The OAuth token used to make this call expired 5 minute(s) ago.")
        self.assertIn("correlationId", expired.body)
        fresh = self.refresh().body["access_token"]
        self.assertNotEqual(fresh, token)
        self.assertEqual(self.call("GET", "/crm/v3/objects/deals", token=fresh).status, 200)
        self.assertEqual(self.api.stats()["tokens_issued"], 2)

    def test_oauth_configured_lifetime(self):
        self.make(oauth=self.oauth_config(expires_in=60))
        token = self.refresh().body["access_token"]
        self.clock.now += 61
        self.assertEqual(self.call("GET", "/crm/v3/owners", token=token).status, 401)

    def test_oauth_tokens_used_up_after_valid_requests(self):
        self.make(oauth=self.oauth_config(valid_requests=2), access_token=None)
        token = self.refresh().body["access_token"]
        for _ in range(2):
            self.assertEqual(self.call("GET", "/crm/v3/owners", token=token).status, 200)
        expired = self.call("GET", "/crm/v3/owners", token=token)
        self.assertEqual(expired.status, 401)
        self.assertEqual(expired.body["category"], "EXPIRED_AUTHENTICATION")
        self.assertEqual(expired.body["message"],
                         "The OAuth token used to make this call expired 0 minute(s) ago.")
        fresh = self.refresh().body["access_token"]
        self.assertEqual(self.call("GET", "/crm/v3/owners", token=fresh).status, 200)
        with self.assertRaises(BadRequest):
            self.make(oauth=self.oauth_config(valid_requests=0))

    def test_token_endpoint_errors(self):
        self.make(oauth=self.oauth_config())
        cases = [({"grant_type": "authorization_code"}, "BAD_GRANT_TYPE"),
                 ({"client_id": "other"}, "BAD_CLIENT_ID"),
                 ({"client_secret": "wrong"}, "BAD_CLIENT_SECRET"),
                 ({"refresh_token": "rt-2"}, "BAD_REFRESH_TOKEN")]
        for form, status in cases:
            resp = self.refresh(**form)
            self.assertEqual(resp.status, 400, form)
            self.assertEqual(resp.body["status"], status)
            self.assertNotIn("csecret", json.dumps(resp.body))
        resp = self.call("GET", "/oauth/v1/token", token=None)
        self.assertEqual((resp.status, resp.body["status"]), (400, "BAD_GRANT_TYPE"))
        self.make()
        self.assertEqual(self.refresh().body["status"], "BAD_CLIENT_ID")


class ForbiddenTest(HubspotTestCase):
    def test_missing_scopes_403_names_the_scope(self):
        self.make(forbidden=["deals", "owners"])
        for path, scope in (("/crm/v3/objects/deals", "crm.objects.deals.read"),
                            ("/crm/v3/owners", "crm.objects.owners.read")):
            resp = self.get(path)
            self.assertEqual(resp.status, 403)
            self.assertEqual(resp.body["category"], "MISSING_SCOPES")
            self.assertEqual(resp.body["status"], "error")
            self.assertEqual(resp.body["errors"][0]["context"]["requiredGranularScopes"],
                             [scope])
        resp = self.search("deals", {})
        self.assertEqual(resp.status, 403)
        self.assertEqual(self.get("/crm/v3/objects/contacts").status, 200)
        self.assertEqual(self.api.stats()["forbidden"], 3)


class ConfigAndUpdateTest(HubspotTestCase):
    def test_bad_config_is_refused_with_the_reason(self):
        cases = [({"colour": 1}, "colour"), ({"daily_limit": 0}, "daily_limit"),
                 ({"oauth": {"client_id": "a"}}, "oauth.client_secret"),
                 ({"oauth": {"client_id": "a", "client_secret": "b", "refresh_token": "c",
                             "scope": "x"}}, "scope"),
                 ({"access_token": 5}, "access_token"), ({"forbidden": ["leads"]}, "forbidden"),
                 ({"counts": {"contacts": 3000000}}, "counts.contacts"),
                 ({"rate_limits": "fast"}, "rate_limits")]
        for config, word in cases:
            with self.assertRaises(BadRequest, msg=config) as caught:
                HubspotApi(config, FakeClock())
            self.assertIn(word, str(caught.exception))

    def test_updates_are_deterministic_and_move_now(self):
        answers = []
        for _ in range(2):
            self.make(seed=3)
            answers.append([self.api.update({"stream": "contacts", "create": 2, "update": 4,
                                             "delete": 1}),
                            self.api.update({"stream": "owners", "update": 1})])
        self.assertEqual(answers[0], answers[1])
        first, second = answers[0]
        self.assertEqual(first["created"], ["251", "252"])
        self.assertEqual(len(first["updated"]), 4)
        self.assertEqual(len(first["deleted"]), 1)
        self.assertFalse(set(first["updated"]) & set(first["deleted"]))
        self.assertEqual(second["now"], "2024-06-01T02:00:00.000Z")
        owner = self.get("/crm/v3/owners/" + second["updated"][0]).body
        self.assertEqual(owner["updatedAt"], "2024-06-01T02:00:00.000Z")
        self.assertIn(".v1@", owner["email"])

    def test_bad_update_is_refused(self):
        self.make(counts={"tickets": 3})
        for body, word in (({"stream": "leads"}, "stream"),
                           ({"stream": "tickets", "update": 2, "delete": 2}, "live records"),
                           ({"stream": "tickets", "create": -1}, "create"),
                           ({"stream": "tickets", "rename": 1}, "rename")):
            with self.assertRaises(BadRequest, msg=body) as caught:
                self.api.update(body)
            self.assertIn(word, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
