"""The Apply button's redirect (/jobs/<id>/apply/): a person's click is counted per listing per
day and sent to the listing's own apply URL or email; robots and HEAD requests are sent on
uncounted; anything but a visible listing is the 404 page; a failed count never stops the
redirect; nothing about the visitor is stored."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.db import DatabaseError, connection
from django.utils import timezone

from clicks.models import ApplyClick
from jobs.models import Job
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def browser(client):
    """The test client as a person's browser (its User-Agent names no robot)."""
    client.defaults["HTTP_USER_AGENT"] = FIREFOX
    return client


def apply_path(job_or_pk) -> str:
    return f"/jobs/{getattr(job_or_pk, 'pk', job_or_pk)}/apply/"


def counts() -> dict[tuple[int, date], int]:
    return {(row.job_id, row.day): row.count for row in ApplyClick.objects.all()}


def utc_today() -> date:
    return timezone.now().astimezone(UTC).date()


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


# -- Where it sends the visitor, and what it counts ---------------------------------------


def test_a_click_is_counted_and_redirected_to_the_listings_apply_url(browser):
    job = JobFactory(apply_url="https://acme.example/careers/42?src=board")

    response = browser.get(apply_path(job))

    assert response.status_code == 302
    assert response["Location"] == "https://acme.example/careers/42?src=board"
    assert counts() == {(job.pk, utc_today()): 1}

    browser.get(apply_path(job))
    browser.get(apply_path(job))
    assert counts() == {(job.pk, utc_today()): 3}


def test_an_email_listing_redirects_to_mailto_its_address(browser):
    job = JobFactory(apply_url="", apply_email="jobs@acme.example")

    response = browser.get(apply_path(job))

    assert response.status_code == 302
    assert response["Location"] == "mailto:jobs@acme.example"
    assert counts() == {(job.pk, utc_today()): 1}


def test_a_quoted_address_stays_one_address_in_the_mailto_redirect(browser):
    job = JobFactory(apply_url="", apply_email='"x?bcc=spy@evil.example"@acme.example')

    location = browser.get(apply_path(job))["Location"]

    assert location == "mailto:%22x%3Fbcc%3Dspy@evil.example%22@acme.example"
    assert "?" not in location and "&" not in location


def test_the_apply_url_wins_over_the_email_as_on_the_page(browser):
    job = JobFactory(apply_url="https://acme.example/apply", apply_email="jobs@acme.example")

    assert browser.get(apply_path(job))["Location"] == "https://acme.example/apply"


def test_no_parameter_can_choose_the_destination(browser):
    job = JobFactory(apply_url="https://acme.example/apply")

    for query in ("?next=https://evil.example/", "?url=https://evil.example/", "?to=//evil"):
        response = browser.get(apply_path(job) + query)
        assert response["Location"] == "https://acme.example/apply"


def test_each_listing_and_each_day_has_its_own_count(browser):
    first, second = JobFactory(), JobFactory()
    evening = datetime(2026, 3, 1, 23, 59, 30, tzinfo=UTC)
    for job in (first, second):
        Job.objects.filter(pk=job.pk).update(
            published_at=evening - timedelta(days=3), expires_at=evening + timedelta(days=30)
        )

    with time_machine.travel(evening, tick=False) as traveller:
        browser.get(apply_path(first))
        browser.get(apply_path(first))
        browser.get(apply_path(second))
        traveller.move_to(datetime(2026, 3, 2, 0, 0, 30, tzinfo=UTC))  # past midnight UTC
        browser.get(apply_path(first))

    assert counts() == {
        (first.pk, date(2026, 3, 1)): 2,
        (second.pk, date(2026, 3, 1)): 1,
        (first.pk, date(2026, 3, 2)): 1,
    }


def test_the_day_is_utcs_whatever_the_sites_time_zone(browser, settings):
    settings.TIME_ZONE = "America/Los_Angeles"  # 16:30 on March 1st there
    job = JobFactory()
    moment = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)
    Job.objects.filter(pk=job.pk).update(
        published_at=moment - timedelta(days=3), expires_at=moment + timedelta(days=30)
    )

    with time_machine.travel(moment, tick=False):
        browser.get(apply_path(job))

    assert counts() == {(job.pk, date(2026, 3, 2)): 1}


@pytest.mark.parametrize("agent", [FIREFOX, CHROME, SAFARI_IPHONE])
def test_browsers_are_counted(client, agent):
    job = JobFactory()

    response = client.get(apply_path(job), HTTP_USER_AGENT=agent)

    assert response.status_code == 302
    assert counts() == {(job.pk, utc_today()): 1}


