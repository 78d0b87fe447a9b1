"""Shared pieces of the SaaS API emulators (python3 stdlib only).

The contract is /work/saas-emulator-contract.md (summarised in docs/testing.md, "SaaS API
emulators"): test/servers/saas_api_server.py builds an ApiRequest for every request below
/ns/NAME and hands it to the namespace's Api (one subclass per API: saas_shopify.ShopifyApi,
saas_stripe.StripeApi, saas_hubspot.HubspotApi), which answers an ApiResponse. The server
serialises the calls into one namespace with a lock, so an Api needs no locking of its own.

Besides the types, this module holds what the three APIs share:
  - config checking: check_keys, CommonConfig (seed, counts, now, rate_limits, forbidden);
  - deterministic generation: a record is a pure function of (seed, stream, index): rng, unit;
  - ISO 8601 times: parse_time, format_time, epoch helpers;
  - rate limiters driven by an injected clock: LeakyBucket, FixedWindow.
"""

import datetime
import hashlib
import json
import random

DEFAULT_NOW = "2024-06-01T00:00:00Z"
COMMON_KEYS = ("seed", "counts", "now", "rate_limits", "forbidden")


class BadRequest(Exception):
    """A config, update or admin request that is refused: the server answers
    400 {"error": str(e)}. The message says what is wrong and what is allowed."""


class ApiRequest:
    """One request to an API, as the server saw it (the part of the path below /ns/NAME)."""

    def __init__(self, method, path, query=None, headers=None, body=b"",
                 base_url="http://127.0.0.1/ns/test"):
        self.method = method            # "GET", "POST", ...
        self.path = path                # e.g. "/v1/charges", no query
        self.query = query or {}        # parse_qs(..., keep_blank_values=True): name -> [values]
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.body = body
        self.base_url = base_url        # "http://127.0.0.1:PORT/ns/NAME", for absolute links

    def json(self):
        """The parsed body; BadRequest when it is not JSON."""
        try:
            return json.loads(self.body or b"null")
        except ValueError as e:
            raise BadRequest("the request body is not JSON: %s" % e) from None

    def param(self, name, default=None):
        """The first value of query parameter `name`, or `default` when absent."""
        values = self.query.get(name)
        return values[0] if values else default


class ApiResponse:
    """An answer: status, body (bytes | str | JSON-able value) and extra headers [(name, value)].
    JSON-able bodies are sent as application/json."""

    def __init__(self, status, body, headers=()):
        self.status = status
        self.body = body
        self.headers = list(headers)

    def body_bytes(self):
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body, separators=(",", ":")).encode()

    def content_type(self):
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value
        if isinstance(self.body, (bytes, str)):
            return "text/plain; charset=utf-8"
        return "application/json; charset=utf-8"


class Api:
    """Base of one API's emulator. Not thread-safe: the server calls one namespace's Api under
    that namespace's lock."""

    name = "?"

    def __init__(self, config, clock):
        """config: the namespace's config minus "api" and "faults" (BadRequest when invalid);
        clock(): seconds, monotonic (wall time in the server, a fake in tests)."""
        self.config = config
        self.clock = clock

    def handle(self, req):
        """Answers `req`: auth, rate limit, routing, paging, filters, the API's own errors."""
        raise NotImplementedError

    def update(self, body):
        """Applies POST /_admin/ns/NAME/update; answers {"created", "updated", "deleted", "now"}."""
        raise NotImplementedError

    def stats(self):
        """The API's counters (requests by stream, over_limit, throttled, ...)."""
        raise NotImplementedError


# ---- config ----------------------------------------------------------------------------------


def check_keys(obj, allowed, where="config"):
    """BadRequest naming the first unknown key of dict `obj` and the allowed ones."""
    if not isinstance(obj, dict):
        raise BadRequest("%s must be a JSON object, got %s" % (where, type(obj).__name__))
    for key in obj:
        if key not in allowed:
            raise BadRequest("unknown %s key %r; allowed: %s" %
                             (where, key, ", ".join(sorted(allowed))))


