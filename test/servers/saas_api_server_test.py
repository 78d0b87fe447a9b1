"""Tests of the SaaS emulator server process (saas_api_server.py): started on a free port in a
subprocess, driven over real sockets (admin API, namespaces, faults, one Shopify page), stopped
at the end. Run: python3 -m unittest discover -s test/servers -p "saas_*_test.py"
"""

import http.client
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = {"X-Shopify-Access-Token": "shpat_test_token"}


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process = subprocess.Popen([sys.executable, "-u", os.path.join(HERE,
                                                                           "saas_api_server.py"),
                                        "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True)
        line = cls.process.stdout.readline()  # "port N" once it listens
        if not line.startswith("port "):
            cls.process.kill()
            raise RuntimeError("the server did not start: %r %s" %
                               (line, cls.process.stderr.read()))
        cls.port = int(line.split()[1])

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        cls.process.wait(timeout=10)
        cls.process.stdout.close()
        cls.process.stderr.close()

    def request(self, method, path, body=None, headers=None):
        """(status, headers dict (lower-case), parsed JSON body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
            conn.request(method, path, body=data, headers=headers or {})
            response = conn.getresponse()
            raw = response.read()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, json.loads(raw) if raw else None
        finally:
            conn.close()

    def configure(self, name, config):
        status, _, body = self.request("PUT", "/_admin/ns/" + name, config)
        self.assertEqual(status, 200, body)
        return body

    def test_health(self):
        self.assertEqual(self.request("GET", "/_admin/health")[::2], (200, {"status": "ok"}))

    def test_a_shopify_page_through_the_server(self):
        self.configure("shop1", {"api": "shopify", "counts": {"orders": 5}})
        status, headers, body = self.request(
            "GET", "/ns/shop1/admin/api/2024-01/orders.json?limit=2&status=any", headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual([o["id"] for o in body["orders"]], [4500000001, 4500000002])
        self.assertEqual(headers["x-shopify-shop-api-call-limit"], "1/40")
        self.assertTrue(headers["content-type"].startswith("application/json"))
        self.assertTrue(headers["link"].startswith(
            "<http://127.0.0.1:%d/ns/shop1/admin/api/2024-01/orders.json?" % self.port))
        stats = self.request("GET", "/_admin/ns/shop1/stats")[2]
        self.assertEqual((stats["api"], stats["server_requests"], stats["requests"]),
                         ("shopify", 1, 1))

    def test_namespaces_are_isolated_and_replaced(self):
        self.configure("iso-a", {"api": "shopify"})
        self.configure("iso-b", {"api": "shopify"})
        self.request("GET", "/ns/iso-a/admin/api/2024-01/shop.json", headers=TOKEN)
        self.assertEqual(self.request("GET", "/_admin/ns/iso-b/stats")[2]["server_requests"], 0)
        status, _, summary = self.request("POST", "/_admin/ns/iso-a/update",
                                          {"stream": "customers", "create": 1})
        self.assertEqual((status, summary["created"]), (200, [6200000041]))
        self.configure("iso-a", {"api": "shopify"})  # replaced: fresh counters
        self.assertEqual(self.request("GET", "/_admin/ns/iso-a/stats")[2]["server_requests"], 0)
        self.assertEqual(self.request("DELETE", "/_admin/ns/iso-a")[0], 200)
        status, _, body = self.request("GET", "/ns/iso-a/admin/api/2024-01/shop.json")
        self.assertEqual(status, 404)
        self.assertEqual(body, {"error": "no namespace 'iso-a': configure it first with "
                                         "PUT /_admin/ns/iso-a"})

    def test_bad_admin_input_says_what_is_wrong(self):
        cases = [
            ("PUT", "/_admin/ns/x", b"", "the body is empty: send a JSON object"),
            ("PUT", "/_admin/ns/x", b"[1]", "the body must be a JSON object"),
            ("PUT", "/_admin/ns/x", b"{", "the body is not JSON"),
            ("PUT", "/_admin/ns/x", {}, 'the config needs "api": one of hubspot, shopify, '
                                        'stripe'),
            ("PUT", "/_admin/ns/x", {"api": "zendesk"}, "api must be one of hubspot, shopify, "
                                                        "stripe, got 'zendesk'"),
            ("PUT", "/_admin/ns/x", {"api": "shopify", "faults": {"rate": 2}},
             "faults.rate must be a number between 0 and 1, got 2"),
            ("PUT", "/_admin/ns/x", {"api": "shopify", "faults": {"kinds": ["429"]}},
             "faults.kinds must be a non-empty list of 500, 502, 503, 504, reset, timeout"),
            ("PUT", "/_admin/ns/x", {"api": "shopify", "faults": {"often": 1}},
             "unknown faults key 'often'; allowed: always, kinds, rate, seed, timeout_seconds"),
            ("PUT", "/_admin/ns/x", {"api": "shopify", "faults": {"always": {"/a": "x"}}},
             "faults.always['/a']: kind must be one of"),
            ("PUT", "/_admin/ns/x", {"api": "shopify", "color": 1},
             "unknown config key 'color'; allowed: access_token, counts"),
        ]
        for method, path, body, message in cases:
            status, _, answer = self.request(method, path, body)
            self.assertEqual(status, 400, (body, answer))
            self.assertIn(message, answer["error"])
        status, _, answer = self.request("GET", "/_admin/nope")
        self.assertEqual(status, 404)
        self.assertIn("no admin endpoint", answer["error"])
        self.assertEqual(self.request("GET", "/elsewhere")[0], 404)

    def test_missing_api_module_is_not_available(self):
        # saas_api_server imports a module per api; an api whose module is absent is refused.
        import saas_api_server
        saved = dict(saas_api_server.APIS)
        saas_api_server.APIS["ghost"] = ("saas_ghost_absent", "GhostApi")
        try:
            with self.assertRaisesRegex(Exception, "api 'ghost' is not available"):
                saas_api_server.load_api_class("ghost")
        finally:
            saas_api_server.APIS.clear()
            saas_api_server.APIS.update(saved)

    def test_faults_are_injected_before_the_api_and_counted(self):
        self.configure("faulty", {"api": "shopify", "faults": {"always": {
            "/admin/api/2024-01/shop.json": {"kind": "503", "times": 2},
            "/admin/api/2024-01/orders.json?status=any": "500"}}})
        shop = "/ns/faulty/admin/api/2024-01/shop.json"
        statuses = [self.request("GET", shop, headers=TOKEN)[0] for _ in range(3)]
        self.assertEqual(statuses, [503, 503, 200])
        self.assertEqual(self.request("GET", "/ns/faulty/admin/api/2024-01/orders.json"
                                             "?limit=3&status=any", headers=TOKEN)[0], 500)
        stats = self.request("GET", "/_admin/ns/faulty/stats")[2]
        self.assertEqual((stats["faults_injected"], stats["faults"]["503"],
                          stats["faults"]["500"]), (3, 2, 1))
        self.assertEqual(stats["requests"], 1)  # only one reached the API
        self.assertEqual(stats["server_requests"], 4)

    def test_reset_fault_closes_the_connection(self):
        self.configure("reset", {"api": "shopify", "faults": {"rate": 1, "kinds": ["reset"]}})
        with self.assertRaises((ConnectionError, http.client.HTTPException)):
            self.request("GET", "/ns/reset/admin/api/2024-01/shop.json", headers=TOKEN)

    def test_timeout_fault_answers_late_then_normally(self):
        self.configure("slow", {"api": "shopify", "faults": {
            "rate": 1, "kinds": ["timeout"], "timeout_seconds": 0}})
        self.assertEqual(self.request("GET", "/ns/slow/admin/api/2024-01/shop.json",
                                      headers=TOKEN)[0], 200)
        stats = self.request("GET", "/_admin/ns/slow/stats")[2]
        self.assertEqual((stats["faults"]["timeout"], stats["requests"]), (1, 1))

    def test_random_faults_follow_the_seed(self):
        config = {"api": "shopify", "rate_limits": "off",
                  "faults": {"seed": 3, "rate": 0.5, "kinds": ["500", "503"]}}
        runs = []
        for _ in range(2):
            self.configure("seeded", config)
            runs.append([self.request("GET", "/ns/seeded/admin/api/2024-01/shop.json",
                                      headers=TOKEN)[0] for _ in range(12)])
        self.assertEqual(runs[0], runs[1])
        self.assertTrue(set(runs[0]) - {200})  # some faults
        self.assertIn(200, runs[0])


if __name__ == "__main__":
    unittest.main()
