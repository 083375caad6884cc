"""Shared test set-up.

Hashed static storage needs ``collectstatic``; tests use plain storage instead so that the
suite runs from a fresh clone.
"""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def assert_queries():
    """``with assert_queries(4): ...``: exactly that many queries on the default database and
    none on any other alias (a replica or a second database added later counts too)."""
    from contextlib import ExitStack, contextmanager

    from django.db import DEFAULT_DB_ALIAS, connections
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def exactly(count: int):
        with ExitStack() as stack:
            captured = {
                alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
                for alias in connections
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
