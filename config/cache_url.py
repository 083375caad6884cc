"""``CACHE_URL``: which cache Django's cache framework (and so the page cache) uses.

- ``redis://[:password@]host:port/db`` (or ``rediss://``): Django's own Redis backend (one
  client per pool: config/redis_cache.py), through redis-py with its hiredis parser, with
  connect and read timeouts of 100 ms so that a dead Redis never holds a request for long
  (config.page_cache then renders pages live);
- ``dummy://``: no cache at all (every page rendered live; the speed benchmark measures so);
- ``locmem://``: one process's memory (tests of the cache itself);
- ``file:///absolute/path``: a directory of files shared by the processes of one machine;
- unset: the embedded default, ``file://`` under the project's ``var/cache/`` (git-ignored),
  which needs no server and is shared by ``make serve``'s workers. (The database cache would
  take SQLite's write lock on every page stored.)
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Seconds: connecting to Redis, and waiting for one answer.
REDIS_TIMEOUT = 0.1


def cache_config(url: str | None, default_directory: Path, key_prefix: str = "") -> dict:
    """The ``CACHES["default"]`` of a ``CACHE_URL``."""
    if not url:
        url = f"file://{default_directory}"
    scheme = urlsplit(url).scheme
    config: dict
    if scheme in ("redis", "rediss"):
        config = {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    elif scheme == "dummy":
        config = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    elif scheme == "locmem":
        config = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif scheme == "file":
        path = urlsplit(url).path
        if not path.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL {url!r}: a file cache needs an absolute path.")
        config = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": path,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    else:
        raise ImproperlyConfigured(
            f"CACHE_URL {url!r}: use redis://, rediss://, file://, locmem:// or dummy://."
        )
    if key_prefix:
        config["KEY_PREFIX"] = key_prefix
    return config
