"""The signed links: confirming (7 days), unsubscribing (a GET never does; a one-click POST
without a CSRF token does), and the page of an address's alerts."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from alerts import tokens
from alerts.models import Alert, AlertSearch, Subscriber
from alerts.sending import send_alert
from tests.alerts.conftest import link_in, subscribe, subscribe_and_confirm
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_the_alert_is_confirmed(client):
    subscribe(client, "a@example.org", "q=vision")
    alert = Alert.objects.get()
    JobFactory(title="Vision Engineer")
    assert send_alert(alert.pk, timezone.now() + timedelta(days=2)) == 0
    assert len(mail.outbox) == 1  # the confirmation only


def test_the_confirmation_link_starts_the_alert_at_the_frequency_asked(client):
    subscribe(client, "a@example.org", "q=vision", "weekly")
    page = client.get(link_in(mail.outbox[0], "/alerts/confirm/"))
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert page["X-Robots-Tag"] == "noindex"
    html = page.content.decode()
    assert "Your alert is on" in html
    assert "a@example.org" in html
    assert "weekly" in html
    alert = Alert.objects.get()
    assert alert.confirmed_at is not None
    assert alert.frequency == "weekly"


def test_opening_the_link_again_changes_nothing(client):
    subscribe(client, "a@example.org", "q=vision")
    link = link_in(mail.outbox[0], "/alerts/confirm/")
    client.get(link)
    first = Alert.objects.get().confirmed_at
    with time_machine.travel(timezone.now() + timedelta(hours=5)):
        assert client.get(link).status_code == 200
    assert Alert.objects.get().confirmed_at == first


def test_a_second_subscription_changes_the_frequency_only_once_confirmed(client):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision", "daily")
    subscribe(client, "a@example.org", "q=vision", "weekly")
    alert.refresh_from_db()
    assert alert.frequency == "daily"
    client.get(link_in(mail.outbox[-1], "/alerts/confirm/"))
    alert.refresh_from_db()
    assert alert.frequency == "weekly"


def test_the_confirmation_link_expires_after_seven_days(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        subscribe(client, "a@example.org", "q=vision")
    link = link_in(mail.outbox[0], "/alerts/confirm/")
    with time_machine.travel(start + timedelta(days=7, minutes=1), tick=False):
        page = client.get(link)
    assert page.status_code == 400
    assert "has expired" in page.content.decode()
    assert Alert.objects.get().confirmed_at is None
    with time_machine.travel(start + timedelta(days=6, hours=23), tick=False):
        assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "WzEsImRhaWx5Il0:1vAAAA:" + "x" * 43,
        "signed elsewhere",  # a valid signature of the site for something else
        "%00%ff",
    ],
)
def test_a_forged_or_broken_link_is_refused_without_a_500(client, token):
    subscribe(client, "a@example.org")
    if token == "signed elsewhere":
        token = signing.dumps(Alert.objects.get().pk)
    for kind in ("confirm", "unsubscribe", "manage"):
        response = client.get(f"/alerts/{kind}/{token}/")
        assert response.status_code in (400, 404), kind
        assert response.status_code != 500
    assert Alert.objects.get().confirmed_at is None


def test_a_link_to_an_alert_that_ended_says_so(client):
    subscribe(client, "a@example.org", "q=vision")
    link = link_in(mail.outbox[0], "/alerts/confirm/")
    Alert.objects.get().end()
    page = client.get(link)
    assert page.status_code == 404
    assert "no longer exists" in page.content.decode()


def an_alert_email(client, email="a@example.org", word="vision"):
    """A confirmed alert for ``q=<word>`` and its first email."""
    alert = subscribe_and_confirm(client, email, f"q={word}")
    JobFactory(title=f"{word} Engineer")
    assert send_alert(alert.pk) == 1
    return alert, mail.outbox[-1]


def test_the_unsubscribe_link_asks_before_it_ends_the_alert(client):
    alert, email = an_alert_email(client)
    link = link_in(email, "/alerts/unsubscribe/")
    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200
    assert "<button" in page.content.decode()
    assert Alert.objects.filter(pk=alert.pk).exists()
    done = client.post(link)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_one_click_unsubscribe_by_the_email_headers_needs_no_csrf_token(client):
    alert, email = an_alert_email(client)
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/alerts/unsubscribe/" in url
    mail_program = Client(enforce_csrf_checks=True)
    path = urlsplit(url).path
    response = mail_program.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()
    # Again: the alert is gone, the answer is the same kind.
    again = mail_program.post(path)
    assert again.status_code == 200
    assert "had already ended" in again.content.decode()


def test_unsubscribing_the_last_alert_deletes_the_address(client):
    _, email_one = an_alert_email(client, word="vision")
    _, email_two = an_alert_email(client, word="pytorch")
    client.post(link_in(email_one, "/alerts/unsubscribe/"))
    assert Subscriber.objects.filter(email="a@example.org").exists()
    page = client.post(link_in(email_two, "/alerts/unsubscribe/"))
    assert "your email address has been deleted" in page.content.decode()
    assert not Subscriber.objects.exists()
    assert not Alert.objects.exists()
    # The editors' counts stay.
    assert AlertSearch.objects.count() == 2


def test_the_manage_page_shows_every_alert_of_the_address_and_ends_any(client):
    one = subscribe_and_confirm(client, "a@example.org", "q=vision")
    two = subscribe_and_confirm(client, "a@example.org", "workplace=remote")
    subscribe_and_confirm(client, "other@example.org", "q=secret")
    link = tokens.manage_token(one.subscriber_id, "a@example.org")
    page = client.get(f"/alerts/manage/{link}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Jobs matching “vision”" in html and "Remote jobs" in html
    assert "secret" not in html and "other@example.org" not in html
    ended = client.post(f"/alerts/manage/{link}/", {"alert": str(one.pk)})
    assert "Ended: Jobs matching “vision”" in ended.content.decode()
    assert list(Alert.objects.filter(subscriber__email="a@example.org")) == [two]
    # Another address's alert id posted here ends nothing.
    other = Alert.objects.get(subscriber__email="other@example.org")
    client.post(f"/alerts/manage/{link}/", {"alert": str(other.pk)})
    assert Alert.objects.filter(pk=other.pk).exists()
    everything = client.post(f"/alerts/manage/{link}/", {"alert": "all"})
    assert "not stored any more" in everything.content.decode()
    assert not Subscriber.objects.filter(email="a@example.org").exists()


def test_the_confirmed_page_and_every_email_link_to_the_manage_page(client):
    _, email = an_alert_email(client)
    manage = link_in(email, "/alerts/manage/")
    assert client.get(manage).status_code == 200
    assert "a@example.org" in client.get(manage).content.decode()


def test_a_manage_link_does_not_open_a_later_owner_of_the_same_id(client):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    link = tokens.manage_token(alert.subscriber_id, "a@example.org")
    alert.end()
    page = client.get(f"/alerts/manage/{link}/")
    assert "not stored any more" in page.content.decode()
