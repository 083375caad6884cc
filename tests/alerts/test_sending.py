"""What an alert sends: only listings that match at sending time and became visible since its
last email, never one twice to an address, never an empty email, one email per period."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import sending
from alerts.models import Alert, AlertSearch, SentListing
from alerts.sending import LISTINGS_PER_EMAIL, purge_unconfirmed, send_alert
from jobs.choices import Workplace
from jobs.models import Job
from jobs.services import publish
from tests.alerts.conftest import subscribe, subscribe_and_confirm
from tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


@pytest.fixture
def clock():
    """The clock, moved by ``clock.move_to(start + timedelta(...))``."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def at(clock, **delta):
    clock.move_to(START + timedelta(**delta))
    return START + timedelta(**delta)


def alert_emails():
    return [message for message in mail.outbox if "Confirm your job alert" not in message.subject]


def test_only_listings_that_became_visible_after_confirmation_are_sent(client, clock):
    JobFactory(title="Vision Engineer Old")
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision Engineer New")
    JobFactory(title="Data Analyst")  # does not match
    assert send_alert(alert.pk) == 1
    [email] = alert_emails()
    assert "Vision Engineer New" in email.body
    assert "Vision Engineer Old" not in email.body
    assert "Data Analyst" not in email.body
    assert email.subject == "1 new job: Jobs matching “vision”"


def test_a_listing_imported_with_an_old_publication_date_counts_when_it_became_visible(
    client, clock
):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=2)
    old = JobFactory(title="Vision Engineer", published_at=START - timedelta(days=20))
    assert old.visible_since == START + timedelta(hours=2)
    assert send_alert(alert.pk) == 1
    assert "Vision Engineer" in alert_emails()[0].body


def test_a_listing_imported_as_published_with_an_old_date_is_sent(client, clock, tmp_path):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=3)
    csv_file = tmp_path / "listings.csv"
    old = (START - timedelta(days=10)).date().isoformat()
    expires = (START + timedelta(days=30)).date().isoformat()
    csv_file.write_text(
        "title,company,description,seniority,workplace,country,apply_url,status,"
        "published_at,expires_at\n"
        f"Vision Importer,Acme,Text,SE,remote,GB,https://e.example/1,published,{old},{expires}\n"
    )
    call_command("import_jobs", str(csv_file), stdout=StringIO(), stderr=StringIO())
    imported = Job.objects.get(title="Vision Importer")
    assert imported.visible_since == START + timedelta(hours=3)
    assert send_alert(alert.pk) == 1
    assert "Vision Importer" in alert_emails()[0].body