def int_value(value, what, minimum=0):
    """`value` when it is an int >= minimum, else BadRequest naming `what`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BadRequest("%s must be an integer >= %d, got %r" % (what, minimum, value))
    return value


class CommonConfig:
    """The config keys every API takes (contract, "Config keys every API takes").

    api_keys: the API's own extra keys; default_counts: stream -> default record count (its keys
    are the streams `counts` may name); max_counts: stream -> upper bound; streams: the names
    `forbidden` may list (default: the keys of default_counts)."""

    def __init__(self, config, api_keys, default_counts, max_counts=None, streams=None):
        check_keys(config, set(COMMON_KEYS) | set(api_keys))
        self.seed = config.get("seed", 1)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise BadRequest("seed must be an integer, got %r" % (self.seed,))
        self.counts = dict(default_counts)
        counts = config.get("counts", {})
        check_keys(counts, default_counts, "counts")
        for stream, n in counts.items():
            self.counts[stream] = int_value(n, "counts.%s" % stream)
            limit = (max_counts or {}).get(stream)
            if limit is not None and n > limit:
                raise BadRequest("counts.%s must be at most %d, got %d" % (stream, limit, n))
        self.now = parse_time(config.get("now", DEFAULT_NOW), "now")
        self.rate_limits = config.get("rate_limits", "real")
        if self.rate_limits not in ("real", "off"):
            raise BadRequest('rate_limits must be "real" or "off", got %r' % (self.rate_limits,))
        streams = sorted(streams or default_counts)
        forbidden = config.get("forbidden", [])
        if not isinstance(forbidden, list) or any(s not in streams for s in forbidden):
            raise BadRequest("forbidden must be a list of stream names among %s, got %r" %
                             (", ".join(streams), forbidden))
        self.forbidden = set(forbidden)

    @property
    def limits_on(self):
        return self.rate_limits == "real"


def update_counts(body, streams):
    """Checks an update body {"stream", "create", "update", "delete"}; answers
    (stream, create, update, delete)."""
    check_keys(body, ("stream", "create", "update", "delete"), "update")
    stream = body.get("stream")
    if stream not in streams:
        raise BadRequest("update: stream must be one of %s, got %r" %
                         (", ".join(sorted(streams)), stream))
    return (stream,) + tuple(int_value(body.get(k, 0), "update.%s" % k)
                             for k in ("create", "update", "delete"))


# ---- deterministic generation ----------------------------------------------------------------


def seed_of(*parts):
    """A 64-bit integer that is a pure function of `parts` (stable across runs and processes,
    unlike hash())."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def rng(seed, stream, index):
    """The random generator of record `index` of `stream`: the same numbers every time."""
    return random.Random(seed_of(seed, stream, index))


def unit(*parts):
    """A float in [0, 1) that is a pure function of `parts`."""
    return seed_of(*parts) / float(1 << 64)


def choose_indexes(seed, what, candidates, n):
    """n distinct items of the list `candidates`, chosen deterministically from (seed, what)."""
    n = min(n, len(candidates))
    return random.Random(seed_of(seed, what)).sample(candidates, n)


# ---- time ------------------------------------------------------------------------------------

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)


def parse_time(value, what):
    """An aware UTC datetime from an ISO 8601 string ("Z" or an offset; naive means UTC);
    BadRequest naming `what` otherwise."""
    if not isinstance(value, str):
        raise BadRequest("%s must be an ISO 8601 timestamp string, got %r" % (what, value))
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest("%s is not an ISO 8601 timestamp: %r" % (what, value)) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_time(moment, offset=None):
    """"2024-06-01T00:00:00Z", or with `offset` ("-04:00") that offset's local time."""
    if offset is None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = (int(p) for p in offset[1:].split(":"))
    tz = datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))
    return moment.astimezone(tz).isoformat()


def to_epoch(moment):
    """Whole seconds since 1970 (UTC)."""
    return int((moment - EPOCH).total_seconds())


def from_epoch(seconds):
    return EPOCH + datetime.timedelta(seconds=seconds)


# ---- rate limiters ---------------------------------------------------------------------------


class LeakyBucket:
    """A bucket of `capacity` requests leaking `leak_per_second` (Shopify's REST limit): a
    request fits while the bucket is not full. clock(): seconds."""

    def __init__(self, capacity, leak_per_second, clock):
        self.capacity, self.leak, self.clock = capacity, leak_per_second, clock
        self.level_, self.at = 0.0, clock()

    def _drain(self):
        now = self.clock()
        self.level_ = max(0.0, self.level_ - (now - self.at) * self.leak)
        self.at = now

    def try_add(self):
        """True (and the request is in the bucket) when it fits, else False."""
        self._drain()
        if self.level_ + 1 > self.capacity:
            return False
        self.level_ += 1
        return True

    def level(self):
        """Requests in the bucket now, rounded up (what X-Shopify-Shop-Api-Call-Limit shows)."""
        self._drain()
        whole = int(self.level_)
        return whole + (1 if self.level_ > whole else 0)


class FixedWindow:
    """At most `limit` requests per window of `seconds`, windows aligned on the first request
    (HubSpot's "per 10 seconds", Stripe's per second). clock(): seconds."""

    def __init__(self, limit, seconds, clock):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self.start, self.used = None, 0

    def _roll(self):
        now = self.clock()
        if self.start is None or now >= self.start + self.seconds:
            self.start, self.used = now, 0
        return now

    def try_acquire(self):
        """True (one request counted) when the window has room, else False."""
        self._roll()
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    def remaining(self):
        self._roll()
        return max(0, self.limit - self.used)

    def reset_in(self):
        """Seconds until the current window ends."""
        now = self._roll()
        return max(0.0, self.start + self.seconds - now)
