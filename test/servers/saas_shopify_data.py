"""The Shopify emulator's data: lazily generated streams plus the changes of updates.

A record of a top-level stream (orders, customers, products) is built on demand from
(seed, stream, index); nothing holds the base records. A LazyStream keeps only the overrides
(created, updated or deleted records) and answers the ids that match a filter in id order, in
either direction, cheaply: the base records' created/updated times grow with the index, so a
time filter is a bisect over the index plus a look at the overrides.

Derived records (line items, refunds, transactions, variants, images, inventory levels,
collects) are built from their parent record's index. Not thread-safe (the server serialises a
namespace's calls).
"""

import bisect
import datetime
import heapq

from saas_common import rng, seed_of

SHOP_TZ = datetime.timezone(datetime.timedelta(hours=-4))  # the shop's zone, as Shopify sends it
ORDER_BASE, CUSTOMER_BASE, PRODUCT_BASE = 4500000000, 6200000000, 7900000000
LINE_ITEM_BASE, REFUND_BASE, TRANSACTION_BASE = 11000000000, 9100000000, 5300000000
VARIANT_BASE, INVENTORY_ITEM_BASE, IMAGE_BASE = 40000000000, 43000000000, 30000000000
LOCATION_BASE, COLLECTION_BASE, COLLECT_BASE = 65000000, 290000000, 37000000000
METAFIELD_BASE = 21000000000
DAY = 86400
SPANS = {"orders": 365 * DAY, "customers": 730 * DAY, "products": 900 * DAY}
FIRST_NAMES = ["Ada", "Bo", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
LAST_NAMES = ["Kim", "Lopez", "Meyer", "Nagy", "Okafor", "Patel", "Quinn", "Rossi"]
WORDS = ["Linen", "Wool", "Cedar", "Amber", "Slate", "Coral", "Birch", "Indigo", "Maple"]
KINDS = ["Shirt", "Scarf", "Mug", "Lamp", "Tote", "Cap", "Candle", "Notebook"]


def shop_time(epoch):
    """"2024-05-31T20:00:00-04:00": Shopify's format, in the shop's zone."""
    return datetime.datetime.fromtimestamp(epoch, SHOP_TZ).isoformat()


def money(cents):
    return "%d.%02d" % divmod(cents, 100)


class LazyStream:
    """Records 1..n built on demand, ids id_base + index, plus overrides.

    overrides: index -> {"created": epoch, "updated": epoch, "changes": {field: value}} for
    updated and created records (created ones have indexes > n), None for deleted ones."""

    def __init__(self, n, id_base, span, now):
        self.n, self.id_base, self.next_index = n, id_base, n + 1
        self.step = max(1, span // max(n, 1))
        self.start = now - self.step * max(n, 1)  # the last base record a step before now
        self.overrides = {}
        self.override_indexes = []  # sorted

    # ---- times of the base records: non-decreasing in the index, all before `now` ----
    def base_created(self, i):
        return self.start + (i - 1) * self.step

    def base_updated(self, i):
        return self.base_created(i) + ((i * 7) % 5) * self.step // 10

    def times(self, i):
        """(created, updated) epochs of record i (REQUIRES: i exists and is not deleted)."""
        entry = self.overrides.get(i)
        if entry is not None:
            return entry["created"], entry["updated"]
        return self.base_created(i), self.base_updated(i)

    def exists(self, i):
        if i in self.overrides:
            return self.overrides[i] is not None
        return 1 <= i <= self.n

    def index_of(self, record_id):
        return record_id - self.id_base

    def set_override(self, i, entry):
        if i not in self.overrides:
            bisect.insort(self.override_indexes, i)
        self.overrides[i] = entry

    def live_count(self):
        return self.next_index - 1 - sum(1 for e in self.overrides.values() if e is None)

    def _first_at_least(self, fn, value):
        """The smallest base index i with fn(i) >= value (n + 1 when none)."""
        lo, hi = 1, self.n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if fn(mid) >= value:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def base_range(self, flt):
        """[lo, hi) of the base indexes whose times can match flt's time bounds."""
        lo, hi = 1, self.n + 1
        for fn, low, high in ((self.base_updated, flt.updated_min, flt.updated_max),
                              (self.base_created, flt.created_min, flt.created_max)):
            if low is not None:
                lo = max(lo, self._first_at_least(fn, low))
            if high is not None:
                hi = min(hi, self._first_at_least(fn, high + 1))
        return lo, hi

    def scan(self, flt, after=None, before=None, descending=False):
        """Indexes of live records matching flt (times, and flt.extra(i) when set), in index
        order (descending when asked), strictly between `after` and `before` (indexes)."""
        lo, hi = self.base_range(flt)
        if after is not None:
            lo = max(lo, after + 1)
        if before is not None:
            hi = min(hi, before)
        indexes = range(hi - 1, lo - 1, -1) if descending else range(lo, hi)
        base = (i for i in indexes if i not in self.overrides)
        a = bisect.bisect_right(self.override_indexes, after) if after is not None else 0
        b = bisect.bisect_left(self.override_indexes, before) if before is not None else \
            len(self.override_indexes)
        over = self.override_indexes[a:b]
        over = (i for i in (reversed(over) if descending else over)
                if self.overrides[i] is not None)
        for i in heapq.merge(base, over, reverse=descending):
            if flt.matches(self, i):
                yield i


class Filter:
    """Time bounds (epochs, inclusive) and an extra predicate extra(i) -> bool."""

    def __init__(self, updated_min=None, updated_max=None, created_min=None, created_max=None,
                 extra=None):
        self.updated_min, self.updated_max = updated_min, updated_max
        self.created_min, self.created_max = created_min, created_max
        self.extra = extra

    def matches(self, stream, i):
        created, updated = stream.times(i)
        if self.updated_min is not None and updated < self.updated_min:
            return False
        if self.updated_max is not None and updated > self.updated_max:
            return False
        if self.created_min is not None and created < self.created_min:
            return False
        if self.created_max is not None and created > self.created_max:
            return False
        return self.extra is None or self.extra(i)


def variant_count(p):
    return 1 + p % 3


class ShopData:
    """The shop's records: lazy orders, customers and products, and what derives from them.

    counts: stream -> number of base records; now: epoch of the data's "current time"."""

    def __init__(self, seed, counts, now):
        self.seed, self.now = seed, now
        self.streams = {name: LazyStream(counts[name], base, SPANS[name], now)
                        for name, base in (("orders", ORDER_BASE), ("customers", CUSTOMER_BASE),
                                           ("products", PRODUCT_BASE))}
        self.n_locations, self.n_collections = counts["locations"], counts["collections"]
        self.n_metafields = counts["metafields"]

    # ---- cheap attributes (filters) ----
    def order_status(self, i):
        """"open", "closed" or "cancelled" (orders created by updates are open)."""
        if i > self.streams["orders"].n:
            return "open"
        u = seed_of(self.seed, "orders", i, "status") % 100
        return "cancelled" if u < 12 else "closed" if u < 35 else "open"

    def product_status(self, p):
        """"active", "draft" or "archived" (products created by updates are active)."""
        if p > self.streams["products"].n:
            return "active"
        u = seed_of(self.seed, "products", p, "status") % 10
        return "draft" if u == 0 else "archived" if u == 1 else "active"

    def variant_price(self, p, k):
        return 500 + seed_of(self.seed, "price", p, k) % 9500

    # ---- records ----
    def record(self, stream, i):
        """The full record of index i of a top-level stream, with its overrides applied."""
        s = self.streams[stream]
        created, updated = s.times(i)
        build = {"orders": self.order, "customers": self.customer, "products": self.product}
        rec = build[stream](i, created, updated)
        entry = s.overrides.get(i)
        if entry:
            rec.update(entry["changes"])
        return rec

    def customer(self, c, created, updated):
        r = rng(self.seed, "customers", c)
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        cid = CUSTOMER_BASE + c
        email = "%s.%s.%d@example.com" % (first.lower(), last.lower(), c)
        address = {"id": cid * 10 + 1, "customer_id": cid, "first_name": first,
                   "last_name": last, "address1": "%d Main St" % r.randint(1, 999),
                   "city": r.choice(["Ottawa", "Austin", "Lyon", "Osaka"]), "province": None,
                   "country": "Canada", "zip": "K1A %dB%d" % (r.randint(0, 9), r.randint(0, 9)),
                   "phone": None, "country_code": "CA", "default": True}
        orders_count = r.randint(0, 12)
        return {"id": cid, "email": email, "accepts_marketing": r.random() < 0.4,
                "created_at": shop_time(created), "updated_at": shop_time(updated),
                "first_name": first, "last_name": last, "orders_count": orders_count,
                "state": "enabled", "total_spent": money(orders_count * r.randint(900, 9000)),
                "last_order_id": None, "note": None, "verified_email": True,
                "multipass_identifier": None, "tax_exempt": False,
                "tags": r.choice(["", "vip", "wholesale", "newsletter"]),
                "last_order_name": None, "currency": "USD",
                "phone": "+1613555%04d" % (c % 10000), "addresses": [address],
                "tax_exemptions": [], "admin_graphql_api_id": "gid://shopify/Customer/%d" % cid,
                "default_address": address}

    def product(self, p, created, updated):
        r = rng(self.seed, "products", p)
        pid = PRODUCT_BASE + p
        title = "%s %s %d" % (r.choice(WORDS), r.choice(KINDS), p)
        status = self.product_status(p)
        variants, images = [], []
        for k in range(variant_count(p)):
            vid = VARIANT_BASE + p * 4 + k
            images.append({"id": IMAGE_BASE + p * 4 + k, "product_id": pid, "position": k + 1,
                           "created_at": shop_time(created), "updated_at": shop_time(updated),
                           "alt": None, "width": 800, "height": 800,
                           "src": "https://cdn.shopify.com/s/files/1/p%d_%d.jpg" % (p, k),
                           "variant_ids": [vid],
                           "admin_graphql_api_id": "gid://shopify/ProductImage/%d" %
                                                   (IMAGE_BASE + p * 4 + k)})
            variants.append(self.variant(p, k, created, updated, images[-1]["id"]))
        sizes = [v["option1"] for v in variants]
        return {"id": pid, "title": title, "body_html": "<p>%s</p>" % title,
                "vendor": r.choice(["Acme", "Northwind", "Globex"]),
                "product_type": title.split()[1], "created_at": shop_time(created),
                "handle": title.lower().replace(" ", "-"), "updated_at": shop_time(updated),
                "published_at": None if status == "draft" else shop_time(created),
                "template_suffix": None, "status": status, "published_scope": "web",
                "tags": r.choice(["", "summer", "sale, summer", "new"]),
                "admin_graphql_api_id": "gid://shopify/Product/%d" % pid, "variants": variants,
                "options": [{"id": pid * 10 + 1, "product_id": pid, "name": "Size",
                             "position": 1, "values": sizes}],
                "images": images, "image": images[0]}

    def variant(self, p, k, created, updated, image_id):
        pid, vid = PRODUCT_BASE + p, VARIANT_BASE + p * 4 + k
        price = self.variant_price(p, k)
        return {"id": vid, "product_id": pid, "title": ["S", "M", "L"][k], "price": money(price),
                "sku": "SKU-%d-%d" % (p, k), "position": k + 1, "inventory_policy": "deny",
                "compare_at_price": money(price + 500) if k == 0 else None,
                "fulfillment_service": "manual", "inventory_management": "shopify",
                "option1": ["S", "M", "L"][k], "option2": None, "option3": None,
                "created_at": shop_time(created), "updated_at": shop_time(updated),
                "taxable": True, "barcode": "0%011d" % vid, "grams": 200 + 50 * k,
                "image_id": image_id, "weight": 0.2 + 0.05 * k, "weight_unit": "kg",
                "inventory_item_id": INVENTORY_ITEM_BASE + p * 4 + k,
                "inventory_quantity": sum(self.available(p, k, j)
                                          for j in range(1, self.n_locations + 1)),
                "old_inventory_quantity": 0, "requires_shipping": True,
                "admin_graphql_api_id": "gid://shopify/ProductVariant/%d" % vid}

    def available(self, p, k, j):
        return seed_of(self.seed, "inventory", p, k, j) % 100

    def order(self, i, created, updated):
        r = rng(self.seed, "orders", i)
        oid, status = ORDER_BASE + i, self.order_status(i)
        items = self.line_items(i, r, created)
        subtotal = sum(self.variant_price(li["_p"], li["_k"]) * li["quantity"] for li in items)
        discount = subtotal // 10 if r.random() < 0.2 else 0
        tax = (subtotal - discount) * 8 // 100
        total = subtotal - discount + tax
        financial = self.financial_status(status, r)
        for li in items:
            del li["_p"], li["_k"]
        c_count = self.streams["customers"].n
        customer = None
        if c_count:
            c = 1 + r.randrange(c_count)
            if self.streams["customers"].exists(c):
                customer = self.record("customers", c)
                for key in ("addresses", "default_address", "tax_exemptions"):
                    customer.pop(key, None)
        closed = shop_time(created + (updated - created) // 2) if status == "closed" else None
        order = {
            "id": oid, "admin_graphql_api_id": "gid://shopify/Order/%d" % oid,
            "app_id": 580111, "browser_ip": "192.0.2.%d" % (i % 250 + 1),
            "buyer_accepts_marketing": r.random() < 0.3,
            "cancel_reason": "customer" if status == "cancelled" else None,
            "cancelled_at": shop_time(updated) if status == "cancelled" else None,
            "closed_at": closed, "confirmed": True,
            "contact_email": customer["email"] if customer else None,
            "created_at": shop_time(created), "currency": "USD",
            "current_subtotal_price": money(subtotal - discount),
            "current_total_price": money(total), "current_total_tax": money(tax),
            "email": customer["email"] if customer else "",
            "financial_status": financial,
            "fulfillment_status": "fulfilled" if status == "closed" else None,
            "name": "#%d" % (1000 + i), "note": None, "number": i, "order_number": 1000 + i,
            "presentment_currency": "USD", "processed_at": shop_time(created),
            "source_name": "web", "subtotal_price": money(subtotal - discount), "tags": "",
            "taxes_included": False, "test": False, "total_discounts": money(discount),
            "total_line_items_price": money(subtotal), "total_price": money(total),
            "total_tax": money(tax), "total_weight": 200 * len(items),
            "updated_at": shop_time(updated), "customer": customer, "line_items": items,
        }
        order["refunds"] = self.refunds(i, order, created, updated)
        return order

    @staticmethod
    def financial_status(status, r):
        if status == "cancelled":
            return r.choice(["voided", "refunded"])
        u = r.random()
        return "pending" if u < 0.05 else "authorized" if u < 0.1 else \
            "partially_refunded" if u < 0.16 else "refunded" if u < 0.2 else "paid"

    def line_items(self, i, r, created):
        items, n_products = [], self.streams["products"].n
        for k in range(r.randint(1, 4)):
            p = 1 + r.randrange(max(n_products, 1))
            v = r.randrange(variant_count(p))
            price, qty = self.variant_price(p, v), r.randint(1, 3)
            lid = LINE_ITEM_BASE + i * 8 + k
            items.append({
                "id": lid, "admin_graphql_api_id": "gid://shopify/LineItem/%d" % lid,
                "fulfillable_quantity": qty, "fulfillment_service": "manual",
                "fulfillment_status": None, "gift_card": False, "grams": 200,
                "name": "Item %d - %s" % (p, ["S", "M", "L"][v]), "price": money(price),
                "product_exists": True, "product_id": PRODUCT_BASE + p, "quantity": qty,
                "requires_shipping": True, "sku": "SKU-%d-%d" % (p, v),
                "taxable": True, "title": "Item %d" % p, "total_discount": "0.00",
                "variant_id": VARIANT_BASE + p * 4 + v, "variant_title": ["S", "M", "L"][v],
                "vendor": "Acme", "tax_lines": [{"title": "GST", "rate": 0.08,
                                                 "price": money(price * qty * 8 // 100)}],
                "_p": p, "_k": v})
        return items

    def refunds(self, i, order, created, updated):
        financial = order["financial_status"]
        if financial not in ("refunded", "partially_refunded"):
            return []
        oid = order["id"]
        items = order["line_items"] if financial == "refunded" else order["line_items"][:1]
        at = shop_time(created + (updated - created) // 2)
        lines, amount = [], 0
        for k, li in enumerate(items):
            qty = li["quantity"] if financial == "refunded" else 1
            sub = int(li["price"].replace(".", "")) * qty
            amount += sub + sub * 8 // 100
            lines.append({"id": li["id"] + 1000000000, "line_item_id": li["id"],
                          "location_id": LOCATION_BASE + 1, "quantity": qty,
                          "restock_type": "return", "subtotal": money(sub),
                          "total_tax": money(sub * 8 // 100)})
        rid = REFUND_BASE + i * 4
        tx = self.transaction(i, 2, "refund", "success", amount, at)
        tx["parent_id"] = TRANSACTION_BASE + i * 8
        return [{"id": rid, "order_id": oid, "created_at": at, "processed_at": at,
                 "note": "Returned", "restock": True, "user_id": None,
                 "admin_graphql_api_id": "gid://shopify/Refund/%d" % rid,
                 "refund_line_items": lines, "transactions": [tx], "order_adjustments": []}]

    def transaction(self, i, k, kind, status, amount, at):
        tid = TRANSACTION_BASE + i * 8 + k
        return {"id": tid, "order_id": ORDER_BASE + i, "kind": kind, "gateway": "bogus",
                "status": status, "message": "Bogus Gateway: Forced %s" % status,
                "created_at": at, "test": True, "authorization": "53433" if k == 0 else None,
                "location_id": None, "user_id": None, "parent_id": None, "processed_at": at,
                "device_id": None, "error_code": None, "source_name": "web",
                "amount": money(amount), "currency": "USD",
                "admin_graphql_api_id": "gid://shopify/OrderTransaction/%d" % tid}

    def transactions(self, i):
        """The transactions of order index i, in id order."""
        order = self.record("orders", i)
        at, total = order["processed_at"], int(order["total_price"].replace(".", ""))
        financial = order["financial_status"]
        if financial in ("authorized", "voided"):
            txs = [self.transaction(i, 0, "authorization", "success", total, at)]
            if financial == "voided":
                txs.append(self.transaction(i, 1, "void", "success", total, at))
                txs[1]["parent_id"] = txs[0]["id"]
        else:
            txs = [self.transaction(i, 0, "sale",
                                    "pending" if financial == "pending" else "success",
                                    total, at)]
        for refund in order["refunds"]:
            txs.extend(refund["transactions"])
        return txs

    def locations(self):
        created = shop_time(self.streams["products"].start)
        return [{"id": LOCATION_BASE + j, "name": "Warehouse %d" % j,
                 "address1": "%d Depot Rd" % j, "address2": None, "city": "Ottawa",
                 "zip": "K1A 0B1", "province": "Ontario", "country": "CA", "phone": None,
                 "created_at": created, "updated_at": created, "country_code": "CA",
                 "country_name": "Canada", "province_code": "ON", "legacy": False,
                 "active": True, "admin_graphql_api_id": "gid://shopify/Location/%d" %
                                                         (LOCATION_BASE + j)}
                for j in range(1, self.n_locations + 1)]

    def small_list(self, name):
        """The records of custom_collections, smart_collections or the shop's metafields, by id:
        collection j is custom when odd, smart when even; each updated j days after the
        products' start."""
        start = self.streams["products"].start
        if name == "metafields":
            return [{"id": METAFIELD_BASE + j, "namespace": "custom", "key": "setting_%d" % j,
                     "value": "value %d" % j, "type": "single_line_text_field",
                     "description": None, "owner_id": 548380009, "owner_resource": "shop",
                     "created_at": shop_time(start + j * DAY),
                     "updated_at": shop_time(start + 2 * j * DAY),
                     "admin_graphql_api_id": "gid://shopify/Metafield/%d" % (METAFIELD_BASE + j)}
                    for j in range(1, self.n_metafields + 1)]
        smart = name == "smart_collections"
        out = []
        for j in range(1, self.n_collections + 1):
            if (j % 2 == 0) != smart:
                continue
            cid, at = COLLECTION_BASE + j, shop_time(start + j * DAY)
            record = {"id": cid, "handle": "collection-%d" % j, "title": "Collection %d" % j,
                      "updated_at": at, "created_at": at, "published_at": at,
                      "body_html": "<p>Collection %d</p>" % j, "sort_order": "best-selling",
                      "template_suffix": None, "published_scope": "web",
                      "admin_graphql_api_id": "gid://shopify/Collection/%d" % cid}
            if smart:
                record["disjunctive"] = False
                record["rules"] = [{"column": "tag", "relation": "equals",
                                    "condition": "summer"}]
            out.append(record)
        return out

    def live_products(self):
        """Indexes of the products that exist, ascending (derived streams read them all)."""
        s = self.streams["products"]
        return list(s.scan(Filter()))

    def inventory_levels(self, item_ids=None, location_ids=None, updated_min=None):
        """[(sort key, level)] by (inventory_item_id, location_id)."""
        out, s = [], self.streams["products"]
        for p in self.live_products():
            updated = s.times(p)[1]
            if updated_min is not None and updated < updated_min:
                continue
            for k in range(variant_count(p)):
                item = INVENTORY_ITEM_BASE + p * 4 + k
                if item_ids is not None and item not in item_ids:
                    continue
                for j in range(1, self.n_locations + 1):
                    if location_ids is not None and LOCATION_BASE + j not in location_ids:
                        continue
                    out.append((item * 1000 + j, {
                        "inventory_item_id": item, "location_id": LOCATION_BASE + j,
                        "available": self.available(p, k, j), "updated_at": shop_time(updated),
                        "admin_graphql_api_id": "gid://shopify/InventoryLevel/%d?"
                                                "inventory_item_id=%d" % (LOCATION_BASE + j,
                                                                          item)}))
        return out

    def collects(self):
        """[(id, collect)] of the live products, by id."""
        out, s = [], self.streams["products"]
        n = max(self.n_collections, 0)
        if n == 0:
            return out
        for p in self.live_products():
            created, updated = s.times(p)
            collections = sorted({p % n, (p * 3 + 1) % n} if p % 2 == 0 else {p % n})
            for k, c in enumerate(collections):
                cid = COLLECT_BASE + p * 4 + k
                out.append((cid, {"id": cid, "collection_id": COLLECTION_BASE + c + 1,
                                  "product_id": PRODUCT_BASE + p, "position": p,
                                  "sort_value": "%010d" % p, "created_at": shop_time(created),
                                  "updated_at": shop_time(updated)}))
        return out
