"""An editor adds a company and a listing in the admin, is stopped by an implausible salary,
fixes it, publishes, and finds the listing on the public list."""

import re

import pytest
from django.contrib.auth.models import Group, User

from jobs.models import Job

# serialized_rollback: the "Editors" group and the exchange rates come from data migrations,
# which the flush of an earlier transactional test would otherwise have removed.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a long editor passphrase 42"
IMPLAUSIBLE = (
    "USD 1,111,111,000 per year is about USD 1,111,111,000 a year, which is not plausible: "
    "the yearly USD equivalent must lie between 1,000 and 2,000,000."
)


@pytest.fixture
def editor():
    user = User.objects.create_user("edith", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def field(page, label):
    """The admin form's field with this label (the admin's labels end with a colon)."""
    return page.get_by_label(f"{label}:", exact=True)


def choose_company(page, name):
    """Pick a company in the autocomplete (select2) the way an editor does: open it, type,
    click the suggestion."""
    page.locator(".field-company .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(name[:5])
    page.locator(".select2-results__option", has_text=name).click()


def test_editor_adds_company_and_listing_fixes_salary_and_publishes(page, editor):
    page.goto("/admin/")
    page.wait_for_url("**/admin/login/?next=/admin/")
    field(page, "Username").fill("edith")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    # A new company, from the admin index's "Add" link of Companies.
    page.locator("tr.model-company").get_by_role("link", name="Add").click()
    page.wait_for_url("**/admin/jobs/company/add/")
    assert page.locator("h1").inner_text() == "Add company"
    field(page, "Name").fill("Northwind Robotics")
    field(page, "Website").fill("https://northwind.example")
    field(page, "Short description").fill("Robots that sort parcels.")
    # The slug fills itself from the name.
    assert field(page, "Slug").input_value() == "northwind-robotics"
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/jobs/company/")
    assert "Northwind Robotics" in page.locator(".messagelist").inner_text()

    # A listing for it, with the seed page's impossible salary.
    page.goto("/admin/jobs/job/add/")
    assert page.locator("h1").inner_text() == "Add job"
    field(page, "Title").fill("Robotics Data Engineer")
    choose_company(page, "Northwind Robotics")
    # The slug fills itself from the title once the editor moves on.
    assert field(page, "Slug").input_value() == "robotics-data-engineer"
    assert page.locator("#id_company").input_value() != ""
    field(page, "Status").select_option(label="Published")
    field(page, "Description").fill("Build the **data pipelines** of our robots.")
    field(page, "Seniority").select_option(label="Senior-level / Expert")
    field(page, "Workplace").select_option(label="Remote")
    field(page, "Country").select_option(label="United States of America")
    field(page, "Salary min").fill("1111111000")
    field(page, "Salary max").fill("1111111000")
    field(page, "Currency").select_option("USD")
    field(page, "Salary period").select_option(label="per year")
    field(page, "Apply URL").fill("https://northwind.example/jobs/42")
    # Open to every US state: pay-transparency laws ask for benefits (jobs.pay_transparency).
    field(page, "Benefits").fill("Health insurance, a 401(k) match and 25 days of leave.")
    page.get_by_role("button", name="Save", exact=True).click()

    # Refused: the form comes back with the error on the salary fields, naming the range.
    page.locator(".errornote").wait_for()
    assert page.url.endswith("/admin/jobs/job/add/")
    assert page.locator("#id_salary_min_error").inner_text() == IMPLAUSIBLE
    assert page.locator("#id_salary_max_error").inner_text() == IMPLAUSIBLE
    assert Job.objects.count() == 0
    # What the editor typed is still there, the company too.
    assert field(page, "Title").input_value() == "Robotics Data Engineer"
    assert page.locator(".field-company .select2-selection").inner_text().strip() == (
        "Northwind Robotics"
    )

    field(page, "Salary min").fill("120000")
    field(page, "Salary max").fill("160000")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/jobs/job/")
    assert "Robotics Data Engineer" in page.locator(".messagelist").inner_text()
    listing = Job.objects.select_related("company").get()
    assert (listing.company.name, listing.status) == ("Northwind Robotics", "published")
    assert (listing.salary_min_usd_yearly, listing.salary_max_usd_yearly) == (120000, 160000)

    # On the public list, as a job seeker sees it.
    page.goto("/jobs/")
    card = page.locator(".job-card", has_text="Robotics Data Engineer")
    assert card.count() == 1
    assert " ".join(card.inner_text().split()).startswith(
        "NR Robotics Data Engineer Northwind Robotics · Remote (US) Full Time "
        "Senior-level / Expert USD 120K - 160K Pay range posted today"
    )
    card.get_by_role("link", name="Robotics Data Engineer").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/robotics-data-engineer/$"))
    assert page.locator("h1").inner_text() == "Robotics Data Engineer"
    assert page.console_errors == []
