"""Public pages from Django's cache, never stale.

A page an anonymous visitor asks for with GET or HEAD is stored once rendered and served from
the cache until one of two things happens:

- **an edit**: every write (a model's save or delete, a bulk ``update``, ``bulk_create`` or
  ``bulk_update``, a many-to-many change: :func:`invalidate`, wired in :mod:`config.apps`)
  replaces the cache's *generation*, a random token that every entry records; an entry of
  another generation is never served. The token is replaced when the write is made and
  again when its transaction commits, so that a page rendered from the data before the
  commit and stored in between is not served either.
- **the clock**: each entry records the moment it is valid until, the next scheduled change
  that could alter it: the next publication time, expiry or end of a featured period of any
  listing, the next article publication day (:func:`next_scheduled_changes`, one answer per
  generation), and what the page itself noted while it rendered (:func:`changes_at`: a card's
  "3d ago" turning into "4d ago", a "posted in the last 7 days" search losing a listing).
  Entries are checked against ``timezone.now()``, never against the cache's own expiry, so
  that a test that moves the clock sees what a visitor would.

What is stored is the view's response (status 200, body and the view's own headers), keyed
by scheme, host, path, query string and whether it is an htmx request; the middleware then
adds the security headers and the Content Security Policy to a cached response exactly as
to a live one (cacheable markup carries no nonce). A view may say which canonical address
its response also answers (:func:`shares_with`): searches written differently then share
one entry. Requests that carry a session or a messages cookie (a logged-in editor, a flash
message) are answered live and marked private.

Every answer of a cached view carries an ``ETag`` (a hash of the body) and
``Cache-Control: max-age=0, s-maxage=1``: browsers revalidate and get 304 when nothing
changed, a shared cache in front keeps a page at most one second.

A cache that is down is not an outage: pages are rendered live, the failure is logged once,
and the cache is tried again a few seconds later.

Beside this module: :mod:`config.page_clock` (when the clock changes pages),
:mod:`config.page_store` (the cache backend that may be down) and :mod:`config.page_content`
(the models and QuerySets whose writes invalidate).
"""

from __future__ import annotations

import contextvars
import hashlib
import secrets
import time
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from config import db_router, page_clock, page_store

GENERATION_KEY = "pages:generation"
ENTRY_PREFIX = "pages:entry:"
# What a shared cache (nginx, a CDN) may keep a page for without asking again.
SHARED_MAX_AGE = 1
# While one request renders a missing page, others wait for it so long at most (then render
# it themselves), looking every few milliseconds; a render that dies frees the page after
# LOCK_SECONDS.
LOCK_PREFIX = "pages:rendering:"
LOCK_SECONDS = 30
# A page that the clock alone has changed (its valid-until passed; nothing was written) may be
# served this long after that moment while another request renders it anew, instead of every
# request waiting for that render: a change from the clock shows within a second of its moment.
# A page that a write changed (a new generation) is never served.
STALE_SECONDS = 0.5
WAIT_SECONDS = 1.0
WAIT_STEP_SECONDS = 0.005
# "hit", "stale" (STALE_SECONDS) or "miss" on the answers of cached views (the load test
# counts the hits).
CACHE_STATUS_HEADER = "X-Cache"
# Cookies that make a page personal: a session (an editor) and Django's flash messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

_page: contextvars.ContextVar[PageState | None] = contextvars.ContextVar("page", default=None)


class PageState:
    """What a page being rendered noted for the cache."""

    def __init__(self, clock: str = "listings"):
        self.clock = clock
        self.changes: list = []  # datetimes, or callables that give one (or None)
        self.shared_key: str | None = None


# -- What the rest of the code calls -----------------------------------------------------


def invalidate(using: str = DEFAULT_DB_ALIAS) -> None:
    """Every cached page is out of date: now, and again when the current transaction
    commits (a page rendered before the commit must not be served after it)."""
    _new_generation()
    if connections[using].in_atomic_block:
        transaction.on_commit(_new_generation, using=using)


def collecting() -> bool:
    """Whether a page being rendered for the cache notes its changes (nothing to compute
    otherwise: caching off, an editor's page, a management command)."""
    return _page.get() is not None


