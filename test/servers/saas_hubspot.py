"""The HubSpot CRM v3 emulator of the SaaS API server (python3 stdlib only).

Contract: /work/saas-emulator-contract.md; docs/testing.md ("HubSpot emulator") lists the config
keys, the endpoints and what is not emulated. The paths below /ns/NAME are HubSpot's own:

  GET  /crm/v3/objects/{type}            list (limit <= 100, after, properties, archived)
  GET  /crm/v3/objects/{type}/{id}       one record
  POST /crm/v3/objects/{type}/search     search (filterGroups, sorts, properties, limit <= 200,
                                         after; the 10,000-result window)
  GET  /crm/v3/owners[/{id}]             owners (limit <= 500, after, archived)
  POST /oauth/v1/token                   refresh_token grant

{type}: contacts, companies, deals, tickets, calls, emails, meetings, notes, tasks.

Scale: record i of a stream is generated on demand from (seed, stream, i); only the records that
updates created, changed or archived are kept (self.overrides). Base records' ids, createdate
and last-modified times all grow with i, so an id or time filter on them is a bisect, and every
changed record is newer than every base record: a list or a search costs
O(page + changed records), whatever the count (1,000,000 contacts).
"""

import bisect
import datetime
import re
import urllib.parse
import random
import uuid

from saas_common import (Api, ApiResponse, BadRequest, CommonConfig, FixedWindow, check_keys,
                         int_value, rng, seed_of, update_counts)

OBJECT_TYPES = ("contacts", "companies", "deals", "tickets", "calls", "emails", "meetings",
                "notes", "tasks")
STREAMS = OBJECT_TYPES + ("owners",)
DEFAULT_COUNTS = {"contacts": 150, "companies": 40, "deals": 60, "tickets": 30, "owners": 8,
                  "calls": 30, "emails": 30, "meetings": 30, "notes": 30, "tasks": 30}
MAX_COUNTS = {s: 2000000 for s in STREAMS}
API_KEYS = ("access_token", "oauth", "daily_limit")
DEFAULT_ACCESS_TOKEN = "pat-na1-emulator"
DEFAULT_EXPIRES_IN = 1800

# The scope the real API names in its 403 for each stream.
SCOPES = {"contacts": "crm.objects.contacts.read", "companies": "crm.objects.companies.read",
          "deals": "crm.objects.deals.read", "tickets": "tickets",
          "owners": "crm.objects.owners.read", "calls": "crm.objects.contacts.read",
          "emails": "sales-email-read", "meetings": "crm.objects.contacts.read",
          "notes": "crm.objects.contacts.read", "tasks": "crm.objects.contacts.read"}
# Each type's id range starts above its base (ids are numeric strings, ascending in the index).
ID_BASE = {"contacts": 100, "companies": 5000000000, "deals": 9000000000,
           "tickets": 1500000000, "calls": 20000000000, "emails": 21000000000,
           "meetings": 22000000000, "notes": 23000000000, "tasks": 24000000000,
           "owners": 40000000}
USER_ID_BASE = 60000000

GENERAL_LIMIT, GENERAL_SECONDS = 190, 10     # private apps, Professional: 190 per 10 s
SEARCH_LIMIT, SEARCH_SECONDS = 5, 1          # CRM search: 5 per second per account
DAY_SECONDS = 86400
LIST_MAX, LIST_DEFAULT = 100, 10
OWNERS_MAX, OWNERS_DEFAULT = 500, 100
SEARCH_MAX, SEARCH_DEFAULT = 200, 10
SEARCH_WINDOW = 10000
BASE_SPAN_MS = 365 * 86400 * 1000            # base records lie in the year before `now`
HOUR_MS = 3600 * 1000

DEAL_STAGES = ("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
               "decisionmakerboughtin", "contractsent", "closedwon", "closedlost")
LIFECYCLE = ("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
             "opportunity", "customer", "evangelist", "other")
SOURCES = ("ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA", "REFERRALS",
           "DIRECT_TRAFFIC", "OFFLINE")
FIRST = ("Ada", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lena",
         "Milo", "Nora", "Omar", "Pia", "Quin", "Rosa", "Sam", "Tess")
LAST = ("Adler", "Berg", "Costa", "Diaz", "Evans", "Fox", "Gray", "Hart", "Ito", "Jones",
        "Klein", "Lund", "Moss", "Nash", "Ortiz", "Park", "Reyes", "Stone", "Tran", "Wolf")
WORDS = ("Acme", "Blue", "Cedar", "Delta", "Echo", "Forge", "Granite", "Harbor", "Iris",
         "Juniper", "Kite", "Lumen", "Maple", "Nimbus", "Orbit", "Pioneer")
SUFFIXES = ("Labs", "Systems", "Group", "Works", "Partners", "Foods", "Logistics", "Studio")
INDUSTRIES = ("COMPUTER_SOFTWARE", "RETAIL", "HOSPITAL_HEALTH_CARE", "FINANCIAL_SERVICES",
              "LOGISTICS_AND_SUPPLY_CHAIN", "FOOD_BEVERAGES")
CITIES = (("Boston", "United States"), ("Berlin", "Germany"), ("Dublin", "Ireland"),
          ("Paris", "France"), ("Toronto", "Canada"), ("Sydney", "Australia"))
PRIORITIES = ("LOW", "MEDIUM", "HIGH")
TICKET_CATEGORIES = ("PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY")
MEETING_OUTCOMES = ("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED")
TASK_STATUSES = ("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED")

