"""The Stripe API emulator (python3 stdlib only), one module of the SaaS emulators' server.

The contract is /work/saas-emulator-contract.md (docs/testing.md, "SaaS API emulators" and
"Stripe emulator", for test writers). test/servers/saas_api_server.py hands every request below
/ns/NAME to StripeApi.handle; the tests (saas_stripe_test.py) call StripeApi directly with a
fake clock.

What is emulated, as api.stripe.com documents it:
  - auth: `Authorization: Bearer KEY` or HTTP Basic with the key as user; 401 bodies as Stripe's
    (the key masked, never echoed whole); `Stripe-Account` (Connect) for the configured accounts;
  - GET list endpoints /v1/{charges, customers, invoices, subscriptions, refunds, payment_intents,
    balance_transactions, events}: the list object, newest first, `limit`, `starting_after`,
    `ending_before`, `created[gt|gte|lt|lte]`, a few per-endpoint filters, unknown parameters
    refused as Stripe refuses them; GET /v1/{stream}/{id}, /v1/account, /v1/balance;
  - events: one per generated object's creation and one per change an update makes, listed for
    30 days (older ones are gone, as on Stripe), `type` (with `*`) and `types[]` filters;
  - the rate limit (100 requests per second, live mode's figure): 429 with
    `Stripe-Should-Retry: true`; restricted-key 403s for `forbidden` streams;
  - `Request-Id`, `Stripe-Version` and `Date` (the emulator's `now`) on every answer.

Data: record i of a stream is a pure function of (seed, stream, i); base records' `created`
grows with i, spread over `history_days` before `now`, so that a created filter is a bisect.
Records an update creates get the next indexes and the new `now`, so the whole stream stays
ordered by index; changed records live in an override map, deleted ones in a set.
"""

import base64
import email.utils
import bisect
import copy
import hashlib
import heapq
import random
import re

from saas_common import (Api, ApiResponse, BadRequest, CommonConfig, FixedWindow, check_keys,
                         format_time, from_epoch, int_value, rng, seed_of, to_epoch,
                         update_counts)

DAY = 86400
EVENT_RETENTION_DAYS = 30
RATE_LIMIT_PER_SECOND = 100  # live mode's published figure (test mode's is 25)
API_VERSION = "2024-04-10"
MAX_COUNT = 1000000
DEFAULT_API_KEY = "sk_test_emulator"
DEFAULT_HISTORY_DAYS = 28  # all generated history inside the events' 30 days unless raised
STRIPE_KEYS = ("api_key", "accounts", "history_days")

DEFAULT_COUNTS = {"customers": 60, "charges": 150, "invoices": 80, "subscriptions": 40,
                  "refunds": 20, "payment_intents": 60, "balance_transactions": 150}
LIST_STREAMS = tuple(DEFAULT_COUNTS) + ("events",)

# stream -> (id prefix, "object" value, the noun of "No such ...", restricted-key permission)
STREAM_INFO = {
    "customers": ("cus", "customer", "customer", "rak_customer_read"),
    "charges": ("ch", "charge", "charge", "rak_charge_read"),
    "invoices": ("in", "invoice", "invoice", "rak_invoice_read"),
    "subscriptions": ("sub", "subscription", "subscription", "rak_subscription_read"),
    "refunds": ("re", "refund", "refund", "rak_refund_read"),
    "payment_intents": ("pi", "payment_intent", "payment_intent", "rak_payment_intent_read"),
    "balance_transactions": ("txn", "balance_transaction", "balance_transaction",
                             "rak_balance_transaction_source_read"),
    "events": ("evt", "event", "event", "rak_event_read"),
}

# Streams whose creations are events, with the one-character code inside their events' ids;
# "E" marks the events updates record.
EVENT_SOURCES = {"customers": "C", "charges": "H", "invoices": "I", "subscriptions": "S",
                 "refunds": "R", "payment_intents": "P"}
STORED_EVENTS_CODE = "E"
CREATION_EVENT_TYPES = {
    "customers": ("customer.created",), "charges": ("charge.succeeded", "charge.failed"),
    "invoices": ("invoice.created",), "subscriptions": ("customer.subscription.created",),
    "refunds": ("refund.created",), "payment_intents": ("payment_intent.created",)}

# Query parameters each list endpoint takes besides paging, `created` and `expand`.
LIST_FILTERS = {
    "customers": ("email",), "charges": ("customer", "payment_intent"),
    "invoices": ("customer", "subscription", "status"),
    "subscriptions": ("customer", "status", "price"), "refunds": ("charge", "payment_intent"),
    "payment_intents": ("customer",), "balance_transactions": ("type", "source", "currency"),
    "events": ("type", "types")}
SUBSCRIPTION_STATUSES = ("active", "past_due", "unpaid", "canceled", "incomplete",
                         "incomplete_expired", "trialing", "paused", "all", "ended")
INVOICE_STATUSES = ("draft", "open", "paid", "uncollectible", "void")

# (nickname, unit_amount in cents, interval): the generated catalogue of recurring prices.
PRICES = (("Basic monthly", 900, "month"), ("Pro monthly", 2900, "month"),
          ("Team monthly", 9900, "month"), ("Basic yearly", 9000, "year"),
          ("Pro yearly", 29000, "year"))
