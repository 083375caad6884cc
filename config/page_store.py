"""The cache behind the page cache, which may be down: every call goes through
:func:`call`, which answers None when the backend fails. A dead cache costs one timeout, not one
per request: after a failure it is left alone for a few seconds, and the failure is logged once
until it answers again."""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache

# Logged under the page cache's name: what operators filter on.
logger = logging.getLogger("config.page_cache")

CACHE_ALIAS = "default"
# Redis forgets an entry after this long even when nothing changed (the entries' own
# "valid until" decides freshness; this only bounds the memory of pages nobody asks for).
STORE_SECONDS = 24 * 60 * 60
# After a failure the cache is left alone this long.
RETRY_AFTER_FAILURE_SECONDS = 5.0

_unavailable_until = 0.0


def enabled() -> bool:
    return not isinstance(caches[CACHE_ALIAS], DummyCache)


def call(method: str, *args):
    """``caches[CACHE_ALIAS].<method>(*args)``, or None when the cache fails (logged once
    until it works again)."""
    global _unavailable_until
    if _unavailable_until and time.monotonic() < _unavailable_until:
        return None
    try:
        result = getattr(caches[CACHE_ALIAS], method)(*args)
    except Exception:  # any backend's connection error: the page renders live
        if not _unavailable_until:
            logger.warning(
                "The page cache is unavailable: pages are rendered from the database until "
                "it answers again.",
                exc_info=True,
            )
        _unavailable_until = time.monotonic() + RETRY_AFTER_FAILURE_SECONDS
        return None
    if _unavailable_until:
        logger.warning("The page cache answers again.")
        _unavailable_until = 0.0
    return result