def changes_at(moment) -> None:
    """The page being rendered changes by itself at ``moment`` (a datetime, or a callable
    that computes one when the page is stored: nothing is computed when caching is off)."""
    state = _page.get()
    if state is not None and moment is not None:
        state.changes.append(moment)


def shares_with(request, canonical_path: str) -> None:
    """The page being rendered is also the page of ``canonical_path`` (the same path with its
    query written canonically): both addresses share one entry."""
    state = _page.get()
    if state is not None:
        state.shared_key = _key(request, canonical_path)


# -- The view decorator ------------------------------------------------------------------


# What the clock changes on a page (cached_page's ``clock``):
# - "listings": anything about any listing (a search's results and counts, a feed, a
#   sitemap): every publication time, expiry and end of a featured period, and article days;
# - "shown": what the page noted while it rendered (each card its listing's expiry, end of
#   featured period and age; a view what could enter its selection), and article days;
# - "none": nothing (robots.txt, the salary survey's pages).
CLOCKS = ("listings", "shown", "none")


def cached_page(view=None, *, clock: str = "listings"):
    """Serve ``view``'s anonymous GET and HEAD answers from the cache (see the module);
    ``clock`` says which scheduled changes can alter the page (:data:`CLOCKS`)."""
    if clock not in CLOCKS:
        raise ValueError(f"clock must be one of {CLOCKS}")
    if view is None:
        return lambda view: cached_page(view, clock=clock)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if any(name in request.COOKIES for name in PERSONAL_COOKIES):
            # An editor: everything from the primary, what they just wrote included.
            response = _rendered(view(request, *args, **kwargs))
            patch_cache_control(response, private=True, no_store=True)
            return response
        if not page_store.enabled():
            with db_router.reads_from(db_router.replica_for(None)):
                response = _rendered(view(request, *args, **kwargs))
            return _with_http_caching(request, response)
        return _from_cache_or_view(request, view, args, kwargs, clock)

    return wrapped


def _from_cache_or_view(request, view, args, kwargs, clock: str):
    key = _key(request, request.get_full_path())
    generation, entry = _lookup(key)
    if entry is not None:
        return _hit(request, entry)
    if generation is None:
        generation = _start_generation()
    # One request renders a page that is missing; the others asking for it meanwhile wait
    # for that render instead of rendering it too (a page that expires under load would
    # otherwise be rendered by every worker at once).
    lock = LOCK_PREFIX + key
    rendering = generation is not None and page_store.call("add", lock, 1, LOCK_SECONDS)
    if generation is not None and not rendering:
        _generation, entry = _lookup(key, grace=STALE_SECONDS)
        if entry is not None:
            return _hit(request, entry, status="stale")
        entry = _wait_for(key)
        if entry is not None:
            return _hit(request, entry)
    now = timezone.now().timestamp()
    state = PageState(clock)
    token = _page.set(state)
    # From a replica only if it has replayed the last change: never refill with an old page.
    replica = db_router.replica_for(_position_of(generation))
    try:
        with db_router.reads_from(replica):
            response = _rendered(view(request, *args, **kwargs))
            if generation is not None and _storable(request, response):
                _with_http_caching(request, response)  # the headers are stored with the page
                _store(key, state, response, generation, now)
    finally:
        _page.reset(token)
        if rendering:
            page_store.call("delete", lock)
    response[CACHE_STATUS_HEADER] = "miss"
    return _with_http_caching(request, response)


def _lookup(key: str, grace: float = 0.0):
    """The current generation, and the valid entry with a page for ``key`` (or None); with
    ``grace``, also an entry of the current generation whose valid-until passed less than
    ``grace`` seconds ago."""
    generation, entry = _read(key)
    now = timezone.now().timestamp() - grace
    if _valid(entry, generation, now) and "alias" in entry:
        entry = _read_entry(entry["alias"], generation, now)
    if _valid(entry, generation, now) and "content" in entry:
        return generation, entry
    return generation, None