# Properties every answer carries, and the defaults a list or search returns without
# `properties` (the real API's default property sets).
LASTMOD = {t: "hs_lastmodifieddate" for t in OBJECT_TYPES}
LASTMOD["contacts"] = "lastmodifieddate"
DEFAULT_PROPERTIES = {
    "contacts": ("email", "firstname", "lastname"),
    "companies": ("domain", "name"),
    "deals": ("amount", "closedate", "dealname", "dealstage", "pipeline"),
    "tickets": ("content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
                "hs_ticket_priority", "subject"),
}
TIME_PROPERTIES = ("createdate", "hs_lastmodifieddate", "lastmodifieddate", "closedate",
                   "hs_timestamp", "hs_meeting_start_time", "hs_meeting_end_time")
RANGE_OPERATORS = ("EQ", "GT", "GTE", "LT", "LTE", "BETWEEN")
OPERATORS = RANGE_OPERATORS + ("NEQ", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
                               "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN")
NUMERIC_RE = re.compile(r"^-?\d+(\.\d+)?$")


def iso_ms(ms):
    """HubSpot's time format: "2024-05-31T12:00:00.000Z"."""
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(milliseconds=ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def ms_of(moment):
    return int(moment.timestamp() * 1000)


def time_value_ms(value):
    """A search value for a time property: epoch milliseconds or ISO 8601; None if neither."""
    text = str(value).strip()
    if re.match(r"^-?\d+$", text):
        return int(text)
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return ms_of(parsed)


class HubspotError(Exception):
    """An error answer of the real API's shape: {"status": "error", "message", "correlationId",
    "category", ...extra}."""

    def __init__(self, status, category, message, **extra):
        super().__init__(message)
        self.status, self.category, self.message, self.extra = status, category, message, extra


class Record:
    """What an update changed of one record (the rest is generated from (seed, stream, i))."""
    __slots__ = ("version", "created_ms", "updated_ms", "archived_ms")

    def __init__(self, version, created_ms, updated_ms):
        self.version, self.created_ms, self.updated_ms = version, created_ms, updated_ms
        self.archived_ms = None


class HubspotApi(Api):
    name = "hubspot"

    def __init__(self, config, clock):
        super().__init__(config, clock)
        self.common = CommonConfig(config, API_KEYS, DEFAULT_COUNTS, MAX_COUNTS)
        self.access_token = self._check_access_token(config)
        self.oauth = self._check_oauth(config.get("oauth"))
        self.daily_limit = config.get("daily_limit")
        if self.daily_limit is not None:
            int_value(self.daily_limit, "daily_limit", 1)
        self.seed = self.common.seed
        self.now_ms = ms_of(self.common.now)
        self.base = dict(self.common.counts)            # generated records per stream
        self.created = {s: 0 for s in STREAMS}          # records created by updates
        self.overrides = {s: {} for s in STREAMS}       # index -> Record
        self.changed = {s: [] for s in STREAMS}         # sorted indexes of self.overrides
        self.archived = {s: [] for s in STREAMS}        # sorted archived indexes
        self.updates_applied = 0
        self.tokens = {}                                # OAuth access token -> expiry (clock)
        self.token_uses = {}                            # OAuth access token -> requests
        self.general = FixedWindow(GENERAL_LIMIT, GENERAL_SECONDS, clock)
        self.search_window = FixedWindow(SEARCH_LIMIT, SEARCH_SECONDS, clock)
        self.daily = FixedWindow(self.daily_limit, DAY_SECONDS, clock) \
            if self.daily_limit else None
        self.counters = {"requests_by_stream": {}, "search_requests": 0, "token_requests": 0,
                         "tokens_issued": 0, "auth_failures": 0, "forbidden": 0,
                         "over_limit": 0, "throttled": 0, "search_throttled": 0,
                         "search_window_errors": 0,
                         "not_found": 0, "bad_requests": 0}

    # ---- config ------------------------------------------------------------------------------

    @staticmethod
    def _check_access_token(config):
        token = config.get("access_token", DEFAULT_ACCESS_TOKEN)
        if token is not None and (not isinstance(token, str) or not token):
            raise BadRequest("access_token must be a non-empty string (the private app's "
                             "token) or null (OAuth tokens only), got %r" % (token,))
        return token

    @staticmethod
    def _check_oauth(oauth):
        if oauth is None:
            return None
        check_keys(oauth, ("client_id", "client_secret", "refresh_token", "expires_in",
                           "valid_requests"), "oauth")
        for key in ("client_id", "client_secret", "refresh_token"):
            if not isinstance(oauth.get(key), str) or not oauth[key]:
                raise BadRequest("oauth.%s (a non-empty string) is required" % key)
        result = dict(oauth)
        result["expires_in"] = int_value(oauth.get("expires_in", DEFAULT_EXPIRES_IN),
                                         "oauth.expires_in", 1)
        # A token refused as expired after this many requests, whatever its expires_in said
        # (revoked, or the service's clock ahead): how a client's refresh after a 401 is tested.
        if oauth.get("valid_requests") is not None:
            result["valid_requests"] = int_value(oauth["valid_requests"],
                                                 "oauth.valid_requests", 1)
        return result

    # ---- the Api interface -------------------------------------------------------------------

    def handle(self, req):
        try:
            return self._handle(req)
        except HubspotError as e:
            body = {"status": "error", "message": e.message,
                    "correlationId": str(uuid.uuid4())}
            if e.category is not None:
                body["category"] = e.category
            body.update(e.extra)
            return ApiResponse(e.status, body)

    def update(self, body):
        stream, n_create, n_update, n_delete = update_counts(body, STREAMS)
        live = self._live_count(stream)
        if n_update + n_delete > live:
            raise BadRequest("update: %s has %d live records, fewer than update (%d) + delete "
                             "(%d)" % (stream, live, n_update, n_delete))
        self.updates_applied += 1
        self.now_ms += HOUR_MS
        chosen = self._choose_live(stream, n_update + n_delete)
        created = [self._create(stream) for _ in range(n_create)]
        for index in chosen[:n_update]:
            self._touch(stream, index)
        for index in chosen[n_update:]:
            self._archive(stream, index)
        return {"created": [self._id(stream, i) for i in created],
                "updated": [self._id(stream, i) for i in sorted(chosen[:n_update])],
                "deleted": [self._id(stream, i) for i in sorted(chosen[n_update:])],
                "now": iso_ms(self.now_ms)}

    def stats(self):
        result = dict(self.counters)
        result["requests_by_stream"] = dict(self.counters["requests_by_stream"])
        return result

    # ---- routing -----------------------------------------------------------------------------

    def _handle(self, req):
        path = req.path.rstrip("/") or "/"
        if path == "/oauth/v1/token":
            return self._token(req)
        route = self._route(req.method, path)
        self._authenticate(req)
        is_search = route[0] == "search"
        headers = self._rate_limit(is_search)
        stream = route[1]
        by_stream = self.counters["requests_by_stream"]
        by_stream[stream] = by_stream.get(stream, 0) + 1
        if stream in self.common.forbidden:
            self.counters["forbidden"] += 1
            raise self._missing_scope(stream)
        if is_search:
            self.counters["search_requests"] += 1
        handler = {"list": self._list, "get": self._get, "search": self._search,
                   "owners": self._list_owners, "owner": self._get_owner}[route[0]]
        return ApiResponse(200, handler(req, *route[1:]), headers)

    def _route(self, method, path):
        parts = path.strip("/").split("/")
        if parts[:3] == ["crm", "v3", "objects"] and len(parts) >= 4:
            kind = parts[3]
            if kind not in OBJECT_TYPES:
                raise HubspotError(400, "VALIDATION_ERROR",
                                   "Unable to infer object type from: %s" % kind)
            if len(parts) == 4 and method == "GET":
                return ("list", kind)
            if len(parts) == 5 and parts[4] == "search" and method == "POST":
                return ("search", kind)
            if len(parts) == 5 and method == "GET":
                return ("get", kind, parts[4])
        if parts[:3] == ["crm", "v3", "owners"] and method == "GET":
            if len(parts) == 3:
                return ("owners", "owners")
            if len(parts) == 4:
                return ("owner", "owners", parts[3])
        self.counters["not_found"] += 1
        raise HubspotError(404, "OBJECT_NOT_FOUND",
                           "No route for %s %s: this emulator serves /crm/v3/objects/{type}, "
                           "/crm/v3/objects/{type}/search, /crm/v3/owners and /oauth/v1/token"
                           % (method, path))

    # ---- auth --------------------------------------------------------------------------------

    def _authenticate(self, req):
        header = req.headers.get("authorization", "")
        token = header[len("Bearer "):].strip() if header.lower().startswith("bearer ") else ""
        if token and token == self.access_token:
            return
        expiry = self.tokens.get(token) if token else None
        if expiry is not None:
            left = expiry - self.clock()
            uses = self.token_uses.get(token, 0)
            if left > 0 and uses >= self.oauth.get("valid_requests", uses + 1):
                left = 0  # used up: expired just now
            if left > 0:
                self.token_uses[token] = uses + 1
                return
            self.counters["auth_failures"] += 1
            raise HubspotError(401, "EXPIRED_AUTHENTICATION",
                               "The OAuth token used to make this call expired %d minute(s) "
                               "ago." % int(-left // 60))
        self.counters["auth_failures"] += 1
        raise HubspotError(401, "INVALID_AUTHENTICATION",
                           "Authentication credentials not found. This API supports OAuth 2.0 "
                           "authentication and you can find more details at "
                           "https://developers.hubspot.com/docs/methods/auth/oauth-overview")

    def _token(self, req):
        self.counters["token_requests"] += 1
        if req.method != "POST":
            return self._token_error("BAD_GRANT_TYPE", "the token endpoint takes POST only")
        form = urllib.parse.parse_qs(req.body.decode("utf-8", "replace"),
                                     keep_blank_values=True)
        field = {k: v[0] for k, v in form.items()}
        if field.get("grant_type") != "refresh_token":
            return self._token_error("BAD_GRANT_TYPE", "missing or invalid grant_type (this "
                                     "emulator supports refresh_token)")
        if self.oauth is None or field.get("client_id") != self.oauth["client_id"]:
            return self._token_error("BAD_CLIENT_ID", "missing or unknown client id")
        if field.get("client_secret") != self.oauth["client_secret"]:
            return self._token_error("BAD_CLIENT_SECRET", "missing or invalid client secret")
        if field.get("refresh_token") != self.oauth["refresh_token"]:
            return self._token_error("BAD_REFRESH_TOKEN", "missing or invalid refresh token")
        self.counters["tokens_issued"] += 1
        token = "CO%s" % uuid.uuid4().hex
        expires_in = self.oauth["expires_in"]
        self.tokens[token] = self.clock() + expires_in
        return ApiResponse(200, {"token_type": "bearer", "refresh_token": field["refresh_token"],
                                 "access_token": token, "expires_in": expires_in})

    @staticmethod
    def _token_error(status, message):
        return ApiResponse(400, {"status": status, "message": message,
                                 "correlationId": str(uuid.uuid4())})

    @staticmethod
    def _missing_scope(stream):
        scope = SCOPES[stream]
        return HubspotError(
            403, "MISSING_SCOPES",
            "This app hasn't been granted all required scopes to make this call. Read more "
            "about required scopes here: https://developers.hubspot.com/scopes.",
            errors=[{"message": "One or more of the following scopes are required.",
                     "context": {"requiredGranularScopes": [scope]}}],
            links={"scopes": "https://developers.hubspot.com/scopes"})

    # ---- rate limits -------------------------------------------------------------------------

    def _rate_limit(self, is_search):
        """The limit headers of an admitted request; HubspotError 429 for one over a limit.
        Rejected requests do not use up a window. Search answers carry no limit headers (the
        real search endpoints send none)."""
        if not self.common.limits_on:
            return []
        if self.daily is not None and self.daily.remaining() == 0:
            raise self._throttle("DAILY", "You have reached your daily limit.")
        if self.general.remaining() == 0:
            raise self._throttle("SECONDLY", "You have reached your secondly limit.")
        if is_search and self.search_window.remaining() == 0:
            self.counters["search_throttled"] += 1
            raise self._throttle("SECONDLY", "You have reached your secondly limit.")
        self.general.try_acquire()
        if self.daily is not None:
            self.daily.try_acquire()
        if is_search:
            self.search_window.try_acquire()
            return []
        return self._limit_headers()

    def _limit_headers(self):
        headers = [("X-HubSpot-RateLimit-Max", str(GENERAL_LIMIT)),
                   ("X-HubSpot-RateLimit-Remaining", str(self.general.remaining())),
                   ("X-HubSpot-RateLimit-Interval-Milliseconds", str(GENERAL_SECONDS * 1000))]
        if self.daily is not None:
            headers += [("X-HubSpot-RateLimit-Daily", str(self.daily_limit)),
                        ("X-HubSpot-RateLimit-Daily-Remaining", str(self.daily.remaining()))]
        return headers

    def _throttle(self, policy, message):
        self.counters["over_limit"] += 1
        self.counters["throttled"] += 1
        return HubspotError(429, None, message, errorType="RATE_LIMIT", policyName=policy)

    # ---- records -----------------------------------------------------------------------------

    def _total(self, stream):
        return self.base[stream] + self.created[stream]

    def _id(self, stream, index):
        return str(ID_BASE[stream] + index + 1)

    def _index_of(self, stream, record_id):
        """The index of id string `record_id`, or None when it names no record."""
        if not re.match(r"^\d+$", record_id or ""):
            return None
        index = int(record_id) - ID_BASE[stream] - 1
        return index if 0 <= index < self._total(stream) else None

    def _base_times(self, stream, index):
        """(createdate, last modified) in ms of base record `index`: both strictly increasing
        in the index, all before `now`."""
        n = self.base[stream]
        start = ms_of(self.common.now) - BASE_SPAN_MS
        created = start + index * BASE_SPAN_MS // n
        return created, created + BASE_SPAN_MS // n // 2

    def _times(self, stream, index):
        """(created, updated, archived or None) in ms, overrides applied."""
        state = self.overrides[stream].get(index)
        if state is None:
            return self._base_times(stream, index) + (None,)
        return state.created_ms, state.updated_ms, state.archived_ms

    def _is_archived(self, stream, index):
        state = self.overrides[stream].get(index)
        return state is not None and state.archived_ms is not None

    def _properties(self, stream, index):
        """All properties of a CRM record (strings, as the real API's)."""
        state = self.overrides[stream].get(index)
        version = state.version if state else 0
        created, updated, _ = self._times(stream, index)
        props = GENERATORS[stream](self, rng(self.seed, stream, index), index, version, created)
        props["createdate"] = iso_ms(created)
        props[LASTMOD[stream]] = iso_ms(updated)
        props["hs_object_id"] = self._id(stream, index)
        return props

    def _record(self, stream, index, wanted):
        """The API's JSON of record `index` with the properties `wanted` (None: the defaults;
        the id and the two dates are always there)."""
        props = self._properties(stream, index)
        keep = set(DEFAULT_PROPERTIES.get(stream, ())) if wanted is None else set(wanted)
        keep.update(("createdate", LASTMOD[stream], "hs_object_id"))
        created, updated, archived = self._times(stream, index)
        result = {"id": self._id(stream, index),
                  "properties": {k: v for k, v in props.items() if k in keep},
                  "createdAt": iso_ms(created), "updatedAt": iso_ms(updated),
                  "archived": archived is not None}
        if archived is not None:
            result["archivedAt"] = iso_ms(archived)
        return result

    def _owner(self, index):
        r = rng(self.seed, "owners", index)
        first, last = r.choice(FIRST), r.choice(LAST)
        created, updated, archived = self._times("owners", index)
        state = self.overrides["owners"].get(index)
        version = state.version if state else 0
        email = "%s.%s%s@example.com" % (first.lower(), last.lower(),
                                         ".v%d" % version if version else "")
        return {"id": self._id("owners", index), "email": email, "firstName": first,
                "lastName": last, "userId": USER_ID_BASE + index + 1,
                "createdAt": iso_ms(created), "updatedAt": iso_ms(updated),
                "archived": archived is not None}

    def _owner_id(self, r):
        n = self.base["owners"]
        return str(ID_BASE["owners"] + r.randrange(n) + 1) if n else ""

    # ---- list and get ------------------------------------------------------------------------

    def _list(self, req, stream):
        limit = self._limit_param(req, LIST_DEFAULT, LIST_MAX)
        archived = self._archived_param(req)
        wanted = self._properties_param(req)
        indexes, next_index = self._page(stream, req.param("after"), limit, archived)
        body = {"results": [self._record(stream, i, wanted) for i in indexes]}
        if next_index is not None:
            body["paging"] = self._next_paging(req, "/crm/v3/objects/%s" % stream,
                                               self._id(stream, next_index), limit)
        return body

    def _list_owners(self, req, stream):
        limit = self._limit_param(req, OWNERS_DEFAULT, OWNERS_MAX)
        archived = self._archived_param(req)
        indexes, next_index = self._page(stream, req.param("after"), limit, archived)
        body = {"results": [self._owner(i) for i in indexes]}
        if next_index is not None:
            body["paging"] = self._next_paging(req, "/crm/v3/owners",
                                               self._id(stream, next_index), limit)
        return body

    def _get(self, req, stream, record_id):
        index = self._index_of(stream, record_id)
        archived = self._archived_param(req)
        if index is None or self._is_archived(stream, index) != archived:
            raise self._not_found(record_id)
        return self._record(stream, index, self._properties_param(req))

    def _get_owner(self, req, stream, owner_id):
        index = self._index_of(stream, owner_id)
        if index is None or self._is_archived(stream, index) != self._archived_param(req):
            raise self._not_found(owner_id)
        return self._owner(index)

    def _not_found(self, record_id):
        self.counters["not_found"] += 1
        return HubspotError(404, "OBJECT_NOT_FOUND",
                            "Object not found.  objectId are usually numeric.",
                            context={"id": [record_id]})

    def _page(self, stream, after, limit, archived):
        """(indexes of the page, index of the next record or None): the live records
        (archived=false) or the archived ones from id `after` on, ascending."""
        start = 0
        if after is not None:
            if not re.match(r"^\d+$", after):
                raise self._invalid("after must be the paging.next.after value of the "
                                    "previous page (digits), got %r" % after)
            start = max(0, int(after) - ID_BASE[stream] - 1)
        if archived:
            gone = self.archived[stream]
            at = bisect.bisect_left(gone, start)
            page = gone[at:at + limit + 1]
        else:
            page = []
            index, total = start, self._total(stream)
            while index < total and len(page) <= limit:
                if not self._is_archived(stream, index):
                    page.append(index)
                index += 1
        return page[:limit], (page[limit] if len(page) > limit else None)

    @staticmethod
    def _next_paging(req, path, after, limit):
        query = {"after": after, "limit": str(limit)}
        for name in ("properties", "archived"):
            if req.param(name) is not None:
                query[name] = ",".join(req.query[name])
        link = "%s%s?%s" % (req.base_url, path, urllib.parse.urlencode(query))
        return {"next": {"after": after, "link": link}}

    def _limit_param(self, req, default, maximum):
        text = req.param("limit")
        if text is None or text == "":
            return default
        if not re.match(r"^\d+$", text) or not 1 <= int(text) <= maximum:
            raise self._invalid("limit must be an integer from 1 to %d, got %r" %
                                (maximum, text))
        return int(text)

    def _archived_param(self, req):
        text = (req.param("archived") or "false").lower()
        if text not in ("true", "false"):
            raise self._invalid("archived must be true or false, got %r" % text)
        return text == "true"

    @staticmethod
    def _properties_param(req):
        values = req.query.get("properties")
        if values is None:
            return None
        return [p.strip() for v in values for p in v.split(",") if p.strip()]

    def _invalid(self, message):
        self.counters["bad_requests"] += 1
        return HubspotError(400, "VALIDATION_ERROR", message)

    # ---- search ------------------------------------------------------------------------------

    def _search(self, req, stream):
        try:
            body = req.json()
        except BadRequest as e:
            raise self._invalid("Invalid input JSON: %s" % e) from None
        if not isinstance(body, dict):
            raise self._invalid("the search body must be a JSON object")
        if body.get("query"):
            raise self._invalid("full-text search (query) is not emulated; use filterGroups")
        limit, offset = self._search_paging(body)
        groups = self._filter_groups(stream, body.get("filterGroups") or [])
        key, descending = self._sort(stream, body.get("sorts") or [])
        segments = self._matches(stream, groups, key)
        total = sum(count for _, count in segments)
        if descending:
            low = max(0, total - offset - limit)
            indexes = list(reversed(self._slice(segments, low, total - offset - low)))
        else:
            indexes = self._slice(segments, offset, limit)
        wanted = body.get("properties")
        if wanted is not None and (not isinstance(wanted, list) or
                                   not all(isinstance(p, str) for p in wanted)):
            raise self._invalid("properties must be a list of property names")
        result = {"total": total,
                  "results": [self._record(stream, i, wanted or None) for i in indexes]}
        if offset + limit < total:
            result["paging"] = {"next": {"after": str(offset + limit)}}
        return result

    def _search_paging(self, body):
        limit = body.get("limit", SEARCH_DEFAULT)
        if isinstance(limit, bool) or not isinstance(limit, int) or \
                not 1 <= limit <= SEARCH_MAX:
            raise self._invalid("limit must be an integer from 1 to %d, got %r" %
                                (SEARCH_MAX, limit))
        after = body.get("after", "0")
        if after is None:
            after = "0"
        if not re.match(r"^\d+$", str(after)):
            raise self._invalid("after must be the paging.next.after value of the previous "
                                "page (digits), got %r" % (after,))
        offset = int(after)
        if offset + limit > SEARCH_WINDOW:
            self.counters["search_window_errors"] += 1
            raise self._invalid("Cannot page beyond %d results: after (%d) + limit (%d) is "
                                "past the search window. Narrow the filters (e.g. "
                                "hs_object_id GT the last id read) and search again." %
                                (SEARCH_WINDOW, offset, limit))
        return limit, offset

    def _known_properties(self, stream):
        return set(self._properties(stream, 0).keys()) if self._total(stream) else \
            {"createdate", LASTMOD[stream], "hs_object_id"}

    def _filter_groups(self, stream, groups):
        """The filter groups checked: [[(property, operator, value, high, values)]]."""
        if not isinstance(groups, list) or len(groups) > 5:
            raise self._invalid("filterGroups must be a list of at most 5 groups")
        known = self._known_properties(stream)
        checked = []
        for group in groups:
            filters = group.get("filters") if isinstance(group, dict) else None
            if not isinstance(filters, list) or not 1 <= len(filters) <= 10:
                raise self._invalid("every filter group needs 1 to 10 filters")
            checked.append([self._filter(stream, f, known) for f in filters])
        return checked

    def _filter(self, stream, spec, known):
        if not isinstance(spec, dict):
            raise self._invalid("a filter must be an object {propertyName, operator, value}")
        prop, op = spec.get("propertyName"), spec.get("operator")
        if prop not in known:
            raise self._invalid("Property %r does not exist on %s; known: %s" %
                                (prop, stream, ", ".join(sorted(known))))
        if op not in OPERATORS:
            raise self._invalid("operator must be one of %s, got %r" %
                                (", ".join(OPERATORS), op))
        values = spec.get("values") or []
        if not isinstance(values, list):
            raise self._invalid("values of operator %s on %s must be a list" % (op, prop))
        value, high = spec.get("value"), spec.get("highValue")
        if op in RANGE_OPERATORS + ("NEQ", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN") and \
                value is None:
            raise self._invalid("operator %s on %s needs a value" % (op, prop))
        if op == "BETWEEN" and high is None:
            raise self._invalid("operator BETWEEN on %s needs a highValue" % prop)
        if prop in TIME_PROPERTIES:
            value, high = self._time_arg(prop, value), self._time_arg(prop, high)
            values = [self._time_arg(prop, v) for v in values]
        return prop, op, value, high, values

    def _time_arg(self, prop, value):
        if value is None:
            return None
        ms = time_value_ms(value)
        if ms is None:
            raise self._invalid("%s takes epoch milliseconds or an ISO 8601 time, got %r" %
                                (prop, value))
        return ms

    def _sort(self, stream, sorts):
        """(the ordering key: "id" or "lastmod", descending)."""
        if not isinstance(sorts, list) or len(sorts) > 1:
            raise self._invalid("sorts must be a list of at most one sort (emulated)")
        if not sorts:
            return "id", False
        spec = sorts[0]
        if isinstance(spec, str):  # the short form "-createdate"
            spec = {"propertyName": spec.lstrip("-"),
                    "direction": "DESCENDING" if spec.startswith("-") else "ASCENDING"}
        prop, direction = spec.get("propertyName"), spec.get("direction", "ASCENDING")
        if direction not in ("ASCENDING", "DESCENDING"):
            raise self._invalid("sort direction must be ASCENDING or DESCENDING, got %r" %
                                (direction,))
        if prop in ("hs_object_id", "createdate"):
            key = "id"  # createdate grows with the id (created records are the newest)
        elif prop == LASTMOD[stream]:
            key = "lastmod"
        else:
            raise self._invalid("sorting by %r is not emulated; sort by hs_object_id, "
                                "createdate or %s" % (prop, LASTMOD[stream]))
        return key, direction == "DESCENDING"

    def _matches(self, stream, groups, key):
        """The matching live records in the order of `key`, as segments (first index, count)
        of consecutive indexes: the unchanged base records as ranges, each changed one alone."""
        n, changed = self.base[stream], self.changed[stream]
        if not groups:
            groups = [[]]
        ranges, singles = [], set()
        for group in groups:
            low, high, rest = self._base_range(stream, group)
            if not rest:
                ranges.append((low, high))
                continue
            for index in range(low, high):  # a filter on another property: scanned
                if index not in self.overrides[stream] and \
                        self._matches_group(self._properties(stream, index), rest):
                    singles.add(index)
        covered = _union(ranges)
        segments = [(i, 1) for i in singles if not _in_ranges(i, covered)]
        for low, high in covered:
            segments += _split_at(low, high, changed)
        extra = [i for i in changed if not self._is_archived(stream, i) and
                 any(self._matches_group(self._properties(stream, i), g) for g in groups)]
        segments.sort()
        if key == "lastmod":
            extra.sort(key=lambda i: (self._times(stream, i)[1], i))
            return segments + [(i, 1) for i in extra]
        return sorted(segments + [(i, 1) for i in extra])

    def _base_range(self, stream, group):
        """(low, high, other filters): the base indexes [low, high) that the group's id and
        time filters admit (bisects on the monotonic order), and the filters left to test."""
        low, high, rest = 0, self.base[stream], []
        for flt in group:
            prop, op = flt[0], flt[1]
            if op not in RANGE_OPERATORS or prop not in ("hs_object_id", "createdate",
                                                         LASTMOD[stream]):
                rest.append(flt)
                continue
            key = self._index_key(stream, prop)
            a, b = self._op_bounds(flt, key, self.base[stream])
            low, high = max(low, a), min(high, b)
        return low, max(low, high), rest

    def _index_key(self, stream, prop):
        if prop == "hs_object_id":
            return lambda i: ID_BASE[stream] + i + 1
        position = 0 if prop == "createdate" else 1
        return lambda i: self._base_times(stream, i)[position]

    @staticmethod
    def _op_bounds(flt, key, n):
        """The index range [a, b) of base records whose key(i) passes the range filter."""
        _, op, value, high, _ = flt
        try:
            value = float(value)
            high = float(high) if high is not None else None
        except (TypeError, ValueError):
            return 0, 0
        left = lambda v: bisect.bisect_left(range(n), v, key=key)
        right = lambda v: bisect.bisect_right(range(n), v, key=key)
        return {"EQ": (left(value), right(value)), "GT": (right(value), n),
                "GTE": (left(value), n), "LT": (0, left(value)), "LTE": (0, right(value)),
                "BETWEEN": (left(value), right(high) if high is not None else n)}[op]

    def _matches_group(self, props, group):
        return all(_passes(props, flt) for flt in group)

    @staticmethod
    def _slice(segments, offset, limit):
        out = []
        for first, count in segments:
            if offset >= count:
                offset -= count
                continue
            take = min(count - offset, limit - len(out))
            out.extend(range(first + offset, first + offset + take))
            offset = 0
            if len(out) >= limit:
                break
        return out

    # ---- updates -----------------------------------------------------------------------------

    def _live_count(self, stream):
        return self._total(stream) - len(self.archived[stream])

    def _choose_live(self, stream, k):
        """k distinct live indexes chosen from (seed, update number): pure of the history."""
        pick = random.Random(seed_of(self.seed, "update", self.updates_applied, stream))
        total, chosen, seen = self._total(stream), [], set()
        while len(chosen) < k:
            index = pick.randrange(total)
            if index in seen or self._is_archived(stream, index):
                continue
            seen.add(index)
            chosen.append(index)
        return chosen

    def _state(self, stream, index):
        state = self.overrides[stream].get(index)
        if state is None:
            created, updated = self._base_times(stream, index)
            state = Record(0, created, updated)
            self.overrides[stream][index] = state
            bisect.insort(self.changed[stream], index)
        return state

    def _create(self, stream):
        index = self._total(stream)
        self.created[stream] += 1
        self.overrides[stream][index] = Record(0, self.now_ms, self.now_ms)
        self.changed[stream].append(index)
        return index

    def _touch(self, stream, index):
        state = self._state(stream, index)
        state.version += 1
        state.updated_ms = self.now_ms

    def _archive(self, stream, index):
        state = self._state(stream, index)
        state.updated_ms = state.archived_ms = self.now_ms
        bisect.insort(self.archived[stream], index)

    # ---- generated properties (draws in a fixed order; `version` changes visible fields) -----

    def _contact(self, r, index, version, created):
        first, last = r.choice(FIRST), r.choice(LAST)
        stage = r.randrange(len(LIFECYCLE))
        return {"email": "%s.%s%d@example.com" % (first.lower(), last.lower(), index),
                "firstname": first, "lastname": last,
                "lifecyclestage": LIFECYCLE[(stage + version) % len(LIFECYCLE)],
                "hs_analytics_source": r.choice(SOURCES), "hubspot_owner_id": self._owner_id(r),
                # A portal's own property: sent only when asked for (drawn last, so the others
                # stay as they were).
                "favorite_color": r.choice(("red", "green", "blue"))}

    def _company(self, r, index, version, created):
        word, suffix = r.choice(WORDS), r.choice(SUFFIXES)
        city, country = r.choice(CITIES)
        employees = r.randrange(5, 5000)
        return {"name": "%s %s" % (word, suffix),
                "domain": "%s%s%d.example.com" % (word.lower(), suffix.lower(), index),
                "industry": r.choice(INDUSTRIES), "city": city, "country": country,
                "numberofemployees": str(employees + 7 * version),
                "annualrevenue": str(employees * 1000), "hubspot_owner_id": self._owner_id(r)}

    def _deal(self, r, index, version, created):
        stage = r.randrange(len(DEAL_STAGES))
        cents = r.randrange(50000, 5000000)
        close = created + r.randrange(7, 120) * 86400000
        return {"dealname": "%s deal %d" % (r.choice(WORDS), index),
                "amount": _decimal(cents + 10000 * version),
                "dealstage": DEAL_STAGES[(stage + version) % len(DEAL_STAGES)],
                "pipeline": "default", "closedate": iso_ms(close),
                "hubspot_owner_id": self._owner_id(r)}

    def _ticket(self, r, index, version, created):
        stage = r.randrange(4)
        return {"subject": "Ticket %d: %s" % (index, r.choice(TICKET_CATEGORIES).lower()),
                "content": "Customer reports issue %d." % index, "hs_pipeline": "0",
                "hs_pipeline_stage": str((stage + version) % 4 + 1),
                "hs_ticket_priority": r.choice(PRIORITIES),
                "hs_ticket_category": r.choice(TICKET_CATEGORIES),
                "hubspot_owner_id": self._owner_id(r)}

    def _call(self, r, index, version, created):
        return {"hs_timestamp": iso_ms(created), "hs_call_title": "Call %d" % index,
                "hs_call_body": _edited("Discussed renewal %d." % index, version),
                "hs_call_duration": str(r.randrange(30, 3600) * 1000),
                "hs_call_direction": r.choice(("INBOUND", "OUTBOUND")),
                "hs_call_status": "COMPLETED", "hubspot_owner_id": self._owner_id(r)}

    def _email(self, r, index, version, created):
        return {"hs_timestamp": iso_ms(created), "hs_email_subject": "Follow-up %d" % index,
                "hs_email_text": _edited("Thanks for your time, %s." % r.choice(FIRST),
                                         version),
                "hs_email_direction": r.choice(("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL")),
                "hs_email_status": "SENT", "hubspot_owner_id": self._owner_id(r)}

    def _meeting(self, r, index, version, created):
        start = created + r.randrange(1, 30) * 86400000
        outcome = r.randrange(len(MEETING_OUTCOMES))
        return {"hs_timestamp": iso_ms(start), "hs_meeting_title": "Meeting %d" % index,
                "hs_meeting_body": "Agenda %d" % index, "hs_meeting_start_time": iso_ms(start),
                "hs_meeting_end_time": iso_ms(start + 1800000),
                "hs_meeting_outcome":
                    MEETING_OUTCOMES[(outcome + version) % len(MEETING_OUTCOMES)],
                "hubspot_owner_id": self._owner_id(r)}

    def _note(self, r, index, version, created):
        return {"hs_timestamp": iso_ms(created),
                "hs_note_body": _edited("Note %d about %s." % (index, r.choice(WORDS)), version),
                "hubspot_owner_id": self._owner_id(r)}

    def _task(self, r, index, version, created):
        status = r.randrange(len(TASK_STATUSES))
        return {"hs_timestamp": iso_ms(created + 86400000), "hs_task_subject": "Task %d" % index,
                "hs_task_body": "Call back %s." % r.choice(FIRST),
                "hs_task_status": TASK_STATUSES[(status + version) % len(TASK_STATUSES)],
                "hs_task_priority": r.choice(PRIORITIES),
                "hs_task_type": r.choice(("CALL", "EMAIL", "TODO")),
                "hubspot_owner_id": self._owner_id(r)}


GENERATORS = {"contacts": HubspotApi._contact, "companies": HubspotApi._company,
              "deals": HubspotApi._deal, "tickets": HubspotApi._ticket,
              "calls": HubspotApi._call, "emails": HubspotApi._email,
              "meetings": HubspotApi._meeting, "notes": HubspotApi._note,
              "tasks": HubspotApi._task}


def _decimal(cents):
    return ("%d.%02d" % divmod(cents, 100)).rstrip("0").rstrip(".")


def _edited(text, version):
    return text if version == 0 else "%s (edited %d)" % (text, version)


def _union(ranges):
    """Disjoint sorted ranges covering the same indexes as `ranges` [(low, high)]."""
    merged = []
    for low, high in sorted(r for r in ranges if r[0] < r[1]):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _split_at(low, high, holes):
    """[low, high) minus the sorted indexes `holes`, as segments (first, count)."""
    out, at = [], low
    for hole in holes[bisect.bisect_left(holes, low):bisect.bisect_left(holes, high)]:
        if hole > at:
            out.append((at, hole - at))
        at = hole + 1
    if at < high:
        out.append((at, high - at))
    return out


def _in_ranges(index, ranges):
    return any(low <= index < high for low, high in ranges)


def _comparable(prop, value):
    """A value ordered as HubSpot orders the property: times and numbers numerically."""
    if value is None:
        return None
    if prop in TIME_PROPERTIES:
        return time_value_ms(value)
    text = str(value)
    return float(text) if NUMERIC_RE.match(text) else text.lower()


def _passes(props, flt):
    prop, op, value, high, values = flt
    have = _comparable(prop, props.get(prop))
    if op == "HAS_PROPERTY":
        return have not in (None, "")
    if op == "NOT_HAS_PROPERTY":
        return have in (None, "")
    if op in ("IN", "NOT_IN"):
        inside = have in [_comparable(prop, v) for v in values]
        return inside if op == "IN" else not inside
    if op in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
        found = str(value).lower().strip("*") in str(props.get(prop, "")).lower()
        return found if op == "CONTAINS_TOKEN" else not found
    want = _comparable(prop, value)
    if have is None or type(have) is not type(want):
        return op == "NEQ"
    if op == "BETWEEN":
        return want <= have <= _comparable(prop, high)
    return {"EQ": have == want, "NEQ": have != want, "GT": have > want, "GTE": have >= want,
            "LT": have < want, "LTE": have <= want}[op]
