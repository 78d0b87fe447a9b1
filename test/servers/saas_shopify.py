"""The Shopify emulator: the REST Admin API's read side, as SQLFlow's SHOPIFY source uses it.

Paths are the real ones below the shop's origin, any version: /admin/api/2024-01/orders.json.
  shop.json; orders.json, orders/count.json, orders/ID.json, orders/ID/transactions.json,
  orders/ID/refunds.json; customers.json (+ count, ID); products.json (+ count, ID),
  products/ID/variants.json (the REST API has no shop-wide variant list); locations.json,
  locations/ID/inventory_levels.json, inventory_levels.json (needs location_ids or
  inventory_item_ids); collects.json (+ count).
Behaviour as documented by Shopify: the X-Shopify-Access-Token header (401 otherwise); the
leaky bucket of 40 requests leaking 2/s with X-Shopify-Shop-Api-Call-Limit on every answer and
429 + Retry-After: 2.0 past it; cursor paging (limit <= 250, default 50; Link header with
page_info, rel="next" and rel="previous"; a request with page_info takes only limit and
fields); updated_at_min/max, created_at_min/max, since_id (custom_collections.json,
smart_collections.json and the shop's metafields.json too); orders default to status=open
(status=any for all); lists sorted by id; 403 naming the missing scope for `forbidden` streams;
404 {"errors": "Not Found"}.

Config (all optional): seed, counts {orders 120, customers 40, products 15, locations 2,
collections 3 (odd ones custom, even ones smart), metafields 4}, now, rate_limits "real"|"off", forbidden [streams], access_token
("shpat_test_token"). Update streams: orders, customers, products.
"""

import base64
import json
import re

import saas_common as common
from saas_common import Api, ApiResponse, BadRequest
from saas_shopify_data import (CUSTOMER_BASE, LOCATION_BASE, ORDER_BASE, PRODUCT_BASE, Filter,
                               ShopData, shop_time)

DEFAULT_COUNTS = {"orders": 120, "customers": 40, "products": 15, "locations": 2,
                  "collections": 3, "metafields": 4}
MAX_COUNTS = {"orders": 2000000, "customers": 2000000, "products": 200000, "locations": 100,
              "collections": 1000, "metafields": 1000}
SCOPES = {"orders": "read_orders", "transactions": "read_orders", "order_refunds": "read_orders",
          "customers": "read_customers", "products": "read_products",
          "product_variants": "read_products", "collects": "read_products",
          "inventory_levels": "read_inventory", "locations": "read_locations",
          "custom_collections": "read_products", "smart_collections": "read_products",
          "metafields": "read_metafields"}
TOP_LEVEL = {"orders": ORDER_BASE, "customers": CUSTOMER_BASE, "products": PRODUCT_BASE}
BUCKET_SIZE, LEAK_PER_SECOND = 40, 2
PATH_RE = re.compile(r"^/admin/api/(\d{4}-\d{2})/(.+)\.json$")
TIME_PARAMS = ("updated_at_min", "updated_at_max", "created_at_min", "created_at_max")
ORDER_STATUSES = ("open", "closed", "cancelled", "any")
PRODUCT_STATUSES = ("active", "archived", "draft")
DEFAULT_LIMIT, MAX_LIMIT = 50, 250

NOT_FOUND = {"errors": "Not Found"}
INVALID_TOKEN = {"errors": "[API] Invalid API key or access token "
                           "(unrecognized login or wrong password)"}
THROTTLED = {"errors": "Exceeded 2 calls per second for api client. "
                       "Reduce request rates to resume uninterrupted service."}


