"""A reader opens a comparison article, uses its table of contents, a featured job and a
salary link."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from jobs.salaries.importing import import_survey
from tests.factories import ComparisonFactory, JobFactory, RoleFactory

# serialized_rollback: the exchange rates from the data migrations survive the flush of the
# transactional tests before this one.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SURVEY = Path(__file__).resolve().parents[1] / "data" / "salaries" / "survey_small.csv"


def long_list(name, what):
    """Enough items that the article is several screens long."""
    return [f"{name} {what} number {number}, explained in a full sentence." for number in range(8)]


@pytest.fixture
def article():
    import_survey(SURVEY)
    roles = [
        RoleFactory(
            name=name,
            salary_title=salary_title,
            responsibilities=long_list(name, "responsibility"),
            skills=long_list(name, "skill"),
            tools=long_list(name, "tool"),
        )
        for name, salary_title in [
            ("Software Data Engineer", "Data Engineer"),
            ("Lead Machine Learning Engineer", "Machine Learning Engineer"),
        ]
    ]
    JobFactory(
        title="Staff Data Platform Engineer",
        featured_until=timezone.now() + timedelta(days=10),
    )
    return ComparisonFactory(
        role_a=roles[0],
        role_b=roles[1],
        slug="data-engineer-vs-ml-engineer",
        title="Software Data Engineer vs. Lead Machine Learning Engineer",
        conclusion="Choose the work you want to do every day.",
    )


def in_viewport(page, selector):
    """True when the element's top edge is on the visible part of the page."""
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


def test_reader_follows_contents_featured_job_and_salary_link(page, article):
    page.goto("/careers/data-engineer-vs-ml-engineer/")
    assert page.locator("h1").inner_text() == (
        "Software Data Engineer vs. Lead Machine Learning Engineer"
    )
    assert not in_viewport(page, "#conclusion-heading")

    # The table of contents jumps to the section.
    page.locator("nav.toc").get_by_role("link", name="Conclusion").click()
    page.wait_for_url("**/careers/data-engineer-vs-ml-engineer/#conclusion")
    assert in_viewport(page, "#conclusion-heading")
    assert page.locator("#conclusion-heading").inner_text() == "Conclusion"

    page.go_back()
    page.wait_for_url("**/careers/data-engineer-vs-ml-engineer/")

    # A featured job from the sidebar.
    featured = page.locator("section[aria-labelledby=featured-jobs-heading]")
    assert featured.get_by_role("heading", level=2).inner_text() == "Featured jobs"
    featured.get_by_role("link", name="Staff Data Platform Engineer").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/staff-data-platform-engineer/$"))
    assert page.locator("h1").inner_text() == "Staff Data Platform Engineer"

    page.go_back()
    page.wait_for_url("**/careers/data-engineer-vs-ml-engineer/")

    # The salary links, worded as the seed page words them.
    assert page.locator(".salary-links a").all_inner_texts() == [
        "View salary info for Data Engineer (global)",
        "View salary info for Machine Learning Engineer (global)",
    ]
    page.get_by_role("link", name="View salary info for Data Engineer (global)").click()
    page.wait_for_url("**/salaries/data-engineer/")
    assert page.locator("h1").inner_text() == "Data Engineer (global)"
    assert page.console_errors == []
