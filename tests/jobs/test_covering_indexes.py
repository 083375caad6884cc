"""Indexes that answer a page without reading the table (PostgreSQL).

The walks newest first of a search's page and of a job page's similar listings read
``job_newest_idx`` alone (migration 0025): it holds every column a page's filters test, short
of the keyword and the place, and what the similar listings compare (the seniority, the title
and the survey title). A salary page's reports come from the salary indexes alone, in amount
order (migration 0026).
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.choices import Workplace
from jobs.salaries import importing
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
    query = urlencode(parameters, doseq=True)
    (sql,) = [sql for sql in queries_of(client, f"/jobs/?{query}") if "card_skill_text" in sql]
    return sql


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def plan_without_table_reads(sql: str, disabled=("seqscan", "bitmapscan", "indexscan")) -> str:
    """The plan PostgreSQL makes for the query when reading the table is its last resort."""
    with connection.cursor() as cursor:
        try:
            for method in disabled:
                cursor.execute(f"SET enable_{method} = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            # Session settings: never left to the tests that follow.
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


SALARY_SURVEY = Path(__file__).resolve().parent.parent / "data" / "salaries" / "survey_small.csv"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("parameters", "in_amount_order"),
    [
        ({"experience": "SE"}, True),
        ({"country": "US"}, True),
        ({"experience": "SE", "country": "US", "year": "2024"}, True),
        ({"employment_type": "CT", "remote_ratio": "100"}, False),
        ({}, False),
    ],
)
def test_a_salary_page_reads_its_reports_from_an_index_alone(client, parameters, in_amount_order):
    """Migration 0026: the reports of a title under any of the page's filters come from an
    index without the table (the planner's choice once the table is vacuumed and a scan of
    the table or a bitmap is off), already in amount order when the filters hold its
    experience level or its country."""
    importing.import_survey(SALARY_SURVEY)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE jobs_salaryreport")
    query = urlencode(parameters)
    (sql,) = [
        sql
        for sql in queries_of(client, f"/salaries/data-engineer/?{query}")
        if "jobs_salaryreport" in sql
    ]
    plan = plan_without_table_reads(sql, disabled=("seqscan", "bitmapscan"))
    assert "Index Only Scan using salary_title_" in plan, plan
    assert ("Sort" not in plan) == in_amount_order, plan


def index_columns(name: str) -> set[str]:
    """The key and INCLUDE columns of an index, from its definition."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [name])
        (definition,) = cursor.fetchone()
    return set(re.findall(r"\w+", " ".join(re.findall(r"\(([^()]*)\)", definition))))


@pytest.mark.parametrize(
    "parameters",
    [{"workplace": "remote", "country": "US"}, EVERY_LISTING_FILTER, {"eligible": "DE"}],
    ids=["facets", "every-filter", "eligible"],
)
def test_the_featured_index_holds_what_a_featured_slice_tests(client, parameters):
    """Migration 0027: every column the featured slice of a page without keyword or place
    tests is in ``job_featured_idx``, so the few hundred featured listings are filtered in
    the index and only the page's rows are read from the table (which of the covering indexes
    the planner walks depends on the board's size: at a test's, the newest-first one)."""
    now = timezone.now()
    for hours in range(10):
        JobFactory(
            featured_until=now + timedelta(days=hours + 1),
            workplace=Workplace.REMOTE,
            country="US",
            eligible="DE",
            published_at=now - timedelta(hours=hours + 1),
        )
    sql = page_query(client, {**parameters, "page": "1"})
    slices = re.findall(r"SELECT pk FROM \((SELECT .*?)\) AS part_\d+", sql)
    (featured_slice,) = [part for part in slices if '"jobs_job"."featured_until" >' in part]
    tested = set(re.findall(r'"jobs_job"\."(\w+)"', featured_slice))
    assert "featured_until" in tested
    assert tested <= index_columns("job_featured_idx"), tested - index_columns("job_featured_idx")
