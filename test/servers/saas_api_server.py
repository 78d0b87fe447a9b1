#!/usr/bin/env python3
"""The SaaS API emulators' server: Shopify, Stripe and HubSpot in one process (stdlib only).

Usage: saas_api_server.py [PORT]   (PORT 0 or none: any free port)
Binds 127.0.0.1 and prints "port N" on the first line of stdout once it listens. Started for
tests by scripts/saas_api.sh; docs/testing.md ("SaaS API emulators") describes it for test
writers.

Every test configures its own namespace; its API lives under /ns/NAME, e.g. Stripe's charges at
/ns/NAME/v1/charges, so a connector's base_url is http://127.0.0.1:PORT/ns/NAME.

  PUT    /_admin/ns/NAME          body {"api": "shopify"|"stripe"|"hubspot", "faults": {...},
                                  ...the API's config}: creates or replaces NAME
  POST   /_admin/ns/NAME/update   body: the API's update; answers what changed
  GET    /_admin/ns/NAME/stats    the server's counters merged with the API's
  DELETE /_admin/ns/NAME          forgets NAME
  GET    /_admin/health           {"status": "ok"}

This file owns what is alike for every API: namespaces, faults injected before the API sees a
request (faults {seed, rate, kinds, timeout_seconds, always}), request counting and dispatch to
the API module (saas_<api>.py, imported when first configured). Each namespace's calls run under
its own lock; the API modules need no locking.
"""

import collections
import http.server
import importlib
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from saas_common import ApiRequest, BadRequest, check_keys  # noqa: E402

# api name -> (module, class)
APIS = {"shopify": ("saas_shopify", "ShopifyApi"), "stripe": ("saas_stripe", "StripeApi"),
        "hubspot": ("saas_hubspot", "HubspotApi")}
FAULT_KINDS = ("500", "502", "503", "504", "reset", "timeout")
FAULT_KEYS = ("seed", "rate", "kinds", "timeout_seconds", "always")
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def number(obj, key, default, minimum, maximum=None):
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum or \
            (maximum is not None and value > maximum):
        bounds = ">= %s" % minimum if maximum is None else "between %s and %s" % (minimum, maximum)
        raise BadRequest("faults.%s must be a number %s, got %r" % (key, bounds, value))
    return value


def parse_always_rule(key, value):
    """faults.always {"/path?param=value": KIND or {"kind": KIND, "times": N}}: a request whose
    path (below /ns/NAME) is the key's and whose query has every pair of the key's gets KIND;
    with "times", only the first N such requests."""
    spec = value if isinstance(value, dict) else {"kind": value}
    check_keys(spec, ("kind", "times"), "faults.always[%r]" % key)
    kind = str(spec.get("kind"))
    if kind not in FAULT_KINDS:
        raise BadRequest("faults.always[%r]: kind must be one of %s, got %r" %
                         (key, ", ".join(FAULT_KINDS), spec.get("kind")))
    times = spec.get("times")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise BadRequest("faults.always[%r]: times must be an integer >= 1" % key)
    url = urllib.parse.urlsplit(key if key.startswith("/") else "/" + key)
    return {"path": url.path, "query": urllib.parse.parse_qsl(url.query, keep_blank_values=True),
            "kind": kind, "left": times}