@pytest.mark.parametrize(
    "agent",
    [
        None,  # no User-Agent header at all
        "",
        "   ",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
        "CCBot/2.0 (https://commoncrawl.org/faq/)",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "AIJobsBoard/1.0 (+https://jobs.example.org; link checker)",
    ],
)
def test_obvious_robots_are_redirected_but_not_counted(client, agent):
    job = JobFactory(apply_url="https://acme.example/apply")
    headers = {} if agent is None else {"HTTP_USER_AGENT": agent}

    response = client.get(apply_path(job), **headers)

    assert response.status_code == 302
    assert response["Location"] == "https://acme.example/apply"
    assert counts() == {}


def test_head_requests_are_redirected_but_not_counted(browser):
    job = JobFactory(apply_url="https://acme.example/apply")

    response = browser.head(apply_path(job))

    assert response.status_code == 302
    assert response["Location"] == "https://acme.example/apply"
    assert response.content == b""
    assert counts() == {}


def test_a_browsers_prefetch_is_not_counted(browser):
    job = JobFactory(apply_url="https://acme.example/apply")

    response = browser.get(apply_path(job), HTTP_SEC_PURPOSE="prefetch")

    assert response.status_code == 302
    assert counts() == {}


# -- What it refuses ------------------------------------------------------------------------


def expired_listing():
    now = timezone.now()
    return JobFactory(published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1))


def draft_listing():
    return JobFactory(status=Job.Status.DRAFT, published_at=None)


def scheduled_listing():
    return JobFactory(published_at=timezone.now() + timedelta(days=2))


def listing_without_a_way_to_apply():
    return JobFactory(apply_url="", apply_email="")


def listing_with_a_javascript_link():
    # Written around the validators, as rows from before them could be.
    job = JobFactory()
    Job.objects.filter(pk=job.pk).update(apply_url="javascript:alert(1)")
    return job


@pytest.mark.parametrize(
    "make_path",
    [
        pytest.param(lambda: apply_path(expired_listing()), id="expired"),
        pytest.param(lambda: apply_path(draft_listing()), id="draft"),
        pytest.param(lambda: apply_path(scheduled_listing()), id="scheduled"),
        pytest.param(lambda: apply_path(listing_without_a_way_to_apply()), id="no-apply-link"),
        pytest.param(lambda: apply_path(listing_with_a_javascript_link()), id="javascript-link"),
        pytest.param(lambda: apply_path(JobFactory().pk + 1000), id="unknown-id"),
        pytest.param(lambda: apply_path(0), id="zero"),
        pytest.param(lambda: apply_path(99999999999999999999999999), id="huge-id"),
        pytest.param(lambda: "/jobs/abc/apply/", id="not-a-number"),
        pytest.param(lambda: "/jobs/-1/apply/", id="negative"),
        pytest.param(lambda: "/jobs/1%00/apply/", id="nul"),
    ],
)
def test_anything_but_a_visible_listing_is_the_404_page_and_not_counted(browser, make_path):
    path = make_path()

    response = browser.get(path)

    assert response.status_code == 404
    assert "Location" not in response
    assert "<h1" in response.content.decode()  # the site's 404 page, not a bare answer
    assert counts() == {}
    assert browser.head(path).status_code == 404


def test_other_methods_are_refused_and_not_counted(browser):
    job = JobFactory()

    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(browser, method)(apply_path(job))
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
        assert "no-store" in cache_directives(response)
    assert counts() == {}


def test_every_answer_is_no_store_and_noindex(browser):
    job = JobFactory()

    for response in (
        browser.get(apply_path(job)),
        browser.head(apply_path(job)),
        browser.get(apply_path(expired_listing())),
        browser.post(apply_path(job)),
    ):
        assert "no-store" in cache_directives(response), response.status_code
        assert response["X-Robots-Tag"] == "noindex"


def test_the_url_is_not_mistaken_for_a_job_page_slug(browser):
    # /jobs/<id>/<slug>/ would redirect "apply" to the listing's own page.
    job = JobFactory(slug="apply", apply_url="https://acme.example/apply")

    assert browser.get(apply_path(job))["Location"] == "https://acme.example/apply"


# -- A count that fails ---------------------------------------------------------------------


def test_a_failed_count_still_redirects_and_is_logged(browser, monkeypatch, caplog):
    job = JobFactory(apply_url="https://acme.example/apply")

    def broken(*args, **kwargs):
        raise DatabaseError("the database is read-only")

    monkeypatch.setattr(ApplyClick.objects, "filter", broken)
    with caplog.at_level(logging.WARNING, logger="clicks.views"):
        response = browser.get(apply_path(job))

    assert response.status_code == 302
    assert response["Location"] == "https://acme.example/apply"
    assert f"Apply click on listing {job.pk} not counted" in caplog.text


def test_a_database_error_in_the_count_is_rolled_back_alone(browser):
    """A real error of the database (the table cannot be found): the count's savepoint is
    rolled back, the redirect comes, and the request's transaction is still usable."""
    job = JobFactory(apply_url="https://acme.example/apply")

    def missing_table(execute, sql, params, many, context):
        return execute(
            sql.replace("clicks_applyclick", "clicks_no_such_table"), params, many, context
        )

    with connection.execute_wrapper(missing_table):
        response = browser.get(apply_path(job))

    assert response.status_code == 302
    assert response["Location"] == "https://acme.example/apply"
    assert Job.objects.filter(pk=job.pk).exists()  # PostgreSQL: no aborted transaction
    assert counts() == {}


