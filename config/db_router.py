"""Reads of public pages on PostgreSQL read replicas (``DATABASE_REPLICA_URLS``).

Every write, the admin, the imports, the management commands and every page an editor asks
for read and write the primary (``default``): an editor always reads what they just wrote.
Only the rendering of a public page for an anonymous visitor reads a replica, and only one
that has replayed the primary's log at least as far as the last change the page cache knows
of (config/page_cache.py records the primary's WAL position with each invalidation): a page
rendered after an edit never comes from older data than the edit, so the cache is never
refilled with an old page. A replica that lags or does not answer is passed over; with none
left the page is read from the primary.
"""

from __future__ import annotations

import contextvars
import logging
import random
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

_reads: contextvars.ContextVar[str | None] = contextvars.ContextVar("reads", default=None)


def replicas() -> list[str]:
    return list(getattr(settings, "READ_REPLICAS", []))


@contextmanager
def reads_from(alias: str | None):
    """Within this block, reads go to ``alias`` (None: the primary)."""
    token = _reads.set(alias)
    try:
        yield
    finally:
        _reads.reset(token)


def primary_position() -> str | None:
    """The primary's current WAL position (PostgreSQL with replicas only), as text."""
    if not replicas() or connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return None
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def caught_up(alias: str, position: str | None) -> bool:
    """Whether the replica ``alias`` has replayed the primary's log up to ``position``."""
    if position is None or connections[alias].vendor != "postgresql":
        return True
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [position])
        return bool(cursor.fetchone()[0])


def replica_for(position: str | None) -> str | None:
    """A replica that has replayed up to ``position`` (None: any replica), or None for the
    primary."""
    candidates = replicas()
    random.shuffle(candidates)
    for alias in candidates:
        try:
            if caught_up(alias, position):
                return alias
        except DatabaseError:
            logger.warning("Read replica %s does not answer: reading the primary.", alias)
            connections[alias].close()
    return None


class ReplicaRouter:
    """Reads where :func:`reads_from` says (the primary by default), writes on the primary."""

    def db_for_read(self, model, **hints):
        return _reads.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
