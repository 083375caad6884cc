"""/sitemap.xml is an index of sections, each served in pages by /sitemap-<section>.xml?p=N:
visible listings and the companies that have one, nothing else, and pages whose cost does not
grow with the board."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_script_prefix
from django.urls import reverse
from django.utils import timezone

from careers.models import Comparison, Role
from jobs.models import Job
from jobs.sitemaps import JobSitemap
from tests.factories import CompanyFactory, ComparisonFactory, JobFactory, RoleFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECTIONS = ["jobs", "companies", "salaries", "comparisons", "roles"]


def index_entries(client) -> dict[str, str | None]:
    """Each sitemap the index at /sitemap.xml names, with its lastmod (None where none)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return {
        sitemap.findtext("sm:loc", namespaces=NS): sitemap.findtext("sm:lastmod", namespaces=NS)
        for sitemap in root.findall("sm:sitemap", NS)
    }


def section_entries(client, section: str, page: int | None = None) -> dict[str, str | None]:
    """Each URL on one page of a section, in order, with its lastmod."""
    url = f"/sitemap-{section}.xml" + (f"?p={page}" if page else "")
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def listing_url(job: Job) -> str:
    return f"http://testserver{job.get_absolute_url()}"


@pytest.fixture
def two_per_page(monkeypatch):
    """Listing pages of two URLs, to paginate with a handful of listings."""
    monkeypatch.setattr(JobSitemap, "limit", 2)


def test_sitemap_urls_reverse():
    assert reverse("django.contrib.sitemaps.views.index") == "/sitemap.xml"
    assert (
        reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": "jobs"})
        == "/sitemap-jobs.xml"
    )


def test_index_lists_every_section_with_absolute_urls(client):
    JobFactory()
    entries = index_entries(client)
    assert list(entries) == [f"http://testserver/sitemap-{section}.xml" for section in SECTIONS]


def test_index_names_every_page_of_the_listings(client, two_per_page):
    for _ in range(5):
        JobFactory()
    entries = index_entries(client)
    assert [url for url in entries if "/sitemap-jobs.xml" in url] == [
        "http://testserver/sitemap-jobs.xml",
        "http://testserver/sitemap-jobs.xml?p=2",
        "http://testserver/sitemap-jobs.xml?p=3",
    ]


def test_index_lastmod_where_it_is_cheap(client):
    JobFactory()
    role = RoleFactory()
    ComparisonFactory(role_a=role)
    RoleFactory()
    moment = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    Role.objects.update(updated_at=moment)
    Comparison.objects.update(updated_at=moment - timedelta(days=1))

    entries = index_entries(client)

    # Listings and companies: none (the latest update would cost a read of every visible
    # listing); articles and roles: their latest update.
    assert entries["http://testserver/sitemap-jobs.xml"] is None
    assert entries["http://testserver/sitemap-companies.xml"] is None
    assert entries["http://testserver/sitemap-roles.xml"].startswith("2026-02-03")
    assert entries["http://testserver/sitemap-comparisons.xml"].startswith("2026-02-02")


def test_listings_are_paginated_newest_first(client, two_per_page):
    now = timezone.now()
    jobs = [JobFactory(published_at=now - timedelta(days=days)) for days in (1, 2, 3, 4)]
    # Listings that are not visible take no place on any page.
    JobFactory(status=Job.Status.DRAFT, published_at=None)
    JobFactory(published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1))

    assert list(section_entries(client, "jobs")) == [listing_url(job) for job in jobs[:2]]
    assert list(section_entries(client, "jobs", page=1)) == [listing_url(job) for job in jobs[:2]]
    assert list(section_entries(client, "jobs", page=2)) == [listing_url(job) for job in jobs[2:]]
    assert client.get("/sitemap-jobs.xml?p=3").status_code == 404


def test_listings_published_at_the_same_moment_are_ordered_by_id(client, two_per_page):
    moment = timezone.now() - timedelta(days=1)
    first, second, third = (JobFactory(published_at=moment) for _ in range(3))

    assert list(section_entries(client, "jobs")) == [listing_url(third), listing_url(second)]
    assert list(section_entries(client, "jobs", page=2)) == [listing_url(first)]


def test_listing_location_is_its_absolute_url():
    """The section fills one reversed pattern per page instead of reversing every listing."""
    jobs = [JobFactory(slug="data-engineer"), JobFactory(slug="ml-ops_engineer-2")]
    items = [(job.pk, job.slug, job.updated_at) for job in jobs]  # what items() gives
    assert [JobSitemap().location(item) for item in items] == [
        job.get_absolute_url() for job in jobs
    ]
    with override_script_prefix("/board/"):
        assert JobSitemap().location(items[0]) == jobs[0].get_absolute_url()
        assert jobs[0].get_absolute_url().startswith("/board/jobs/")


