"""Settings of the test suite: the project's, plus a read replica for the router's tests.

The replica is Django's test mirror of the default database (the same test database through a
connection of its own). Nothing reads it unless a test turns it on
(``settings.READ_REPLICAS = ["replica"]``, in tests that commit, since a mirror cannot see the
test transaction of the primary): every other test reads the primary as before.
"""

import os

# The suite runs as development does (debug on, the embedded defaults) without reading the
# development .env: what the environment sets still wins (DATABASE_URL, CACHE_URL, ...).
os.environ.setdefault("DJANGO_DEBUG", "1")
# Tasks run where they are enqueued (tests/alerts/test_workers.py runs the real workers), and
# mail stays in memory (django.core.mail.outbox), unless the environment says otherwise.
os.environ.setdefault("TASKS_URL", "immediate://")

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
