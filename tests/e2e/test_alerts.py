"""A job seeker saves a search as an email alert, confirms it, gets only new matching jobs and
unsubscribes, in a real browser, without JavaScript and on a phone. The worker is the test
suite's (tasks run where they are enqueued) and mail stays in memory."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Alert, Subscriber
from jobs.choices import Workplace
from tests.e2e.test_mobile import assert_fits_the_phone
from tests.factories import JobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINK = re.compile(r"https?://[^\s\"<>]+")


def link(message, part: str) -> str:
    return next(urlsplit(url).path for url in LINK.findall(message.body) if part in url)


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.ALERTS_CLIENT_RATE_LIMIT = "0"
    settings.ALERTS_ADDRESS_RATE_LIMIT = "0"


def test_save_a_search_confirm_it_get_new_jobs_and_unsubscribe(page_without_js, live_server):
    page = page_without_js
    JobFactory(title="Remote Vision Engineer", workplace=Workplace.REMOTE, city="")
    page.goto(f"{live_server.url}/jobs/?q=vision&workplace=remote")
    page.get_by_role("link", name="Email me new jobs for this search").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Email me new jobs for this search"
    )
    assert "Remote jobs matching “vision”" in page.locator(".lead").inner_text()
    page.get_by_label("Your email address").fill("seeker@example.org")
    page.get_by_label("Weekly").check()
    page.get_by_role("button", name="Email me new jobs").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    [confirmation] = mail.outbox
    assert confirmation.to == ["seeker@example.org"]

    page.goto(live_server.url + link(confirmation, "/alerts/confirm/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your alert is on"
    assert "weekly" in page.locator("main").inner_text()

    later = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(later):
        JobFactory(title="Remote Vision Lead", workplace=Workplace.REMOTE, city="")
    with time_machine.travel(later + timedelta(minutes=5)):
        call_command("send_alerts", "--now", stdout=StringIO())
    alert_email = mail.outbox[-1]
    assert "Remote Vision Lead" in alert_email.body
    assert "Remote Vision Engineer" not in alert_email.body

    page.goto(live_server.url + link(alert_email, "/alerts/unsubscribe/"))
    assert Alert.objects.exists()  # opening the link asks first
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    assert not Subscriber.objects.exists()


def test_the_form_is_usable_by_keyboard_and_says_what_is_wrong(page):
    page.goto("/alerts/new/?seniority=SE")
    page.get_by_label("Your email address").focus()
    page.keyboard.type("not-an-address")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "frequency"
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form
    email = page.get_by_label("Your email address")
    assert email.get_attribute("aria-invalid") == "true"
    assert "valid email address" in page.locator("#email-errors").inner_text()
    assert mail.outbox == []


def test_the_alert_pages_fit_a_phone(phone_page):
    phone_page.goto("/alerts/new/?q=vision&workplace=remote")
    assert_fits_the_phone(phone_page)
