"""Salary figures: percentiles, the histogram, title matching and the summaries for articles.

The expected values are worked out by hand from the small survey files in tests/data/salaries.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from jobs.models import Job
from jobs.salaries import chart, importing, lookups, stats
from jobs.salaries.models import SalaryLevelFigures, SalaryTitle

DATA = Path(__file__).resolve().parent.parent / "data" / "salaries"


@pytest.fixture
def small_survey(db):
    importing.import_survey(DATA / "survey_small.csv")


def test_percentiles_interpolate_linearly_between_closest_ranks():
    values = [10, 20, 30, 40]
    assert stats.percentile(values, "0.25") == Decimal("17.50")
    assert stats.percentile(values, "0.5") == Decimal("25.00")
    assert stats.percentile(values, "0.75") == Decimal("32.50")
    assert stats.percentile(values, "0.1") == Decimal("13.00")
    assert stats.percentile(values, "0.9") == Decimal("37.00")


def test_percentiles_of_one_value_and_of_odd_counts():
    assert stats.percentile([70000], "0.1") == Decimal("70000.00")
    assert stats.percentile([70000], "0.9") == Decimal("70000.00")
    # (3 - 1) x 0.1 = 0.2: a fifth of the way from 100 to 101.
    assert stats.percentile([100, 101, 200], "0.1") == Decimal("100.20")
    assert stats.percentile([100, 101, 200], "0.5") == Decimal("101.00")
    # Thirds round to the cent, halves up: 1 + 1/3 of 1 = 1.333...
    assert stats.percentile([1, 2, 3, 4], "0.111") == Decimal("1.33")


def test_figures_are_none_without_values_and_too_few_under_five():
    assert stats.figures_of([]) is None
    assert stats.figures_of([1, 2, 3, 4]).too_few is True
    assert stats.figures_of([1, 2, 3, 4, 5]).too_few is False


def test_figures_stored_at_import_are_exact_on_this_database(small_survey):
    statistician = SalaryTitle.objects.get(title="Statistician")
    assert statistician.report_count == 4
    assert statistician.median_usd == Decimal("25000.00")
    assert statistician.p10_usd == Decimal("13000.00")
    assert statistician.p25_usd == Decimal("17500.00")
    assert statistician.p75_usd == Decimal("32500.00")
    assert statistician.p90_usd == Decimal("37000.00")

    # Data Engineer: 73,684, 90,000, 100,000, 110,000, 130,000, 150,000, 160,000, 170,000,
    # 250,000. The 10th percentile sits at rank 0.8: 73,684 + 0.8 x 16,316 = 86,736.80.
    data_engineer = SalaryTitle.objects.get(slug="data-engineer")
    assert data_engineer.report_count == 9
    assert data_engineer.median_usd == Decimal("130000.00")
    assert data_engineer.p10_usd == Decimal("86736.80")
    assert data_engineer.p25_usd == Decimal("100000.00")
    assert data_engineer.p75_usd == Decimal("160000.00")
    assert data_engineer.p90_usd == Decimal("186000.00")
    assert data_engineer.countries == ["DE", "US"]
    assert data_engineer.years == [2023, 2024]

    senior = SalaryLevelFigures.objects.get(title=data_engineer, experience_level="SE")
    # 100,000, 130,000, 150,000, 160,000, 170,000
    assert senior.report_count == 5
    assert senior.median_usd == Decimal("150000.00")
    assert senior.p10_usd == Decimal("112000.00")
    assert senior.p90_usd == Decimal("166000.00")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL's percentile_cont"
)
def test_figures_match_postgresql_percentile_cont(small_survey):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.slug,
                   percentile_cont(ARRAY[0.1, 0.25, 0.5, 0.75, 0.9])
                       WITHIN GROUP (ORDER BY r.salary_in_usd)
            FROM jobs_salaryreport r JOIN jobs_salarytitle t ON t.id = r.title_id
            GROUP BY t.slug
            """
        )
        by_postgresql = dict(cursor.fetchall())
    assert len(by_postgresql) == 4
    for salary_title in SalaryTitle.objects.all():
        expected = [round(Decimal(value), 2) for value in by_postgresql[salary_title.slug]]
        stored = [
            salary_title.p10_usd,
            salary_title.p25_usd,
            salary_title.median_usd,
            salary_title.p75_usd,
            salary_title.p90_usd,
        ]
        assert stored == expected, salary_title.slug


def test_histogram_uses_round_bins_and_an_open_ended_last_bin():
    values = sorted([73684, 90000, 100000, 110000, 130000, 150000, 160000, 170000, 250000])
    histogram = chart.histogram(values)
    assert histogram.bin_width == 10000
    assert [(bin_.low, bin_.high, bin_.count) for bin_ in histogram.bins] == [
        (70000, 80000, 1),
        (80000, 90000, 0),
        (90000, 100000, 1),
        (100000, 110000, 1),
        (110000, 120000, 1),
        (120000, 130000, 0),
        (130000, 140000, 1),
        (140000, 150000, 0),
        (150000, 160000, 1),
        (160000, 170000, 1),
        (170000, 180000, 1),
        (180000, 190000, 0),
        (190000, 200000, 0),
        (200000, 210000, 0),
        (210000, 220000, 0),
        (220000, 230000, 0),
        (230000, 240000, 0),
        (240000, 250000, 0),
        (250000, 260000, 1),
    ]
    assert histogram.bins[0].label == "70K to under 80K USD"
    assert histogram.open_ended_from is None

    # With 100 reports or more, amounts above the 99th percentile share one last bin.
    many = sorted([100000] * 99 + [800000])
    histogram = chart.histogram(many)
    assert [(bin_.low, bin_.high, bin_.count) for bin_ in histogram.bins] == [
        (100000, 101000, 99),
        (101000, None, 1),
    ]
    assert histogram.bins[-1].label == "101K USD and more"
    assert histogram.open_ended_from == 101000


