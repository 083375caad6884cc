"""End to end through a real SMTP server (aiosmtpd, started by the test on a free port): the
site sends with the SMTP mailer of an ``EMAIL_URL`` with a user and password, the server
checks them and keeps what it receives, and the test reads the messages as a mail program
would, follows their links and unsubscribes in one click."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import Alert, Subscriber
from config.email_url import email_config
from tests.alerts.conftest import LINK, subscribe
from tests.factories import JobFactory

pytestmark = [
    pytest.mark.django_db,
    # A test server on 127.0.0.1 asks for a password without TLS, as production never does.
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]

USER, PASSWORD = "alerts@site", "p@ss word"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_required=True,
        auth_require_tls=False,  # a local test server; production uses STARTTLS on 587
    )
    controller.start()
    url = f"smtp://alerts%40site:p%40ss%20word@127.0.0.1:{port}?timeout=5"
    settings.MAILERS = {"default": email_config(url, Path("/unused"), debug=True)}
    try:
        yield inbox
    finally:
        controller.stop()


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def path_of(text: str, part: str) -> str:
    return next(urlsplit(url).path for url in LINK.findall(text) if part in url)


def test_save_a_search_confirm_receive_new_jobs_and_unsubscribe_in_one_click(client, smtp_server):
    JobFactory(title="Vision Engineer Before")
    assert subscribe(client, "seeker@example.org", "q=vision").status_code == 302
    [(sender, recipients, confirmation)] = smtp_server.messages
    assert recipients == ["seeker@example.org"]
    assert "alerts@localhost" in sender
    assert confirmation["Subject"].startswith("Confirm your job alert")
    text, html = parts(confirmation)
    assert client.get(path_of(text, "/alerts/confirm/")).status_code == 200
    assert path_of(text, "/alerts/confirm/") in html

    later = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(later):
        job = JobFactory(title="Vision Engineer After")
    with time_machine.travel(later + timedelta(minutes=5)):
        call_command("send_alerts", "--now", stdout=StringIO())
    assert len(smtp_server.messages) == 2
    _, recipients, alert = smtp_server.messages[1]
    assert recipients == ["seeker@example.org"]
    assert alert["Subject"] == "1 new job: Jobs matching “vision”"
    assert alert.get_content_type() == "multipart/alternative"
    text, html = parts(alert)
    assert "Vision Engineer After" in text and "Vision Engineer After" in html
    assert "Vision Engineer Before" not in text
    assert job.get_absolute_url() in text
    assert client.get(path_of(text, job.get_absolute_url())).status_code == 200

    # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" to the header's URL.
    header = str(alert["List-Unsubscribe"]).strip("<>")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        urlsplit(header).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Alert.objects.exists()
    assert not Subscriber.objects.exists()


def test_a_mail_server_that_is_down_never_fails_the_visitors_page(client, settings, caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.MAILERS = {
        "default": email_config(f"smtp://127.0.0.1:{closed}?timeout=2", Path("/x"), debug=True)
    }
    response = subscribe(client, "seeker@example.org", "q=vision")
    assert response.status_code == 302  # the task failed, and says so in the log
    assert "send_confirmation state=FAILED" in caplog.text
    assert Alert.objects.filter(subscriber__email="seeker@example.org").exists()
