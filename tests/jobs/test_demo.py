"""The demo listings of ``seed_demo``: varied, plausible, true to the survey, idempotent; made
from data files that are shipped and agree with each other."""

import io
from datetime import timedelta
from decimal import Decimal
from importlib import resources

import pytest
from django.utils import timezone

from jobs import pay_transparency
from jobs.choices import Seniority
from jobs.demo import datafiles, listings
from jobs.models import Company, ExchangeRate, Job, Skill, read_rates

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    listings.seed(io.StringIO())


def values(field):
    return set(Job.objects.values_list(field, flat=True))


def test_the_demo_covers_every_kind_of_listing(seeded):
    assert Job.objects.count() >= 300
    assert Company.objects.count() >= 40
    assert values("seniority") == {"EN", "MI", "SE", "EX"}
    assert values("employment_type") == {"FT", "PT", "CT", "FL", "IN"}
    assert values("workplace") == {"onsite", "hybrid", "remote"}
    assert len(values("country")) >= 10
    assert {"USD", "EUR", "GBP", "CAD", "INR"} <= values("salary_currency")
    assert Job.objects.filter(salary_min__isnull=True).count() >= 20
    assert Job.objects.filter(salary_period="hour", salary_min__isnull=False).count() >= 10
    assert Job.objects.filter(salary_period="month", salary_min__isnull=False).exists()
    assert Job.objects.expired().count() >= 10
    assert Job.objects.filter(status="draft").count() >= 5
    assert 6 <= Job.objects.featured().count() <= 10
    assert Job.objects.visible().count() >= 250
    skills = set(Skill.objects.values_list("name", flat=True))
    assert {"PyTorch", "Spark", "SQL", "dbt", "Kubernetes"} <= skills


def test_demo_remote_listings_are_open_to_countries_and_regions(seeded):
    visible = Job.objects.visible()
    reach = set(visible.filter(workplace="remote").values_list("eligible", flat=True))
    assert {"EU", "NORTH_AMERICA", "WORLDWIDE"} <= reach
    assert any(len(value) == 2 for value in reach)  # a country alone
    assert set(visible.exclude(workplace="remote").values_list("eligible", flat=True)) == {""}


def test_every_demo_listing_passes_the_models_checks(seeded):
    for job in Job.objects.select_related("company"):
        job.full_clean()  # raises on an implausible salary, a missing apply link...
        if job.has_salary:
            assert job.salary_min_usd_yearly is not None
        assert "\n- " in job.description  # Markdown with a bullet list
        assert job.survey_title


def test_the_demo_complies_with_the_pay_transparency_rules(seeded):
    """``make run`` seeds cleanly: no published demo listing is one a rule would refuse, and
    every demo listing describes its benefits."""
    rates = read_rates()
    published = Job.objects.filter(status=Job.Status.PUBLISHED).select_related("company")
    refused = {
        job.title: [finding.rule.code for finding in pay_transparency.refusals(found)]
        for job in published
        if (found := pay_transparency.findings(job, rates)) and pay_transparency.refusals(found)
    }
    assert refused == {}
    assert not Job.objects.filter(benefits="").exists()
    covered = [job for job in published if pay_transparency.covering_rules(job)]
    assert len(covered) > 50  # the demo does have covered listings: the check means something


def test_the_demo_looks_fresh(seeded):
    now = timezone.now()
    newest = Job.objects.visible().order_by("-published_at").first()
    assert newest.published_at >= now - timedelta(days=2)
    for job in Job.objects.featured():
        assert job.is_visible(now)