def test_a_listing_published_from_a_draft_counts_from_its_publication(client, clock):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    draft = JobFactory(
        title="Vision Draft", status=Job.Status.DRAFT, published_at=START - timedelta(days=9)
    )
    assert draft.visible_since is None
    at(clock, hours=2)
    publish(Job.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    assert draft.visible_since == START + timedelta(hours=2)
    assert send_alert(alert.pk) == 1


def test_a_scheduled_listing_is_sent_once_it_is_visible(client, clock):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    JobFactory(title="Vision Engineer Later", published_at=START + timedelta(days=2))
    at(clock, days=1)
    assert send_alert(alert.pk) == 0  # not visible yet: nothing, and no empty email
    assert alert_emails() == []
    at(clock, days=2, hours=1)
    assert send_alert(alert.pk) == 1
    assert "Vision Engineer Later" in alert_emails()[0].body


def test_drafts_expired_and_no_longer_matching_listings_are_not_sent(client, clock):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision Draft", status=Job.Status.DRAFT, published_at=None)
    JobFactory(title="Vision Expiring", expires_at=START + timedelta(hours=3))
    edited = JobFactory(title="Vision Engineer")
    edited.title = "Speech Engineer"
    edited.save()
    at(clock, hours=4)
    assert send_alert(alert.pk) == 0
    assert alert_emails() == []


def test_the_search_is_run_as_the_page_runs_it(client, clock):
    alert = subscribe_and_confirm(
        client, "a@example.org", "seniority=SE&workplace=remote&salary_min=100000"
    )
    at(clock, hours=1)
    JobFactory(title="Remote Senior", workplace=Workplace.REMOTE, city="")
    JobFactory(title="Onsite Senior")
    JobFactory(title="Remote Junior", workplace=Workplace.REMOTE, city="", seniority="EN")
    JobFactory(
        title="Remote Underpaid",
        workplace=Workplace.REMOTE,
        city="",
        salary_min=50000,
        salary_max=60000,
    )
    assert send_alert(alert.pk) == 1
    assert "Remote Senior" in alert_emails()[0].body


def test_never_the_same_listing_twice_to_an_address(client, clock):
    vision = subscribe_and_confirm(client, "a@example.org", "q=vision")
    remote = subscribe_and_confirm(client, "a@example.org", "workplace=remote")
    other = subscribe_and_confirm(client, "b@example.org", "workplace=remote")
    at(clock, hours=1)
    JobFactory(title="Vision Engineer", workplace=Workplace.REMOTE, city="")
    assert send_alert(vision.pk) == 1
    assert send_alert(remote.pk) == 0  # already sent to this address by its other alert
    assert send_alert(other.pk) == 1  # another address gets it
    # A later email looks back over the last hour: still not sent again.
    at(clock, days=1, hours=2)
    JobFactory(title="Vision Scientist")
    assert send_alert(vision.pk) == 1
    assert "Vision Engineer" not in alert_emails()[-1].body
    assert "Vision Scientist" in alert_emails()[-1].body


def test_a_listing_committed_late_is_still_sent_by_the_next_email(client, clock):
    """A listing whose transaction committed after an email's query, with a visible_since
    before that email, is within the next email's look-back."""
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision One")
    assert send_alert(alert.pk) == 1
    late = JobFactory(title="Vision Late")
    Job.objects.filter(pk=late.pk).update(visible_since=START + timedelta(minutes=59))
    at(clock, days=1, hours=1)
    assert send_alert(alert.pk) == 1
    assert "Vision Late" in alert_emails()[-1].body


def test_no_new_listing_no_email_and_the_alert_stays_due(client, clock):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, days=1)
    assert send_alert(alert.pk) == 0
    assert alert_emails() == []
    alert.refresh_from_db()
    assert alert.last_sent_at is None
    assert Alert.objects.due().filter(pk=alert.pk).exists()


@pytest.mark.parametrize(("frequency", "period"), [("daily", 1), ("weekly", 7)])
def test_at_most_one_email_per_period(client, clock, frequency, period):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision", frequency)
    at(clock, hours=1)
    JobFactory(title="Vision One")
    assert send_alert(alert.pk) == 1
    at(clock, hours=2)
    JobFactory(title="Vision Two")
    at(clock, days=period, minutes=59)  # a period after the first email, less one minute
    assert not Alert.objects.due().filter(pk=alert.pk).exists()
    assert send_alert(alert.pk) == 0
    at(clock, days=period, hours=1)
    assert Alert.objects.due().filter(pk=alert.pk).exists()
    assert send_alert(alert.pk) == 1
    assert "Vision Two" in alert_emails()[-1].body
    assert len(alert_emails()) == 2


def test_an_email_lists_at_most_twenty_listings_and_links_to_the_rest(client, clock):
    """The newest twenty, and the search's link for the others (which the email announced:
    later emails send what became visible after it)."""
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    for n in range(LISTINGS_PER_EMAIL + 5):
        JobFactory(title=f"Vision Engineer {n:02d}", published_at=START - timedelta(minutes=n))
    assert send_alert(alert.pk) == LISTINGS_PER_EMAIL
    [email] = alert_emails()
    assert email.subject.startswith(f"{LISTINGS_PER_EMAIL + 5} new jobs:")
    assert "And 5 more: http://127.0.0.1:8000/jobs/?q=vision" in email.body
    assert "Vision Engineer 00" in email.body  # newest first
    assert "Vision Engineer 24" not in email.body
    assert "And 5 more: see them all" in email.alternatives[0][0]