class Faults:
    """The faults injected into one namespace's requests. REQUIRES: the namespace's lock."""

    def __init__(self, config):
        config = {} if config is None else config
        check_keys(config, FAULT_KEYS, "faults")
        self.rate = number(config, "rate", 0, 0, 1)
        kinds = config.get("kinds", ["500", "503", "reset", "timeout"])
        if not isinstance(kinds, list) or not kinds or \
                any(str(k) not in FAULT_KINDS for k in kinds):
            raise BadRequest("faults.kinds must be a non-empty list of %s, got %r" %
                             (", ".join(FAULT_KINDS), kinds))
        self.kinds = [str(k) for k in kinds]
        seed = config.get("seed", 0)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise BadRequest("faults.seed must be an integer, got %r" % (seed,))
        self.rng = random.Random(seed)
        self.timeout_seconds = number(config, "timeout_seconds", 3, 0, 600)
        always = config.get("always", {})
        if not isinstance(always, dict):
            raise BadRequest('faults.always must be an object {"/path?param=value": kind}')
        self.always = [parse_always_rule(k, v) for k, v in always.items()]

    def draw(self, path, query_pairs):
        """The fault kind to inject into this request, or None."""
        for rule in self.always:
            if rule["path"] == path and rule["left"] != 0 and \
                    all(p in query_pairs for p in rule["query"]):
                if rule["left"] is not None:
                    rule["left"] -= 1
                return rule["kind"]
        if self.rate > 0 and self.rng.random() < self.rate:
            return self.rng.choice(self.kinds)
        return None


def load_api_class(api):
    """The Api subclass of `api`; BadRequest when the name is unknown or its module is absent."""
    if api not in APIS:
        raise BadRequest("api must be one of %s, got %r" % (", ".join(sorted(APIS)), api))
    module_name, class_name = APIS[api]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name != module_name:
            raise
        raise BadRequest("api '%s' is not available (no test/servers/%s.py)" %
                         (api, module_name)) from None
    return getattr(module, class_name)


class Namespace:
    """One tenant: its Api, faults and the server's counters, all behind `lock`."""

    def __init__(self, config, clock=time.monotonic):
        if not isinstance(config, dict):
            raise BadRequest("the config must be a JSON object")
        if "api" not in config:
            raise BadRequest('the config needs "api": one of %s' % ", ".join(sorted(APIS)))
        api_class = load_api_class(config["api"])
        self.faults = Faults(config.get("faults"))
        rest = {k: v for k, v in config.items() if k not in ("api", "faults")}
        self.api = api_class(rest, clock)
        self.api_name = config["api"]
        self.lock = threading.Lock()
        self.clock = clock
        self.recent = collections.deque()
        self.counters = {"server_requests": 0, "faults_injected": 0,
                         "faults": {k: 0 for k in FAULT_KINDS}, "max_requests_in_any_second": 0}

    def admit(self, path, query_pairs):
        """Counts a request; the fault to inject into it or None. REQUIRES: self.lock."""
        c = self.counters
        c["server_requests"] += 1
        now = self.clock()
        self.recent.append(now)
        while self.recent and self.recent[0] <= now - 1.0:
            self.recent.popleft()
        c["max_requests_in_any_second"] = max(c["max_requests_in_any_second"], len(self.recent))
        kind = self.faults.draw(path, query_pairs)
        if kind is not None:
            c["faults_injected"] += 1
            c["faults"][kind] += 1
        return kind

    def stats(self):
        with self.lock:
            merged = dict(self.api.stats())
            merged.update(json.loads(json.dumps(self.counters)))
            merged["api"] = self.api_name
            return merged


NAMESPACES = {}
NAMESPACES_LOCK = threading.Lock()


