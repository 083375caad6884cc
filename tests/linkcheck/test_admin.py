"""The listings' admin: a "Link broken" filter and an "apply link" column, for an editor, at a
fixed number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkcheck.admin import link_status
from linkcheck.models import ApplyLinkCheck, Outcome
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/jobs/job/"
BROKEN_SINCE = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)


def checked(job, outcome=Outcome.OK, failures=0, status=200, **fields):
    return ApplyLinkCheck.objects.create(
        job=job,
        url=job.apply_url,
        checked_at=BROKEN_SINCE,
        status=status,
        outcome=outcome,
        failures_in_row=failures,
        **fields,
    )


@pytest.fixture
def listings():
    broken = JobFactory(title="Broken Link Engineer", apply_url="https://example.com/a")
    checked(
        broken,
        Outcome.BROKEN_STATUS,
        2,
        404,
        last_failure="404",
        broken_since=BROKEN_SINCE,
    )
    once = JobFactory(title="Once Failed Scientist", apply_url="https://example.com/b")
    checked(once, Outcome.CLOSED_PAGE, 1, last_failure="closed page")
    fine = JobFactory(title="Working Link Analyst", apply_url="https://example.com/c")
    checked(fine)
    down = JobFactory(title="Unreached Link Analyst", apply_url="https://example.com/d")
    checked(down, Outcome.ERROR, 0, 503, detail="HTTP 503")
    fresh = JobFactory(title="Never Checked Engineer", apply_url="https://example.com/e")
    moved = JobFactory(title="Moved Link Engineer", apply_url="https://example.com/new")
    # A check of the URL the listing had before: it says nothing now.
    ApplyLinkCheck.objects.create(
        job=moved,
        url="https://example.com/old",
        checked_at=BROKEN_SINCE,
        status=404,
        outcome=Outcome.BROKEN_STATUS,
        failures_in_row=3,
        last_failure="404",
        broken_since=BROKEN_SINCE,
    )
    mail_only = JobFactory(title="Mail Only Engineer", apply_url="", apply_email="j@example.org")
    return broken, once, fine, down, fresh, moved, mail_only


def row_of(html: str, title: str) -> str:
    return html.split(f">{title}</a>")[1].split("</tr>")[0]


def titles(client, query: str) -> set[str]:
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return {job.title for job in response.context["cl"].result_list}


def test_the_column_says_how_each_link_is(editor_client, listings):
    response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "apply link" in html.lower()  # the column's header
    assert "Link broken since 4 Jan 2027 (404)" in row_of(html, "Broken Link Engineer")
    assert "Closed page once: checked again on the next run" in row_of(
        html, "Once Failed Scientist"
    )
    assert ">OK</td>" in row_of(html, "Working Link Analyst")
    assert "Not reached: HTTP 503" in row_of(html, "Unreached Link Analyst")
    for title in ("Never Checked Engineer", "Moved Link Engineer", "Mail Only Engineer"):
        assert ">—</td>" in row_of(html, title)
    # Plain text: nothing inline that a strict CSP would block.
    for title in ("Broken Link Engineer", "Working Link Analyst"):
        assert "style=" not in row_of(html, title) and "<script" not in row_of(html, title)


def test_the_filter_finds_broken_working_and_unchecked_links(editor_client, listings):
    assert titles(editor_client, "link_broken=yes") == {"Broken Link Engineer"}
    assert titles(editor_client, "link_broken=no") == {
        "Once Failed Scientist",
        "Working Link Analyst",
        "Unreached Link Analyst",
    }
    assert titles(editor_client, "link_broken=unchecked") == {
        "Never Checked Engineer",
        "Moved Link Engineer",
        "Mail Only Engineer",
    }
    html = editor_client.get(LIST_URL).content.decode()
    assert "By link broken" in html and "Not checked" in html


@pytest.mark.parametrize("value", ["garbage", "", "YES", "1%27%20OR%201=1"])
def test_a_garbage_filter_value_is_ignored_never_a_500(editor_client, listings, value):
    assert len(titles(editor_client, f"link_broken={value}")) == len(listings)


def test_the_column_sorts_the_broken_links_first(editor_client, listings):
    column = editor_client.get(LIST_URL).context["cl"].list_display.index(link_status)
    response = editor_client.get(f"{LIST_URL}?o=-{column}")
    assert response.status_code == 200
    ordered = [job.title for job in response.context["cl"].result_list]
    assert ordered[:2] == ["Broken Link Engineer", "Once Failed Scientist"]
    # The stale check of the moved listing's old URL (3 failures) counts as no check.
    assert set(ordered[-3:]) == {
        "Never Checked Engineer",
        "Moved Link Engineer",
        "Mail Only Engineer",
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("live_pages")
def test_the_column_costs_no_query_per_row(editor_client):
    def add(count: int) -> None:
        for _ in range(count):
            job = JobFactory()
            checked(
                job, Outcome.BROKEN_STATUS, 2, 404, last_failure="404", broken_since=BROKEN_SINCE
            )

    JobFactory()  # one without a check
    add(2)
    few = count_queries(editor_client, LIST_URL)
    few_filtered = count_queries(editor_client, f"{LIST_URL}?link_broken=yes")
    add(28)
    assert count_queries(editor_client, LIST_URL) == few
    assert count_queries(editor_client, f"{LIST_URL}?link_broken=yes") == few_filtered
    html = editor_client.get(LIST_URL).content.decode()
    assert html.count("Link broken since") == 30