def test_each_listing_shows_title_company_location_salary_and_a_link(client, clock):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    job = JobFactory(
        title="Vision Engineer",
        company=CompanyFactory(name="Nimbus & Co"),
        city="Berlin",
        region="",
        country="DE",
        salary_min=90000,
        salary_max=110000,
        salary_currency_id="EUR",
    )
    unpaid = JobFactory(title="Vision Intern", salary_min=None, salary_max=None)
    send_alert(alert.pk)
    [email] = alert_emails()
    url = f"http://127.0.0.1:8000{job.get_absolute_url()}"
    for part in (email.body, email.alternatives[0][0]):
        assert "Vision Engineer" in part
        assert job.location_display in part
        assert job.salary_display in part
        assert url in part
        assert "No salary given" in part
    assert "Nimbus & Co" in email.body
    html = email.alternatives[0][0]
    assert "Nimbus &amp; Co" in html
    assert '<html lang="en">' in html
    assert "<h1" in html and "<h2" in html
    assert unpaid.get_absolute_url() in html


def test_the_email_carries_the_one_click_unsubscribe_headers(client, clock):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision Engineer")
    send_alert(alert.pk)
    [email] = alert_emails()
    message = email.message()
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/alerts/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.to == ["a@example.org"]


def test_what_was_sent_is_counted_for_the_editors(client, clock):
    one = subscribe_and_confirm(client, "a@example.org", "q=vision")
    two = subscribe_and_confirm(client, "b@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision One")
    JobFactory(title="Vision Two")
    send_alert(one.pk)
    send_alert(two.pk)
    search = AlertSearch.objects.get()
    assert (search.emails_sent, search.listings_sent) == (2, 4)
    assert search.last_sent_at == START + timedelta(hours=1)
    one.refresh_from_db()
    assert (one.emails_sent, one.last_sent_at) == (1, START + timedelta(hours=1))


def test_an_email_that_fails_to_go_leaves_the_alert_as_it_was(client, clock, monkeypatch):
    alert = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision Engineer")

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the server went away")

    monkeypatch.setattr(sending.EmailMultiAlternatives, "send", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_alert(alert.pk)
    alert.refresh_from_db()
    assert (alert.last_sent_at, alert.emails_sent) == (None, 0)
    assert not SentListing.objects.exists()
    assert AlertSearch.objects.get().emails_sent == 0
    monkeypatch.undo()
    assert send_alert(alert.pk) == 1  # the next run sends it


def test_alerts_left_unconfirmed_go_after_a_week_with_their_address(client, clock):
    subscribe(client, "late@example.org", "q=vision")
    confirmed = subscribe_and_confirm(client, "a@example.org", "q=vision")
    at(clock, days=6)
    assert purge_unconfirmed() == 0
    at(clock, days=7, minutes=1)
    assert purge_unconfirmed() == 1
    assert list(Alert.objects.all()) == [confirmed]
    assert not Alert.objects.filter(subscriber__email="late@example.org").exists()


# The transaction (a savepoint in a test), the alert locked with its address and search, the
# exchange rates, the listings, what was sent, the alert's and the search's counters.
SEND_QUERIES = 8


def test_sending_takes_the_same_queries_for_one_listing_and_for_twenty_five(
    client, clock, assert_queries
):
    one = subscribe_and_confirm(client, "a@example.org", "q=vision")
    many = subscribe_and_confirm(client, "b@example.org", "q=vision")
    at(clock, hours=1)
    JobFactory(title="Vision First")
    with assert_queries(SEND_QUERIES):
        assert send_alert(one.pk) == 1
    for n in range(24):
        JobFactory(title=f"Vision {n}", company=CompanyFactory())
    with assert_queries(SEND_QUERIES + 1):  # and the count of all of them, past twenty
        assert send_alert(many.pk) == LISTINGS_PER_EMAIL
