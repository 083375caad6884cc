"""Reads on replicas (config/db_router.py), with Django's replica test settings: the
``replica`` alias of tests/settings.py is a test mirror of the default database.

A mirror reads through a connection of its own, which cannot see a test's transaction: here
the replica alias is given the primary's connection for the test (as Django's live server
tests share theirs), turned on with ``settings.READ_REPLICAS``, and the router's answers are
recorded, so each test sees which alias every read of a page was sent to.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections
from django.test import Client

from config import db_router, page_cache
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["cache", "no cache"])
def replica_on(request, settings, tmp_path, monkeypatch):
    settings.READ_REPLICAS = ["replica"]
    if request.param == "cache":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    mirror = connections["replica"]
    connections["replica"] = connections["default"]
    page_cache.invalidate()
    yield request.param
    connections["replica"] = mirror


@pytest.fixture
def reads(monkeypatch):
    """The aliases the router sent reads to (None: the primary)."""
    answers = []
    original = db_router.ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = original(self, model, **hints)
        answers.append((model._meta.label, alias))
        return alias

    monkeypatch.setattr(db_router.ReplicaRouter, "db_for_read", recording)
    return answers


def listing_reads(answers) -> set:
    return {alias for label, alias in answers if label == "jobs.Job"}


def test_a_visitor_page_is_read_from_the_replica(replica_on, reads):
    JobFactory(title="Replica Role")
    response = Client().get("/jobs/")
    assert response.status_code == 200 and "Replica Role" in response.text
    assert listing_reads(reads) == {"replica"}


def test_an_editor_reads_the_primary_what_they_wrote_included(replica_on, reads):
    job = JobFactory(title="Editor Role")
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("boss", "b@example.com", "x"))
    reads.clear()
    response = editor.get(job.get_absolute_url())
    assert response.status_code == 200 and "Editor Role" in response.text
    assert listing_reads(reads) == {None}


def test_a_replica_behind_the_last_change_is_passed_over(replica_on, reads, monkeypatch):
    """A page rendered after an edit comes from data at least as new as the edit: a replica
    that has not replayed it yet is not read (the cache is never refilled with old pages)."""
    JobFactory(title="Fresh Role")
    monkeypatch.setattr(db_router, "caught_up", lambda alias, position: False)
    response = Client().get("/jobs/")
    assert "Fresh Role" in response.text
    assert listing_reads(reads) == {None}


def test_the_position_to_reach_is_the_primarys_after_the_change(replica_on, monkeypatch):
    """Each invalidation records the primary's WAL position (PostgreSQL), and a page is read
    from a replica only once it has replayed that far."""
    monkeypatch.setattr(db_router, "primary_position", lambda: "0/5000000")
    asked = []
    monkeypatch.setattr(
        db_router, "caught_up", lambda alias, position: asked.append(position) or True
    )
    JobFactory(title="Positioned Role")
    assert "Positioned Role" in Client().get("/jobs/").text
    expected = "0/5000000" if replica_on == "cache" else None
    assert asked == [expected]


def test_a_replica_that_does_not_answer_is_passed_over(replica_on, reads, monkeypatch, caplog):
    JobFactory(title="Primary Role")

    def down(alias, position):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(db_router, "caught_up", down)
    monkeypatch.setattr(connections["replica"], "close", lambda: None)
    with caplog.at_level(logging.WARNING, logger="config.db_router"):
        response = Client().get("/jobs/")
    assert response.status_code == 200 and "Primary Role" in response.text
    assert listing_reads(reads) == {None}
    assert "does not answer" in caplog.text


def test_writes_go_to_the_primary_and_migrations_only_there(replica_on):
    router = db_router.ReplicaRouter()
    with db_router.reads_from("replica"):
        assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "replica"
    assert router.db_for_read(None) is None  # the primary outside a visitor's page
    assert router.allow_migrate("default", "jobs") is True
    assert router.allow_migrate("replica", "jobs") is False