def find_namespace(name):
    with NAMESPACES_LOCK:
        ns = NAMESPACES.get(name)
    if ns is None:
        raise LookupError("no namespace %r: configure it first with PUT /_admin/ns/%s" %
                          (name, name))
    return ns


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real services speak
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: only errors go to the log (stderr)
        pass

    def send_bytes(self, code, body, content_type, headers=()):
        if any(name.lower() == "date" for name, _ in headers):
            # The API's own clock (Stripe: the emulator's `now`) instead of this machine's.
            self.log_request(code)
            self.send_response_only(code)
            self.send_header("Server", self.version_string())
        else:
            self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, str(value))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, code, value, headers=()):
        self.send_bytes(code, json.dumps(value).encode(), "application/json", headers)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise BadRequest("chunked request bodies are not supported: send Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise BadRequest("Content-Length is not a number") from None
        return self.rfile.read(length) if length > 0 else b""

    @staticmethod
    def json_body(body):
        if not body.strip():
            raise BadRequest("the body is empty: send a JSON object")
        try:
            value = json.loads(body)
        except ValueError as e:
            raise BadRequest("the body is not JSON: %s" % e) from None
        if not isinstance(value, dict):
            raise BadRequest("the body must be a JSON object")
        return value

    def reset_connection(self):
        # SO_LINGER 0: close() sends a TCP RST, the "connection reset by peer" clients see.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        try:
            body = self.read_body()
            if parts[1:2] == ["_admin"]:
                self.handle_admin([urllib.parse.unquote(p) for p in parts[2:] if p], body)
            elif parts[1:2] == ["ns"] and len(parts) >= 3 and parts[2]:
                name = urllib.parse.unquote(parts[2])
                self.handle_api(name, find_namespace(name), "/" + "/".join(parts[3:]),
                                url.query, body)
            else:
                self.send_json(404, {"error": "no endpoint %s: paths start with /ns/NAME/ or "
                                              "/_admin/" % url.path})
        except BadRequest as e:
            self.send_json(400, {"error": str(e)})
        except LookupError as e:
            self.send_json(404, {"error": str(e)})
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True
        except Exception:  # never crash the server: say so and log it
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            self.send_json(500, {"error": "the SaaS emulator failed; see its log"})

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = handle_any

    def handle_admin(self, parts, body):
        method = self.command
        if parts == ["health"]:
            return self.send_json(200, {"status": "ok"})
        if len(parts) < 2 or parts[0] != "ns" or not NAME_RE.match(parts[1]):
            raise LookupError("no admin endpoint /_admin/%s (namespace names match %s)" %
                              ("/".join(parts), NAME_RE.pattern))
        name, rest = parts[1], parts[2:]
        if rest == [] and method == "PUT":
            ns = Namespace(self.json_body(body))
            with NAMESPACES_LOCK:
                NAMESPACES[name] = ns
            return self.send_json(200, {"namespace": name, "api": ns.api_name})
        if rest == [] and method == "DELETE":
            with NAMESPACES_LOCK:
                NAMESPACES.pop(name, None)
            return self.send_json(200, {"namespace": name, "deleted": True})
        if rest == ["update"] and method == "POST":
            ns = find_namespace(name)
            update = self.json_body(body)
            with ns.lock:
                summary = ns.api.update(update)
            return self.send_json(200, summary)
        if rest == ["stats"] and method == "GET":
            return self.send_json(200, find_namespace(name).stats())
        raise LookupError("no admin endpoint %s /_admin/%s (PUT, DELETE /_admin/ns/NAME; "
                          "POST .../update; GET .../stats; GET /_admin/health)" %
                          (method, "/".join(parts)))

    def handle_api(self, name, ns, path, raw_query, body):
        query_pairs = urllib.parse.parse_qsl(raw_query, keep_blank_values=True)
        with ns.lock:
            fault = ns.admit(path, query_pairs)
        if fault == "reset":
            return self.reset_connection()
        if fault == "timeout":
            time.sleep(ns.faults.timeout_seconds)  # then answers, late, as a slow service does
        elif fault is not None:
            return self.send_json(int(fault), {"error": "injected fault %s" % fault})
        request = ApiRequest(
            self.command, path, urllib.parse.parse_qs(raw_query, keep_blank_values=True),
            {k: v for k, v in self.headers.items()}, body,
            "http://127.0.0.1:%d/ns/%s" % (self.server.server_address[1],
                                           urllib.parse.quote(name)))
        with ns.lock:
            response = ns.api.handle(request)
        self.send_bytes(response.status, response.body_bytes(), response.content_type(),
                        [h for h in response.headers if h[0].lower() != "content-type"])


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("port %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
