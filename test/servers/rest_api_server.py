#!/usr/bin/env python3
"""A local JSON API for the REST source's tests and benchmarks (python3 stdlib only).

Usage: rest_api_server.py [PORT]   (PORT 0 or none: any free port)
Binds 127.0.0.1 and prints "port N" on the first line of stdout once it listens. Started for
tests by scripts/rest_api.sh; docs/testing.md ("REST API server") describes it for test writers.

Multi-tenant: every test configures its own namespace, so tests running in parallel never share
records, faults, tokens or counters.

  PUT  /_admin/ns/NAME           body: config (below); creates or replaces NAME, counters at 0
  POST /_admin/ns/NAME/records   body: array of records, upserted by "id" (fields merged)
  GET  /_admin/ns/NAME/stats     the counters
  DELETE /_admin/ns/NAME         forgets NAME
  GET  /_admin/health            {"status": "ok"}

Config (every field optional): records, start, page_size, late_field_from, type_change_from,
auth {type: bearer|basic|api_key|oauth2, ...}, faults {seed, rate, kinds, retry_after,
timeout_seconds, always}, rate_limit {requests_per_second, burst}.

Under /ns/NAME/: page_number, offset, cursor, header_cursor, header_link, json_link, single,
POST search, POST oauth/token, not_json, status/CODE. Each request goes through, in order: the
rate limit (429, counted as over_limit), an injected fault, the auth check (401), the endpoint.
"""

import base64
import bisect
import collections
import datetime
import http.server
import json
import random
import re
import socket
import struct
import sys
import threading
import time
import traceback
import urllib.parse

FAULT_KINDS = ("429", "500", "503", "timeout", "reset")
CONFIG_KEYS = {"records", "start", "page_size", "late_field_from", "type_change_from", "auth",
               "faults", "rate_limit"}
DATA_ENDPOINTS = {"page_number", "offset", "cursor", "header_cursor", "header_link",
                  "json_link", "single", "search"}
MAX_RECORDS = 2000000  # about 3 GB of memory: more is a typo
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


class BadRequest(Exception):
    """A request or config the server refuses: answered 400 with the message."""


