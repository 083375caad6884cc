"""``manage.py import_salaries``: validation, atomic replacement, idempotence, the shipped copy."""

import gzip
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jobs.demo import salaries as demo_salaries
from jobs.salaries import importing
from jobs.salaries.models import (
    SalaryLevelFigures,
    SalaryReport,
    SalarySnapshot,
    SalaryTitle,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "salaries"
HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size"
)

pytestmark = pytest.mark.django_db


def import_salaries(path, *args) -> str:
    out = io.StringIO()
    call_command("import_salaries", str(path), *args, stdout=out)
    return out.getvalue()


def loaded_data() -> dict:
    """Everything the import wrote, without ids and load times."""
    return {
        "snapshots": list(SalarySnapshot.objects.values_list("source_name", "report_count")),
        "titles": list(
            SalaryTitle.objects.order_by("slug").values_list(
                "title", "slug", "report_count", "median_usd", "p10_usd", "p90_usd"
            )
        ),
        "levels": list(
            SalaryLevelFigures.objects.order_by("title__slug", "experience_level").values_list(
                "title__slug", "experience_level", "report_count", "median_usd"
            )
        ),
        "reports": sorted(
            SalaryReport.objects.values_list(
                "title__slug",
                "work_year",
                "experience_level",
                "employment_type",
                "salary",
                "salary_currency",
                "salary_in_usd",
                "employee_residence",
                "remote_ratio",
                "company_location",
                "company_size",
            )
        ),
    }


def test_import_loads_every_report_with_its_title():
    out = import_salaries(DATA / "survey_small.csv")
    assert "Loaded 15 salary reports for 4 job titles from survey_small.csv" in out
    assert SalaryReport.objects.count() == 15
    assert list(SalaryTitle.objects.values_list("title", "slug", "report_count")) == [
        ("Data Engineer", "data-engineer", 9),
        ("Statistician", "statistician", 4),
        ("Engineer", "engineer", 1),
        ("Machine Learning Engineer", "machine-learning-engineer", 1),
    ]
    report = SalaryReport.objects.get(salary_currency="GBP")
    assert report.title.title == "Engineer"
    assert report.work_year == 2022
    assert report.experience_level == "SE"
    assert report.employment_type == "FL"
    assert report.salary == 60000
    assert report.salary_in_usd == 75000
    assert report.employee_residence == "GB"
    assert report.remote_ratio == 100
    assert report.company_location == "GB"
    assert report.company_size == "S"
    snapshot = SalarySnapshot.objects.get()
    assert snapshot.source_name == "survey_small.csv"
    assert snapshot.report_count == 15


