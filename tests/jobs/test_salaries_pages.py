"""The salary pages (/salaries/ and /salaries/<title>/) and a listing's pay comparison."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from jobs.salaries import importing, lookups
from tests.factories import JobFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "salaries"
ATTRIBUTION = "Salary data: aijobs.net salary survey (CC0)"

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_survey():
    importing.import_survey(DATA / "survey_small.csv")


def text_of(response) -> str:
    """The page's visible text with tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def assert_strict_markup(response):
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    # No inline script without the request's nonce.
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "nonce=" in script or "src=" in script


# -- /salaries/ -------------------------------------------------------------------------------


def test_index_lists_titles_most_reported_first_with_median(
    client, small_survey, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get("/salaries/")
    assert response.status_code == 200
    rows = re.findall(
        r'<th scope="row"><a href="(/salaries/[^"]+/)">([^<]+)</a></th>\s*'
        r'<td class="num">([^<]+)</td>\s*<td class="num">([\d,]+ USD)',
        response.content.decode(),
    )
    assert rows == [
        ("/salaries/data-engineer/", "Data Engineer", "9", "130,000 USD"),
        ("/salaries/statistician/", "Statistician", "4", "25,000 USD"),
        ("/salaries/engineer/", "Engineer", "1", "75,000 USD"),
        ("/salaries/machine-learning-engineer/", "Machine Learning Engineer", "1", "200,000 USD"),
    ]
    text = text_of(response)
    assert "Salaries by job title" in text
    assert "4 job titles." in text
    assert ATTRIBUTION in text
    assert_strict_markup(response)


def test_index_search_finds_titles_containing_the_words(client, small_survey):
    text = text_of(client.get("/salaries/", {"q": "engineer"}))
    assert "3 job titles containing “engineer”" in text
    assert "Data Engineer" in text and "Machine Learning Engineer" in text
    assert "Statistician" not in text

    text = text_of(client.get("/salaries/", {"q": "astronaut"}))
    assert "No job title contains “astronaut”." in text


@pytest.mark.parametrize(
    "params",
    [
        {"page": "999"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "\x00"},
        {"q": "x" * 5000},
        {"q": "<script>"},
        {"q": "data\x00"},
    ],
)
def test_index_survives_garbage_parameters(client, small_survey, params):
    response = client.get("/salaries/", params)
    assert response.status_code == 200
    assert "<script>" not in main_html(response)


def test_index_is_paginated(client, tmp_path):
    header = (DATA / "survey_small.csv").read_text().splitlines()[0]
    rows = [f"2024,SE,FT,Title {number:02d},1000,USD,1000,US,0,US,M" for number in range(60)]
    survey = tmp_path / "survey.csv"
    survey.write_text("\n".join([header, *rows]) + "\n")
    importing.import_survey(survey)
    first = text_of(client.get("/salaries/"))
    assert "Page 1 of 2" in first and "Title 49" in first and "Title 50" not in first
    second = client.get("/salaries/", {"page": "2"})
    assert "Title 50" in text_of(second) and "Title 59" in text_of(second)
    assert 'href="?page=1" rel="prev"' in second.content.decode()


def test_index_without_a_survey_says_so(client):
    response = client.get("/salaries/")
    assert response.status_code == 200
    assert "No salary survey has been loaded yet." in text_of(response)


# -- /salaries/<slug>/ ------------------------------------------------------------------------


def test_title_page_shows_global_figures(client, small_survey, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/salaries/data-engineer/")
    assert response.status_code == 200
    text = text_of(response)
    assert "<h1>Data Engineer (global)</h1>" in response.content.decode()
    assert "Yearly pay in USD from 9 reports of the aijobs.net salary survey." in text
    for figure in [
        "Reports 9",
        "Median 130,000 USD",
        "10th percentile 86,737 USD",
        "25th percentile 100,000 USD",
        "75th percentile 160,000 USD",
        "90th percentile 186,000 USD",
    ]:
        assert figure in text
    assert "Too few reports" not in text
    assert ATTRIBUTION in text
    assert_strict_markup(response)


def test_title_page_tables_by_experience_level_and_year(client, small_survey):
    text = text_of(client.get("/salaries/data-engineer/"))
    # Entry 73,684; Mid 90,000 and 110,000; Senior 100,000 to 170,000; Executive 250,000.
    assert (
        "Entry-level / Junior 1 too few reports 73,684 USD 73,684 USD to 73,684 USD "
        "Mid-level / Intermediate 2 too few reports 100,000 USD 95,000 USD to 105,000 USD "
        "Senior-level / Expert 5 150,000 USD 130,000 USD to 160,000 USD "
        "Executive-level / Director 1 too few reports 250,000 USD 250,000 USD to 250,000 USD"
    ) in text
    # 2023: 90,000, 130,000, 250,000; 2024: six reports from 73,684 to 170,000.
    assert "2023 3 too few reports 130,000 USD 2024 6 130,000 USD" in text


def test_title_page_histogram_is_inline_svg_with_a_text_alternative(client, small_survey):
    html = main_html(client.get("/salaries/data-engineer/"))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="histogram-title histogram-desc"' in svg
    assert (
        '<title id="histogram-title">Histogram of 9 yearly salaries in USD for Data Engineer '
        "(global)</title>"
    ) in svg
    assert "19 bars, each 10,000 USD wide" in svg
    assert svg.count('<rect class="histogram-bar"') == 19
    # The same numbers as a table.
    assert '<th scope="row">70K to under 80K USD</th><td class="num">1</td>' in html
    assert '<th scope="row">250K to under 260K USD</th><td class="num">1</td>' in html


def test_title_page_country_filter_names_the_country(
    client, small_survey, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get("/salaries/data-engineer/", {"country": "DE"})
    html = response.content.decode()
    text = text_of(response)
    assert "<h1>Data Engineer (Germany)</h1>" in html
    # 73,684 and 100,000: fewer than five, so the page warns.
    assert "Reports 2" in text and "Median 86,842 USD" in text
    assert "Too few reports: only 2 reports match, fewer than 5" in text
    # The select offers only the countries of this title's reports.
    country_select = html[html.index('<select name="country"') :]
    country_select = country_select[: country_select.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', country_select) == ["", "DE", "US"]
    assert '<option value="DE" selected>Germany</option>' in html


@pytest.mark.parametrize(
    ("params", "count", "median"),
    [
        ({"experience": "SE"}, "5", "150,000 USD"),
        ({"employment_type": "CT"}, "1", "90,000 USD"),
        ({"remote_ratio": "100"}, "2", "135,000 USD"),
        ({"year": "2023"}, "3", "130,000 USD"),
        ({"experience": "SE", "country": "US", "year": "2024"}, "3", "160,000 USD"),
    ],
)
def test_title_page_filters(client, small_survey, params, count, median):
    text = text_of(client.get("/salaries/data-engineer/", params))
    assert f"Reports {count} Median {median}" in text
    assert "Data Engineer (global)" in text or "Data Engineer (United States" in text


def test_title_page_with_no_matching_reports_explains_itself(client, small_survey):
    response = client.get("/salaries/data-engineer/", {"employment_type": "FL"})
    assert response.status_code == 200
    text = text_of(response)
    assert "No reports match these filters. Show all 9 reports for Data Engineer" in text
    assert "<svg" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"country": "GB"},  # a real country, but none of this title's reports
        {"experience": "XX"},
        {"employment_type": "IN"},
        {"remote_ratio": "abc"},
        {"year": "1999"},
        {"year": "2024.5"},
        {"country": "x" * 5000},
        {"country": "\x00", "year": "\x00"},
    ],
)
def test_invalid_filters_are_ignored_with_a_message(
    client, small_survey, params, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get("/salaries/data-engineer/", params)
    assert response.status_code == 200
    text = text_of(response)
    assert "Ignored the" in text and "is not one of its choices." in text
    # The other figures are those of all reports.
    assert "Reports 9 Median 130,000 USD" in text


def test_an_invalid_filter_does_not_stop_the_valid_ones(client, small_survey):
    text = text_of(client.get("/salaries/data-engineer/", {"experience": "SE", "year": "abc"}))
    assert "Ignored the year filter: “abc” is not one of its choices." in text
    assert "Reports 5 Median 150,000 USD" in text


def test_too_few_reports_carry_a_clear_warning(client, small_survey):
    text = text_of(client.get("/salaries/statistician/"))
    assert "Statistician (global)" in text
    assert "Too few reports: only 4 reports match, fewer than 5" in text
    # The exact figures of 10,000, 20,000, 30,000 and 40,000 are still shown beside it.
    assert (
        "Reports 4 Median 25,000 USD 10th percentile 13,000 USD 25th percentile 17,500 USD "
        "75th percentile 32,500 USD 90th percentile 37,000 USD"
    ) in text


def test_unknown_title_is_404(client, small_survey):
    assert client.get("/salaries/astronaut/").status_code == 404


def test_title_page_queries_do_not_grow_with_reports(client, django_assert_num_queries):
    importing.import_survey(importing.SHIPPED_SURVEY)
    with django_assert_num_queries(2):
        response = client.get("/salaries/data-scientist/")
    assert "Reports 11,669" in text_of(response)
    with django_assert_num_queries(2):
        client.get("/salaries/data-scientist/", {"country": "US", "experience": "SE"})
    with django_assert_num_queries(3):
        client.get("/salaries/")


# -- A listing's comparison -------------------------------------------------------------------


def comparison_of(job) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", position_html(job)).split())


def position_html(job) -> str:
    """The job page's salary comparison: computed as the view does, shown by the include."""
    context = {"salary_comparison": lookups.listing_comparison(job)}
    return render_to_string("jobs/includes/salary_position.html", context)


@pytest.mark.parametrize(
    ("salary_min", "salary_max", "expected"),
    [
        ("160000", "200000", "This range is above the median"),
        ("120000", "160000", "This range is around the median"),
        ("150000", "150000", "This salary is around the median"),
        ("80000", "100000", "This range is below the median"),
    ],
)
def test_listing_range_against_the_median_of_its_title_and_seniority(
    small_survey, salary_min, salary_max, expected, django_assert_max_num_queries
):
    job = JobFactory(
        title="Lead Data Engineer (AI)",
        seniority="SE",
        salary_min=Decimal(salary_min),
        salary_max=Decimal(salary_max),
    )
    with django_assert_max_num_queries(1):
        text = comparison_of(job)
    assert text == (
        f"{expected} of 150,000 USD for Senior-level / Expert Data Engineers (5 reports). "
        "Salaries for Data Engineer"
    )
    assert 'href="/salaries/data-engineer/?experience=SE"' in position_html(job)


def test_listing_comparison_uses_the_yearly_usd_range(small_survey):
    # 12,000 EUR a month at 1.10 USD per EUR: 158,400 to 171,600 USD a year.
    from tests.factories import exchange_rate

    exchange_rate("EUR", "1.10")
    job = JobFactory(
        title="Data Engineer",
        seniority="SE",
        salary_min=Decimal("12000"),
        salary_max=Decimal("13000"),
        salary_currency_id="EUR",
        salary_period="month",
    )
    assert job.salary_min_usd_yearly == Decimal("158400.00")
    assert comparison_of(job).startswith("This range is above the median of 150,000 USD")


def test_listing_comparison_warns_when_reports_are_few(small_survey):
    job = JobFactory(title="Data Engineer", seniority="MI")
    assert comparison_of(job) == (
        "This range is above the median of 100,000 USD for Mid-level / Intermediate Data "
        "Engineers (2 reports). Too few reports to be reliable. Salaries for Data Engineer"
    )


def test_the_editors_survey_title_wins_over_the_guess(small_survey):
    job = JobFactory(
        title="Quantitative Data Engineer", survey_title="statistician", seniority="MI"
    )
    assert comparison_of(job).startswith(
        "This range is above the median of 25,000 USD for Mid-level / Intermediate "
        "Statisticians (4 reports)."
    )


@pytest.mark.parametrize(
    "job_fields",
    [
        # No salary.
        {"title": "Data Engineer", "salary_min": None, "salary_max": None},
        # No survey title in the listing's title.
        {"title": "Product Designer"},
        # The title's reports have no Executive-level / Director... for Statistician.
        {"title": "Statistician", "seniority": "EX"},
        # An editor's survey title the survey does not have: no guess instead.
        {"title": "Data Engineer", "survey_title": "Astronaut"},
    ],
)
def test_listing_comparison_says_nothing_without_salary_or_reports(small_survey, job_fields):
    job = JobFactory(**job_fields)
    assert comparison_of(job) == ""


def test_listing_comparison_without_a_survey_loaded(db):
    assert comparison_of(JobFactory(title="Data Engineer")) == ""


def test_listing_survey_title_defaults_to_the_longest_contained_title(small_survey):
    assert lookups.listing_comparison(JobFactory(title="Senior Data Engineer")).title == (
        "Data Engineer"
    )
    assert (
        lookups.listing_comparison(
            JobFactory(title="Senior Data Engineer", survey_title="Engineer")
        ).title
        == "Engineer"
    )


def test_listing_page_links_to_the_salary_page_of_its_survey_title(client, small_survey):
    job = JobFactory(title="Senior Data Engineer", seniority="SE")
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "This range is around the median of 150,000 USD for Senior-level / Expert Data " in (
        " ".join(html.split())
    )
    assert '<a href="/salaries/data-engineer/?experience=SE">Salaries for Data Engineer</a>' in html
    # The linked page answers with the figures the listing quoted.
    text = text_of(client.get("/salaries/data-engineer/", {"experience": "SE"}))
    assert "Reports 5 Median 150,000 USD" in text


def test_listing_page_without_salary_shows_no_comparison(client, small_survey):
    job = JobFactory(title="Senior Data Engineer", salary_min=None, salary_max=None)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "salary-position" not in html


@pytest.fixture
def survey_with_lead_and_head_titles(tmp_path):
    survey = tmp_path / "survey.csv"
    header = (DATA / "survey_small.csv").read_text().splitlines()[0]
    survey.write_text(
        f"{header}\n"
        "2024,SE,FT,Data Engineer,150000,USD,150000,US,0,US,M\n"
        "2024,SE,FT,Lead Data Engineer,190000,USD,190000,US,0,US,M\n"
        "2024,SE,FT,Head of Data,210000,USD,210000,US,0,US,M\n"
    )
    importing.import_survey(survey)


def test_a_lead_listing_is_compared_with_its_title_at_its_seniority(
    survey_with_lead_and_head_titles,
):
    job = JobFactory(title="Lead Data Engineer (AI)", seniority="SE")
    assert comparison_of(job) == (
        "This range is around the median of 150,000 USD for Senior-level / Expert Data "
        "Engineers (1 report). Too few reports to be reliable. Salaries for Data Engineer"
    )


def test_a_title_that_does_not_name_a_person_reads_naturally(survey_with_lead_and_head_titles):
    job = JobFactory(title="Head of Data", seniority="SE")
    assert comparison_of(job) == (
        "This range is below the median of 210,000 USD for Senior-level / Expert Head of Data "
        "roles (1 report). Too few reports to be reliable. Salaries for Head of Data"
    )
