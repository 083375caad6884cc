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
        if limit <= 0:
            return 0
        now = time.time()
        window = int(now // self.WINDOW)
        key = f"login-rate:{address}:{window}"
        try:
            cache.add(key, 0, timeout=self.WINDOW * 2)
            count = cache.incr(key)
        except Exception:  # a cache outage must not block editors
            logger.warning("login rate limit: cache unavailable, request let through")
            return 0
        if count <= limit:
            return 0
        return max(1, int((window + 1) * self.WINDOW - now) + 1)


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
