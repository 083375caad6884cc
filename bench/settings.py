"""Settings of the load test (bench/load.py): production's, with the bench URLs.

Everything comes from ``config.settings`` and the environment (``DJANGO_DEBUG=0``,
``DATABASE_URL``, ...), exactly as in production. Two differences only:

- ``ROOT_URLCONF`` is ``bench.urls``: production's URLs plus ``/bench/bare/``, the floor that
  every page is compared with;
- ``BENCH_STATIC_ROOT``, when set, is where collectstatic writes (a temporary directory), so
  that the load test never touches the project's ``staticfiles/``.

Never used outside bench/load.py: the bare view must not exist in production.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import STATIC_ROOT as PRODUCTION_STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or PRODUCTION_STATIC_ROOT
