"""Shared test set-up.

Hashed static storage needs ``collectstatic``; tests use plain storage instead so that the
suite runs from a fresh clone.
"""

import socket

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _page_cache_per_test():
    """The page cache (config/page_cache.py) outlives a test's database, which is rolled back
    without a write the cache would see: each test starts on a new generation."""
    from config import page_cache

    page_cache.invalidate()


@pytest.fixture
def no_connections(monkeypatch):
    """Any socket connecting fails the test: what is refused is refused before connecting.
    Returns the addresses it was asked to connect to."""
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise AssertionError(f"connected to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture
def live_pages(settings):
    """Pages rendered live, never from the cache (``CACHE_URL=dummy://``)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, live_pages):
    """pytest-django's, on live pages (see ``assert_queries``)."""
    return django_assert_num_queries


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, live_pages):
    return django_assert_max_num_queries


@pytest.fixture
def assert_queries(live_pages):
    """``with assert_queries(4): ...``: exactly that many queries on the default database and
    none on any other alias (a replica or a second database added later counts too).
    Pages are rendered live (``live_pages``): a budget is what a render costs."""
    from contextlib import ExitStack, contextmanager

    from django.conf import settings
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def exactly(count: int):
        with ExitStack() as stack:
            # The primary, and every replica that pages read (a mirror no test turned on
            # cannot be read in a test that does not commit).
            captured = {
                alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
                for alias in (DEFAULT_DB_ALIAS, *settings.READ_REPLICAS)
            }
            yield captured[DEFAULT_DB_ALIAS]
        counts = {alias: len(queries) for alias, queries in captured.items()}
        expected = {alias: count if alias == DEFAULT_DB_ALIAS else 0 for alias in counts}
        sql = "\n".join(
            f"  {alias}: {query['sql'][:150]}"
            for alias, queries in captured.items()
            for query in queries.captured_queries
        )
        assert counts == expected, f"queries per database {counts}, expected {expected}:\n{sql}"

    return exactly


@pytest.fixture
def editor(db):
    """A staff member of the "Editors" group (the data migrations' permissions)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("edith", password="unused-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    """The test client, logged in as ``editor``."""
    client.force_login(editor)
    return client