def parse_time(value, what):
    if not isinstance(value, str):
        raise BadRequest("%s must be an ISO 8601 timestamp string, got %r" % (what, value))
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest("%s is not an ISO 8601 timestamp: %r" % (what, value)) from None
    if parsed.tzinfo is None:  # a naive time is UTC, as the records' are
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def format_time(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def int_field(obj, key, default, minimum=None, allow_none=False):
    value = obj.get(key, default)
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or \
            (minimum is not None and value < minimum):
        raise BadRequest("%s must be an integer >= %s, got %r" % (key, minimum, value))
    return value


def number_field(obj, key, default, minimum):
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise BadRequest("%s must be a number >= %s, got %r" % (key, minimum, value))
    return float(value)


def generated_record(i, config, start):
    record = {
        "id": i, "name": "item-%d" % i, "amount": i * 1.5,
        "updated_at": format_time(start + datetime.timedelta(minutes=i - 1)),
        "active": i % 2 == 0, "address": {"city": "c%d" % (i % 7), "zip": str(10000 + i)},
        "tags": ["t%d" % (i % 3), "x"],
    }
    late, change = config.get("late_field_from"), config.get("type_change_from")
    if late is not None and i >= late:
        record["extra"] = {"k": i}
    if change is not None and i >= change:
        record["amount"] = str(record["amount"])
    return record


def check_auth_config(auth):
    if auth is None:
        return None
    if not isinstance(auth, dict):
        raise BadRequest("auth must be an object")
    required = {"bearer": ["token"], "basic": ["username", "password"],
                "api_key": ["name", "api_key"], "oauth2": ["client_id", "client_secret"]}
    kind = auth.get("type")
    if kind not in required:
        raise BadRequest("auth.type must be one of %s, got %r" % (sorted(required), kind))
    for key in required[kind]:
        if not isinstance(auth.get(key), str):
            raise BadRequest("auth.%s (a string) is required for auth type %s" % (key, kind))
    if auth.get("location", "header") not in ("header", "query"):
        raise BadRequest("auth.location must be header or query")
    int_field(auth, "expires_in", 3600, 1)
    int_field(auth, "expire_after_requests", None, 1, allow_none=True)
    return auth


def check_faults_config(faults):
    if faults is not None and not isinstance(faults, dict):
        raise BadRequest("faults must be an object")
    faults = dict(faults or {})
    faults["rate"] = number_field(faults, "rate", 0, 0)
    if faults["rate"] > 1:
        raise BadRequest("faults.rate must be between 0 and 1")
    kinds = faults.get("kinds", list(FAULT_KINDS))
    if not isinstance(kinds, list) or not kinds or any(str(k) not in FAULT_KINDS for k in kinds):
        raise BadRequest("faults.kinds must be a non-empty list of %s" % ", ".join(FAULT_KINDS))
    faults["kinds"] = [str(k) for k in kinds]
    faults["seed"] = int_field(faults, "seed", 0)
    faults["retry_after"] = int_field(faults, "retry_after", 1, 0)
    faults["timeout_seconds"] = number_field(faults, "timeout_seconds", 3, 0)
    always = faults.get("always", {})
    if not isinstance(always, dict):
        raise BadRequest("faults.always must be an object {\"/path?param=value\": kind}")
    faults["always"] = [parse_always_rule(key, value) for key, value in always.items()]
    return faults


# An "always" rule: a request whose path is the key's and whose query has every pair of the
# key's query gets the fault; {"kind": K, "times": N} limits it to the first N such requests.
def parse_always_rule(key, value):
    spec = value if isinstance(value, dict) else {"kind": value}
    kind = str(spec.get("kind"))
    if kind not in FAULT_KINDS:
        raise BadRequest("faults.always[%r]: kind must be one of %s" % (key, ", ".join(FAULT_KINDS)))
    url = urllib.parse.urlsplit(key if key.startswith("/") else "/" + key)
    pairs = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
    times = int_field(spec, "times", None, 1, allow_none=True)
    return {"path": url.path.strip("/"), "query": pairs, "kind": kind, "left": times}


class Namespace:
    """One tenant: its records, config, counters, token bucket and fault generator."""

    def __init__(self, config):
        if not isinstance(config, dict):
            raise BadRequest("the config must be a JSON object")
        unknown = sorted(set(config) - CONFIG_KEYS)
        if unknown:
            raise BadRequest("unknown config field(s) %s; known: %s" %
                             (", ".join(unknown), ", ".join(sorted(CONFIG_KEYS))))
        count = int_field(config, "records", 250, 0)
        if count > MAX_RECORDS:
            raise BadRequest("records must be at most %d, got %d" % (MAX_RECORDS, count))
        self.start = parse_time(config.get("start", "2024-01-01T00:00:00Z"), "start")
        self.page_size = int_field(config, "page_size", 25, 1)
        int_field(config, "late_field_from", None, 1, allow_none=True)
        int_field(config, "type_change_from", None, 1, allow_none=True)
        self.auth = check_auth_config(config.get("auth"))
        self.faults = check_faults_config(config.get("faults"))
        self.rng = random.Random(self.faults["seed"])
        limit = config.get("rate_limit")
        if limit is not None and not isinstance(limit, dict):
            raise BadRequest("rate_limit must be an object {requests_per_second, burst}")
        self.rate = number_field(limit, "requests_per_second", 0, 0) if limit else 0
        self.burst = number_field(limit, "burst", max(self.rate, 1), 1) if limit else 0
        self.bucket, self.bucket_time = self.burst, time.monotonic()
        self.lock = threading.Lock()
        self.records = {i: generated_record(i, config, self.start) for i in range(1, count + 1)}
        self.sorted = None  # records by (updated_at, id), rebuilt after an upsert
        self.tokens = {}  # access token -> [expiry (monotonic), uses left or None]
        self.recent = collections.deque()  # arrival times within the last second
        self.stats = {"requests": 0, "by_endpoint": {}, "pages_served": 0, "records_served": 0,
                      "faults": {k: 0 for k in FAULT_KINDS}, "over_limit": 0,
                      "unauthorized": 0, "tokens_issued": 0, "max_requests_in_any_second": 0}

    def upsert(self, records):
        if not isinstance(records, list):
            raise BadRequest("the body must be a JSON array of records")
        merged = []
        for record in records:
            if not isinstance(record, dict) or isinstance(record.get("id"), bool) or \
                    not isinstance(record.get("id"), (int, str)):
                raise BadRequest("every record must be an object with an integer or string id")
            new = dict(self.records.get(record["id"], {}), **record)
            parse_time(new.get("updated_at"), "updated_at of record %r" % record["id"])
            merged.append(new)
        with self.lock:  # all or nothing: every record was checked above
            for new in merged:
                self.records[new["id"]] = new  # a new dict: pages being sent keep the old one
            self.sorted = None
        return len(merged)

    def snapshot(self):
        """The records sorted by (updated_at, id) and their times. REQUIRES: self.lock held."""
        if self.sorted is None:
            def key(r):
                rid = r["id"]
                return (parse_time(r["updated_at"], "updated_at"),
                        (0, rid, "") if isinstance(rid, int) else (1, 0, rid))
            keyed = sorted(((key(r), r) for r in self.records.values()), key=lambda kr: kr[0])
            self.sorted = ([kr[1] for kr in keyed], [kr[0][0] for kr in keyed])
        return self.sorted

    def matching(self, updated_since):
        with self.lock:
            records, times = self.snapshot()
        if updated_since is None:
            return records
        return records[bisect.bisect_left(times, updated_since):]

    def admit(self, endpoint):
        """Counts a request; its status when the rate limit refuses it, else None."""
        now = time.monotonic()
        with self.lock:
            s = self.stats
            s["requests"] += 1
            s["by_endpoint"][endpoint] = s["by_endpoint"].get(endpoint, 0) + 1
            self.recent.append(now)
            while self.recent and self.recent[0] <= now - 1.0:
                self.recent.popleft()
            s["max_requests_in_any_second"] = max(s["max_requests_in_any_second"],
                                                  len(self.recent))
            if self.rate <= 0:
                return None
            self.bucket = min(self.burst, self.bucket + (now - self.bucket_time) * self.rate)
            self.bucket_time = now
            if self.bucket >= 1:
                self.bucket -= 1
                return None
            s["over_limit"] += 1
            return 429

    def draw_fault(self, path, query):
        """The fault to inject into this request (a kind of FAULT_KINDS) or None."""
        with self.lock:
            kind = None
            for rule in self.faults["always"]:
                if rule["path"] == path and all(p in query for p in rule["query"]) and \
                        rule["left"] != 0:
                    kind = rule["kind"]
                    if rule["left"] is not None:
                        rule["left"] -= 1
                    break
            if kind is None and self.faults["rate"] > 0 and \
                    self.rng.random() < self.faults["rate"]:
                kind = self.rng.choice(self.faults["kinds"])
            if kind is not None:
                self.stats["faults"][kind] += 1
            return kind

    def count(self, key, n=1):
        with self.lock:
            self.stats[key] += n

    def issue_token(self):
        with self.lock:
            self.stats["tokens_issued"] += 1
            token = "tok-%d" % self.stats["tokens_issued"]
            expires_in = self.auth.get("expires_in", 3600)
            self.tokens[token] = [time.monotonic() + expires_in,
                                  self.auth.get("expire_after_requests")]
            return token, expires_in

    def use_token(self, token):
        """True when `token` was issued, has not expired and has uses left (one is spent)."""
        with self.lock:
            entry = self.tokens.get(token)
            if entry is None or time.monotonic() >= entry[0] or entry[1] == 0:
                return False
            if entry[1] is not None:
                entry[1] -= 1
            return True

    def stats_copy(self):
        with self.lock:
            return json.loads(json.dumps(dict(self.stats, records=len(self.records))))


NAMESPACES = {}
NAMESPACES_LOCK = threading.Lock()


def find_namespace(name):
    with NAMESPACES_LOCK:
        ns = NAMESPACES.get(name)
    if ns is None:
        raise LookupError("no namespace %r: configure it first with PUT /_admin/ns/%s" %
                          (name, name))
    return ns


def page_of(records, offset, limit):
    return records[offset:offset + limit]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real services speak
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: only errors go to the log (stderr)
        pass

    # ---- plumbing -------------------------------------------------------------------------

    def send_json(self, code, value, headers=()):
        self.send_body(code, json.dumps(value).encode(), "application/json", headers)

    def send_body(self, code, body, content_type, headers=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error_json(self, code, error, message, headers=()):
        self.send_json(code, {"error": error, "message": message}, headers)

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

    def json_body(self, body, default):
        if not body.strip():
            return default
        try:
            return json.loads(body)
        except ValueError as e:
            raise BadRequest("the body is not JSON: %s" % e) from None

    def reset_connection(self):
        # SO_LINGER 0: close() sends a TCP RST, the "connection reset by peer" clients see.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        try:
            body = self.read_body()
            if parts[:1] == ["_admin"]:
                self.handle_admin(parts[1:], body)
            elif parts[:1] == ["ns"] and len(parts) >= 2:
                self.handle_tenant(find_namespace(parts[1]), parts[2:], query, body)
            else:
                self.send_error_json(404, "not_found", "no endpoint %s: paths start with "
                                     "/ns/NAME/ or /_admin/" % url.path)
        except BadRequest as e:
            self.send_error_json(400, "bad_request", str(e))
        except LookupError as e:
            self.send_error_json(404, "not_found", str(e))
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True
        except Exception:  # never crash the server: say so and log it
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            self.send_error_json(500, "server_error", "the test server failed; see its log")

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = handle_any

    # ---- admin ----------------------------------------------------------------------------

    def handle_admin(self, parts, body):
        if parts == ["health"]:
            return self.send_json(200, {"status": "ok"})
        if len(parts) < 2 or parts[0] != "ns" or not NAME_RE.match(parts[1]):
            raise LookupError("no admin endpoint /_admin/%s (namespace names: %s)" %
                              ("/".join(parts), NAME_RE.pattern))
        name, rest, method = parts[1], parts[2:], self.command
        if rest == [] and method == "PUT":
            ns = Namespace(self.json_body(body, {}))
            with NAMESPACES_LOCK:
                NAMESPACES[name] = ns
            return self.send_json(200, {"namespace": name, "records": len(ns.records)})
        if rest == [] and method == "DELETE":
            with NAMESPACES_LOCK:
                NAMESPACES.pop(name, None)
            return self.send_json(200, {"namespace": name, "deleted": True})
        if rest == ["records"] and method == "POST":
            ns = find_namespace(name)
            n = ns.upsert(self.json_body(body, None))
            return self.send_json(200, {"upserted": n, "records": len(ns.records)})
        if rest == ["stats"] and method == "GET":
            return self.send_json(200, find_namespace(name).stats_copy())
        raise LookupError("no admin endpoint %s /_admin/%s" % (method, "/".join(parts)))

    # ---- tenant ---------------------------------------------------------------------------

    def handle_tenant(self, ns, parts, query, body):
        endpoint = "status" if parts[:1] == ["status"] else "/".join(parts)
        if ns.admit(endpoint) == 429:
            return self.send_error_json(429, "rate_limited", "over the rate limit",
                                        [("Retry-After", "1")])
        if endpoint == "oauth/token":
            return self.handle_token(ns, body)
        fault = ns.draw_fault("/".join(parts), query)
        if fault == "reset":
            return self.reset_connection()
        if fault == "timeout":
            time.sleep(ns.faults["timeout_seconds"])
        elif fault is not None:
            headers = [("Retry-After", str(ns.faults["retry_after"]))] if fault == "429" else []
            return self.send_error_json(int(fault), "injected_fault",
                                        "injected fault %s" % fault, headers)
        if not self.authorized(ns, dict(query)):
            ns.count("unauthorized")
            challenge = 'Basic realm="test"' if ns.auth["type"] == "basic" else "Bearer"
            return self.send_error_json(401, "unauthorized", "missing or wrong %s credentials" %
                                        ns.auth["type"], [("WWW-Authenticate", challenge)])
        self.handle_endpoint(ns, endpoint, parts, query, body)

    def authorized(self, ns, params):
        auth = ns.auth
        if auth is None:
            return True
        header = self.headers.get("Authorization", "")
        kind = auth["type"]
        if kind == "bearer":
            return header == "Bearer " + auth["token"]
        if kind == "basic":
            expected = "%s:%s" % (auth["username"], auth["password"])
            return header == "Basic " + base64.b64encode(expected.encode()).decode()
        if kind == "api_key":
            if auth.get("location", "header") == "query":
                return params.get(auth["name"]) == auth["api_key"]
            return self.headers.get(auth["name"]) == auth["api_key"]
        return header.startswith("Bearer ") and ns.use_token(header[len("Bearer "):])

    def handle_token(self, ns, body):
        if self.command != "POST":
            return self.send_error_json(405, "method_not_allowed", "oauth/token takes POST")
        if ns.auth is None or ns.auth["type"] != "oauth2":
            raise BadRequest("this namespace's auth is not oauth2: it issues no tokens")
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
        client_id, secret = form.get("client_id"), form.get("client_secret")
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:], validate=True).decode()
            except ValueError:
                decoded = ""
            client_id, _, secret = decoded.partition(":")
            client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        if form.get("grant_type") != "client_credentials":
            return self.send_json(400, {"error": "unsupported_grant_type"})
        if client_id != ns.auth["client_id"] or secret != ns.auth["client_secret"]:
            ns.count("unauthorized")
            return self.send_json(401, {"error": "invalid_client"})
        token, expires_in = ns.issue_token()
        reply = {"access_token": token, "token_type": "bearer", "expires_in": expires_in}
        if "scope" in form:
            reply["scope"] = form["scope"]
        self.send_json(200, reply)

    def handle_endpoint(self, ns, endpoint, parts, query, body):
        if endpoint == "not_json":
            return self.send_body(200, b"<html><body>Service page</body></html>", "text/html")
        if endpoint == "status":
            code = parts[1] if len(parts) == 2 else ""
            if not code.isdigit() or not 200 <= int(code) <= 599:
                raise BadRequest("status/CODE takes a code between 200 and 599")
            return self.send_error_json(int(code), "status_%s" % code, "status %s as asked" % code)
        if endpoint not in DATA_ENDPOINTS:
            raise LookupError("no endpoint %r; known: %s, oauth/token, not_json, status/CODE" %
                              (endpoint, ", ".join(sorted(DATA_ENDPOINTS))))
        wanted = "POST" if endpoint == "search" else "GET"
        if self.command not in (wanted, "HEAD" if wanted == "GET" else wanted):
            return self.send_error_json(405, "method_not_allowed", "%s takes %s" %
                                        (endpoint, wanted))
        params = dict(query)
        if endpoint == "search":
            params = self.json_body(body, {})
            if not isinstance(params, dict):
                raise BadRequest("the search body must be a JSON object")
        since = params.get("updated_since")
        since = None if since in (None, "") else parse_time(since, "updated_since")
        records = ns.matching(since)
        page, status, reply, headers = self.paginate(ns, endpoint, params, query, records)
        if 200 <= status < 300:
            ns.count("pages_served")
            ns.count("records_served", len(page))
        self.send_json(status, reply, headers)

    # Returns (records of the page, status, body, headers).
    def paginate(self, ns, endpoint, params, query, records):
        total = len(records)
        if endpoint == "single":
            return records, 200, records, []
        if endpoint in ("page_number", "header_link", "json_link"):
            page_no = self.int_param(params, "page", 1, 1)
            per_page = self.int_param(params, "per_page", ns.page_size, 1)
            page = page_of(records, (page_no - 1) * per_page, per_page)
            has_next = page_no * per_page < total
            if endpoint == "page_number":
                pages = (total + per_page - 1) // per_page
                return page, 200, {"data": page, "page": page_no, "total_pages": pages,
                                   "total": total}, []
            next_url = self.page_url(ns, endpoint, query, page_no + 1, per_page) \
                if has_next else None
            if endpoint == "json_link":
                return page, 200, {"results": page, "next": next_url}, []
            link = [("Link", '<%s>; rel="next"' % next_url)] if next_url else []
            return page, 200, page, link
        if endpoint == "offset":
            offset = self.int_param(params, "offset", 0, 0)
            limit = self.int_param(params, "limit", ns.page_size, 1)
            page = page_of(records, offset, limit)
            return page, 200, {"items": page, "total": total}, []
        offset = self.cursor_offset(params.get("cursor"))  # cursor, header_cursor, search
        limit = self.int_param(params, "limit", ns.page_size, 1)
        page = page_of(records, offset, limit)
        next_cursor = "c%d" % (offset + limit) if offset + limit < total else None
        if endpoint == "header_cursor":
            return page, 200, page, [("X-Next-Cursor", next_cursor)] if next_cursor else []
        return page, 200, {"data": page, "meta": {"next_cursor": next_cursor}}, []

    @staticmethod
    def int_param(params, name, default, minimum):
        value = params.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise BadRequest("%s must be an integer, got %r" % (name, value)) from None
        if number < minimum:
            raise BadRequest("%s must be >= %d, got %d" % (name, minimum, number))
        return number

    @staticmethod
    def cursor_offset(cursor):
        if cursor is None or cursor == "":
            return 0
        if not isinstance(cursor, str) or not re.fullmatch(r"c[0-9]{1,9}", cursor):
            raise BadRequest("cursor %r is not one this server gave (c<offset>)" % (cursor,))
        return int(cursor[1:])

    def page_url(self, ns, endpoint, query, page_no, per_page):
        """The absolute URL of another page: the request's query with page and per_page set;
        an api_key sent in the query is left out (clients add their credentials themselves)."""
        secret = ns.auth["name"] if ns.auth and ns.auth["type"] == "api_key" else None
        kept = [(k, v) for k, v in query if k not in ("page", "per_page", secret)]
        kept += [("page", str(page_no)), ("per_page", str(per_page))]
        ns_name = urllib.parse.quote(urllib.parse.unquote(self.path.split("/")[2]))
        return "http://127.0.0.1:%d/ns/%s/%s?%s" % (self.server.server_address[1], ns_name,
                                                    endpoint, urllib.parse.urlencode(kept))


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("port %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