@pytest.mark.parametrize("page", ["0", "abc", "99"])
def test_pages_that_do_not_exist_are_404(client, page):
    JobFactory()
    assert client.get(f"/sitemap-jobs.xml?p={page}").status_code == 404


def test_an_unknown_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_lists_visible_listings_only(client, two_per_page):
    now = timezone.now()
    visible = JobFactory(slug="visible-role")
    draft = JobFactory(slug="draft-role", status=Job.Status.DRAFT, published_at=None)
    expired = JobFactory(
        slug="expired-role",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=1),
    )
    scheduled = JobFactory(slug="scheduled-role", published_at=now + timedelta(days=3))

    entries = section_entries(client, "jobs")

    assert list(entries) == [listing_url(visible)]
    for hidden in (draft, expired, scheduled):
        assert listing_url(hidden) not in entries
    assert client.get("/sitemap-jobs.xml?p=2").status_code == 404
    # Nor in any other section.
    everywhere = [url for section in SECTIONS for url in section_entries(client, section)]
    for hidden in (draft, expired, scheduled):
        assert listing_url(hidden) not in everywhere


def test_listing_lastmod_is_its_last_update(client):
    job = JobFactory(slug="role")
    Job.objects.filter(pk=job.pk).update(updated_at=datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC))

    entries = section_entries(client, "jobs")

    assert entries[f"http://testserver/jobs/{job.pk}/role/"] == "2026-02-03"


def test_sitemap_lists_companies_with_a_visible_listing(client):
    hiring = CompanyFactory(name="Hiring Co", slug="hiring-co")
    JobFactory(company=hiring)
    JobFactory(company=hiring)
    quiet = CompanyFactory(name="Quiet Co", slug="quiet-co")
    JobFactory(company=quiet, status=Job.Status.DRAFT, published_at=None)
    closed = CompanyFactory(name="Closed Co", slug="closed-co")
    now = timezone.now()
    JobFactory(
        company=closed, published_at=now - timedelta(days=40), expires_at=now - timedelta(days=1)
    )
    CompanyFactory(name="Empty Co", slug="empty-co")

    entries = section_entries(client, "companies")

    assert list(entries) == ["http://testserver/companies/hiring-co/"]


def test_every_sitemap_url_answers_head(client, two_per_page):
    for _ in range(3):
        JobFactory()
    urls = ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in SECTIONS)]
    urls.append("/sitemap-jobs.xml?p=2")
    for url in urls:
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b"", url
        assert response["Content-Type"].startswith("application/xml"), url


def test_index_query_count(client, live_pages):
    """A COUNT of each section for its number of pages, plus each lastmod that is cheap: the
    survey snapshot's load time, the latest article and role updates. Never a listing row."""
    for _ in range(3):
        JobFactory()
    RoleFactory()
    with CaptureQueriesContext(connection) as queries:
        index_entries(client)
    for _ in range(30):
        JobFactory()
    with CaptureQueriesContext(connection) as more:
        index_entries(client)

    # jobs: COUNT; companies: COUNT; salaries: snapshot, titles; comparisons and roles: MAX
    # of updated_at, COUNT.
    assert len(queries) == 8, [query["sql"] for query in queries]
    assert len(more) == 8
    job_queries = [query["sql"] for query in queries if '"jobs_job"' in query["sql"]]
    assert len(job_queries) == 2  # the listings COUNT and the companies COUNT
    assert all("COUNT(" in sql for sql in job_queries)


def test_listing_page_query_count(client, two_per_page, live_pages):
    """A page of listings: the paginator's COUNT of visible listings, then one sliced query
    of that page's listings (three columns), whatever the number of listings."""
    for _ in range(3):
        JobFactory()
    with CaptureQueriesContext(connection) as queries:
        section_entries(client, "jobs", page=2)
    for _ in range(30):
        JobFactory()
    with CaptureQueriesContext(connection) as more:
        section_entries(client, "jobs", page=2)

    assert len(queries) == 2, [query["sql"] for query in queries]
    assert len(more) == 2
    count, page = (query["sql"] for query in more)
    assert count.startswith("SELECT COUNT(*)")
    assert page.startswith(
        'SELECT "jobs_job"."id" AS "pk", "jobs_job"."slug" AS "slug", '
        '"jobs_job"."updated_at" AS "updated_at" FROM'
    )
    assert 'ORDER BY "jobs_job"."published_at" DESC, "jobs_job"."id" DESC' in page
    assert "LIMIT 2 OFFSET 2" in page


def test_company_page_query_count(client, live_pages):
    for _ in range(3):
        JobFactory()
    with CaptureQueriesContext(connection) as queries:
        section_entries(client, "companies")
    for _ in range(30):
        JobFactory()
    with CaptureQueriesContext(connection) as more:
        entries = section_entries(client, "companies")

    assert len(entries) == 33
    assert len(queries) == len(more) == 2
