"""Editors see how many alerts follow each search and what went out, never an address unless
they hold ``alerts.view_addresses``; ``manage.py send_alerts`` enqueues or sends what is due."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts.models import Alert, AlertSearch
from alerts.sending import send_alert
from tests.alerts.conftest import subscribe, subscribe_and_confirm
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(client):
    """Two confirmed alerts and one pending for "vision", one for remote jobs; one email."""
    one = subscribe_and_confirm(client, "first@example.org", "q=vision")
    subscribe_and_confirm(client, "second@example.org", "q=vision")
    subscribe(client, "pending@example.org", "q=vision")
    subscribe_and_confirm(client, "third@example.org", "workplace=remote")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        JobFactory(title="Vision Engineer")
        JobFactory(title="Vision Scientist")
        send_alert(one.pk)
    return AlertSearch.objects.get(query="q=vision")


def test_an_editor_sees_the_counts_per_search_and_no_address(client, editor, followed):
    client.force_login(editor)
    page = client.get("/admin/alerts/alertsearch/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jobs matching “vision”" in html
    row = html.split("Jobs matching “vision”")[1].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]
    assert cells[:4] == ["2", "1", "1", "2"]  # confirmed, pending, emails, listings
    detail = client.get(f"/admin/alerts/alertsearch/{followed.pk}/change/")
    assert detail.status_code == 200
    for response in (page, detail, client.get("/admin/")):
        assert "@example.org" not in response.content.decode()
    assert client.get("/admin/alerts/subscriber/").status_code == 403
    assert client.get("/admin/alerts/alert/").status_code == 404  # not in the admin at all


def test_the_counts_are_read_only(client, editor, followed):
    client.force_login(editor)
    response = client.post(
        f"/admin/alerts/alertsearch/{followed.pk}/change/", {"emails_sent": "999"}
    )
    assert response.status_code == 403
    followed.refresh_from_db()
    assert followed.emails_sent == 1


def test_the_dedicated_permission_shows_the_addresses(client, editor, followed):
    editor.user_permissions.add(Permission.objects.get(codename="view_addresses"))
    editor = User.objects.get(pk=editor.pk)  # permissions are cached on the instance
    client.force_login(editor)
    page = client.get("/admin/alerts/subscriber/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "first@example.org" in html and "pending@example.org" in html


def test_send_alerts_now_sends_what_is_due_in_the_foreground(client):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    subscribe_and_confirm(client, "b@example.org", "q=nothing-matches-this")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        JobFactory(title="Vision Engineer")
    before = len(mail.outbox)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        out = StringIO()
        call_command("send_alerts", "--now", stdout=out)
        assert "2 due alert(s): 1 email(s) sent with 1 listing(s)." in out.getvalue()
        assert len(mail.outbox) == before + 1
        assert mail.outbox[-1].to == ["a@example.org"]
        # Run again at once: nothing is due, nothing is sent.
        again = StringIO()
        call_command("send_alerts", "--now", stdout=again)
    assert "1 due alert(s): 0 email(s)" in again.getvalue()
    assert len(mail.outbox) == before + 1
    alert.refresh_from_db()
    assert alert.emails_sent == 1


def test_send_alerts_enqueues_a_task_per_due_alert(client, settings):
    subscribe_and_confirm(client, "a@example.org", "q=vision")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        JobFactory(title="Vision Engineer")
    before = len(mail.outbox)
    out = StringIO()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        call_command("send_alerts", stdout=out)  # tasks run where enqueued in the suite
    assert "Enqueued 1 due alert(s)." in out.getvalue()
    assert len(mail.outbox) == before + 1


def test_send_alerts_deletes_alerts_left_unconfirmed(client):
    subscribe(client, "late@example.org", "q=vision")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        out = StringIO()
        call_command("send_alerts", "--now", stdout=out)
    assert "Deleted 1 alert(s) left unconfirmed." in out.getvalue()
    assert not Alert.objects.exists()


def test_a_failing_address_does_not_stop_the_others_and_the_command_fails(client, monkeypatch):
    subscribe_and_confirm(client, "a@example.org", "q=vision")
    subscribe_and_confirm(client, "b@example.org", "q=vision")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        JobFactory(title="Vision Engineer")
    from alerts import sending

    real = sending.EmailMultiAlternatives.send

    def refuse_one(self, *args, **kwargs):
        if self.to == ["a@example.org"] and "new job" in self.subject:
            raise OSError("connection refused")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(sending.EmailMultiAlternatives, "send", refuse_one)
    err = StringIO()
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=10)),
        pytest.raises(CommandError, match="1 alert"),
    ):
        call_command("send_alerts", "--now", stdout=StringIO(), stderr=err)
    assert "OSError: connection refused" in err.getvalue()
    assert mail.outbox[-1].to == ["b@example.org"]
    assert Alert.objects.get(subscriber__email="a@example.org").last_sent_at is None
