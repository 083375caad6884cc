"""An article's "Salary insights" links and "Typical pay" row come from the salary survey."""

from pathlib import Path

import pytest

from jobs.salaries.importing import import_survey
from tests.factories import ComparisonFactory, RoleFactory

SURVEY = Path(__file__).resolve().parent.parent / "data" / "salaries" / "survey_small.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    import_survey(SURVEY)
    data_engineer = RoleFactory(name="Software Data Engineer", salary_title="Data Engineer")
    ml_engineer = RoleFactory(
        name="Lead Machine Learning Engineer", salary_title="Machine Learning Engineer"
    )
    return ComparisonFactory(role_a=ml_engineer, role_b=data_engineer)


def test_links_go_to_both_salary_pages_with_the_seed_wording(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<a href="/salaries/data-engineer/">View salary info for Data Engineer (global)</a>' in html
    )
    assert (
        '<a href="/salaries/machine-learning-engineer/">'
        "View salary info for Machine Learning Engineer (global)</a>"
    ) in html


def test_side_by_side_table_shows_the_median_when_there_are_enough_reports(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    # survey_small.csv: 9 Data Engineer reports with a median of 130,000 USD; a single
    # Machine Learning Engineer report is too few to call typical.
    assert "USD 130K a year (median)" in html
    assert "Not enough data yet" in html


def test_a_title_missing_from_the_survey_falls_back_to_a_job_search(client):
    import_survey(SURVEY)
    role = RoleFactory(name="Prompt Whisperer", salary_title="Prompt Whisperer")
    ComparisonFactory(role_a=role)  # a role has a public page once an article compares it
    html = client.get(role.get_absolute_url()).content.decode()
    assert '<a href="/jobs/?q=Prompt+Whisperer">Prompt Whisperer jobs</a>' in html
    assert "View salary info" not in html


def test_report_counts_have_a_thousands_separator(client, tmp_path):
    header = SURVEY.read_text().splitlines()[0]
    survey = tmp_path / "survey.csv"
    survey.write_text(
        f"{header}\n"
        + "2024,SE,FT,Data Engineer,150000,USD,150000,US,0,US,M\n" * 5841
        + "2024,SE,FT,Data Scientist,150000,USD,150000,US,0,US,M\n"
    )
    import_survey(survey)
    comparison = ComparisonFactory(
        role_a=RoleFactory(name="Software Data Engineer", salary_title="Data Engineer"),
        role_b=RoleFactory(name="Research Data Scientist", salary_title="Data Scientist"),
    )
    html = client.get(comparison.get_absolute_url()).content.decode()
    assert (
        '<a href="/salaries/data-engineer/">View salary info for Data Engineer (global)</a> '
        '<span class="muted">(5,841 reports)</span>'
    ) in html
    assert '<span class="muted">(1 report)</span>' in html
