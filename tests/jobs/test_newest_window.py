"""A page of many matches read from a window of the newest listings (jobs.search.window): the
same listings, in the same order, whether the window holds the page or not."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job
from jobs.search import window
from tests.factories import JobFactory

# Every page rendered live: the same URL is asked twice, with the window and without.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_pages")]


def ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def board(titles_newest_first: list[str]) -> None:
    for hours, title in enumerate(titles_newest_first, start=1):
        JobFactory(title=title, published_at=ago(hours))
    JobFactory(title="Featured data engineer", featured_until=timezone.now() + timedelta(days=2))


def page(client, parameters) -> tuple[list[str], list[str]]:
    """The titles listed, and the SQL the page sent."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/jobs/", parameters)
    assert response.status_code == 200
    return [job.title for job in response.context["jobs"]], [q["sql"] for q in queries]


# A window of 60 listings, tried from one match per row needed: a board of a test's size.
@pytest.fixture
def small_window(monkeypatch):
    monkeypatch.setattr(window, "WINDOW", 60)
    monkeypatch.setattr(window, "MATCHES_PER_ROW", 1)


# Two in three match: the window's 40 hold the first page (24 after the featured one), not
# the second.
MATCHES_NEWEST = [f"Data engineer {n}" if n % 3 else f"Analyst {n}" for n in range(80)]
# The newest 40 listings do not match: the window's 20 matches are short of any page.
MATCHES_OLDER = [f"Analyst {n}" for n in range(40)] + [f"Data engineer {n}" for n in range(60)]


@pytest.mark.parametrize("titles", [MATCHES_NEWEST, MATCHES_OLDER], ids=["in", "beyond"])
@pytest.mark.parametrize(
    "parameters",
    [
        {"q": "engineer"},
        {"q": "engineer", "page": "2"},
        {"q": "data engineer", "seniority": ["SE", "MI", "EN", "EX"]},
    ],
)
def test_the_window_lists_what_the_whole_table_lists(
    client, small_window, monkeypatch, titles, parameters
):
    board(titles)

    listed, sql = page(client, parameters)
    assert any("WITH head AS" in statement for statement in sql)
    monkeypatch.setattr(window, "tries_window", lambda matches, end: False)
    expected, plain_sql = page(client, parameters)

    assert listed == expected
    assert len(sql) == len(plain_sql)
    assert (listed[0] == "Featured data engineer") == ("page" not in parameters)
    assert all("engineer" in title for title in listed)


def test_a_page_of_few_matches_is_read_from_the_whole_table(client):
    board(MATCHES_NEWEST)

    listed, sql = page(client, {"q": "engineer"})

    assert len(listed) == 25
    assert not any("WITH head AS" in statement for statement in sql)


@pytest.mark.parametrize(
    ("matches", "end", "tried"),
    [
        (5000, 25, True),
        (500, 25, True),
        (499, 25, False),
        (100_000, 250, True),
        (100_000, 275, False),  # a deep page: the window would hold too few
        (0, 0, False),
    ],
)
def test_the_window_is_tried_for_many_matches_and_a_near_page(matches, end, tried):
    assert window.tries_window(matches, end) is tried


def test_the_statement_reads_the_window_when_it_holds_the_page_and_the_table_otherwise(
    monkeypatch,
):
    """Each arm on its own: with 10 listings in the window, a page of 5 comes from the window,
    a page of 20 from the whole table (a window that always fell back, or never did, would
    list the same pages above)."""
    monkeypatch.setattr(window, "WINDOW", 10)
    board([f"Data engineer {n}" for n in range(30)])
    now = timezone.now()
    newest = Job.objects.visible(now).filter(featured_until__isnull=True).order_by("-published_at")

    def ids(sql_and_params):
        with connection.cursor() as cursor:
            cursor.execute(*sql_and_params)
            return [pk for (pk,) in cursor.fetchall()]

    def expected(count):
        return list(newest.values_list("pk", flat=True)[:count])

    assert ids(window.newest_page(newest[:5], 5, now)) == expected(5)
    # 20 rows expected, 10 in the window: the whole table's 20.
    assert sorted(ids(window.newest_page(newest[:20], 20, now))) == sorted(expected(20))
    # Told to expect none, the statement keeps what the window holds: its 10 rows, not 20.
    assert sorted(ids(window.newest_page(newest[:20], 0, now))) == sorted(expected(10))
