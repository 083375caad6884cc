"""On a 375 px wide phone: no horizontal scrolling, and a filter panel that opens and closes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.choices import Seniority, Workplace
from tests.factories import CompanyFactory, ComparisonFactory, JobFactory, RoleFactory, SkillFactory

# serialized_rollback: the exchange rates from the data migrations survive the flush of the
# transactional tests before this one.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_WIDTH = 375

# Every element that sticks out of the viewport on the left or right, or is wider than it,
# unless a scrolling or clipping ancestor (such as the side-by-side table's wrapper) holds it.
OVERFLOWING_ELEMENTS = """
() => {
  const width = document.documentElement.clientWidth;
  const insideClippingBox = element => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const describe = element =>
    element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
    (element.className && typeof element.className === "string"
      ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const sticksOut = box.width > width + 0.5 || box.right > width + 0.5 || box.left < -0.5;
    if (sticksOut && !insideClippingBox(element)) {
      found.push(`${describe(element)} from ${Math.round(box.left)} to ${Math.round(box.right)}`);
    }
  }
  return found.slice(0, 20);
}
"""


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.clientWidth") == PHONE_WIDTH
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert page.evaluate(OVERFLOWING_ELEMENTS) == []


@pytest.fixture
def listings():
    """Listings with what makes cards wide: long titles, long company names, many skills."""
    company = CompanyFactory(name="Intergalactic Computational Linguistics Laboratories GmbH")
    skills = [
        SkillFactory(name=name)
        for name in ["PyTorch", "Kubernetes", "Apache Spark", "Retrieval-Augmented Generation"]
    ]
    now = timezone.now()
    JobFactory(
        title="Principal Machine Learning Infrastructure Engineer (Distributed Training)",
        company=company,
        skills=skills,
        featured_until=now + timedelta(days=5),
    )
    JobFactory(
        title="Datenverarbeitungsplattformentwicklungsingenieurin",
        company=company,
        workplace=Workplace.HYBRID,
        city="Frankfurt am Main",
        region="Hessen",
        country="DE",
        salary_min=95000,
        salary_max=125000,
        salary_currency_id="EUR",
    )
    JobFactory(
        title="Junior Data Analyst",
        seniority=Seniority.ENTRY,
        workplace=Workplace.REMOTE,
        salary_min=40,
        salary_max=55,
        salary_period="hour",
    )


def test_job_list_fits_a_phone_with_its_filter_panel_open_or_closed(
    phone_page, listings, wait_for_search
):
    page = phone_page
    page.goto("/jobs/")
    assert_fits_the_phone(page)
    page.get_by_role("button", name="Filters").click()
    assert page.locator("#job-search").is_visible()
    assert_fits_the_phone(page)
    assert page.console_errors == []


def test_filter_panel_opens_closes_and_keeps_the_readers_choice(
    phone_page, listings, wait_for_search
):
    page = phone_page
    page.goto("/jobs/")
    toggle = page.locator(".filters-toggle")
    form = page.locator("#job-search")

    # Closed at first on a phone: the results come first.
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert "is-collapsed" in form.get_attribute("class").split()
    assert form.is_hidden()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert "is-collapsed" not in form.get_attribute("class").split()
    assert form.is_visible()

    # A filter change swaps the whole region: the panel stays open.
    # click(), not check(): check() clicks again if the box is not checked right after, and
    # the swap replaces the box in the meantime.
    page.locator("label.facet-option", has_text="Senior-level / Expert").get_by_role(
        "checkbox"
    ).click()
    wait_for_search(page, "**/jobs/?seniority=SE")
    assert toggle.inner_text() == "Filters (1 in use)"
    assert toggle.get_attribute("aria-expanded") == "true"
    assert form.is_visible()
    assert page.locator("#results .job-card").count() == 2

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert "is-collapsed" in form.get_attribute("class").split()
    assert form.is_hidden()

    # Closed, then a filter changed from the results ("Remote only"): it stays closed.
    page.get_by_role("link", name="Remote only").click()
    wait_for_search(page, "**/jobs/?seniority=SE&workplace=remote")
    assert toggle.inner_text() == "Filters (2 in use)"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert form.is_hidden()
    assert page.locator("#results .job-card").count() == 0
    assert_fits_the_phone(page)

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert form.is_visible()
    assert page.console_errors == []


def test_without_javascript_a_phone_shows_the_filters_and_no_button(page_without_js, listings):
    page = page_without_js
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    page.goto("/jobs/")
    assert page.locator("#job-search").is_visible()
    assert page.locator(".filters-toggle").is_hidden()
    assert page.get_by_role("button", name="Show jobs").is_visible()
    assert_fits_the_phone(page)
    assert page.console_errors == []


def test_article_fits_a_phone(phone_page, listings, wait_for_search):
    role_a = RoleFactory(
        name="Lead Machine Learning Engineer",
        tools=["TensorFlow", "PyTorch", "Kubeflow Pipelines", "MLflow Model Registry"],
    )
    role_b = RoleFactory(
        name="Software Data Engineer",
        tools=["Apache Airflow", "dbt", "Snowflake", "Apache Kafka Streams"],
    )
    ComparisonFactory(
        role_a=role_a,
        role_b=role_b,
        slug="lead-ml-engineer-vs-software-data-engineer",
        title="Lead Machine Learning Engineer vs. Software Data Engineer",
        subtitle="Which Career Path Should You Choose?",
    )
    page = phone_page
    page.goto("/careers/lead-ml-engineer-vs-software-data-engineer/")
    assert page.locator("h1").inner_text() == (
        "Lead Machine Learning Engineer vs. Software Data Engineer"
    )
    assert_fits_the_phone(page)
    assert page.console_errors == []
