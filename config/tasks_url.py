"""``TASKS_URL``: where background work (Django's Tasks framework: the email alerts) is queued.

- unset: the embedded default, the database (django-tasks-db's ``DatabaseBackend``), worked by
  ``manage.py db_worker`` (``make run`` starts one); the queue is then part of the database's
  transactions and backups;
- ``redis://host:port/db`` (or ``rediss://``): a Redis queue (django-tasks-rq, worked by
  ``manage.py rqworker --job-class django_tasks_rq.Job``). Never the cache's Redis database: a
  cache evicts keys, and an evicted job is lost;
- ``immediate://``: run at once in the process that enqueues (the test suite; no worker).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.RQBackend"
IMMEDIATE_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"
# Seconds a task may run before RQ stops it (sending one alert's email takes well under one).
RQ_JOB_TIMEOUT = 300


def tasks_config(url: str | None) -> tuple[dict, dict, list[str]]:
    """The ``TASKS`` and ``RQ_QUEUES`` settings of a ``TASKS_URL``, and the apps it needs."""
    scheme = urlsplit(url).scheme if url else "database"
    if scheme == "database" or url == "database":
        return {"default": {"BACKEND": DATABASE_BACKEND, "QUEUES": ["default"]}}, {}, []
    if scheme == "immediate":
        return {"default": {"BACKEND": IMMEDIATE_BACKEND}}, {}, []
    if scheme in ("redis", "rediss"):
        queues = {"default": {"URL": url, "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT}}
        tasks = {"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}}
        return tasks, queues, ["django_rq", "django_tasks_rq"]
    raise ImproperlyConfigured(
        f"TASKS_URL: use redis://, rediss:// or immediate:// (unset: the database), "
        f"not {scheme}://."
    )
