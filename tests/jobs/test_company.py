"""The company page: who the company is and its open listings."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory

pytestmark = pytest.mark.django_db


def linked_listings(html: str) -> list[int]:
    """The ids of the listings the page links to, in page order (whatever the card looks like)."""
    ids: list[int] = []
    for found in re.findall(r'href="/jobs/(\d+)/', html):
        if int(found) not in ids:
            ids.append(int(found))
    return ids


def test_company_page_shows_the_company_and_its_visible_listings_newest_first(client):
    now = timezone.now()
    company = CompanyFactory(
        name="Deep Signal Labs",
        slug="deep-signal-labs",
        website="https://deepsignal.example",
        description="We build forecasting models for energy grids.",
    )
    older = JobFactory(title="Older Role", company=company, published_at=now - timedelta(days=9))
    newest = JobFactory(title="Newest Role", company=company, published_at=now - timedelta(days=1))
    middle = JobFactory(title="Middle Role", company=company, published_at=now - timedelta(days=4))
    JobFactory(title="Draft Role", company=company, status=Job.Status.DRAFT, published_at=None)
    JobFactory(
        title="Expired Role",
        company=company,
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=2),
    )
    JobFactory(title="Scheduled Role", company=company, published_at=now + timedelta(days=2))
    JobFactory(title="Someone Else's Role", company=CompanyFactory(name="Other Co"))

    response = client.get("/companies/deep-signal-labs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Deep Signal Labs</h1>" in html
    assert '<span class="company-initials" aria-hidden="true">DS</span>' in html
    assert (
        '<a href="https://deepsignal.example" rel="nofollow noopener">https://deepsignal.example</a>'
    ) in html
    assert "We build forecasting models for energy grids." in html
    assert linked_listings(html) == [newest.pk, middle.pk, older.pk]
    assert "Newest Role" in html
    for hidden in ("Draft Role", "Expired Role", "Scheduled Role", "Someone Else's Role"):
        assert hidden not in html
    assert "Open jobs at Deep Signal Labs" in html
    assert "(3)" in html
    assert "<img" not in html
    assert '<link rel="canonical" href="http://testserver/companies/deep-signal-labs/">' in html
    assert (
        '<meta name="description" content="We build forecasting models for energy grids.">' in html
    )


def test_company_without_website_or_open_listings(client):
    company = CompanyFactory(name="Quiet Co", slug="quiet-co", website="", description="")
    JobFactory(company=company, status=Job.Status.DRAFT, published_at=None)

    response = client.get("/companies/quiet-co/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Quiet Co has no open listings right now." in html
    assert 'rel="nofollow noopener"' not in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<meta name="description" content="Open jobs at Quiet Co.">' in html


@pytest.mark.parametrize("path", ["/companies/nobody/", "/companies/deep-signal-labs-2/"])
def test_unknown_company_is_not_found_in_the_site_layout(client, path):
    CompanyFactory(name="Deep Signal Labs", slug="deep-signal-labs")

    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_company_listings_are_paginated_by_25(client):
    company = CompanyFactory(name="Big Co", slug="big-co")
    now = timezone.now()
    listings = [
        JobFactory(company=company, published_at=now - timedelta(hours=number))
        for number in range(26)
    ]

    first = client.get("/companies/big-co/").content.decode()
    second = client.get("/companies/big-co/?page=2").content.decode()

    assert linked_listings(first) == [listing.pk for listing in listings[:25]]
    assert linked_listings(second) == [listings[25].pk]
    assert "Page 1 of 2" in first
    assert '<a href="?page=2" rel="next">' in first
    assert '<a href="?page=1" rel="prev">' in second


@pytest.mark.parametrize(
    ("page", "expected_page"),
    [("abc", 1), ("-1", 2), ("0", 2), ("99999999999999999999", 2), ("2.5", 1), ("", 1)],
)
def test_garbage_page_numbers_show_a_real_page(client, page, expected_page):
    company = CompanyFactory(name="Big Co", slug="big-co")
    for _ in range(26):
        JobFactory(company=company)

    response = client.get("/companies/big-co/", {"page": page})

    assert response.status_code == 200
    assert f"Page {expected_page} of 2" in response.content.decode()


def company_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/companies/big-co/")
    assert response.status_code == 200
    return len(queries)


def test_company_page_query_count_does_not_grow(client, assert_queries):
    company = CompanyFactory(name="Big Co", slug="big-co")
    skills = [SkillFactory(name=f"Skill {number}") for number in range(5)]
    for _ in range(2):
        JobFactory(company=company, skills=skills[:1])

    # The company, the count of its visible listings, the page with its skill names.
    with assert_queries(3):
        few = company_page_queries(client)

    for _ in range(28):
        JobFactory(company=company, skills=skills)

    # The company, the count of its visible listings, the page with its skill names.
    with assert_queries(3):
        many = company_page_queries(client)
    assert few == many
