"""/api/v1/companies/<slug>/ and /api/v1/salaries/<title>/: the figures of their pages."""

from decimal import Decimal
from pathlib import Path

import pytest

from jobs.salaries import importing
from jobs.salaries.models import SalaryTitle
from jobs.salaries.stats import breakdown
from jobs.salaries.views import title_breakdown

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "salaries"


@pytest.fixture
def small_survey():
    importing.import_survey(DATA / "survey_small.csv")


def test_a_company_with_its_open_listings(api, board):
    body = api.get("/api/v1/companies/acme-data/").json()
    assert body == {
        "name": "Acme Data",
        "slug": "acme-data",
        "url": "http://testserver/companies/acme-data/",
        "website": "https://example.com",
        "description": "Builds useful things with data.",
        "open_listings": 16,
    }
    page = api.get("/companies/acme-data/")
    assert "16" in page.content.decode()


def test_the_salary_figures_are_the_pages(api, client, small_survey):
    body = api.get("/api/v1/salaries/data-engineer/").json()
    assert body["title"] == "Data Engineer"
    assert body["url"] == "http://testserver/salaries/data-engineer/"
    assert body["filters"] == {}
    # As the page shows them (tests/jobs/test_salaries_pages.py): 9 reports, median 130,000.
    figures = body["figures"]
    assert figures["count"] == 9
    assert figures["median"] == 130000.0
    assert round(figures["p10"]) == 86737
    assert figures["p25"] == 100000.0 and figures["p75"] == 160000.0
    assert figures["p90"] == 186000.0 and figures["too_few"] is False
    page = client.get("/salaries/data-engineer/")
    shown = page.context["breakdown"]
    assert figures["median"] == float(shown.figures.median)
    assert [row["code"] for row in body["levels"]] == ["EN", "MI", "SE", "EX"]
    for row, level in zip(body["levels"], shown.levels, strict=True):
        assert (row["figures"] or {}).get("count") == (
            level.figures.count if level.figures else None
        )
    assert [(row["year"], row["count"]) for row in body["years"]] == [
        (row.year, row.count) for row in shown.years
    ]
    assert [(b["low"], b["high"], b["count"]) for b in body["histogram"]] == [
        (b.low, b.high, b.count) for b in shown.histogram.bins
    ]
    assert sum(b["count"] for b in body["histogram"]) == 9
    assert body["attribution"] == "Salary data: aijobs.net salary survey (CC0)"


def test_salary_filters_as_the_page_and_400_naming_an_invalid_one(api, client, small_survey):
    title = SalaryTitle.objects.get(slug="data-engineer")
    body = api.get("/api/v1/salaries/data-engineer/?experience=SE").json()
    assert body["filters"] == {"experience": "SE"}
    expected = title_breakdown(title, {"experience_level": "SE"}).figures
    assert body["figures"]["count"] == expected.count
    assert Decimal(str(body["figures"]["median"])) == expected.median
    reports = title.reports.filter(experience_level="SE").values_list(
        "salary_in_usd", "experience_level", "work_year"
    )
    assert breakdown(sorted(reports)).figures == expected
    for query, name in [
        ("experience=XX", "experience"),
        ("remote_ratio=33", "remote_ratio"),
        ("year=1999", "year"),
        ("country=ZZ", "country"),
        ("employment_type=IN", "employment_type"),
    ]:
        response = api.get(f"/api/v1/salaries/data-engineer/?{query}")
        assert response.status_code == 400, query
        assert list(response.json()) == [name]
    assert api.get("/api/v1/salaries/astronaut/").status_code == 404


def test_salary_with_no_matching_report(api, small_survey):
    title = SalaryTitle.objects.get(slug="data-engineer")
    year = min(title.years)
    body = api.get(f"/api/v1/salaries/data-engineer/?year={year}&experience=EX").json()
    if body["figures"] is None:
        assert body["histogram"] == [] and body["years"] == []
    else:
        assert body["figures"]["count"] > 0