class ShopifyError(Exception):
    """An answer in Shopify's error shape: status and body."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status, self.body = status, body


def param_error(name, message):
    return ShopifyError(400, {"errors": {name: message}})


class ShopifyApi(Api):
    name = "shopify"

    def __init__(self, config, clock):
        super().__init__(config, clock)
        self.common = common.CommonConfig(config, ["access_token"], DEFAULT_COUNTS, MAX_COUNTS,
                                          streams=SCOPES)
        self.token = config.get("access_token", "shpat_test_token")
        if not isinstance(self.token, str) or not self.token:
            raise BadRequest("access_token must be a non-empty string")
        self.now = common.to_epoch(self.common.now)
        self.data = ShopData(self.common.seed, self.common.counts, self.now)
        self.bucket = common.LeakyBucket(BUCKET_SIZE, LEAK_PER_SECOND, clock)
        self.updates = 0
        self.counters = {"requests": 0, "requests_by_stream": {}, "records_served": 0,
                         "pages_served": 0, "over_limit": 0, "throttled": 0, "unauthorized": 0,
                         "forbidden": 0, "bad_requests": 0, "not_found": 0}

    # ---- the Api interface ----

    def handle(self, req):
        self.counters["requests"] += 1
        match = PATH_RE.match(req.path)
        if req.headers.get("x-shopify-access-token") != self.token:
            self.counters["unauthorized"] += 1
            return self.answer(401, INVALID_TOKEN, match)
        if self.common.limits_on and not self.bucket.try_add():
            self.counters["over_limit"] += 1
            self.counters["throttled"] += 1
            return self.answer(429, THROTTLED, match, [("Retry-After", "2.0")])
        try:
            if match is None or req.method not in ("GET", "HEAD"):
                raise ShopifyError(404, NOT_FOUND)
            body, headers = self.route(req, match.group(1), match.group(2).split("/"))
            return self.answer(200, body, match, headers)
        except ShopifyError as e:
            key = {400: "bad_requests", 403: "forbidden", 404: "not_found"}.get(e.status)
            if key:
                self.counters[key] += 1
            return self.answer(e.status, e.body, match)

    def update(self, body):
        stream, n_create, n_update, n_delete = common.update_counts(body, TOP_LEVEL)
        self.updates += 1
        self.now += 3600
        self.data.now = self.now
        s = self.data.streams[stream]
        created = []
        for _ in range(n_create):
            i = s.next_index
            s.next_index += 1
            s.set_override(i, {"created": self.now, "updated": self.now, "changes": {}})
            created.append(i)
        chooser = common.rng(self.common.seed, stream + "/update", self.updates)
        updated = self.pick(s, chooser, n_update, set(created))
        for i in updated:
            s.set_override(i, {"created": s.times(i)[0], "updated": self.now,
                               "changes": self.changes(stream, i)})
        deleted = self.pick(s, chooser, n_delete, set(created) | set(updated))
        for i in deleted:
            s.set_override(i, None)
        ids = lambda indexes: sorted(s.id_base + i for i in indexes)  # noqa: E731
        return {"created": ids(created), "updated": ids(updated), "deleted": ids(deleted),
                "now": common.format_time(common.from_epoch(self.now))}

    def stats(self):
        out = json.loads(json.dumps(self.counters))
        out["bucket_level"] = self.bucket.level()
        return out

    # ---- plumbing ----

    def answer(self, status, body, match, headers=()):
        level = self.bucket.level() if self.common.limits_on else 1
        extra = [("X-Shopify-Shop-Api-Call-Limit", "%d/%d" % (level, BUCKET_SIZE))]
        if match is not None:
            extra.append(("X-Shopify-API-Version", match.group(1)))
        return ApiResponse(status, body, extra + list(headers))

    def pick(self, s, chooser, n, excluded):
        """n live indexes of stream s not in `excluded`, chosen by `chooser` (fewer when the
        stream has fewer)."""
        top = s.next_index - 1
        chosen = []
        if top <= 0:
            return chosen
        attempts = 0
        while len(chosen) < n and attempts < 20 * n + 100:
            attempts += 1
            i = chooser.randint(1, top)
            if s.exists(i) and i not in excluded and i not in chosen:
                chosen.append(i)
        if len(chosen) < n:  # a nearly exhausted stream: take what is left, in order
            rest = [i for i in range(1, top + 1)
                    if s.exists(i) and i not in excluded and i not in chosen]
            chosen.extend(rest[:n - len(chosen)])
        return chosen

    def changes(self, stream, i):
        stamp = "updated-%d" % self.updates
        if stream == "products":
            created, updated = self.data.streams[stream].times(i)
            title = self.data.product(i, created, updated)["title"]
            return {"tags": stamp, "title": title + " (v%d)" % self.updates}
        return {"tags": stamp, "note": "changed by update %d" % self.updates}

    def check_scope(self, stream):
        counts = self.counters["requests_by_stream"]
        counts[stream] = counts.get(stream, 0) + 1
        if stream in self.common.forbidden:
            raise ShopifyError(403, {"errors": "[API] This action requires merchant approval "
                                               "for %s scope." % SCOPES[stream]})

    # ---- routing ----

    def route(self, req, version, parts):
        """(body, headers) of a GET of /admin/api/VERSION/<parts>.json."""
        head, n = parts[0], len(parts)
        if parts == ["shop"]:
            return {"shop": self.shop()}, []
        if head in TOP_LEVEL and n == 1:
            return self.list_top(req, version, head)
        if head in TOP_LEVEL and n == 2 and parts[1] == "count":
            self.check_scope(head)
            flt = self.top_filter(head, self.list_params(req, head)[0])
            return {"count": sum(1 for _ in self.data.streams[head].scan(flt))}, []
        if head in TOP_LEVEL and n >= 2 and parts[1].isdigit():
            return self.nested(req, version, head, int(parts[1]), parts[2:])
        if parts == ["inventory_levels"]:
            self.check_scope("inventory_levels")
            return self.inventory_levels(req, version, "inventory_levels", None)
        if parts == ["locations"]:
            self.check_scope("locations")
            return {"locations": self.data.locations()}, []
        if head == "locations" and n == 3 and parts[2] == "inventory_levels" and \
                parts[1].isdigit():
            self.check_scope("inventory_levels")
            location = int(parts[1])
            if not LOCATION_BASE < location <= LOCATION_BASE + self.data.n_locations:
                raise ShopifyError(404, NOT_FOUND)
            return self.inventory_levels(req, version, "/".join(parts), location)
        if parts in (["custom_collections"], ["smart_collections"], ["metafields"]):
            self.check_scope(head)
            params = self.list_params(req, head)
            entries = self.timed_entries(self.data.small_list(head), params[0])
            return self.list_entries(req, version, head, head, entries, params)
        if parts in (["collects"], ["collects", "count"]):
            self.check_scope("collects")
            params = self.list_params(req, "collects", ("product_id", "collection_id"))
            entries = self.collect_entries(params[0])
            if n == 2:
                return {"count": len(entries)}, []
            return self.list_entries(req, version, "collects", "collects", entries, params)
        raise ShopifyError(404, NOT_FOUND)

    def nested(self, req, version, stream, record_id, rest):
        s = self.data.streams[stream]
        i = s.index_of(record_id)
        sub = {(): stream, ("transactions",): "transactions", ("refunds",): "order_refunds",
               ("variants",): "product_variants"}.get(tuple(rest))
        if sub is None or (sub in ("transactions", "order_refunds") and stream != "orders") or \
                (sub == "product_variants" and stream != "products"):
            raise ShopifyError(404, NOT_FOUND)
        self.check_scope(sub)
        if not s.exists(i):
            raise ShopifyError(404, NOT_FOUND)
        record = self.data.record(stream, i)
        fields = self.fields(req)
        if sub == stream:
            return {stream[:-1]: self.select(record, fields)}, []
        if sub == "transactions":
            txs = self.data.transactions(i)
            since = self.int_value({"since_id": req.param("since_id")}, "since_id", 0)
            txs = [self.select(t, fields) for t in txs if t["id"] > since]
            self.served(len(txs))
            return {"transactions": txs}, []
        path = "%s/%d/%s" % (stream, record_id, rest[0])
        params = self.list_params(req, path)
        items = record["refunds"] if sub == "order_refunds" else record["variants"]
        key = "refunds" if sub == "order_refunds" else "variants"
        since = self.int_value(params[0], "since_id", 0)
        items = [x for x in items if x["id"] > since]
        return self.list_entries(req, version, path, key, [(x["id"], x) for x in items], params)

    # ---- parameters ----

    def list_params(self, req, stream, extra_names=()):
        """(filter params, pivot, direction) of a list request: from page_info when it has
        one (then only limit and fields may come with it), else from the query."""
        if "page" in req.query:
            raise param_error("page", "page cannot be passed.")
        page_info = req.param("page_info")
        if page_info is None:
            names = TIME_PARAMS + ("since_id", "status") + tuple(extra_names)
            return {k: req.param(k) for k in names if req.param(k) not in (None, "")}, None, \
                "next"
        for name in req.query:
            if name not in ("page_info", "limit", "fields"):
                raise param_error(name, "%s cannot be passed with page_info; only limit and "
                                        "fields may accompany it." % name)
        try:
            state = json.loads(base64.urlsafe_b64decode(page_info.encode() + b"==="))
            if state.get("stream") != stream or state.get("direction") not in ("next", "prev"):
                raise ValueError
            return dict(state["filters"]), int(state["pivot"]), state["direction"]
        except (ValueError, TypeError, KeyError, AttributeError):
            raise param_error("page_info", "Invalid value.") from None

    @staticmethod
    def encode_page_info(stream, filters, pivot, direction):
        raw = json.dumps({"stream": stream, "filters": filters, "pivot": pivot,
                          "direction": direction}, sort_keys=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def int_value(params, name, default):
        """params[name] as an integer (params: a dict of strings)."""
        value = params.get(name)
        if value in (None, ""):
            return default
        if not str(value).isdigit():
            raise param_error(name, "expected Integer to be a Integer")
        return int(value)

    def limit(self, req):
        limit = self.int_value({"limit": req.param("limit")}, "limit", DEFAULT_LIMIT)
        if not 1 <= limit <= MAX_LIMIT:
            raise param_error("limit", "limit must be between 1 and %d" % MAX_LIMIT)
        return limit

    @staticmethod
    def fields(req):
        value = req.param("fields")
        return [f.strip() for f in value.split(",") if f.strip()] if value else None

    @staticmethod
    def select(record, fields):
        return record if not fields else {k: record[k] for k in fields if k in record}

    def time_param(self, filters, name):
        value = filters.get(name)
        if value is None:
            return None
        try:
            return common.to_epoch(common.parse_time(value, name))
        except BadRequest:
            raise param_error(name, "%s is not a valid ISO 8601 date-time" % name) from None

    def top_filter(self, stream, filters):
        status = filters.get("status")
        extra = None
        if stream == "orders":
            status = status or "open"
            if status not in ORDER_STATUSES:
                raise param_error("status", "status must be one of %s" %
                                  ", ".join(ORDER_STATUSES))
            if status != "any":
                extra = lambda i: self.data.order_status(i) == status  # noqa: E731
        elif stream == "products" and status:
            wanted = set(status.split(","))
            if not wanted <= set(PRODUCT_STATUSES):
                raise param_error("status", "status must be among %s" %
                                  ", ".join(PRODUCT_STATUSES))
            extra = lambda p: self.data.product_status(p) in wanted  # noqa: E731
        return Filter(*(self.time_param(filters, n) for n in TIME_PARAMS), extra=extra)

    # ---- lists ----

    def list_top(self, req, version, stream):
        self.check_scope(stream)
        filters, pivot, direction = self.list_params(req, stream)
        limit, fields = self.limit(req), self.fields(req)
        flt = self.top_filter(stream, filters)
        s = self.data.streams[stream]
        since = self.int_value(filters, "since_id", None)
        floor = max(0, s.index_of(since)) if since is not None else None

        def scan(after, before, descending):
            after = floor if after is None else max(after, floor or 0)
            return (s.id_base + i for i in s.scan(flt, after=after, before=before,
                                                  descending=descending))

        def to_index(record_id):
            return s.index_of(record_id)

        ids, has_prev, has_next = self.page_ids(scan, to_index, pivot, direction, limit)
        records = [self.select(self.data.record(stream, s.index_of(x)), fields) for x in ids]
        return self.page_answer(req, version, stream, stream, filters, records, ids, has_prev,
                                has_next)

    def list_entries(self, req, version, path, key, entries, params):
        """A page of `entries` [(sort key, record)] (sorted by key); params: list_params()."""
        filters, pivot, direction = params
        limit, fields = self.limit(req), self.fields(req)
        keys = [k for k, _ in entries]
        by_key = dict(entries)

        def scan(after, before, descending):
            chosen = [k for k in keys if (after is None or k > after) and
                      (before is None or k < before)]
            return iter(reversed(chosen) if descending else chosen)

        page_keys, has_prev, has_next = self.page_ids(scan, lambda k: k, pivot, direction,
                                                      limit)
        records = [self.select(by_key[k], fields) for k in page_keys]
        return self.page_answer(req, version, path, key, filters, records, page_keys, has_prev,
                                has_next)

    @staticmethod
    def page_ids(scan, to_index, pivot, direction, limit):
        """(keys of the page, has previous, has next). scan(after, before, descending) yields
        the keys in order; pivot/direction come from page_info (None: the first page)."""
        if direction == "next":
            after = to_index(pivot) if pivot is not None else None
            got = list(_take(scan(after, None, False), limit + 1))
            page, has_next = got[:limit], len(got) > limit
            has_prev = pivot is not None and page and \
                next(scan(None, to_index(page[0]), True), None) is not None
            return page, bool(has_prev), has_next
        got = list(_take(scan(None, to_index(pivot), True), limit + 1))
        page, has_prev = list(reversed(got[:limit])), len(got) > limit
        has_next = bool(page) and next(scan(to_index(page[-1]), None, False), None) is not None
        return page, has_prev, has_next

    def page_answer(self, req, version, path, key, filters, records, keys, has_prev, has_next):
        self.served(len(records))
        links = []
        base = "%s/admin/api/%s/%s.json?limit=%d" % (req.base_url, version, path,
                                                      self.limit(req))
        if req.param("fields"):
            base += "&fields=" + req.param("fields")
        if has_prev:
            info = self.encode_page_info(path, filters, keys[0], "prev")
            links.append('<%s&page_info=%s>; rel="previous"' % (base, info))
        if has_next:
            info = self.encode_page_info(path, filters, keys[-1], "next")
            links.append('<%s&page_info=%s>; rel="next"' % (base, info))
        return {key: records}, [("Link", ", ".join(links))] if links else []

    def served(self, n):
        self.counters["pages_served"] += 1
        self.counters["records_served"] += n

    # ---- derived streams ----

    @staticmethod
    def id_list(name, filters):
        value = filters.get(name)
        if value is None:
            return None
        try:
            return {int(x) for x in str(value).split(",") if x.strip()}
        except ValueError:
            raise param_error(name, "%s must be a comma-separated list of ids" % name) from None

    def inventory_levels(self, req, version, path, location):
        params = self.list_params(req, path, ("inventory_item_ids", "location_ids"))
        filters = params[0]
        items = self.id_list("inventory_item_ids", filters)
        locations = {location} if location else self.id_list("location_ids", filters)
        if items is None and locations is None:
            raise ShopifyError(422, {"errors": {"base": [
                "Must specify at least one of inventory_item_ids or location_ids"]}})
        updated_min = self.time_param(filters, "updated_at_min")
        entries = self.data.inventory_levels(items, locations, updated_min)
        return self.list_entries(req, version, path, "inventory_levels", entries, params)

    def timed_entries(self, records, filters):
        """[(id, record)] of `records` that match the time filters and since_id."""
        bounds = [(n, self.time_param(filters, n)) for n in TIME_PARAMS]
        since = self.int_value(filters, "since_id", 0)
        out = []
        for record in records:
            times = {"updated_at": common.to_epoch(common.parse_time(record["updated_at"], "")),
                     "created_at": common.to_epoch(common.parse_time(record["created_at"], ""))}
            fits = all(at is None or (times[n[:10]] >= at if n.endswith("min") else
                                      times[n[:10]] <= at) for n, at in bounds)
            if fits and record["id"] > since:
                out.append((record["id"], record))
        return out

    def collect_entries(self, filters):
        entries = self.data.collects()
        for name in ("product_id", "collection_id"):
            wanted = self.int_value(filters, name, None)
            if wanted is not None:
                entries = [(k, c) for k, c in entries if c[name] == wanted]
        since = self.int_value(filters, "since_id", 0)
        return [(k, c) for k, c in entries if k > since]

    def shop(self):
        created = shop_time(self.data.streams["customers"].start)
        return {"id": 548380009, "name": "SQLFlow Test Shop", "email": "shop@example.com",
                "domain": "sqlflow-test.myshopify.com", "myshopify_domain":
                "sqlflow-test.myshopify.com", "country_code": "CA", "currency": "USD",
                "iana_timezone": "America/New_York", "timezone": "(GMT-05:00) Eastern Time",
                "plan_name": "partner_test", "created_at": created, "updated_at": created}


def _take(iterator, n):
    for k, item in enumerate(iterator):
        if k >= n:
            return
        yield item

