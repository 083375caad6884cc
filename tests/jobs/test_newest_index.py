"""On PostgreSQL the walks newest first of a search's page and of a job page's similar
listings read ``job_newest_idx`` alone (migration 0025): the index holds every column a page's
filters test, short of the keyword and the place, and what the similar listings compare (the
seniority, the title and the survey title), so a deep page of a common filter, or a title
word that few open listings share, visits no table page for the listings it passes.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.choices import Workplace
from tests.factories import JobFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("live_pages"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no INCLUDE: the plain index"
    ),
]

# Every filter of the list but the keyword and the place, on its second page.
EVERY_LISTING_FILTER = {
    "seniority": ["SE", "MI"],
    "employment_type": "FT",
    "workplace": ["remote", "hybrid"],
    "country": "US",
    "salary_min": "1000",
    "pay_range": "1",
    "posted": "30",
    "page": "2",
}


def page_query(client, parameters) -> str:
    """The SQL of the query that reads the page's listings (the one with their card columns)."""
    query = "&".join(
        f"{name}={value}"
        for name, values in parameters.items()
        for value in (values if isinstance(values, list) else [values])
    )
    (sql,) = [sql for sql in queries_of(client, f"/jobs/?{query}") if "card_skill_text" in sql]
    return sql


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def plan_without_table_reads(sql: str) -> str:
    """The plan PostgreSQL makes for the query when reading the table is its last resort."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET ALL")
    return plan


@pytest.mark.parametrize(
    "parameters",
    [
        {"workplace": "remote", "page": "3"},
        EVERY_LISTING_FILTER,
        {"eligible": "DE", "page": "2"},
    ],
    ids=["deep-page", "every-filter", "eligible"],
)
def test_a_page_without_keyword_or_place_walks_the_newest_index_alone(client, parameters):
    now = timezone.now()
    for hours in range(60):
        JobFactory(
            workplace=Workplace.REMOTE if hours % 2 else Workplace.HYBRID,
            country="US",
            eligible="DE" if hours % 3 else "",
            published_at=now - timedelta(hours=hours + 1),
        )
    plan = plan_without_table_reads(page_query(client, parameters))
    assert "Index Only Scan Backward using job_newest_idx" in plan, plan


def test_a_keyword_page_still_reads_the_listings_it_tests(client):
    """The keyword is tested on the search text, which the index does not hold (a check that
    the plan above is read from the index because it can be, not whatever the query)."""
    JobFactory.create_batch(3, title="Data engineer")
    plan = plan_without_table_reads(page_query(client, {"q": "engineer"}))
    assert "Index Only Scan Backward using job_newest_idx" not in plan, plan


def test_a_job_pages_similar_listings_walk_the_newest_index_alone(client):
    now = timezone.now()
    job = JobFactory(title="Senior Applied Scientist", survey_title="Data Scientist")
    for hours, title in enumerate(["Applied Scientist", "Research Scientist", "Data Engineer"] * 4):
        JobFactory(
            title=title,
            survey_title="Data Scientist",
            published_at=now - timedelta(hours=hours + 1),
        )
    (sql,) = [sql for sql in queries_of(client, job.get_absolute_url()) if "similarity" in sql]
    plan = plan_without_table_reads(sql)
    # Every candidate branch (a dozen) is an index-only walk; none reads the listings it passes.
    assert "Index Only Scan Backward using job_newest_idx" in plan, plan
    assert "Index Scan Backward using job_newest_idx" not in plan, plan
