"""/sitemap.xml: visible listings and the companies that have one, nothing else."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str | None]:
    """Each URL in /sitemap.xml with its lastmod (None where there is none)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_visible_listings_only(client):
    now = timezone.now()
    visible = JobFactory(slug="visible-role")
    draft = JobFactory(slug="draft-role", status=Job.Status.DRAFT, published_at=None)
    expired = JobFactory(
        slug="expired-role",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=1),
    )
    scheduled = JobFactory(slug="scheduled-role", published_at=now + timedelta(days=3))

    entries = sitemap_entries(client)

    assert f"http://testserver/jobs/{visible.pk}/visible-role/" in entries
    assert f"http://testserver/jobs/{draft.pk}/draft-role/" not in entries
    assert f"http://testserver/jobs/{expired.pk}/expired-role/" not in entries
    assert f"http://testserver/jobs/{scheduled.pk}/scheduled-role/" not in entries


def test_listing_lastmod_is_its_last_update(client):
    job = JobFactory(slug="role")
    Job.objects.filter(pk=job.pk).update(updated_at=datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC))

    entries = sitemap_entries(client)

    assert entries[f"http://testserver/jobs/{job.pk}/role/"] == "2026-02-03"


def test_sitemap_lists_companies_with_a_visible_listing(client):
    hiring = CompanyFactory(name="Hiring Co", slug="hiring-co")
    JobFactory(company=hiring)
    JobFactory(company=hiring)
    quiet = CompanyFactory(name="Quiet Co", slug="quiet-co")
    JobFactory(company=quiet, status=Job.Status.DRAFT, published_at=None)
    CompanyFactory(name="Empty Co", slug="empty-co")

    entries = sitemap_entries(client)

    assert "http://testserver/companies/hiring-co/" in entries
    assert "http://testserver/companies/quiet-co/" not in entries
    assert "http://testserver/companies/empty-co/" not in entries
    company_urls = [url for url in entries if "/companies/" in url]
    assert company_urls == ["http://testserver/companies/hiring-co/"]


def test_sitemap_query_count_does_not_grow(client):
    for _ in range(3):
        JobFactory()
    with CaptureQueriesContext(connection) as few:
        sitemap_entries(client)
    for _ in range(30):
        JobFactory()
    with CaptureQueriesContext(connection) as many:
        sitemap_entries(client)

    assert len(few) == len(many)
