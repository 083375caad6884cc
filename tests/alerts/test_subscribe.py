"""Subscribing: the page of a search, double opt-in, the same answer for every address, the
honeypot, the limits, and bad input answered with the form, never a 500."""

from __future__ import annotations

import pytest
from django.core import mail

from alerts.models import Alert, AlertSearch, Subscriber
from tests.alerts.conftest import link_in, new_ip, subscribe
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_the_list_page_links_each_search_to_its_alert_page(client):
    JobFactory(title="PyTorch Engineer")
    page = client.get("/jobs/?q=pytorch&seniority=SE&sort=salary&page=1")
    html = page.content.decode()
    assert 'href="/alerts/new/?q=pytorch&amp;seniority=SE' in html
    assert "Email me new jobs for this search" in html
    # The cached list page carries the link only: no form, no CSRF token of its own.
    assert "csrfmiddlewaretoken" not in html.split('class="results-links"')[1].split("</p>")[0]


def test_the_page_shows_the_search_in_words_and_keeps_its_canonical_query(client):
    page = client.get("/alerts/new/?workplace=remote&seniority=SE&sort=salary&page=3")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Senior-level / Expert remote jobs" in html
    # Canonical: the filters in a fixed order, no sort, no page.
    assert 'name="query" value="seniority=SE&amp;workplace=remote"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    assert '<label for="id_email">Your email address</label>' in html
    assert "<legend>How often</legend>" in html


def test_a_search_with_ignored_parts_says_so(client):
    page = client.get("/alerts/new/?q=vision&salary_min=abc")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ignored salary_min=abc" in html
    assert 'name="query" value="q=vision"' in html


def test_subscribing_records_an_unconfirmed_alert_and_sends_the_confirmation(client):
    response = subscribe(client, "  Seeker@Example.ORG ", "q=pytorch", "weekly")
    assert response.status_code == 302
    assert response["Location"] == "/alerts/sent/"
    alert = Alert.objects.get()
    assert alert.subscriber.email == "seeker@example.org"
    assert alert.search.query == "q=pytorch"
    assert alert.search.headline == "Jobs matching “pytorch”"
    assert alert.confirmed_at is None
    [confirmation] = mail.outbox
    assert confirmation.to == ["seeker@example.org"]
    assert "Confirm your job alert" in confirmation.subject
    assert "pytorch" in confirmation.subject
    assert "weekly" in confirmation.body
    assert link_in(confirmation, "/alerts/confirm/")
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    sent = client.get("/alerts/sent/")
    assert "Check your inbox" in sent.content.decode()


def test_the_query_posted_is_made_canonical_again(client):
    subscribe(client, "a@example.org", "workplace=remote&seniority=SE&sort=salary&page=9")
    assert AlertSearch.objects.get().query == "seniority=SE&workplace=remote"


def test_one_search_is_kept_once_for_every_address(client):
    subscribe(client, "a@example.org", "q=vision")
    subscribe(client, "b@example.org", "q=vision")
    subscribe(client, "a@example.org", "q=vision")  # again: the same alert, a new link
    assert AlertSearch.objects.count() == 1
    assert Subscriber.objects.count() == 2
    assert Alert.objects.count() == 2
    assert len(mail.outbox) == 3


def test_the_answer_is_the_same_for_a_known_address_and_a_new_one(client):
    subscribe(client, "known@example.org", "q=vision")
    link_in(mail.outbox[-1], "/alerts/confirm/")
    client.get(link_in(mail.outbox[-1], "/alerts/confirm/"))
    known = subscribe(client, "known@example.org", "q=vision")
    new = subscribe(client, "new@example.org", "q=vision")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert client.get(known["Location"]).content == client.get(new["Location"]).content


def test_the_honeypot_answers_as_usual_and_records_nothing(client):
    response = client.post(
        "/alerts/new/",
        {"email": "bot@example.org", "frequency": "daily", "query": "", "website": "spam.example"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/alerts/sent/"
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(client):
    html = client.get("/alerts/new/").content.decode()
    trap = html.split('class="form-trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in html.split('class="form-trap"')[1][:40]
    assert 'tabindex="-1"' in trap


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address", "frequency": "daily"}, "email", "valid email address"),
        ({"email": "", "frequency": "daily"}, "email", "This field is required"),
        ({"email": "a@example.org", "frequency": "hourly"}, "frequency", "Choose daily or weekly"),
        ({"email": "a@example.org"}, "frequency", "This field is required"),
        (
            {"email": "a@example.org", "frequency": "daily", "query": "q=" + "x" * 2100},
            "query",
            "too long to follow by email",
        ),
        (
            {"email": "a@example.org", "frequency": "daily", "query": "q=a\x00b"},
            "query",
            "",
        ),
        ({"email": "a" * 250 + "@example.org", "frequency": "daily"}, "email", ""),
    ],
)
def test_bad_input_shows_the_form_with_the_error_and_records_nothing(client, data, field, message):
    response = client.post("/alerts/new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Alert.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "query",
    [
        "salary_min=-5&currency=XXX",
        "posted=%ZZ&page=-1",
        "seniority=<script>&q=" + "%F0%9F%92%A5" * 50,
        "country=ü&eligible=;;;&location=" + "a" * 500,
    ],
)
def test_garbage_searches_give_the_page_never_a_500(client, query):
    assert client.get(f"/alerts/new/?{query}").status_code == 200
    assert subscribe(client, "g@example.org", query).status_code == 302


def test_hostile_text_in_a_search_is_escaped_on_the_page_and_in_the_email(client):
    query = "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    html = client.get(f"/alerts/new/?{query}").content.decode()
    assert "<script>alert(1)" not in html
    subscribe(client, "h@example.org", "q=<script>alert(1)</script>")
    [confirmation] = mail.outbox
    assert "<script>alert(1)" not in confirmation.alternatives[0][0]
    assert "\n" not in confirmation.subject


def test_too_many_subscriptions_from_one_client_get_429(client, settings, unique_ip):
    settings.ALERTS_CLIENT_RATE_LIMIT = "2/hour"
    for n in range(2):
        assert subscribe(client, f"r{n}@example.org", REMOTE_ADDR=unique_ip).status_code == 302
    refused = subscribe(client, "r9@example.org", REMOTE_ADDR=unique_ip)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many subscriptions" in refused.content.decode()
    assert not Subscriber.objects.filter(email="r9@example.org").exists()
    assert subscribe(client, "r9@example.org", REMOTE_ADDR=new_ip()).status_code == 302


def test_an_address_gets_few_confirmation_emails_and_nobody_can_tell(
    client, settings, unique_email
):
    settings.ALERTS_ADDRESS_RATE_LIMIT = "2/day"
    answers = [subscribe(client, unique_email, f"q=term{n}") for n in range(4)]
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, "/alerts/sent/")
    }
    assert len([m for m in mail.outbox if m.to == [unique_email]]) == 2


def test_the_page_works_without_javascript_and_has_no_inline_script(client):
    html = client.get("/alerts/new/?q=ml").content.decode()
    assert '<form method="post" action="/alerts/new/"' in html
    assert "<script>" not in html
    assert 'type="submit"' in html