def test_a_broken_file_is_refused_with_every_error_and_the_loaded_data_stays():
    import_salaries(DATA / "survey_small.csv")
    before = loaded_data()
    with pytest.raises(CommandError) as refused:
        import_salaries(DATA / "survey_broken.csv")
    message = str(refused.value)
    assert "survey_broken.csv: 13 error(s), nothing was loaded:" in message
    assert message.splitlines()[1:] == [
        "line 3: experience_level: 'XX' is not one of EN, MI, SE, EX",
        "line 4: employment_type: 'IN' is not one of FT, PT, CT, FL",
        "line 5: salary: '-5' is not a positive whole amount",
        "line 6: salary_in_usd: '12.5' is not a positive whole amount",
        "line 7: salary_currency: 'ABC' is not an ISO 4217 currency code",
        "line 8: remote_ratio: '30' is not one of 0, 50, 100",
        "line 8: company_location: 'UK' is not an ISO 3166 country code",
        "line 8: company_size: 'XL' is not one of S, M, L",
        "line 9: work_year: 1899 is before 2000",
        "line 9: job_title: empty",
        "line 9: salary_in_usd: '0' is not a positive whole amount",
        "line 9: employee_residence: 'us' is not an ISO 3166 country code",
        "line 10: row: 9 fields, the header has 11",
    ]
    assert loaded_data() == before


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "line 1: file: empty, no header and no reports"),
        (HEADER.encode() + b"\n", "line 2: file: no reports after the header"),
        (
            b"work_year,experience_level,job_title\n2024,SE,Data Engineer\n",
            "line 1: header: missing column(s) employment_type, salary, salary_currency, "
            "salary_in_usd, employee_residence, remote_ratio, company_location, company_size",
        ),
        (
            HEADER.encode() + b"\n2024,SE,FT,Data Engineer,1,USD,1,US,0,US,M\n"
            b"2024,SE,FT,Ingenieur \xe9,1,USD,1,US,0,US,M\n",
            "line 3: file: not UTF-8 text",
        ),
        (
            HEADER.encode() + b'\n2024,SE,FT,Data Engineer,"1,000",USD,1000,US,0,US,M\n',
            "line 2: salary: '1,000' is not a positive whole amount",
        ),
        (
            HEADER.encode() + b"\n2024,SE,FT,Data Engineer,1000.00,USD,1000,US,0,US,M\n",
            "line 2: salary: '1000.00' is not a positive whole amount",
        ),
        (
            HEADER.encode() + b"\n24,SE,FT,Data Engineer,1000,USD,1000,US,0,US,M\n",
            "line 2: work_year: '24' is not a year",
        ),
        (
            HEADER.encode() + b"\n2999,SE,FT,Data Engineer,1000,USD,1000,US,0,US,M\n",
            "line 2: work_year: 2999 is in the future",
        ),
        (
            HEADER.encode() + b"\n2024,SE,FT,---,1000,USD,1000,US,0,US,M\n",
            "line 2: job_title: '---' has no letters or digits",
        ),
        (b"\x1f\x8bnot really gzip", "file: not a valid gzip file"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_their_reason(tmp_path, content, error):
    path = tmp_path / "survey.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        import_salaries(path)
    assert error in str(refused.value)
    assert SalarySnapshot.objects.count() == 0
    assert SalaryReport.objects.count() == 0


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        import_salaries(tmp_path / "nowhere.csv")


def test_a_new_snapshot_replaces_the_old_one_whole():
    import_salaries(DATA / "survey_small.csv")
    out = import_salaries(DATA / "survey_newer.csv")
    assert (
        "Loaded 3 salary reports for 2 job titles from survey_newer.csv in "
    ) in out and "replacing survey_small.csv (15 reports)." in out
    assert list(SalarySnapshot.objects.values_list("source_name", flat=True)) == [
        "survey_newer.csv"
    ]
    assert list(SalaryTitle.objects.values_list("title", "report_count", "median_usd")) == [
        ("Data Engineer", 2, Decimal("150000.00")),
        ("Data Analyst", 1, Decimal("60000.00")),
    ]
    assert SalaryReport.objects.count() == 3
    assert not SalaryTitle.objects.filter(title="Statistician").exists()
    assert not SalaryLevelFigures.objects.filter(title__title="Statistician").exists()


def test_a_load_that_fails_halfway_leaves_the_previous_snapshot(monkeypatch):
    import_salaries(DATA / "survey_small.csv")
    before = loaded_data()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importing, "_insert_reports", fail)
    with pytest.raises(RuntimeError):
        import_salaries(DATA / "survey_newer.csv")
    assert loaded_data() == before


def test_the_same_file_twice_leaves_the_same_data():
    import_salaries(DATA / "survey_small.csv")
    first = loaded_data()
    snapshot = SalarySnapshot.objects.get()
    out = import_salaries(DATA / "survey_small.csv")
    assert (
        out.startswith("Salary survey unchanged: survey_small.csv (SHA-256 ")
        and "is already loaded with 15 reports; nothing to do" in out
    )
    assert loaded_data() == first
    assert SalarySnapshot.objects.get().loaded_at == snapshot.loaded_at

    # --force loads it again, with the same result.
    out = import_salaries(DATA / "survey_small.csv", "--force")
    assert "Loaded 15 salary reports for 4 job titles" in out
    assert loaded_data() == first