def test_pay_follows_the_salary_survey(seeded):
    # Survey medians of salary_in_usd (ai-jobs.net, 2025-01-19) for senior US roles: a US
    # full-time listing's yearly range is built around them.
    survey = {"Data Scientist": 160000, "Data Engineer": 152100, "Research Scientist": 199800}
    checked = 0
    for job in Job.objects.filter(
        country="US",
        seniority="SE",
        employment_type="FT",
        salary_currency="USD",
        salary_period="year",
        survey_title__in=survey,
    ):
        median = Decimal(survey[job.survey_title])
        assert job.salary_min <= median
        if job.salary_max is not None:
            assert job.salary_max >= median
        checked += 1
    assert checked >= 1

    # Pay in India is about a quarter of US pay in the survey, and so in the demo.
    def median_top(country):
        tops = sorted(
            Job.objects.filter(country=country, salary_period="year", employment_type="FT")
            .exclude(salary_max_usd_yearly=None)
            .values_list("salary_max_usd_yearly", flat=True)
        )
        return tops[len(tops) // 2]

    assert median_top("IN") < median_top("US") * Decimal("0.4")


def test_demo_companies_are_invented_and_link_nowhere_real(seeded):
    for company in Company.objects.all():
        assert company.website.endswith(".example")
    for job in Job.objects.all():
        assert job.apply_url.startswith("https://") or job.apply_email.endswith(".example")
        if job.apply_url:
            assert ".example/" in job.apply_url


def test_seeding_twice_changes_no_row_counts():
    listings.seed(io.StringIO())
    first = (
        Job.objects.count(),
        Company.objects.count(),
        Skill.objects.count(),
        Job.skills.through.objects.count(),
        set(Job.objects.values_list("company__name", "slug", "salary_min", "title")),
    )
    output = io.StringIO()
    listings.seed(output)
    second = (
        Job.objects.count(),
        Company.objects.count(),
        Skill.objects.count(),
        Job.skills.through.objects.count(),
        set(Job.objects.values_list("company__name", "slug", "salary_min", "title")),
    )
    assert second == first
    assert "(0 new)" in output.getvalue()


def test_the_data_files_are_shipped_and_agree():
    data = datafiles.load()
    assert len(data.companies) >= 40
    assert {company.country for company in data.companies} <= set(data.countries)
    # Every country's currency has a shipped exchange rate (jobs.0002), so none falls back to USD.
    rates = set(ExchangeRate.objects.values_list("currency", flat=True))
    assert {country.currency for country in data.countries.values()} <= rates
    for title in data.titles.values():
        assert title.family in data.families
        assert title.medians and set(title.medians) <= set(Seniority.values)
        assert all(isinstance(median, int) and median > 0 for median in title.medians.values())
    for country in data.countries.values():
        assert isinstance(country.pay_factor, Decimal) and 0 < country.pay_factor <= 1
        assert country.cities and all(city and region for city, region in country.cities)
    for family in data.families.values():
        assert len(family.duties) >= 4 and family.missions and len(family.skills) >= 5
    assert set(data.levels) == set(Seniority.values)

    # Every file of data/ is read (pyproject.toml ships them: tests/test_foundation.py).
    shipped = resources.files("jobs.demo").joinpath("data")
    names = sorted(entry.name for entry in shipped.iterdir() if entry.is_file())
    assert names == sorted(f"{name}.toml" for name in datafiles.DATA_FILES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["companies"]["company"][0].update(country="ZZ"), "in ZZ, not in countries"),
        (lambda t: t["companies"]["company"][1].pop("description"), "company 2: missing"),
        (lambda t: t["titles"]["Data Scientist"].update(family="art"), "no family art"),
        (lambda t: t["titles"]["Data Scientist"]["medians"].update(XX=1), "medians at levels"),
        (lambda t: t["countries"]["US"].update(capital="DC"), r"\[US\]: got an unexpected"),
        (lambda t: t["wording"]["workplace"].pop("remote"), "sentences for exactly"),
    ],
)
def test_a_mistake_in_the_data_files_is_named(change, message):
    tables = datafiles.read_tables()
    change(tables)
    with pytest.raises(datafiles.DemoDataError, match=message):
        datafiles.parse(tables)