def compared_title(listing_title: str, seniority: str = "SE") -> str | None:
    """The survey title a listing with this title (and no survey title of its editor's) is
    compared with; None when its comparison finds none. The seniority is one at which the
    expected title, or the title a wrong match would find, has reports."""
    job = Job(
        title=listing_title,
        seniority=seniority,
        salary_min_usd_yearly=Decimal("100000"),
        salary_max_usd_yearly=Decimal("100000"),
    )
    comparison = lookups.listing_comparison(job)
    return comparison.title if comparison else None


@pytest.mark.parametrize(
    ("listing_title", "seniority", "expected"),
    [
        ("Lead Data Engineer (AI)", "SE", "Data Engineer"),
        ("Senior data engineer, Berlin", "SE", "Data Engineer"),
        ("Staff Machine Learning Engineer", "SE", "Machine Learning Engineer"),
        ("Engineer", "SE", "Engineer"),
        ("Software Engineer II", "SE", "Engineer"),
        # Whole words only: "Engineering" does not contain the title "Engineer".
        ("Data Engineering Manager", "SE", None),
        # Statistician's reports are all mid-level.
        ("Statisticians wanted", "MI", None),
        ("Product Designer", "SE", None),
        ("", "SE", None),
    ],
)
def test_survey_title_is_the_longest_contained_as_whole_words(
    small_survey, listing_title, seniority, expected, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        assert compared_title(listing_title, seniority) == expected


@pytest.fixture
def survey_with_seniority_titles(db, tmp_path):
    """A hand-made survey whose titles include seniority words, as the real one's do."""
    survey = tmp_path / "survey.csv"
    header = (DATA / "survey_small.csv").read_text().splitlines()[0]
    titles = [
        "Data Engineer",
        "Lead Data Engineer",
        "Big Data Engineer",
        "Data Scientist",
        "Principal Data Scientist",
        "Head of Data",
        "Engineer",
    ]
    survey.write_text(
        f"{header}\n"
        + "".join(f"2024,SE,FT,{title},150000,USD,150000,US,0,US,M\n" for title in titles)
    )
    importing.import_survey(survey)


@pytest.mark.parametrize(
    ("listing_title", "expected"),
    [
        # The issue's own example: seniority is matched separately, so it is not in the title.
        ("Lead Data Engineer (AI)", "Data Engineer"),
        ("Senior Big Data Engineer", "Big Data Engineer"),
        ("Sr. Data Engineer", "Data Engineer"),
        ("Jr Data Scientist", "Data Scientist"),
        ("Junior Data Scientist", "Data Scientist"),
        ("Principal Data Scientist", "Data Scientist"),
        ("Staff Data Scientist, Search", "Data Scientist"),
        ("Associate Data Engineer", "Data Engineer"),
        ("Entry-level Data Scientist", "Data Scientist"),
        ("Mid-Level Data Engineer", "Data Engineer"),
        ("Data Engineer (Senior)", "Data Engineer"),
        ("DATA ENGINEER - LEAD", "Data Engineer"),
        # "Head" is a role, not a seniority word.
        ("Head of Data", "Head of Data"),
        # Whole words only: "Leader" and "Seniority" are not seniority words.
        ("Engineering Team Leader", None),
        ("Seniority Engineer", "Engineer"),
        ("Senior Lead", None),
    ],
)
def test_seniority_words_are_left_out_of_the_survey_title(
    survey_with_seniority_titles, listing_title, expected, django_assert_max_num_queries
):
    # Every title of this survey has senior-level reports.
    with django_assert_max_num_queries(1):
        assert compared_title(listing_title) == expected


def test_title_summaries_for_the_careers_app_in_one_query(small_survey, django_assert_num_queries):
    with django_assert_num_queries(1):
        summaries = lookups.title_summaries(["Data Engineer", "statistician", "Astronaut"])
    assert set(summaries) == {"Data Engineer", "statistician"}
    data_engineer = summaries["Data Engineer"]
    assert data_engineer.title == "Data Engineer"
    assert data_engineer.slug == "data-engineer"
    assert data_engineer.url == "/salaries/data-engineer/"
    assert data_engineer.count == 9
    assert data_engineer.median_usd == Decimal("130000.00")
    assert summaries["statistician"].title == "Statistician"
    assert summaries["statistician"].median_usd == Decimal("25000.00")
    with django_assert_num_queries(0):
        assert lookups.title_summaries([]) == {}
