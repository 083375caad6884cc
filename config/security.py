"""Login protection around the admin: the client's address and a rate limit on login posts.

django-axes (settings: ``AXES_*``) locks an account, and separately a client address, after
``AXES_FAILURE_LIMIT`` failed logins for ``AXES_COOLOFF_TIME``; it asks :func:`client_ip`
who the client is. This module adds a per-address rate limit on the login form's posts, so
that a script cannot spend the server's CPU on password hashing faster than an editor types.
"""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import reverse

logger = logging.getLogger(__name__)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks())


def _trusted_networks():
    networks = []
    for item in settings.TRUSTED_PROXIES:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return networks


def client_ip(request) -> str:
    """The client's address: the connection's peer, unless the peer is one of the configured
    proxies (``DJANGO_TRUSTED_PROXIES``, nginx), in which case the address that proxy saw,
    the right-most entry of ``X-Forwarded-For`` (nginx replaces the header with it; a
    client's own entries, further left, are never believed). A forged header from anyone else
    is ignored, so one attacker behind nginx never locks every editor out, and nobody locks
    out someone else's address by naming it."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if not _is_trusted_proxy(peer):
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return peer
    candidate = forwarded[-1]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


class LoginRateLimitMiddleware:
    """At most ``LOGIN_RATE_LIMIT`` posts to the admin's login form per client address per
    minute; past that, 429 with ``Retry-After`` until the minute is over. Counted in Django's
    cache (shared by every worker and app server with Redis); a cache that fails lets the
    request through (django-axes still locks out)."""

    WINDOW = 60

    def __init__(self, get_response):
        self.get_response = get_response
        self._login_path = None

    def login_path(self) -> str:
        if self._login_path is None:
            self._login_path = reverse("admin:login")
        return self._login_path

    def __call__(self, request):
        if request.method == "POST" and request.path == self.login_path():
            limited = self.limited(client_ip(request))
            if limited:
                response = HttpResponse(
                    "Too many login attempts from your address. Wait a minute and try again.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(limited)
                return response
        return self.get_response(request)

    def limited(self, address: str) -> int:
        """Seconds until the address may post again, or 0 when it may now."""
        limit = settings.LOGIN_RATE_LIMIT
        return seconds_over_rate(f"login-rate:{address}", limit, self.WINDOW) if limit > 0 else 0


# A rate's unit by its first letter, as DRF reads DJANGO_API_RATE_LIMIT: "10/hour", "3/day",
# "20/min", "5/s" (and "10/h", "3/d").
RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate such as "10/hour" as (limit, window in seconds); "0": no limit (0, 0)."""
    text = str(rate).strip()
    if text in ("", "0"):
        return 0, 0
    count, _, unit = text.partition("/")
    try:
        limit, window = int(count), RATE_UNITS[unit.strip().lower()[:1]]
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            f"Rate {rate!r}: write it as N/s, N/min, N/hour or N/day."
        ) from None
    return max(limit, 0), window


def seconds_over_rate(key: str, limit: int, window: int) -> int:
    """Count one more event under ``key`` in the current window of ``window`` seconds (Django's
    cache, shared by every worker and app server with Redis); the seconds until the window
    ends when this event is past ``limit``, else 0. A cache that fails lets the event through
    (logged): a cache outage must not block visitors or editors."""
    now = time.time()
    current = int(now // window)
    key = f"{key}:{current}"
    try:
        cache.add(key, 0, timeout=window * 2)
        count = cache.incr(key)
    except Exception:
        logger.warning("rate limit %s: cache unavailable, request let through", key)
        return 0
    if count <= limit:
        return 0
    return max(1, int((current + 1) * window - now) + 1)


def over_rate(key: str, rate: str) -> int:
    """:func:`seconds_over_rate` with a rate such as "10/hour" (0: never limited)."""
    limit, window = parse_rate(rate)
    return seconds_over_rate(key, limit, window) if limit else 0


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): the admin's
    layout with what happened and how long to wait, 429 with ``Retry-After``."""
    from django.contrib import admin
    from django.template.response import TemplateResponse

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
        "title": "Sign-in locked",
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    response["Cache-Control"] = "private, no-store"
    return response.render()


class SecurityHeadersMiddleware:
    """The headers Django does not send itself, on every response (pages, static files, error
    pages, cached pages): ``Permissions-Policy`` (no camera, microphone, location, payment,
    USB, interest cohort tracking...), ``Cross-Origin-Resource-Policy: same-origin`` (nothing
    of the site is embedded by other sites). Django sends ``Cross-Origin-Opener-Policy``
    (``SECURE_CROSS_ORIGIN_OPENER_POLICY``), the CSP with ``frame-ancestors 'none'``,
    ``X-Frame-Options``, ``X-Content-Type-Options``, ``Referrer-Policy`` and, with debug off,
    HSTS."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value and name not in response:
                response[name] = value
        return response
