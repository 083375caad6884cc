"""gunicorn's settings in production (read from the project directory, or ``-c`` this file).

Every value can be changed from the environment, so that one image serves every machine:

- ``GUNICORN_BIND`` (default ``127.0.0.1:8000``): where nginx (deploy/nginx.conf) reaches
  this app server; ``0.0.0.0:8000`` when nginx runs on another machine.
- ``WEB_CONCURRENCY``: sync workers, by default ``2 * CPUs + 1`` (gunicorn's advice: while one
  worker waits for PostgreSQL or Redis another uses the CPU).
- ``GUNICORN_TIMEOUT`` (default 30 s): a worker stuck longer is restarted.
- ``GUNICORN_MAX_REQUESTS`` (default 10,000, with a jitter of 10 %): each worker is replaced
  after so many requests, so that a slow leak never grows; the jitter keeps the workers from
  restarting together.
- ``FORWARDED_ALLOW_IPS`` (default ``127.0.0.1``): the proxies whose ``X-Forwarded-*``
  headers are believed (nginx's address); nobody else can claim https or another client
  address.
- ``GUNICORN_ACCESS_LOG``: a path, or ``-`` for stdout; unset, no access log (nginx keeps
  one).

The app servers keep no state of their own: sessions are in the database, the page cache in
Redis (``CACHE_URL``), nothing is written to local files while serving. Any number of them can
stand behind nginx.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# The application is imported once, then the workers are forked: less memory, faster starts.
preload_app = True


def pre_fork(server, worker):
    """Before each worker is forked from the master that imported the application: its
    objects (Django, the URLs, the templates' code) move to the collector's permanent
    generation. The collector then never writes to them, so their memory stays shared with the
    master (measured: 238 -> 181 MB for the master and 3 workers after a few thousand pages),
    and a worker's full collections skip them (80 ms -> 10 to 13 ms each). Measured in
    bench/README.md."""
    gc.freeze()
