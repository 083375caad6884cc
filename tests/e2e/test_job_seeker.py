"""A job seeker narrows /jobs/ down by seniority, remote work and minimum salary.

With JavaScript, every change swaps the search region in place (htmx) and pushes the clean URL
of the search; back from a listing restores the same search. Without JavaScript the same form
is a plain GET form.
"""

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from jobs.choices import Seniority, Workplace
from tests.factories import CompanyFactory, JobFactory, exchange_rate

# The exchange rates come from a data migration, which a transactional test's flush would
# remove for the tests after it: serialized_rollback puts them back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MATCHING_TITLES = ["Senior Remote ML Engineer", "Senior Remote Data Engineer (EUR)"]
FILTERED_URL = "/jobs/?seniority=SE&workplace=remote&salary_min=150000"


@pytest.fixture
def listings():
    """Two listings that satisfy "senior, remote, at least USD 150,000 a year" and one for
    each way of missing it."""
    exchange_rate("EUR", "1.05")
    company = CompanyFactory(name="Acme Analytics")
    now = timezone.now()

    def listing(title, days_ago, **fields):
        fields.setdefault("seniority", Seniority.SENIOR)
        fields.setdefault("workplace", Workplace.REMOTE)
        return JobFactory(
            title=title, company=company, published_at=now - timedelta(days=days_ago), **fields
        )

    # Matches: 150,000 - 180,000 USD.
    listing("Senior Remote ML Engineer", 1, salary_min=Decimal(150000), salary_max=180000)
    # Matches: EUR 140,000 - 150,000 at 1.05 is USD 147,000 - 157,500 a year.
    listing(
        "Senior Remote Data Engineer (EUR)",
        2,
        salary_min=Decimal(140000),
        salary_max=Decimal(150000),
        salary_currency_id="EUR",
    )
    # Wrong workplace.
    listing("Senior Onsite Engineer", 3, workplace=Workplace.ONSITE, salary_max=Decimal(200000))
    # Wrong seniority.
    listing("Junior Remote Analyst", 4, seniority=Seniority.ENTRY, salary_max=Decimal(200000))
    # Too little: the top of the range is USD 149,999.
    listing("Senior Remote Low Pay", 5, salary_min=Decimal(90000), salary_max=Decimal(149999))
    # No salary: never matched by a minimum salary.
    listing("Senior Remote No Salary", 6, salary_min=None, salary_max=None)
    # Hourly: USD 80 an hour is USD 166,400 a year, but on-site.
    listing(
        "Senior Onsite Hourly",
        7,
        workplace=Workplace.ONSITE,
        salary_min=Decimal(80),
        salary_max=None,
        salary_period="hour",
    )


ALL_TITLES = [
    "Senior Remote ML Engineer",
    "Senior Remote Data Engineer (EUR)",
    "Senior Onsite Engineer",
    "Junior Remote Analyst",
    "Senior Remote Low Pay",
    "Senior Remote No Salary",
    "Senior Onsite Hourly",
]


def facet_checkbox(page, label):
    """The filter checkbox whose label starts with this text (the label ends with a count)."""
    return page.locator("label.facet-option", has_text=label).get_by_role("checkbox")


def listed_titles(page):
    """The titles of the listing cards in the results, in their order."""
    return page.locator("#results .job-card h3 a").all_inner_texts()


def results_heading(page):
    return " ".join(page.locator("#results-heading").inner_text().split())


def query_of(url):
    return parse_qs(urlsplit(url).query)


