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
