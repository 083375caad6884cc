"""The API's rate limit per client, and the wrapper that applies it before the page cache.

``ClientRateThrottle`` is DRF's ``SimpleRateThrottle`` keyed by the client's address as the
rest of the site reads it (``config.security.client_ip``: the right-most ``X-Forwarded-For``
entry only from a trusted proxy), at ``API_RATE_LIMIT`` (``DJANGO_API_RATE_LIMIT``, e.g.
``120/min``; ``0``: none), counted in Django's cache. :func:`throttled` applies it to every
request of a view, answers from the page cache included: a cached answer is cheap, but the
limit is the client's, whatever the cache held.
"""

from __future__ import annotations

import math
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from rest_framework.throttling import SimpleRateThrottle

from config.security import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"
    # Set by throttled() on the request it counted: the DRF view does not count it again.
    COUNTED = "api.throttle_counted"

    def get_rate(self):
        rate = str(settings.API_RATE_LIMIT).strip()
        return None if rate in ("", "0") else rate

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def allow_request(self, request, view):
        if request.META.get(self.COUNTED):
            return True
        try:
            return super().allow_request(request, view)
        except Exception:  # a cache outage must not take the API down
            if self.rate is None:
                raise
            return True


def throttled(view):
    """``view`` counted against the client's rate, 429 with ``Retry-After`` past it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = ClientRateThrottle()
        if not throttle.allow_request(request, None):
            wait = throttle.wait()
            seconds = max(1, math.ceil(wait)) if wait is not None else 60
            response = JsonResponse(
                {"detail": f"Request was throttled. Expected available in {seconds} seconds."},
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        request.META[ClientRateThrottle.COUNTED] = True
        return view(request, *args, **kwargs)

    return wrapped
