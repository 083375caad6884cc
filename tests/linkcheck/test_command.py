"""``manage.py check_apply_links``: enqueues one task by default (the tests' TASKS_URL is
immediate://, so it runs where it is enqueued), ``--now`` checks in the foreground."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend

from linkcheck import tasks
from linkcheck.models import ApplyLinkCheck, Outcome

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("check_apply_links", *args, stdout=out)
    return out.getvalue()


def test_now_checks_in_the_foreground_and_prints_a_summary(base, listing):
    listing(base + "/ok/40")
    listing(base + "/missing/40")
    listing(base + "/server-error/40")
    assert run("--now").strip() == (
        "Checked 3 apply link(s): 1 OK, 0 broken now (0 newly broken), 1 not reached (error)."
    )
    assert ApplyLinkCheck.objects.count() == 3


def test_by_default_one_task_is_enqueued_which_runs_the_check(base, listing):
    job = listing(base + "/missing/41")
    output = run()
    assert output.startswith("Enqueued the check of the apply links (task ")
    # The tests' queue runs a task where it is enqueued: the check ran.
    assert ApplyLinkCheck.objects.get(job=job).outcome == Outcome.BROKEN_STATUS


def test_enqueueing_leaves_the_work_to_the_worker(base, listing, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    listing(base + "/missing/42")
    run()
    run()
    assert [result.task.name for result in default_task_backend.results] == [
        "check_apply_links",
        "check_apply_links",
    ]
    assert [result.args for result in default_task_backend.results] == [[], []]
    assert not ApplyLinkCheck.objects.exists()  # nothing checked until a worker runs it


def test_the_task_returns_the_runs_counts_as_json(base, listing):
    listing(base + "/ok/43")
    result = tasks.check_apply_links.enqueue()
    counts = result.return_value
    assert json.loads(json.dumps(counts)) == counts
    assert counts["checked"] == 1 and counts["ok"] == 1 and counts["email_failed"] is False