def test_two_first_clicks_at_once_add_up(browser, monkeypatch):
    """Another worker inserts the day's row between this click's UPDATE (no row yet) and its
    INSERT: the INSERT hits the unique constraint and the click is added to that row."""
    from django.db.models import QuerySet

    job = JobFactory()
    ApplyClick.objects.create(job=job, day=utc_today(), count=5)  # the other worker's row
    real_update = QuerySet.update
    calls = []

    def first_update_sees_no_row(self, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1 and self.model is ApplyClick:
            return 0
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", first_update_sees_no_row)
    response = browser.get(apply_path(job))

    assert response.status_code == 302
    assert len(calls) == 2
    assert counts() == {(job.pk, utc_today()): 6}


# -- Nothing about the visitor --------------------------------------------------------------


def test_a_click_stores_a_count_and_nothing_about_who_clicked(browser):
    fields = {field.name for field in ApplyClick._meta.get_fields()}
    assert fields == {"id", "job", "day", "count"}

    job = JobFactory()
    response = browser.get(
        apply_path(job), REMOTE_ADDR="203.0.113.7", HTTP_REFERER="https://news.example/"
    )

    assert response.cookies == {}
    assert "Set-Cookie" not in response
    row = ApplyClick.objects.values().get()
    assert row == {"id": row["id"], "job_id": job.pk, "day": utc_today(), "count": 1}


# -- Queries --------------------------------------------------------------------------------


def test_query_budget_of_a_click(browser, assert_queries):
    job = JobFactory()
    expired = expired_listing()

    # The listing; the count in its savepoint: UPDATE (no row yet), INSERT.
    with assert_queries(5):
        assert browser.get(apply_path(job)).status_code == 302
    # The listing; SAVEPOINT, UPDATE, RELEASE.
    with assert_queries(4):
        assert browser.get(apply_path(job)).status_code == 302
    # A robot, HEAD, a refused listing: the listing only.
    with assert_queries(1):
        browser.get(apply_path(job), HTTP_USER_AGENT="curl/8.5.0")
    with assert_queries(1):
        browser.head(apply_path(job))
    with assert_queries(1):
        assert browser.get(apply_path(expired)).status_code == 404
    assert counts() == {(job.pk, utc_today()): 2}


# -- The job page's Apply links -------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = {**dict(attrs), "text": ""}
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def apply_links(html: str) -> list[dict]:
    parser = Links()
    parser.feed(html)
    return [link for link in parser.links if link["text"].startswith("Apply")]


def test_the_job_pages_apply_buttons_go_through_the_counted_redirect(browser):
    job = JobFactory(slug="ml-engineer", apply_url="https://acme.example/careers/42")

    html = browser.get(f"/jobs/{job.pk}/ml-engineer/").content.decode()

    links = apply_links(html)
    assert [(link["text"], link["href"], link["rel"]) for link in links] == [
        ("Apply on the company's site", f"/jobs/{job.pk}/apply/", "nofollow noopener"),
        ("Apply for this job", f"/jobs/{job.pk}/apply/", "nofollow noopener"),
    ]
    assert 'href="https://acme.example/careers/42"' not in html
    # Followed as a visitor would: counted, and on to the company's page.
    response = browser.get(links[0]["href"])
    assert response["Location"] == "https://acme.example/careers/42"
    assert counts() == {(job.pk, utc_today()): 1}


def test_an_email_listings_page_says_apply_by_email(browser):
    job = JobFactory(slug="by-email", apply_url="", apply_email="jobs@acme.example")

    links = apply_links(browser.get(f"/jobs/{job.pk}/by-email/").content.decode())

    assert [link["text"] for link in links] == ["Apply by email", "Apply for this job"]
    assert {link["href"] for link in links} == {f"/jobs/{job.pk}/apply/"}
    assert browser.get(links[0]["href"])["Location"] == "mailto:jobs@acme.example"


def test_an_editors_preview_links_straight_to_the_apply_url_uncounted(client):
    editor = User.objects.create_user("edith", password="unused-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    job = JobFactory(
        slug="draft", status=Job.Status.DRAFT, published_at=None, apply_url="https://acme.example/a"
    )

    html = client.get(f"/jobs/{job.pk}/draft/").content.decode()

    assert "Preview: not public" in html
    # The counted redirect answers 404 for a draft: the preview keeps the real link.
    assert [link["href"] for link in apply_links(html)] == ["https://acme.example/a"]


def test_an_expired_listings_page_has_no_apply_link(browser):
    job = expired_listing()

    html = browser.get(job.get_absolute_url()).content.decode()

    assert apply_links(html) == []
    assert "/apply/" not in html