def test_a_gzipped_copy_of_the_loaded_file_is_the_same_snapshot(tmp_path):
    import_salaries(DATA / "survey_small.csv")
    compressed = tmp_path / "survey_small.csv.gz"
    with (DATA / "survey_small.csv").open("rb") as plain, gzip.open(compressed, "wb") as gz:
        shutil.copyfileobj(plain, gz)
    assert "Salary survey unchanged" in import_salaries(compressed)
    # A gzipped file is read like a plain one.
    assert "Loaded 15 salary reports" in import_salaries(compressed, "--force")
    assert SalaryReport.objects.count() == 15


def test_titles_that_differ_only_in_case_or_spacing_are_one_title(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(
        f"{HEADER}\n"
        "2024,SE,FT,Data Engineer,100000,USD,100000,US,0,US,M\n"
        "2024,SE,FT,data  engineer,120000,USD,120000,US,0,US,M\n"
        "2024,SE,FT,Data Engineer,140000,USD,140000,US,0,US,M\n"
        "2024,SE,FT,C++ Developer,90000,USD,90000,US,0,US,M\n"
        "2024,SE,FT,C Developer,80000,USD,80000,US,0,US,M\n"
    )
    import_salaries(path)
    assert sorted(SalaryTitle.objects.values_list("title", "slug", "report_count")) == [
        ("C Developer", "c-developer-2", 1),
        ("C++ Developer", "c-developer", 1),
        ("Data Engineer", "data-engineer", 3),
    ]


def test_seed_demo_loads_the_shipped_copy_once():
    out = io.StringIO()
    demo_salaries.seed(out)
    assert "Loaded 74,301 salary reports for 290 job titles" in out.getvalue()
    assert SalaryReport.objects.count() == 74301
    data_scientist = SalaryTitle.objects.most_reported().first()
    assert data_scientist.title == "Data Scientist"
    assert data_scientist.report_count == 11669

    out = io.StringIO()
    demo_salaries.seed(out)
    assert "Salary survey unchanged: ai-jobs-net-salaries-2025-01-19.csv.gz" in out.getvalue()
    assert SalarySnapshot.objects.count() == 1


def test_control_characters_in_any_column_are_row_errors(tmp_path):
    import_salaries(DATA / "survey_small.csv")
    before = loaded_data()
    rows = [
        "2024,SE,FT,Data\x00 Engineer,150000,USD,150000,US,0,US,M",
        "2024,SE,FT,Data Engineer\x07,150000,USD,150000,US,0,US,M",
        "2024,SE,FT,Data Engineer,150000,USD,150000,\x1bUS,0,US,M",
        # Separator-like control characters that str.strip() would silently remove.
        "2024\x1f,SE,FT,Data Engineer,150000,USD,150000,US,0,US,M",
        "2024,SE,FT,Data Engineer,150000,USD,150000,US,0,US\x85,M",
        # A C1 control character, and one that is also otherwise wrong: one message.
        "2024,SE,FT,Data Engineer,150000,USD,150000,US,0,US,\x9bXL",
        # Tabs are not control characters here: only the usual check.
        "2024,SE,FT,Data\tEngineer,150000,USD,150000,US,0,US,M",
    ]
    path = tmp_path / "survey.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        import_salaries(path)
    assert str(refused.value).splitlines()[1:] == [
        "line 2: job_title: contains control characters",
        "line 3: job_title: contains control characters",
        "line 4: employee_residence: contains control characters",
        "line 5: work_year: contains control characters",
        "line 6: company_location: contains control characters",
        "line 7: company_size: contains control characters",
    ]
    assert loaded_data() == before


def test_a_database_error_is_a_command_error_and_the_loaded_data_stays(monkeypatch):
    from django.db import DataError

    import_salaries(DATA / "survey_small.csv")
    before = loaded_data()

    def refuse(*args, **kwargs):
        raise DataError('invalid byte sequence for encoding "UTF8": 0x00')

    monkeypatch.setattr(importing, "_insert_reports", refuse)
    with pytest.raises(CommandError) as refused:
        import_salaries(DATA / "survey_newer.csv")
    assert str(refused.value) == (
        f"{DATA / 'survey_newer.csv'}: the database refused the survey "
        '(invalid byte sequence for encoding "UTF8": 0x00); nothing was loaded.'
    )
    assert loaded_data() == before
