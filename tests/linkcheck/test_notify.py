"""The editors' daily email about broken apply links, through ``manage.py check_apply_links
--now`` against the local server: once a day at most, only broken listings, the right people;
and LINKCHECK_UNPUBLISH_BROKEN on and off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs.models import Job
from linkcheck.models import ApplyLinkCheck, BrokenLinksEmail
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)


def check_now() -> str:
    out = StringIO()
    call_command("check_apply_links", "--now", stdout=out)
    return out.getvalue()


def html_of(message) -> str:
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return content


@pytest.fixture
def people(editor):
    """Who may and may not get the email: edith (an editor) and root (a superuser) do."""
    editors = Group.objects.get(name="Editors")
    User.objects.create_superuser("root", email="root@example.org", password="unused-password")
    User.objects.create_user("staffer", email="staffer@example.org", is_staff=True)
    gone = User.objects.create_user("gone", email="gone@example.org", is_staff=True)
    gone.is_active = False
    gone.save()
    gone.groups.add(editors)
    User.objects.create_user("nomail", email="", is_staff=True).groups.add(editors)
    outsider = User.objects.create_user("outsider", email="outsider@example.org")
    outsider.user_permissions.add(Permission.objects.get(codename="change_job"))
    direct = User.objects.create_user("direct", email="direct@example.org", is_staff=True)
    direct.user_permissions.add(Permission.objects.get(codename="change_job"))
    return ["direct@example.org", "edith@example.org", "root@example.org"]


@pytest.fixture
def monday():
    """The clock on a Monday at 03:00 UTC (and running), from before any listing is made."""
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture
def board(monday, base, listing):
    """Three open listings: a dead link, a link to a closed job, a working link."""
    return {
        "dead": listing(
            base + "/missing/30",
            title="Vision Engineer",
            company=CompanyFactory(name="Larchfield Data"),
        ),
        "closed": listing(base + "/to-closed/30", title="NLP Scientist"),
        "fine": listing(base + "/ok/30", title="Data Analyst"),
    }


def test_one_email_a_day_lists_the_broken_listings_to_the_editors(board, people, server):
    with time_machine.travel(MONDAY, tick=True):
        first = check_now()
        assert "0 broken now" in first
        assert mail.outbox == []  # one failure each: nothing broken yet
        second = check_now()
        assert "3 apply link(s): 1 OK, 2 broken now (2 newly broken), 0 not reached" in second
        assert "Emailed 3 editor address(es) about 2 listing(s)." in second

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == people
    assert email.subject == "2 listings have a broken apply link (AI Jobs Board)"
    dead, closed = board["dead"], board["closed"]
    for part in (email.body, html_of(email)):
        assert "Vision Engineer" in part and "Larchfield Data" in part
        assert dead.apply_url in part
        assert "answers 404 Not Found" in part
        assert "NLP Scientist" in part
        assert "the job you are looking for is no longer open" in part
        assert "broken since 4 Jan 2027" in part
        assert f"https://jobs.example.org/admin/jobs/job/{dead.pk}/change/" in part
        assert f"https://jobs.example.org/admin/jobs/job/{closed.pk}/change/" in part
        assert "https://jobs.example.org/admin/jobs/job/?link_broken=yes" in part
        assert "Data Analyst" not in part
        assert "LINKCHECK_UNPUBLISH_BROKEN</code> is off" in part or (
            "LINKCHECK_UNPUBLISH_BROKEN is off" in part
        )
    assert email.body.count("(new)") == 2
    # The longest broken first, then by listing.
    assert email.body.index("Vision Engineer") < email.body.index("NLP Scientist")

    with time_machine.travel(MONDAY + timedelta(hours=20), tick=True):
        check_now()
    assert len(mail.outbox) == 1  # not twice on one day

    with time_machine.travel(MONDAY + timedelta(days=1), tick=True):
        check_now()
    assert len(mail.outbox) == 2  # the next day, still broken: again
    assert "(new)" not in mail.outbox[1].body
    assert Job.objects.visible().filter(pk=dead.pk).exists()  # nothing unpublished

    server.statuses[dead.apply_url.removeprefix(server_base(server))] = 200
    server.statuses[closed.apply_url.removeprefix(server_base(server))] = 200
    with time_machine.travel(MONDAY + timedelta(days=2), tick=True):
        assert "0 broken now" in check_now()
    assert len(mail.outbox) == 2  # nothing broken: no email
    assert list(BrokenLinksEmail.objects.values_list("day", "listings", "recipients")) == [
        (datetime(2027, 1, 5).date(), 2, 3),
        (datetime(2027, 1, 4).date(), 2, 3),
    ]


def server_base(server) -> str:
    return f"http://127.0.0.1:{server.server_port}"


def test_no_email_when_nothing_is_broken(monday, base, listing, people):
    listing(base + "/ok/31")
    listing(base + "/server-error/31")  # not reached: an error, never broken
    with time_machine.travel(MONDAY, tick=True):
        check_now()
        check_now()
    assert mail.outbox == []
    assert not BrokenLinksEmail.objects.exists()


def test_the_setting_names_the_recipients_instead(board, people, settings):
    settings.LINKCHECK_NOTIFY_EMAILS = [
        "jobs-desk@example.org",
        " Ops@example.org",
        "ops@example.org",
    ]
    with time_machine.travel(MONDAY, tick=True):
        check_now()
        check_now()
    assert [email.to for email in mail.outbox] == [["jobs-desk@example.org", "Ops@example.org"]]


def test_nobody_to_tell_sends_nothing_and_tries_again(board):
    with time_machine.travel(MONDAY, tick=True):
        check_now()
        check_now()
    assert mail.outbox == []
    assert not BrokenLinksEmail.objects.exists()


def test_an_email_that_fails_is_sent_by_the_next_run(board, people, monkeypatch):
    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    with time_machine.travel(MONDAY, tick=True):
        check_now()
        monkeypatch.setattr(EmailMultiAlternatives, "send", fail)
        with pytest.raises(CommandError, match="could not be sent"):
            check_now()
        # The checks were written; the email's day and marks were not.
        assert ApplyLinkCheck.objects.filter(failures_in_row=2).count() == 2
        assert not BrokenLinksEmail.objects.exists()
        assert not ApplyLinkCheck.objects.filter(notified_at__isnull=False).exists()
        monkeypatch.undo()
        check_now()
    assert len(mail.outbox) == 1


def test_with_unpublishing_on_a_broken_listing_is_expired_and_the_email_says_so(
    board, people, settings, client
):
    settings.LINKCHECK_UNPUBLISH_BROKEN = True
    dead = board["dead"]
    with time_machine.travel(MONDAY, tick=True):
        check_now()
        assert "Vision Engineer" in client.get("/jobs/").content.decode()  # cached now
        output = check_now()
        moment = timezone.now()
        assert "2 broken now (2 newly broken, 2 expired)" in output
        dead.refresh_from_db()
        assert dead.expires_at <= moment and dead.is_expired(moment)
        assert not Job.objects.visible(moment).filter(pk=dead.pk).exists()
        # The cached list was invalidated: the listing is gone from it at once.
        assert "Vision Engineer" not in client.get("/jobs/").content.decode()
        assert "Data Analyst" in client.get("/jobs/").content.decode()
        assert ApplyLinkCheck.objects.get(job=dead).unpublished_at is not None

    email = mail.outbox[0]
    for part in (email.body, html_of(email)):
        assert "2 of them were expired by the link check" in part
        assert "Expired by the link check on 4 Jan 2027." in part

    with time_machine.travel(MONDAY + timedelta(days=1), tick=True):
        output = check_now()
    assert "Checked 1 apply link(s)" in output  # the expired listings are no longer checked
    assert len(mail.outbox) == 1  # and were told about once: nothing else is broken


def test_with_unpublishing_off_nothing_is_unpublished(board, people):
    with time_machine.travel(MONDAY, tick=True):
        check_now()
        output = check_now()
        assert "expired" not in output
        assert Job.objects.visible().count() == 3
    assert "None of them was unpublished (LINKCHECK_UNPUBLISH_BROKEN is off)" in mail.outbox[0].body


def test_an_editor_who_renews_an_expired_listing_is_not_overruled(board, people, settings):
    """A listing the checker expired and an editor put back is flagged, never expired again."""
    settings.LINKCHECK_UNPUBLISH_BROKEN = True
    dead = board["dead"]
    with time_machine.travel(MONDAY, tick=True):
        check_now()
        check_now()
        dead.refresh_from_db()
        dead.expires_at = timezone.now() + timedelta(days=30)
        dead.save()
        output = check_now()
        assert "newly broken" in output and "expired)" not in output
        assert Job.objects.visible().filter(pk=dead.pk).exists()
