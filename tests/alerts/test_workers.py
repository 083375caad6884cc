"""The alerts through the real workers: django-tasks-db's ``db_worker`` on the test's database
(SQLite or PostgreSQL, whichever the run uses) and django-tasks-rq's RQ worker on Redis. A
subscription's confirmation and an alert's email go out only when a worker runs the task.

The workers see committed rows only: these tests commit (serialized_rollback puts back the
exchange rates and groups of the data migrations after the flush, for the tests after them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Alert
from config.tasks_url import tasks_config
from tests.alerts.conftest import link_in, subscribe
from tests.factories import JobFactory


def flow(client, run_worker):
    """Subscribe, confirm, a new listing, ``send_alerts``: each email needs the worker."""
    assert subscribe(client, "worker@example.org", "q=vision").status_code == 302
    assert mail.outbox == []  # enqueued, not sent
    run_worker()
    [confirmation] = mail.outbox
    assert client.get(link_in(confirmation, "/alerts/confirm/")).status_code == 200
    later = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(later):
        JobFactory(title="Vision Engineer")
    with time_machine.travel(later + timedelta(minutes=5)):
        call_command("send_alerts", stdout=StringIO())
        assert len(mail.outbox) == 1  # enqueued, not sent
        run_worker()
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "1 new job: Jobs matching “vision”"
    assert Alert.objects.get().emails_sent == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_the_alerts_tasks(client, settings):
    settings.TASKS, _, _ = tasks_config(None)  # the embedded default: the database

    def db_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

    from django_tasks_db.models import DBTaskResult

    flow(client, db_worker)
    assert DBTaskResult.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.fixture
def throwaway_redis():
    """A Redis server of this test's own on a free port (the machine's is shared and never
    flushed; the RQ queue is named "default" as the tasks are), stopped at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        for _ in range(100):
            try:
                if redis.Redis.from_url(url, socket_connect_timeout=0.2).ping():
                    break
            except redis.RedisError:
                time.sleep(0.05)
        else:
            pytest.fail("the throwaway Redis server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_redis_worker_runs_the_alerts_tasks(client, settings, throwaway_redis):
    from django_rq.management.commands.rqworker import Command as RQWorker

    settings.TASKS, settings.RQ_QUEUES, apps = tasks_config(throwaway_redis)
    assert apps == ["django_rq", "django_tasks_rq"]

    def rq_worker():
        call_command(
            RQWorker(),
            "default",
            "--burst",
            "--worker-class",
            "rq.worker.SimpleWorker",  # in this process: it sees the test's outbox
            "--job-class",
            "django_tasks_rq.Job",
        )

    flow(client, rq_worker)
