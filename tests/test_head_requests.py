"""Every public page answers HEAD (link checkers, uptime monitors and crawlers send it) with
the status a GET gets and no body; the pages that only read refuse POST."""

from pathlib import Path

import pytest

from jobs.salaries.importing import import_survey
from tests.factories import CompanyFactory, ComparisonFactory, JobFactory, RoleFactory

SURVEY = Path(__file__).resolve().parent / "data" / "salaries" / "survey_small.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls() -> dict[str, str]:
    import_survey(SURVEY)
    company = CompanyFactory(name="Larchfield Data", slug="larchfield-data")
    job = JobFactory(title="Senior Data Engineer", slug="senior-data-engineer", company=company)
    role = RoleFactory(name="Data Engineer", slug="data-engineer", salary_title="Data Engineer")
    comparison = ComparisonFactory(role_a=role, slug="data-engineer-vs-someone")
    return {
        "home": "/",
        "job list": "/jobs/",
        "listing": job.get_absolute_url(),
        "company": company.get_absolute_url(),
        "article list": "/careers/",
        "article": comparison.get_absolute_url(),
        "role": role.get_absolute_url(),
        "salary index": "/salaries/",
        "salary page": "/salaries/data-engineer/",
        "robots": "/robots.txt",
        "sitemap index": "/sitemap.xml",
        "sitemap listings": "/sitemap-jobs.xml",
        "sitemap companies": "/sitemap-companies.xml",
        "sitemap salaries": "/sitemap-salaries.xml",
        "sitemap comparisons": "/sitemap-comparisons.xml",
        "sitemap roles": "/sitemap-roles.xml",
        "health check": "/healthz",
    }


def test_every_public_page_answers_head_like_get(client, public_urls):
    assert len(public_urls) == 17
    for page, url in public_urls.items():
        response = client.head(url)
        assert response.status_code == 200, page
        assert response.content == b"", page
        assert client.get(url).status_code == 200, page


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "listing",
        "company",
        "article list",
        "article",
        "role",
        "salary index",
        "salary page",
        "robots",
        "health check",
    ],
)
def test_read_only_pages_refuse_post(client, public_urls, page):
    response = client.post(public_urls[page])
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
