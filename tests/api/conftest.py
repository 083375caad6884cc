"""A small board with listings of every kind the search tells apart, and an API client."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.choices import EmploymentType, SalaryPeriod, Seniority, Workplace
from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, SkillFactory, exchange_rate


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The suite asks far more than 120 times a minute from one address: no limit, except in
    the tests of the limit (which set their own and start from an empty count)."""
    settings.API_RATE_LIMIT = "0"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def board(db):
    """About thirty visible listings (and a few that are not) across every filter."""
    exchange_rate("EUR", "1.10")
    exchange_rate("GBP", "1.25")
    now = timezone.now()
    pytorch, spark, sql = (SkillFactory(name=name) for name in ("PyTorch", "Spark", "SQL"))
    acme = CompanyFactory(name="Acme Data", slug="acme-data")
    other = CompanyFactory(name="Vision Works", slug="vision-works")
    kinds = [
        # title, seniority, type, workplace, country, city, eligible, salary, age in days
        (
            "Data Engineer",
            Seniority.SENIOR,
            EmploymentType.FULL_TIME,
            Workplace.ONSITE,
            "US",
            "San Francisco",
            "",
            ("120000", "160000", "USD", SalaryPeriod.YEAR),
            0.2,
        ),
        (
            "ML Engineer",
            Seniority.MID,
            EmploymentType.FULL_TIME,
            Workplace.REMOTE,
            "DE",
            "",
            "EU",
            ("70000", "90000", "EUR", SalaryPeriod.YEAR),
            2,
        ),
        (
            "Vision Researcher",
            Seniority.SENIOR,
            EmploymentType.CONTRACT,
            Workplace.REMOTE,
            "US",
            "",
            "US; CA",
            ("80", "120", "USD", SalaryPeriod.HOUR),
            5,
        ),
        (
            "Data Analyst",
            Seniority.ENTRY,
            EmploymentType.PART_TIME,
            Workplace.HYBRID,
            "DE",
            "Berlin",
            "",
            ("3000", "4000", "EUR", SalaryPeriod.MONTH),
            8,
        ),
        (
            "Head of Data",
            Seniority.EXECUTIVE,
            EmploymentType.FULL_TIME,
            Workplace.ONSITE,
            "GB",
            "London",
            "",
            None,
            12,
        ),
        (
            "Data Scientist",
            Seniority.MID,
            EmploymentType.FREELANCE,
            Workplace.REMOTE,
            "GB",
            "",
            "worldwide",
            ("60000", None, "GBP", SalaryPeriod.YEAR),
            20,
        ),
        (
            "Intern Data",
            Seniority.ENTRY,
            EmploymentType.INTERNSHIP,
            Workplace.ONSITE,
            "FR",
            "Paris",
            "",
            None,
            25,
        ),
        (
            "MLOps Engineer",
            Seniority.SENIOR,
            EmploymentType.FULL_TIME,
            Workplace.REMOTE,
            "FR",
            "",
            "",
            ("95000", "110000", "EUR", SalaryPeriod.YEAR),
            35,
        ),
    ]
    jobs = []
    for copy in range(4):
        for index, (title, level, kind, place, country, city, eligible, salary, age) in enumerate(
            kinds
        ):
            published = now - timedelta(days=age + copy * 0.01, minutes=index)
            fields = {
                "title": f"{title} {copy}" if copy else title,
                "company": acme if index % 2 == 0 else other,
                "seniority": level,
                "employment_type": kind,
                "workplace": place,
                "country": country,
                "city": city,
                "region": "Bavaria" if city == "" and country == "DE" else "",
                "eligible": eligible,
                "published_at": published,
                "expires_at": published + timedelta(days=60),
                "featured_until": now + timedelta(days=3) if index == 4 and copy == 0 else None,
                "skills": [pytorch, sql] if index % 3 == 0 else [spark],
            }
            if salary:
                low, high, currency, period = salary
                fields.update(
                    salary_min=Decimal(low),
                    salary_max=Decimal(high) if high else None,
                    salary_currency_id=currency,
                    salary_period=period,
                )
            else:
                fields.update(salary_min=None, salary_max=None, salary_currency_id=None)
            jobs.append(JobFactory(**fields))
    # Not visible: a draft, a scheduled listing, an expired one.
    JobFactory(title="Draft Engineer", status=Job.Status.DRAFT, published_at=None)
    JobFactory(title="Future Engineer", published_at=now + timedelta(days=2))
    JobFactory(
        title="Expired Engineer",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=1),
    )
    return jobs