PERIOD_DAYS = {"month": 30, "year": 365}
FIRST_NAMES = ("Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jon",
               "Kemi", "Luca", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara")
LAST_NAMES = ("Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito",
              "Jensen", "Khan", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi",
              "Silva", "Tanaka", "Weber")
FAILURES = (("card_declined", "Your card was declined."),
            ("insufficient_funds", "Your card has insufficient funds."),
            ("expired_card", "Your card has expired."),
            ("incorrect_cvc", "Your card's security code is incorrect."))
CARD_BRANDS = ("visa", "mastercard", "amex", "discover")

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
INDEX_DIGITS = 8  # an id ends with its record's index in 8 base-62 digits
KEY_PREFIX_RE = re.compile(r"^(sk|rk|pk)_(test|live)_")
ACCOUNT_RE = re.compile(r"^acct_[A-Za-z0-9]{1,64}$")
CREATED_OPS = ("gt", "gte", "lt", "lte")

SUPPORT = "we can help at https://support.stripe.com/."
NO_KEY_MESSAGE = (
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or " + SUPPORT)


# ---- ids -------------------------------------------------------------------------------------


def base62(number, width=0):
    digits = ""
    while number:
        number, digit = divmod(number, 62)
        digits = BASE62[digit] + digits
    return digits.rjust(width, "0") or "0"


def token(length, *parts):
    """`length` base-62 characters that are a pure function of `parts`."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=24).digest()
    return base62(int.from_bytes(digest, "big"), length)[-length:]


def make_id(prefix, code, seed, index):
    """Stripe-like id (24 characters after the prefix) that encodes `index`, so that a cursor is
    found again without a lookup table."""
    return "%s_%s%s%s" % (prefix, code, token(15, seed, prefix, code, index),
                          base62(index, INDEX_DIGITS))


def parse_id(object_id, prefix, code, seed):
    """The index encoded in `object_id`, or None when it is not an id this generator made."""
    head = "%s_%s" % (prefix, code)
    if not isinstance(object_id, str) or not object_id.startswith(head) or \
            len(object_id) != len(head) + 15 + INDEX_DIGITS:
        return None
    index = 0
    for char in object_id[-INDEX_DIGITS:]:
        position = BASE62.find(char)
        if position < 0:
            return None
        index = index * 62 + position
    return index if make_id(prefix, code, seed, index) == object_id else None


def mask_key(key):
    """The key as Stripe shows it in errors: its kind prefix, then stars, with the last four
    characters only when at least eight stay hidden."""
    match = KEY_PREFIX_RE.match(key)
    prefix = match.group(0) if match else ""
    rest = key[len(prefix):]
    if len(rest) >= 12:
        return prefix + "*" * (len(rest) - 4) + rest[-4:]
    return prefix + "*" * len(rest)


# ---- errors ----------------------------------------------------------------------------------


class StripeError(Exception):
    """An answer in Stripe's error shape {"error": {...}}."""

    def __init__(self, status, message, code=None, param=None, headers=()):
        super().__init__(message)
        self.status, self.code, self.param, self.headers = status, code, param, list(headers)

    def body(self):
        error = {"message": str(self), "type": "invalid_request_error"}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = "https://stripe.com/docs/error-codes/" + self.code.replace("_", "-")
        if self.param:
            error["param"] = self.param
        return {"error": error}


def bad_param(message, param, code=None):
    return StripeError(400, message, code=code, param=param)


def resource_missing(stream, object_id, param, status):
    noun = STREAM_INFO[stream][2]
    return StripeError(status, "No such %s: '%s'" % (noun, object_id), "resource_missing", param)


def unrecognized(method, path):
    return StripeError(404, "Unrecognized request URL (%s: %s). Please see "
                       "https://stripe.com/docs or %s" % (method, path, SUPPORT))


# ---- ordered sources of list items -----------------------------------------------------------


class Source:
    """One ordered run of a list's items: for i in [0, size), created(i) never decreases, so
    key(i) = (created(i), rank, i) increases strictly and a time or cursor bound is a bisect.
    item(i) is the item, or None when it is gone (deleted)."""

    def __init__(self, rank, size, created, item):
        self.rank, self.size, self.created, self.item = rank, size, created, item

    def key(self, index):
        return (self.created(index), self.rank, index)

    def bounds(self, lo_ts, hi_ts, after=None, before=None):
        """[lo, hi): the indexes with lo_ts <= created <= hi_ts and after < key < before."""
        indexes = range(self.size)
        lo = bisect.bisect_left(indexes, lo_ts, key=self.created) if lo_ts is not None else 0
        hi = bisect.bisect_right(indexes, hi_ts, key=self.created) \
            if hi_ts is not None else self.size
        if after is not None:
            lo = max(lo, bisect.bisect_right(indexes, after, key=self.key))
        if before is not None:
            hi = min(hi, bisect.bisect_left(indexes, before, key=self.key))
        return lo, hi

    def walk(self, lo, hi, newest_first):
        order = range(hi - 1, lo - 1, -1) if newest_first else range(lo, hi)
        for index in order:
            yield self.key(index), self, index


def collect(sources, lo_ts, hi_ts, cursor, newest_first, want, accept):
    """Up to `want` accepted items, walking the merged sources newest first from before `cursor`
    (or oldest first from after it)."""
    walks = []
    for source in sources:
        if newest_first:
            lo, hi = source.bounds(lo_ts, hi_ts, before=cursor)
        else:
            lo, hi = source.bounds(lo_ts, hi_ts, after=cursor)
        if lo < hi:
            walks.append(source.walk(lo, hi, newest_first))
    items = []
    for _, source, index in heapq.merge(*walks, key=lambda t: t[0], reverse=newest_first):
        item = source.item(index)
        if item is not None and accept(item):
            items.append(item)
            if len(items) >= want:
                break
    return items


# ---- one account's data ----------------------------------------------------------------------


class AccountData:
    """The objects and events of one Stripe account (the platform's or a Connect account's):
    generated base records, plus what updates created, changed and deleted."""

    def __init__(self, seed, counts, start_ts, base_now_ts):
        self.seed = seed
        self.base = dict(counts)            # stream -> base records
        self.start_ts, self.base_now_ts = start_ts, base_now_ts
        self.span = base_now_ts - start_ts
        self.added = {s: [] for s in DEFAULT_COUNTS}      # created ts of records updates made
        self.overrides = {s: {} for s in DEFAULT_COUNTS}  # index -> current object
        self.deleted = {s: set() for s in DEFAULT_COUNTS}
        self.events = []                                  # events updates recorded, in order
        self.updates_done = 0
        self.taken = set()

    # -- identity and time --

    def object_id(self, stream, index):
        return make_id(STREAM_INFO[stream][0], "1", self.seed, index)

    def index_of(self, stream, object_id):
        index = parse_id(object_id, STREAM_INFO[stream][0], "1", self.seed)
        return index if index is not None and index < self.size(stream) else None

    def size(self, stream):
        return self.base[stream] + len(self.added[stream])

    def base_created(self, stream, index):
        if stream == "refunds":  # a while after the charge it refunds, so increasing as well
            spacing = self.span // (self.base["charges"] + 1)
            return self.base_created("charges", self.refund_charge(index)) + \
                max(1, spacing // 2)
        return self.start_ts + (index + 1) * self.span // (self.base[stream] + 1)

    def created(self, stream, index):
        n = self.base[stream]
        return self.base_created(stream, index) if index < n else self.added[stream][index - n]

    def get(self, stream, index):
        """The current object, or None when deleted or out of range."""
        if index in self.deleted[stream] or not 0 <= index < self.size(stream):
            return None
        if index in self.overrides[stream]:
            return self.overrides[stream][index]
        return self.generate(stream, index)

    def source(self, stream):
        return Source(0, self.size(stream), lambda i: self.created(stream, i),
                      lambda i: self.get(stream, i))

    # -- cross references between generated records --

    def earlier_index(self, stream, ts, r):
        """A random base record of `stream` created at or before `ts`; the first one when none
        is that old, None when the stream has none."""
        n = self.base[stream]
        last = bisect.bisect_right(range(n), ts, key=lambda i: self.base_created(stream, i))
        return r.randrange(last) if last > 0 else (0 if n else None)

    def refund_charge(self, j):
        """The charge base refund j refunds: evenly spread over the charges, increasing in j."""
        return (2 * j + 1) * self.base["charges"] // (2 * self.base["refunds"])

    def base_refund_of(self, charge_index):
        """The base refund of base charge `charge_index`, or None."""
        nr, nc = self.base["refunds"], self.base["charges"]
        if nr == 0 or charge_index >= nc:
            return None
        guess = charge_index * nr // nc
        for j in (guess - 1, guess, guess + 1):
            if 0 <= j < nr and self.refund_charge(j) == charge_index:
                return j
        return None

    def price(self, number):
        nickname, amount, interval = PRICES[number]
        price_id = "price_1" + token(23, self.seed, "price", number)
        product = "prod_" + token(14, self.seed, "product", nickname.split()[0])
        created = self.start_ts - 30 * DAY
        return ({"id": price_id, "object": "price", "active": True, "billing_scheme": "per_unit",
                 "created": created, "currency": "usd", "livemode": False, "lookup_key": None,
                 "metadata": {}, "nickname": nickname, "product": product,
                 "recurring": {"interval": interval, "interval_count": 1,
                               "usage_type": "licensed"},
                 "tax_behavior": "unspecified", "type": "recurring", "unit_amount": amount,
                 "unit_amount_decimal": str(amount)},
                {"id": price_id, "object": "plan", "active": True, "amount": amount,
                 "amount_decimal": str(amount), "billing_scheme": "per_unit",
                 "created": created, "currency": "usd", "interval": interval,
                 "interval_count": 1, "livemode": False, "metadata": {}, "nickname": nickname,
                 "product": product, "usage_type": "licensed"})

    # -- generation: record i of a stream from (seed, stream, i) --

    def generate(self, stream, index):
        return getattr(self, "gen_" + stream)(index, rng(self.seed, stream, index),
                                              self.created(stream, index))

    def gen_customers(self, i, r, created):
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        return {"id": self.object_id("customers", i), "object": "customer", "address": None,
                "balance": 0, "created": created, "currency": "usd", "default_source": None,
                "delinquent": r.random() < 0.05, "description": None, "discount": None,
                "email": "%s.%s%d@example.com" % (first.lower(), last.lower(), i),
                "invoice_prefix": token(8, self.seed, "prefix", i).upper(), "livemode": False,
                "metadata": {}, "name": "%s %s" % (first, last), "phone": None,
                "preferred_locales": [], "shipping": None, "tax_exempt": "none",
                "test_clock": None}

    def gen_charges(self, i, r, created):
        refunded = i < self.base["charges"] and self.base_refund_of(i) is not None
        failed = not refunded and r.random() < 0.1
        amount = r.randint(5, 500) * 100 - r.choice((0, 1, 5, 50))
        customer = self.earlier_index("customers", created, r)
        code, message = r.choice(FAILURES) if failed else (None, None)
        return {"id": self.object_id("charges", i), "object": "charge", "amount": amount,
                "amount_captured": 0 if failed else amount,
                "amount_refunded": amount if refunded else 0, "balance_transaction": None,
                "captured": not failed, "created": created, "currency": "usd",
                "customer": None if customer is None else
                self.object_id("customers", customer),
                "description": None, "disputed": False, "failure_code": code,
                "failure_message": message, "invoice": None, "livemode": False, "metadata": {},
                "outcome": {"network_status": "declined_by_network" if failed
                            else "approved_by_network", "reason": code, "risk_level": "normal",
                            "seller_message": "The bank did not return any further details."
                            if failed else "Payment complete.",
                            "type": "issuer_declined" if failed else "authorized"},
                "paid": not failed, "payment_intent": None,
                "payment_method_details": {"type": "card", "card": {
                    "brand": r.choice(CARD_BRANDS), "country": "US", "exp_month": r.randint(1, 12),
                    "exp_year": 2025 + r.randint(0, 5), "last4": "%04d" % r.randint(0, 9999)}},
                "receipt_email": None, "refunded": refunded,
                "status": "failed" if failed else "succeeded"}

    def gen_refunds(self, j, r, created):
        charge_index = self.refund_charge(j)
        charge = self.generate("charges", charge_index)
        return {"id": self.object_id("refunds", j), "object": "refund",
                "amount": charge["amount"], "balance_transaction": None,
                "charge": charge["id"], "created": created, "currency": "usd", "metadata": {},
                "payment_intent": None,
                "reason": r.choice(("requested_by_customer", "duplicate", "fraudulent", None)),
                "receipt_number": None, "status": "succeeded"}

    def gen_payment_intents(self, i, r, created):
        amount = r.randint(5, 500) * 100 - r.choice((0, 1, 5))
        roll = r.random()
        status = "succeeded" if roll < 0.8 else "requires_payment_method" if roll < 0.9 else \
            "canceled" if roll < 0.95 else "processing"
        customer = self.earlier_index("customers", created, r)
        canceled = status == "canceled"
        return {"id": self.object_id("payment_intents", i), "object": "payment_intent",
                "amount": amount, "amount_capturable": 0,
                "amount_received": amount if status == "succeeded" else 0,
                "canceled_at": created + 600 if canceled else None,
                "cancellation_reason": "abandoned" if canceled else None,
                "capture_method": "automatic", "confirmation_method": "automatic",
                "created": created, "currency": "usd",
                "customer": None if customer is None else
                self.object_id("customers", customer),
                "description": None, "last_payment_error": None, "latest_charge": None,
                "livemode": False, "metadata": {}, "payment_method_types": ["card"],
                "status": status}

    def gen_balance_transactions(self, i, r, created):
        roll = r.random()
        kind = "charge" if roll < 0.7 else "refund" if roll < 0.8 else \
            "payout" if roll < 0.9 else "stripe_fee"
        gross = r.randint(5, 500) * 100
        amount = {"charge": gross, "refund": -gross, "payout": -gross * 20,
                  "stripe_fee": -r.randint(100, 2000)}[kind]
        fee = round(gross * 0.029) + 30 if kind == "charge" else 0
        source = None
        if kind in ("charge", "refund") and self.base["charges"]:
            charge = i * self.base["charges"] // max(1, self.base["balance_transactions"])
            source = self.object_id("charges", min(charge, self.base["charges"] - 1))
        available_on = created + 2 * DAY
        return {"id": self.object_id("balance_transactions", i),
                "object": "balance_transaction", "amount": amount,
                "available_on": available_on, "created": created, "currency": "usd",
                "description": None, "exchange_rate": None, "fee": fee,
                "fee_details": [{"amount": fee, "application": None, "currency": "usd",
                                 "description": "Stripe processing fees",
                                 "type": "stripe_fee"}] if fee else [],
                "net": amount - fee,
                "reporting_category": {"stripe_fee": "fee"}.get(kind, kind),
                "source": source,
                "status": "available" if available_on <= self.base_now_ts else "pending",
                "type": kind}

    def gen_subscriptions(self, i, r, created, status=None):
        price, plan = self.price(r.randrange(len(PRICES)))
        quantity = r.randint(1, 5)
        customer = self.earlier_index("customers", created, r)
        period = PERIOD_DAYS[price["recurring"]["interval"]] * DAY
        roll = r.random()
        status = status or ("active" if roll < 0.65 else "trialing" if roll < 0.75 else
                            "past_due" if roll < 0.85 else "canceled")
        trial_end = created + 30 * DAY
        if status == "trialing" and trial_end <= self.base_now_ts:
            status = "active"
        canceled_at = None
        end_ts = self.base_now_ts
        if status == "canceled":
            canceled_at = created + r.randint(1, max(1, self.base_now_ts - created - 1))
            end_ts = canceled_at
        periods = max(0, end_ts - created) // period
        sub_id = self.object_id("subscriptions", i)
        return self.subscription_object(
            sub_id, created, customer, price, plan, quantity, status,
            current_period_start=created + periods * period, period=period,
            canceled_at=canceled_at,
            trial=(created, trial_end) if 0.65 <= roll < 0.75 else (None, None),
            item_id="si_" + token(14, self.seed, "si", i))

    def subscription_object(self, sub_id, created, customer, price, plan, quantity, status,
                            current_period_start, period, canceled_at, trial, item_id):
        return {"id": sub_id, "object": "subscription", "application_fee_percent": None,
                "billing_cycle_anchor": created, "cancel_at": None,
                "cancel_at_period_end": False, "canceled_at": canceled_at,
                "collection_method": "charge_automatically", "created": created,
                "currency": "usd", "current_period_end": current_period_start + period,
                "current_period_start": current_period_start,
                "customer": None if customer is None else
                self.object_id("customers", customer),
                "days_until_due": None, "default_payment_method": None, "discount": None,
                "ended_at": canceled_at,
                "items": {"object": "list", "data": [
                    {"id": item_id, "object": "subscription_item", "created": created,
                     "metadata": {}, "plan": plan, "price": price, "quantity": quantity,
                     "subscription": sub_id}],
                    "has_more": False, "total_count": 1,
                    "url": "/v1/subscription_items?subscription=" + sub_id},
                "latest_invoice": None, "livemode": False, "metadata": {}, "plan": plan,
                "quantity": quantity, "start_date": created, "status": status,
                "trial_end": trial[1], "trial_start": trial[0]}

    def gen_invoices(self, i, r, created, status=None):
        sub_index = self.earlier_index("subscriptions", created, r)
        if sub_index is not None:
            sub = self.generate("subscriptions", sub_index)
            customer, price = sub["customer"], sub["items"]["data"][0]["price"]
            quantity, sub_id = sub["quantity"], sub["id"]
        else:
            customer_index = self.earlier_index("customers", created, r)
            customer = None if customer_index is None else \
                self.object_id("customers", customer_index)
            price, _ = self.price(r.randrange(len(PRICES)))
            quantity, sub_id = 1, None
        roll = r.random()
        status = status or ("paid" if roll < 0.7 else "open" if roll < 0.9 else
                            "void" if roll < 0.95 else "uncollectible")
        return self.invoice_object(i, r, created, customer, sub_id, price, quantity, status)

    def invoice_object(self, i, r, created, customer, sub_id, price, quantity, status):
        invoice_id = self.object_id("invoices", i)
        period = PERIOD_DAYS[price["recurring"]["interval"]] * DAY
        lines = [{"id": "il_" + token(24, self.seed, "il", i, 0), "object": "line_item",
                  "amount": price["unit_amount"] * quantity, "currency": "usd",
                  "description": "%d × %s (at $%.2f / %s)" % (
                      quantity, price["nickname"], price["unit_amount"] / 100.0,
                      price["recurring"]["interval"]),
                  "discountable": True, "invoice": invoice_id, "livemode": False,
                  "metadata": {}, "period": {"start": created, "end": created + period},
                  "price": price, "proration": False, "quantity": quantity,
                  "subscription": sub_id, "type": "subscription"}]
        if r.random() < 0.3:
            amount = r.randint(1, 50) * 100
            lines.append({"id": "il_" + token(24, self.seed, "il", i, 1),
                          "object": "line_item", "amount": amount, "currency": "usd",
                          "description": "One-time setup", "discountable": True,
                          "invoice": invoice_id, "livemode": False, "metadata": {},
                          "period": {"start": created, "end": created}, "price": None,
                          "proration": False, "quantity": 1, "subscription": None,
                          "type": "invoiceitem"})
        total = sum(line["amount"] for line in lines)
        paid = status == "paid"
        return {"id": invoice_id, "object": "invoice", "account_country": "US",
                "amount_due": total, "amount_paid": total if paid else 0,
                "amount_remaining": 0 if paid or status == "void" else total,
                "attempt_count": 1 if status != "draft" else 0, "attempted": status != "draft",
                "billing_reason": "subscription_cycle" if sub_id else "manual",
                "collection_method": "charge_automatically", "created": created,
                "currency": "usd", "customer": customer, "description": None,
                "due_date": None, "hosted_invoice_url": None, "livemode": False,
                "lines": {"object": "list", "data": lines, "has_more": False,
                          "total_count": len(lines),
                          "url": "/v1/invoices/%s/lines" % invoice_id},
                "metadata": {}, "number": "%s-%04d" % (
                    token(8, self.seed, "prefix", i).upper(), i + 1),
                "paid": paid, "period_end": created, "period_start": created - period,
                "status": status,
                "status_transitions": {"finalized_at": created, "marked_uncollectible_at":
                                       created + DAY if status == "uncollectible" else None,
                                       "paid_at": created + 3600 if paid else None,
                                       "voided_at": created + DAY if status == "void" else None},
                "subscription": sub_id, "subtotal": total, "tax": None, "total": total}

    # -- events --

    def event(self, event_id, event_type, created, obj, previous=None):
        data = {"object": copy.deepcopy(obj)}
        if previous:
            data["previous_attributes"] = previous
        return {"id": event_id, "object": "event", "api_version": API_VERSION,
                "created": created, "data": data, "livemode": False, "pending_webhooks": 0,
                "request": {"id": None, "idempotency_key": None}, "type": event_type}

    def creation_event(self, stream, index):
        """The event of base record `index`'s creation (data.object: the record as generated)."""
        obj = self.generate(stream, index)
        kind = CREATION_EVENT_TYPES[stream]
        event_type = kind[0] if len(kind) == 1 else "charge." + obj["status"]
        return self.event(make_id("evt", EVENT_SOURCES[stream], self.seed, index), event_type,
                          obj["created"], obj)

    def record_event(self, event_type, created, obj, previous=None):
        event_id = make_id("evt", STORED_EVENTS_CODE, self.seed, len(self.events))
        self.events.append(self.event(event_id, event_type, created, obj, previous))
        return event_id

    def event_sources(self, type_accepts):
        """The event list's sources: the creations of base records of each stream (only those
        whose event types the filter can accept), then the events updates recorded."""
        sources = []
        for rank, (stream, code) in enumerate(EVENT_SOURCES.items()):
            if any(type_accepts(t) for t in CREATION_EVENT_TYPES[stream]):
                sources.append(Source(
                    rank, self.base[stream],
                    lambda i, s=stream: self.created(s, i),
                    lambda i, s=stream: self.creation_event(s, i)))
        sources.append(Source(len(EVENT_SOURCES), len(self.events),
                              lambda k: self.events[k]["created"], lambda k: self.events[k]))
        return sources

    def find_event(self, event_id):
        """(source rank, index, created) of an event id, or None."""
        for rank, (stream, code) in enumerate(EVENT_SOURCES.items()):
            index = parse_id(event_id, "evt", code, self.seed)
            if index is not None and index < self.base[stream]:
                return rank, index, self.created(stream, index)
        index = parse_id(event_id, "evt", STORED_EVENTS_CODE, self.seed)
        if index is not None and index < len(self.events):
            return len(EVENT_SOURCES), index, self.events[index]["created"]
        return None


    # -- updates between runs --

    def choose(self, stream, what, n, accept):
        """Up to n live records of `stream` that `accept` and that this update has not chosen
        yet, drawn from (seed, update number, what); random draws first, then a scan when few
        records qualify. Ascending."""
        total = self.size(stream)
        r = random.Random(seed_of(self.seed, "update", self.updates_done, stream, what))
        chosen, seen = [], {i for s, i in self.taken if s == stream}

        def consider(index):
            seen.add(index)
            obj = self.get(stream, index)
            if obj is not None and accept(obj):
                chosen.append(index)
                self.taken.add((stream, index))

        for _ in range(20 * n + 100):
            if len(chosen) >= n or total == 0:
                break
            index = r.randrange(total)
            if index not in seen:
                consider(index)
        for index in range(total):
            if len(chosen) >= n:
                break
            if index not in seen:
                consider(index)
        return sorted(chosen)

    def add(self, stream, now_ts, build):
        """Appends a record created at now_ts; build(index, rng, created) makes it."""
        index = self.size(stream)
        self.taken.add((stream, index))  # changes only pre-existing records
        self.added[stream].append(now_ts)
        obj = build(index, rng(self.seed, stream + ":created", index), now_ts)
        self.overrides[stream][index] = obj
        return obj

    def change(self, stream, index, fields):
        """Sets `fields` on a copy of the record; answers (new object, previous attributes)."""
        obj = copy.deepcopy(self.get(stream, index))
        previous = {name: obj.get(name) for name in fields}
        obj.update(fields)
        self.overrides[stream][index] = obj
        return obj, previous

    def apply(self, stream, create, update, delete, now_ts):
        """One update (UPDATES describes it per stream); answers the summary of what changed."""
        summary = {"created": [], "updated": [], "deleted": [], "events": []}
        self.taken = set()  # (stream, index): a record changes once per update
        getattr(self, "update_" + stream)(create, update, delete, now_ts, summary)
        self.updates_done += 1
        return summary

    def update_customers(self, create, update, delete, now, summary):
        for _ in range(create):
            obj = self.add("customers", now, self.gen_customers)
            summary["created"].append(obj["id"])
            summary["events"].append(self.record_event("customer.created", now, obj))
        for index in self.choose("customers", "update", update, lambda c: True):
            old = self.get("customers", index)
            local, _, domain = old["email"].partition("@")
            obj, previous = self.change("customers", index, {
                "email": "%s+%d@%s" % (local.split("+")[0], self.updates_done, domain),
                "description": "changed at %s" % format_time(from_epoch(now))})
            summary["updated"].append(obj["id"])
            summary["events"].append(self.record_event("customer.updated", now, obj, previous))
        for index in self.choose("customers", "delete", delete, lambda c: True):
            obj = self.get("customers", index)
            self.deleted["customers"].add(index)
            summary["deleted"].append(obj["id"])
            summary["events"].append(self.record_event("customer.deleted", now, obj))

    def update_charges(self, create, update, delete, now, summary):
        for _ in range(create):
            obj = self.add("charges", now, self.gen_charges)
            summary["created"].append(obj["id"])
            summary["events"].append(self.record_event("charge." + obj["status"], now, obj))
        summary["refunds"] = []
        refundable = lambda c: c["status"] == "succeeded" and not c["refunded"]  # noqa: E731
        for index in self.choose("charges", "update", update, refundable):
            amount = self.get("charges", index)["amount"]
            obj, previous = self.change("charges", index,
                                        {"amount_refunded": amount, "refunded": True})
            refund = self.add("refunds", now, lambda j, r, created: {
                "id": self.object_id("refunds", j), "object": "refund", "amount": amount,
                "balance_transaction": None, "charge": obj["id"], "created": created,
                "currency": "usd", "metadata": {}, "payment_intent": None,
                "reason": "requested_by_customer", "receipt_number": None,
                "status": "succeeded"})
            summary["updated"].append(obj["id"])
            summary["refunds"].append(refund["id"])
            summary["events"].append(self.record_event("charge.refunded", now, obj, previous))
            summary["events"].append(self.record_event("refund.created", now, refund))

    def update_invoices(self, create, update, delete, now, summary):
        for _ in range(create):
            obj = self.add("invoices", now,
                           lambda i, r, created: self.gen_invoices(i, r, created, "open"))
            summary["created"].append(obj["id"])
            summary["events"].append(self.record_event("invoice.created", now, obj))
        is_open = lambda inv: inv["status"] == "open"  # noqa: E731
        for index in self.choose("invoices", "update", update, is_open):
            due = self.get("invoices", index)["amount_due"]
            transitions = dict(self.get("invoices", index)["status_transitions"], paid_at=now)
            obj, previous = self.change("invoices", index, {
                "amount_paid": due, "amount_remaining": 0, "paid": True, "status": "paid",
                "status_transitions": transitions})
            summary["updated"].append(obj["id"])
            summary["events"].append(self.record_event("invoice.paid", now, obj, previous))
        for index in self.choose("invoices", "delete", delete, is_open):
            transitions = dict(self.get("invoices", index)["status_transitions"], voided_at=now)
            obj, previous = self.change("invoices", index, {
                "amount_remaining": 0, "status": "void", "status_transitions": transitions})
            summary["deleted"].append(obj["id"])
            summary["events"].append(self.record_event("invoice.voided", now, obj, previous))

    def update_subscriptions(self, create, update, delete, now, summary):
        for _ in range(create):
            obj = self.add("subscriptions", now,
                           lambda i, r, created: self.gen_subscriptions(i, r, created, "active"))
            summary["created"].append(obj["id"])
            summary["events"].append(
                self.record_event("customer.subscription.created", now, obj))
        live = lambda s: s["status"] != "canceled"  # noqa: E731
        for index in self.choose("subscriptions", "update", update, live):
            old = self.get("subscriptions", index)
            items = copy.deepcopy(old["items"])
            items["data"][0]["quantity"] = old["quantity"] + 1
            fields = {"items": items, "quantity": old["quantity"] + 1}
            if old["status"] == "past_due":
                fields["status"] = "active"
            obj, previous = self.change("subscriptions", index, fields)
            del previous["items"]
            summary["updated"].append(obj["id"])
            summary["events"].append(
                self.record_event("customer.subscription.updated", now, obj, previous))
        for index in self.choose("subscriptions", "delete", delete, live):
            obj, previous = self.change("subscriptions", index, {
                "canceled_at": now, "ended_at": now, "status": "canceled"})
            summary["deleted"].append(obj["id"])
            summary["events"].append(
                self.record_event("customer.subscription.deleted", now, obj, previous))

    def update_payment_intents(self, create, update, delete, now, summary):
        for _ in range(create):
            obj = self.add("payment_intents", now, self.gen_payment_intents)
            summary["created"].append(obj["id"])
            summary["events"].append(self.record_event("payment_intent.created", now, obj))

    def update_balance_transactions(self, create, update, delete, now, summary):
        for _ in range(create):
            summary["created"].append(
                self.add("balance_transactions", now, self.gen_balance_transactions)["id"])


# What an update may do to each stream, and what a refused change should be instead (the
# refusal comes before anything changes).
UPDATES = {
    "customers": (("create", "update", "delete"), ""),  # update: email; delete: gone
    "charges": (("create", "update"),                    # update: a full refund and its refund
                "Stripe never deletes charges; update refunds them"),
    "invoices": (("create", "update", "delete"), ""),   # update: paid; delete: voided
    "subscriptions": (("create", "update", "delete"), ""),  # update: quantity + 1; delete: cancel
    "payment_intents": (("create",), "payment intents only appear here"),
    "balance_transactions": (("create",), "balance transactions only appear here"),
    "refunds": ((), "refunds are made by updating charges"),
}


# ---- the API ---------------------------------------------------------------------------------


class StripeApi(Api):
    """api.stripe.com's read API for one namespace (module docstring; docs/testing.md)."""

    name = "stripe"

    def __init__(self, config, clock):
        super().__init__(config, clock)
        self.common = CommonConfig(config, STRIPE_KEYS, DEFAULT_COUNTS,
                                   {s: MAX_COUNT for s in DEFAULT_COUNTS}, LIST_STREAMS)
        self.api_key = config.get("api_key", DEFAULT_API_KEY)
        if not isinstance(self.api_key, str) or not re.fullmatch(r"[\x21-\x7e]+", self.api_key):
            raise BadRequest("api_key must be a non-empty string without spaces (a secret key "
                             "such as sk_test_...)")
        accounts = config.get("accounts", [])
        if not isinstance(accounts, list) or \
                any(not isinstance(a, str) or not ACCOUNT_RE.match(a) for a in accounts):
            raise BadRequest("accounts must be a list of Connect account ids like "
                             "\"acct_1Abc\", got %r" % (accounts,))
        self.accounts = list(accounts)
        self.history_days = int_value(config.get("history_days", DEFAULT_HISTORY_DAYS),
                                      "history_days", 1)
        if self.history_days > 3650:
            raise BadRequest("history_days must be at most 3650, got %d" % self.history_days)
        counts = self.common.counts
        if "refunds" not in config.get("counts", {}):  # keep the default share of refunds
            counts["refunds"] = counts["charges"] * DEFAULT_COUNTS["refunds"] // \
                DEFAULT_COUNTS["charges"]
        if counts["refunds"] > counts["charges"]:
            raise BadRequest("counts.refunds (%d) must be at most counts.charges (%d): each "
                             "generated refund refunds its own charge" %
                             (counts["refunds"], counts["charges"]))
        self.base_now_ts = self.now_ts = to_epoch(self.common.now)
        self.platform_account = "acct_1" + token(15, self.common.seed, "account")
        self.data = {}  # None (the platform) or a Connect account id -> AccountData
        self.limiter = FixedWindow(RATE_LIMIT_PER_SECOND, 1.0, clock) \
            if self.common.limits_on else None
        self.requests = 0
        self.counters = {"requests": 0, "requests_by_stream": {}, "records_by_stream": {},
                         "over_limit": 0, "throttled": 0, "unauthorized": 0, "forbidden": 0,
                         "not_found": 0, "bad_requests": 0, "updates": 0}

    # -- the Api interface --

    def handle(self, req):
        self.requests += 1
        self.counters["requests"] += 1
        # Date is the API's clock, as on api.stripe.com: here the emulator's `now`, so that a
        # client can tell which events are past the 30 days (the data lives in 2024).
        headers = [("Request-Id", "req_" + token(14, self.common.seed, "request", self.requests)),
                   ("Stripe-Version", req.headers.get("stripe-version") or API_VERSION),
                   ("Date", email.utils.formatdate(self.now_ts, usegmt=True))]
        try:
            status, body = self.dispatch(req, headers)
        except StripeError as e:
            self.count_error(e.status)
            status, body = e.status, e.body()
            headers += e.headers
        return ApiResponse(status, body, headers)

    def update(self, body):
        check_keys(body, ("stream", "create", "update", "delete", "account", "advance_days"),
                   "update")
        plain = {k: v for k, v in body.items() if k not in ("account", "advance_days")}
        stream, create, update, delete = update_counts(plain, DEFAULT_COUNTS)
        asked = {"create": create, "update": update, "delete": delete}
        allowed, hint = UPDATES[stream]
        for what, n in asked.items():
            if n and what not in allowed:
                raise BadRequest("update.%s: %s take %s (%s)" % (
                    what, stream, "only " + ", ".join(allowed) if allowed else "no changes",
                    hint))
        account = body.get("account")
        if account is not None and account not in self.accounts:
            raise BadRequest("update.account must be one of the configured accounts (%s), got %r"
                             % (", ".join(self.accounts) or "none configured", account))
        advance = int_value(body.get("advance_days", 0), "update.advance_days")
        self.now_ts += 3600 + advance * DAY
        summary = self.account_data(account).apply(stream, create, update, delete, self.now_ts)
        summary["now"] = format_time(from_epoch(self.now_ts))
        self.counters["updates"] += 1
        return summary

    def stats(self):
        return copy.deepcopy(self.counters)

    # -- request handling --

    def count_error(self, status):
        key = {401: "unauthorized", 403: "forbidden", 404: "not_found", 400: "bad_requests"}
        if status in key:
            self.counters[key[status]] += 1

    def dispatch(self, req, headers):
        key = self.authenticate(req)
        account = self.connect_account(req, key)
        if account is not None:
            headers.append(("Stripe-Account", account))
        if self.limiter is not None and not self.limiter.try_acquire():
            self.counters["over_limit"] += 1
            self.counters["throttled"] += 1
            raise StripeError(429, "Request rate limit exceeded. Learn more about rate limits "
                              "here https://stripe.com/docs/rate-limits.", "rate_limit",
                              headers=[("Stripe-Should-Retry", "true")])
        parts = req.path.split("/")
        if req.method not in ("GET", "HEAD") or parts[:2] != ["", "v1"] or \
                len(parts) not in (3, 4) or not all(parts[2:]):
            raise unrecognized(req.method, req.path)
        data = self.account_data(account)
        if len(parts) == 3 and parts[2] == "account":
            return 200, self.account_object(account)
        if len(parts) == 3 and parts[2] == "balance":
            return 200, self.balance_object(data)
        stream = parts[2]
        if stream not in STREAM_INFO:
            raise unrecognized(req.method, req.path)
        by_stream = self.counters["requests_by_stream"]
        by_stream[stream] = by_stream.get(stream, 0) + 1
        if stream in self.common.forbidden:
            raise StripeError(403, "The provided key '%s' does not have the required "
                              "permissions for this endpoint on account '%s'. Having the '%s' "
                              "permission would allow this request to continue." %
                              (mask_key(key), account or self.platform_account,
                               STREAM_INFO[stream][3]))
        if len(parts) == 4:
            body = self.retrieve(data, stream, parts[3])
            self.count_records(stream, 1)
            return 200, body
        body = self.list_objects(data, stream, req)
        self.count_records(stream, len(body["data"]))
        return 200, body

    def count_records(self, stream, n):
        by_stream = self.counters["records_by_stream"]
        by_stream[stream] = by_stream.get(stream, 0) + n

    def authenticate(self, req):
        """The API key of the request (Bearer, or Basic with the key as user); 401 otherwise."""
        scheme, _, value = req.headers.get("authorization", "").strip().partition(" ")
        key = ""
        if scheme.lower() == "bearer":
            key = value.strip()
        elif scheme.lower() == "basic":
            try:
                key = base64.b64decode(value.strip(), validate=True).decode().partition(":")[0]
            except (ValueError, UnicodeDecodeError):
                key = ""
        challenge = [("WWW-Authenticate", 'Basic realm="Stripe"')]
        if not key:
            raise StripeError(401, NO_KEY_MESSAGE, headers=challenge)
        if key != self.api_key:
            raise StripeError(401, "Invalid API Key provided: " + mask_key(key),
                              headers=challenge)
        return key

    def connect_account(self, req, key):
        """The Connect account the request acts for (Stripe-Account), None for the platform."""
        account = (req.headers.get("stripe-account") or "").strip()
        if not account or account == self.platform_account:
            return None
        if account not in self.accounts:
            raise StripeError(403, "The provided key '%s' does not have access to account '%s' "
                              "(or that account does not exist). Application access may have "
                              "been revoked." % (mask_key(key), account), "account_invalid")
        return account

    def account_data(self, account):
        if account not in self.data:
            seed = self.common.seed if account is None else seed_of(self.common.seed, account)
            self.data[account] = AccountData(seed, self.common.counts,
                                             self.base_now_ts - self.history_days * DAY,
                                             self.base_now_ts)
        return self.data[account]

    def horizon(self):
        """Events created before this are gone (Stripe keeps them 30 days)."""
        return self.now_ts - EVENT_RETENTION_DAYS * DAY

    # -- endpoints --

    def account_object(self, account):
        return {"id": account or self.platform_account, "object": "account",
                "business_profile": {"name": "SQLFlow emulator", "url": None},
                "charges_enabled": True, "country": "US",
                "created": self.base_now_ts - self.history_days * DAY,
                "default_currency": "usd", "details_submitted": True,
                "email": "owner@example.com", "payouts_enabled": True,
                "type": "standard" if account else "platform"}

    def balance_object(self, data):
        r = random.Random(seed_of(data.seed, "balance"))
        available, pending = r.randint(10000, 9000000), r.randint(0, 500000)
        return {"object": "balance", "livemode": False,
                "available": [{"amount": available, "currency": "usd",
                               "source_types": {"card": available}}],
                "pending": [{"amount": pending, "currency": "usd",
                             "source_types": {"card": pending}}]}

    def retrieve(self, data, stream, object_id):
        if stream == "events":
            found = data.find_event(object_id)
            if found is None or found[2] < self.horizon():
                raise resource_missing(stream, object_id, "id", 404)
            return self.event_by(data, found)
        index = data.index_of(stream, object_id)
        obj = None if index is None else data.get(stream, index)
        if obj is None and stream == "customers" and index is not None:
            return {"id": object_id, "object": "customer", "deleted": True}  # as Stripe does
        if obj is None:
            raise resource_missing(stream, object_id, "id", 404)
        return obj

    @staticmethod
    def event_by(data, found):
        rank, index, _ = found
        if rank == len(EVENT_SOURCES):
            return data.events[index]
        return data.creation_event(list(EVENT_SOURCES)[rank], index)

    def list_objects(self, data, stream, req):
        params = ListParams(req, stream)
        if stream == "events":
            sources = data.event_sources(params.type_accepts)
            lo_ts = self.horizon() if params.lo_ts is None else max(params.lo_ts, self.horizon())
            accept = params.accepts
        else:
            sources, lo_ts, accept = [data.source(stream)], params.lo_ts, params.accepts
        cursor_id = params.starting_after or params.ending_before
        cursor = None
        if cursor_id is not None:
            cursor = self.cursor_key(data, stream, cursor_id,
                                     "starting_after" if params.starting_after else
                                     "ending_before")
        newest_first = params.ending_before is None
        items = collect(sources, lo_ts, params.hi_ts, cursor, newest_first, params.limit + 1,
                        accept)
        has_more = len(items) > params.limit
        items = items[:params.limit]
        if not newest_first:
            items.reverse()
        return {"object": "list", "data": items, "has_more": has_more, "url": "/v1/" + stream}

    def cursor_key(self, data, stream, object_id, param):
        """The list-order key of the cursor object; 400 resource_missing when there is none
        (unknown, deleted, or an event past the 30 days)."""
        if stream == "events":
            found = data.find_event(object_id)
            if found is not None and found[2] >= self.horizon():
                return (found[2], found[0], found[1])
        else:
            index = data.index_of(stream, object_id)
            if index is not None and data.get(stream, index) is not None:
                return (data.created(stream, index), 0, index)
        raise resource_missing(stream, object_id, param, 400)


# ---- list parameters -------------------------------------------------------------------------


def type_pattern(value):
    """An event type filter: `*` matches any run of characters (Stripe: "charge.*")."""
    regex = re.compile("^" + ".*".join(re.escape(p) for p in value.split("*")) + "$")
    return regex.match


class ListParams:
    """A list request's query, checked as Stripe checks it (400 naming the parameter)."""

    def __init__(self, req, stream):
        self.stream = stream
        self.limit = 10
        self.starting_after = self.ending_before = None
        self.lo_ts = self.hi_ts = None
        self.filters = {}
        self.types = None
        allowed = set(LIST_FILTERS[stream])
        for name, values in req.query.items():
            value = values[-1] if values else ""
            if name.startswith("expand"):  # expanding is not emulated: ids stay ids
                continue
            if value == "":  # Stripe treats an empty parameter as not given
                continue
            if name == "limit":
                self.limit = self.integer(value, name, 1, 100)
            elif name in ("starting_after", "ending_before"):
                setattr(self, name, value)
            elif name == "created" or name.startswith("created["):
                self.created_bound(name, value)
            elif stream == "events" and re.fullmatch(r"types\[\d*\]", name):
                self.types = (self.types or []) + list(values)
            elif name in allowed and name != "types":
                self.filters[name] = value
            else:
                raise bad_param("Received unknown parameter: %s" % name, name)
        if self.starting_after and self.ending_before:
            raise bad_param("You may only specify one of these parameters: ending_before, "
                            "starting_after.", "ending_before")
        if self.types is not None and "type" in self.filters:
            raise bad_param("You may only specify one of these parameters: type, types.",
                            "types")
        self.check_status()

    @staticmethod
    def integer(value, name, minimum=None, maximum=None):
        if not re.fullmatch(r"-?[0-9]+", value):
            raise bad_param("Invalid integer: %s" % value, name)
        number = int(value)
        if minimum is not None and number < minimum:
            raise bad_param("This value must be greater than or equal to %d." % minimum, name)
        if maximum is not None and number > maximum:
            raise bad_param("This value must be less than or equal to %d." % maximum, name)
        return number

    def created_bound(self, name, value):
        op = name[len("created["):-1] if name.startswith("created[") else "eq"
        if op not in CREATED_OPS + ("eq",) or (op != "eq" and not name.endswith("]")):
            raise bad_param("Received unknown parameter: %s" % name, name)
        ts = self.integer(value, name)
        lo = {"gt": ts + 1, "gte": ts, "eq": ts}.get(op)
        hi = {"lt": ts - 1, "lte": ts, "eq": ts}.get(op)
        if lo is not None:
            self.lo_ts = lo if self.lo_ts is None else max(self.lo_ts, lo)
        if hi is not None:
            self.hi_ts = hi if self.hi_ts is None else min(self.hi_ts, hi)

    def check_status(self):
        status = self.filters.get("status")
        if status is None:
            return
        choices = SUBSCRIPTION_STATUSES if self.stream == "subscriptions" else INVOICE_STATUSES
        if status not in choices:
            raise bad_param("Invalid status: must be one of %s, or %s" %
                            (", ".join(choices[:-1]), choices[-1]), "status")

    def type_accepts(self, event_type):
        if self.types is not None:
            return event_type in self.types
        if "type" in self.filters:
            return type_pattern(self.filters["type"])(event_type) is not None
        return True

    def accepts(self, obj):
        if self.stream == "events":
            return self.type_accepts(obj["type"])
        for name, value in self.filters.items():
            if name == "status" and self.stream == "subscriptions":
                if not self.subscription_status_accepts(obj["status"], value):
                    return False
            elif name == "price":
                if all(item["price"]["id"] != value for item in obj["items"]["data"]):
                    return False
            elif obj.get(name) != value:
                return False
        if self.stream == "subscriptions" and "status" not in self.filters:
            # Stripe lists canceled subscriptions only when asked (status=canceled|ended|all)
            return obj["status"] not in ("canceled", "incomplete_expired")
        return True

    @staticmethod
    def subscription_status_accepts(status, wanted):
        if wanted == "all":
            return True
        if wanted == "ended":
            return status in ("canceled", "incomplete_expired")
        return status == wanted