def test_filters_change_results_and_url_and_survive_going_back(page, listings, wait_for_search):
    page.goto("/jobs/")
    assert listed_titles(page) == ALL_TITLES
    assert results_heading(page) == "7 jobs"
    # A mark on this document: still there after the filters means no full page load.
    page.evaluate("window.searchMark = 'same document'")

    # Seniority: one checkbox, no button pressed.
    facet_checkbox(page, "Senior-level / Expert").check()
    wait_for_search(page, "**/jobs/?seniority=SE")
    assert results_heading(page) == "6 jobs"
    assert "Junior Remote Analyst" not in listed_titles(page)
    assert page.locator("h1").inner_text() == "Senior-level / Expert jobs"

    # Remote: the workplace checkbox.
    facet_checkbox(page, "Remote").check()
    wait_for_search(page, "**/jobs/?seniority=SE&workplace=remote")
    assert listed_titles(page) == [
        "Senior Remote ML Engineer",
        "Senior Remote Data Engineer (EUR)",
        "Senior Remote Low Pay",
        "Senior Remote No Salary",
    ]

    # Minimum salary: type the amount and press Enter.
    amount = page.get_by_label("Amount")
    amount.fill("150000")
    amount.press("Enter")
    wait_for_search(page, f"**{FILTERED_URL}")
    assert listed_titles(page) == MATCHING_TITLES
    assert results_heading(page) == "2 jobs"
    assert page.locator("h1").inner_text() == (
        "Senior-level / Expert remote jobs paying at least USD 150,000 a year"
    )
    assert page.evaluate("window.searchMark") == "same document"

    # Open a listing, then come back.
    page.get_by_role("link", name="Senior Remote Data Engineer (EUR)").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/senior-remote-data-engineer-eur/$"))
    assert page.locator("h1").inner_text() == "Senior Remote Data Engineer (EUR)"
    page.go_back()
    wait_for_search(page, f"**{FILTERED_URL}")
    assert urlsplit(page.url).path + "?" + urlsplit(page.url).query == FILTERED_URL

    assert facet_checkbox(page, "Senior-level / Expert").is_checked()
    assert facet_checkbox(page, "Remote").is_checked()
    assert not facet_checkbox(page, "Entry-level").is_checked()
    assert not facet_checkbox(page, "On-site").is_checked()
    assert page.get_by_label("Amount").input_value() == "150000"
    assert listed_titles(page) == MATCHING_TITLES
    assert results_heading(page) == "2 jobs"
    assert page.console_errors == []


def test_remote_only_link_and_back_through_the_searches(page, listings, wait_for_search):
    page.goto("/jobs/?seniority=SE")
    page.get_by_role("link", name="Remote only").click()
    wait_for_search(page, "**/jobs/?seniority=SE&workplace=remote")
    assert facet_checkbox(page, "Remote").is_checked()
    assert listed_titles(page) == [
        "Senior Remote ML Engineer",
        "Senior Remote Data Engineer (EUR)",
        "Senior Remote Low Pay",
        "Senior Remote No Salary",
    ]
    # Only remote already: no "Remote only" link any more.
    assert page.get_by_role("link", name="Remote only").count() == 0

    # Back and forward move between the two searches, each with its own results.
    page.go_back()
    wait_for_search(page, "**/jobs/?seniority=SE")
    assert not facet_checkbox(page, "Remote").is_checked()
    assert results_heading(page) == "6 jobs"
    page.go_forward()
    wait_for_search(page, "**/jobs/?seniority=SE&workplace=remote")
    assert facet_checkbox(page, "Remote").is_checked()
    assert results_heading(page) == "4 jobs"
    assert page.console_errors == []


def test_without_javascript_the_form_is_a_plain_get_form(page_without_js, listings):
    page = page_without_js
    page.goto("/jobs/")
    # No script ran: the "Filters" button stays hidden and the form shows.
    assert page.locator(".filters-toggle").is_hidden()
    facet_checkbox(page, "Senior-level / Expert").check()
    facet_checkbox(page, "Remote").check()
    page.get_by_label("Amount").fill("150000")
    page.get_by_role("button", name="Show jobs").click()
    page.wait_for_url(re.compile(r"/jobs/\?.*salary_min=150000"))

    query = query_of(page.url)
    assert query["seniority"] == ["SE"]
    assert query["workplace"] == ["remote"]
    assert query["salary_min"] == ["150000"]
    assert listed_titles(page) == MATCHING_TITLES
    assert facet_checkbox(page, "Senior-level / Expert").is_checked()
    assert page.get_by_label("Amount").input_value() == "150000"
    assert page.console_errors == []