def _wait_for(key: str):
    """The entry another request is rendering, when it is stored within ``WAIT_SECONDS``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        _generation, entry = _lookup(key)
        if entry is not None:
            return entry
    return None


def _hit(request, entry, status: str = "hit"):
    response = _response_from(entry)
    response[CACHE_STATUS_HEADER] = status
    return _with_http_caching(request, response)


def _rendered(response):
    """A TemplateResponse rendered now, inside the page (what it notes while rendering
    belongs to it)."""
    if callable(getattr(response, "render", None)) and not response.is_rendered:
        response.render()
    return response


# -- Entries -----------------------------------------------------------------------------


def _key(request, full_path: str) -> str:
    fragment = "hx" if request.headers.get("HX-Request") == "true" else "page"
    if request.headers.get("HX-History-Restore-Request"):
        fragment = "page"
    raw = f"{request.scheme}://{request.get_host()}{full_path}|{fragment}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _valid(entry, generation, now: float) -> bool:
    return (
        entry is not None
        and generation is not None
        and entry.get("generation") == generation
        and (entry.get("until") is None or now < entry["until"])
    )


def _read(key: str):
    values = page_store.call("get_many", [GENERATION_KEY, key]) or {}
    return values.get(GENERATION_KEY), values.get(key)


def _read_entry(key: str, generation, now: float):
    entry = page_store.call("get", key)
    return entry if _valid(entry, generation, now) else None


def _start_generation():
    """A generation for a cache that has none (new, flushed or evicted): added only if still
    absent, then read back, so that concurrent requests agree on one."""
    page_store.call("add", GENERATION_KEY, _generation_value(), None)
    return page_store.call("get", GENERATION_KEY)


def _new_generation() -> None:
    if page_store.enabled():
        page_store.call("set", GENERATION_KEY, _generation_value(), None)


def _generation_value() -> str:
    """A new random token; with read replicas, followed by the primary's WAL position, which
    a replica must have replayed before a page is rendered from it (config/db_router.py)."""
    token = secrets.token_hex(8)
    try:
        position = db_router.primary_position()
    except DatabaseError:
        position = None
    return f"{token}@{position}" if position else token


def _position_of(generation) -> str | None:
    if not isinstance(generation, str) or "@" not in generation:
        return None
    return generation.partition("@")[2]


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _store(key: str, state: PageState, response, generation, now: float) -> None:
    until = _valid_until(state, generation)
    if until is not None and until <= now:
        return
    entry = {
        "generation": generation,
        "until": until,
        "status": response.status_code,
        "headers": list(response.items()),
        "content": response.content,
    }
    # Kept by the backend past its valid-until for the grace of STALE_SECONDS.
    seconds = (
        page_store.STORE_SECONDS
        if until is None
        else max(1, min(page_store.STORE_SECONDS, int(until - now + STALE_SECONDS) + 1))
    )
    if state.shared_key and state.shared_key != key:
        alias = {"generation": generation, "until": until, "alias": state.shared_key}
        page_store.call("set_many", {state.shared_key: entry, key: alias}, seconds)
    else:
        page_store.call("set", key, entry, seconds)


def _response_from(entry):
    from django.http import HttpResponse

    response = HttpResponse(entry["content"], status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    return response


def _with_http_caching(request, response):
    """ETag and Cache-Control on every answer of a cached view; 304 when the browser has it.
    An answer from the cache has its headers already (they were stored with it)."""
    if response.status_code != 200 or response.streaming:
        return response
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return response
    if not response.has_header("ETag"):
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        patch_cache_control(response, max_age=0, s_maxage=SHARED_MAX_AGE)
        # Editors (a session cookie) get other answers than visitors: shared caches keep apart.
        patch_vary_headers(response, ["Cookie"])
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional is not None:
            return conditional
    return response


# -- The clock ---------------------------------------------------------------------------


def _valid_until(state: PageState, generation) -> float | None:
    moments = []
    if state.clock != "none":
        moments.append(page_clock.next_scheduled_changes(generation)[state.clock])
    for change in state.changes:
        moments.append(change() if callable(change) else change)
    timestamps = [moment.timestamp() for moment in moments if moment is not None]
    return min(timestamps) if timestamps else None


def listing_shown(job, now: datetime | None = None) -> None:
    """A page shows this listing: it changes when the listing expires or stops being
    featured (its age is noted by ``Job.age_display``)."""
    if not collecting():
        return
    now = now or timezone.now()
    for moment in (job.expires_at, job.featured_until):
        if moment is not None and moment > now:
            changes_at(moment)
