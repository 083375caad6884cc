"""Alerts' test set-up: no subscription limits unless a test sets its own, mail in memory,
tasks run where they are enqueued (tests/settings.py), and helpers that read what was sent."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import TestCase

from alerts.models import Alert


@pytest.fixture(autouse=True)
def _no_alert_limits(settings):
    """The suite subscribes many times from one address: no limit, except in the tests of
    the limits (which use addresses of their own)."""
    settings.ALERTS_CLIENT_RATE_LIMIT = "0"
    settings.ALERTS_ADDRESS_RATE_LIMIT = "0"


def new_ip() -> str:
    """A client address no other test used (the rate limits count per address in the cache,
    which outlives a test)."""
    value = uuid.uuid4().int
    return f"10.{value % 250 + 1}.{value // 250 % 250 + 1}.{value // 62500 % 250 + 1}"


@pytest.fixture
def unique_ip():
    return new_ip()


@pytest.fixture
def unique_email():
    return f"seeker-{uuid.uuid4().hex[:12]}@example.org"


LINK = re.compile(r"https?://[^\s\"<>]+")


def links_in(message, path_part: str) -> list[str]:
    """The paths of the links in an email's text part that contain ``path_part``."""
    return [
        urlsplit(url).path for url in LINK.findall(message.body) if path_part in urlsplit(url).path
    ]


def link_in(message, path_part: str) -> str:
    found = links_in(message, path_part)
    assert found, f"no {path_part} link in:\n{message.body}"
    return found[0]


def subscribe(client, email: str, query: str = "", frequency: str = "daily", **extra):
    """Post the subscription form; the confirmation is enqueued when the request's
    transaction commits, which a test's transaction never does: its callbacks run here."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            "/alerts/new/", {"email": email, "frequency": frequency, "query": query}, **extra
        )


def subscribe_and_confirm(client, email: str, query: str = "", frequency: str = "daily") -> Alert:
    """A confirmed alert, through the pages and the confirmation email, as a visitor would."""
    before = len(mail.outbox)
    assert subscribe(client, email, query, frequency).status_code == 302
    confirmation = mail.outbox[before]
    assert client.get(link_in(confirmation, "/alerts/confirm/")).status_code == 200
    return Alert.objects.get(subscriber__email=email.lower(), search__query=query)
