"""``manage.py import_jobs``: all or nothing, every error with its line, no duplicates."""

import csv
import inspect
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from jobs import pay_transparency
from jobs.importing import rendering
from jobs.importing.checks import Unsupported, compile_condition, constraint_errors
from jobs.importing.importer import Importer
from jobs.importing.rendering import listing_module, reused_markdown_parsers
from jobs.importing.rows import COLUMNS as IMPORT_COLUMNS
from jobs.importing.rows import COMPARED_FIELDS
from jobs.markup import render_markdown
from jobs.models import Company, Job, Skill
from tests.factories import CompanyFactory, JobFactory, SkillFactory, exchange_rate

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "jobs"


@pytest.fixture(autouse=True)
def _no_pay_rules(monkeypatch):
    """These tests are about the import's mechanics, on generated listings of every kind:
    without pay-transparency rules (their part of the import is tested in
    tests/jobs/test_pay_transparency_import.py)."""
    monkeypatch.setattr(pay_transparency, "rules", dict)


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.JOB_DEFAULT_DURATION_DAYS = 30
    exchange_rate("EUR", "1.05")
    exchange_rate("CAD", "0.72")
    exchange_rate("INR", "0.012")


def run_import(path, *args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_jobs", str(path), *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def failed_import(path):
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_jobs", str(path), stdout=stdout, stderr=stderr)
    return str(caught.value), stderr.getvalue().splitlines()


def table_sizes():
    return Job.objects.count(), Company.objects.count(), Skill.objects.count()


def moment(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_valid_file_creates_its_listings_companies_and_skills():
    out, err = run_import(DATA / "valid.csv")

    assert "created 4, updated 0, unchanged 0" in out
    # Two of Bluefen's listings apply through the same careers page: a warning, not an error.
    assert err == "line 8: warning: possible duplicate of line 7 (same apply URL).\n"
    assert table_sizes() == (4, 2, 6)
    assert Company.objects.get(name="Larchfield Data").website == "https://larchfield.example"
    assert Company.objects.get(name="Bluefen Labs").slug == "bluefen-labs"

    engineer = Job.objects.get(title="Senior Data Engineer")
    assert engineer.description == "Build our **lakehouse**.\n\n- Spark pipelines\n- dbt models"
    assert sorted(skill.name for skill in engineer.skills.all()) == ["SQL", "Spark", "dbt"]
    assert (engineer.seniority, engineer.workplace, engineer.city, str(engineer.country)) == (
        "SE",
        "hybrid",
        "Berlin",
        "DE",
    )
    assert engineer.salary_min_usd_yearly == Decimal("68250.00")  # 65,000 EUR x 1.05
    assert engineer.salary_max_usd_yearly == Decimal("84000.00")
    assert engineer.published_at == moment("2025-03-01T00:00:00")
    assert engineer.expires_at == moment("2025-03-31T00:00:00")

    remote = Job.objects.get(title="Machine Learning Engineer")
    assert remote.apply_email == "jobs@larchfield.example" and remote.apply_url == ""
    assert remote.location_display == "Remote (US)"
    assert remote.published_at == moment("2025-03-02T09:30:00")
    assert remote.expires_at == moment("2025-04-01T09:30:00")  # 30 days by default

    contract = Job.objects.get(title="Data Analyst (contract)")
    assert (contract.status, contract.employment_type, contract.salary_period) == (
        "draft",
        "CT",
        "hour",
    )
    assert contract.published_at is None
    assert contract.salary_min_usd_yearly == Decimal("67392.00")  # 45 CAD x 2,080 x 0.72
    assert contract.salary_max_usd_yearly == Decimal("89856.00")  # 60 CAD x 2,080 x 0.72

    scientist = Job.objects.get(title="Research Scientist")
    assert not scientist.has_salary and scientist.salary_min_usd_yearly is None
    assert scientist.featured_until == moment("2025-03-20T00:00:00")


def test_importing_the_same_file_twice_creates_no_duplicates():
    run_import(DATA / "valid.csv")
    first = {job.pk: job.updated_at for job in Job.objects.all()}

    out, _err = run_import(DATA / "valid.csv")

    assert "created 0, updated 0, unchanged 4" in out
    assert table_sizes() == (4, 2, 6)
    assert {job.pk: job.updated_at for job in Job.objects.all()} == first


def test_a_changed_row_updates_its_listing_in_place(tmp_path):
    run_import(DATA / "valid.csv")
    engineer = Job.objects.get(title="Senior Data Engineer")
    changed = tmp_path / "changed.csv"
    text = (DATA / "valid.csv").read_text(encoding="utf-8")
    # Title case and company spelling differ, the salary too: still the same listing.
    text = text.replace(
        "Senior Data Engineer,Larchfield Data", "Senior data engineer,LARCHFIELD DATA"
    )
    text = text.replace("65000,80000,EUR", "70000,90000,EUR")
    changed.write_text(text, encoding="utf-8")

    out, _err = run_import(changed)

    assert "created 0, updated 1, unchanged 3" in out
    assert table_sizes() == (4, 2, 6)
    engineer.refresh_from_db()
    assert engineer.title == "Senior data engineer"
    assert engineer.salary_min_usd_yearly == Decimal("73500.00")  # 70,000 x 1.05
    assert engineer.salary_max_usd_yearly == Decimal("94500.00")  # 90,000 x 1.05


def test_listings_and_companies_made_in_the_admin_are_matched_not_duplicated():
    company = CompanyFactory(name="larchfield data", website="")
    job = JobFactory(
        company=company,
        title="Machine Learning Engineer",
        city="",
        country="US",
        workplace="remote",
    )

    out, _err = run_import(DATA / "valid.csv")

    assert "created 3, updated 1, unchanged 0" in out
    assert Company.objects.filter(name__iexact="larchfield data").count() == 1
    company.refresh_from_db()
    assert company.website == "https://larchfield.example"  # a missing website is filled
    job.refresh_from_db()
    assert job.seniority == "MI"
    assert job.salary_max_usd_yearly == Decimal("180000.00")


def test_one_bad_row_means_nothing_is_written_and_every_error_has_its_line():
    message, errors = failed_import(DATA / "errors.csv")

    assert message == f"16 errors in {DATA / 'errors.csv'}: nothing was imported."
    implausible = (
        "USD 1,111,111,000 per year is about USD 1,111,111,000 a year, which is not plausible: "
        "the yearly USD equivalent must lie between 1,000 and 2,000,000."
    )
    assert errors == [
        f"line 3: salary_min: {implausible}",
        f"line 3: salary_max: {implausible}",
        "line 5: seniority: unknown code “XX”; use one of EN, MI, SE, EX.",
        "line 5: workplace: unknown code “office”; use one of onsite, hybrid, remote.",
        "line 5: period: unknown code “weekly”; use one of hour, month, year.",
        "line 5: country: unknown country code “ZZ”; use an ISO 3166 alpha-2 code such as "
        "US, GB or DE.",
        "line 5: salary_min: not a number: “120k”; write a plain number such as 120000 or 62.50.",
        "line 5: currency: unknown currency code “ABC”; use ISO 4217, such as USD.",
        "line 5: published_at: not an ISO date: “01/03/2025”; write 2025-03-01 or "
        "2025-03-01T09:00 (UTC unless an offset such as +01:00 is given).",
        "line 7: salary_max: The maximum must not be below the minimum.",
        "line 7: apply_url: Give an apply URL or an apply email.",
        "line 8: apply_url: use an http:// or https:// address.",
        "line 8: title: This field cannot be blank.",
        "line 8: description: This field cannot be blank.",
        "line 8: apply_email: Enter a valid email address.",
        "line 9: row: the same listing (company, title, country and city) as line 2.",
    ]
    # Line 2 is a good row, and its company is new: neither was written.
    assert table_sizes() == (0, 0, 0)


def test_unknown_and_missing_columns_are_reported_from_the_header():
    message, errors = failed_import(DATA / "bad_header.csv")
    assert message.startswith("4 errors in")
    assert errors == [
        "line 1: descripton: unknown column; did you mean description?",
        "line 1: salary: unknown column; did you mean salary_min?",
        "line 1: description: required column missing.",
        "line 1: workplace: required column missing.",
    ]
    assert table_sizes() == (0, 0, 0)


def test_a_byte_order_mark_is_fine():
    out, _err = run_import(DATA / "bom.csv")
    assert "created 1, updated 0, unchanged 0" in out
    job = Job.objects.get()
    assert job.title == "Data Scientist"
    assert job.salary_min_usd_yearly == Decimal("21600.00")  # 1,800,000 INR x 0.012
    assert job.status == "draft"  # no status column: a draft


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "listings.csv"
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "title,company,description,seniority,workplace,country,apply_url,salary_min,currency\n"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (
            HEADER + "Data Engineer,Café Numérique,x,SE,remote,FR,https://e.example,1,EUR\n",
            "latin-1",
            "line 2: the file is not UTF-8 text; save it as CSV UTF-8 and try again.",
        ),
        ("", "utf-8", "is empty: it needs at least a header line."),
        ("\n\n", "utf-8", "is empty: it needs at least a header line."),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, text, encoding, expected):
    message, _errors = failed_import(write(tmp_path, text, encoding))
    assert expected in message
    assert table_sizes() == (0, 0, 0)


def test_a_missing_file_is_refused(tmp_path):
    message, _errors = failed_import(tmp_path / "nowhere.csv")
    assert message.startswith(f"Cannot read {tmp_path / 'nowhere.csv'}")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Data Engineer,Acme,x,SE,remote,US,https://e.example,100000,USD,extra",
            "line 2: row: 10 values, but the header has 9 columns.",
        ),
        (
            "Data Engineer,Acme,x,SE,remote,KR,https://e.example,90000000,KRW",
            "line 2: currency: There is no exchange rate for KRW: add one first.",
        ),
        (
            "Data Engineer,Acme,x,SE,remote,US,https://e.example,-5,USD",
            "line 2: salary_min: The salary must be a positive amount.",
        ),
        (
            "Data Engineer,Acme,x,SE,remote,US,https://e.example,NaN,USD",
            "line 2: salary_min: not a number: “NaN”; write a plain number such as 120000 or "
            "62.50.",
        ),
        (
            "Data Engineer,Acme,x,SE,remote,US,https://e.example,1234567890123,USD",
            "line 2: salary_min: Ensure that there are no more than 12 digits in total.",
        ),
        (
            "Data Engineer," + "A" * 201 + ",x,SE,remote,US,https://e.example,100000,USD",
            "line 2: company: Ensure this value has at most 200 characters (it has 201).",
        ),
    ],
)
def test_row_level_errors(tmp_path, row, expected):
    _message, errors = failed_import(write(tmp_path, HEADER + row + "\n"))
    assert errors[0] == expected
    assert table_sizes() == (0, 0, 0)


def test_a_dry_run_reports_and_writes_nothing():
    out, _err = run_import(DATA / "valid.csv", "--dry-run")
    assert "would create 4, update 0, leave 0 unchanged" in out
    assert table_sizes() == (0, 0, 0)


# -- Control characters, broken quotes, dates outside the calendar ---------------------------


def test_control_characters_are_refused_in_every_cell_with_their_line(tmp_path):
    path = write(
        tmp_path,
        "title,company,description,skills,seniority,workplace,country,apply_url,apply_email,"
        "salary_min,currency\n"
        'Ctrl\x0bTitle Engineer,Reviewco Ltd,"Line\x00one\nLine two",PyTorch; Sp\x01ark,SE,'
        "onsite,DE,https://e.example/1,,70000,EU\x1bR\n"
        "Clean Title,Review\x7fco Ltd,D,,SE,remote,US,https://e.example/2,jobs@e\x01xample.com,"
        "100000,USD\n",
    )

    message, errors = failed_import(path)

    assert message == f"6 errors in {path}: nothing was imported."
    assert errors == [
        "line 2: title: contains control characters (U+000B); remove them.",
        "line 2: description: contains control characters (U+0000); remove them.",
        "line 2: skills: contains control characters (U+0001); remove them.",
        "line 2: currency: contains control characters (U+001B); remove them.",
        "line 4: company: contains control characters (U+007F); remove them.",
        "line 4: apply_email: contains control characters (U+0001); remove them.",
    ]
    assert table_sizes() == (0, 0, 0)


def test_an_unterminated_quote_is_a_csv_error_on_its_line():
    message, errors = failed_import(DATA / "unterminated_quote.csv")

    assert message == (
        "line 3: this is not valid CSV: a quoted cell that starts on this line never ends."
    )
    assert errors == []
    assert table_sizes() == (0, 0, 0)


def test_text_after_a_closing_quote_is_a_csv_error_on_its_line(tmp_path):
    path = write(tmp_path, HEADER + '"Data" Engineer,Acme,x,SE,remote,US,https://e.example,,\n')

    message, _errors = failed_import(path)

    assert message == "line 2: this is not valid CSV: ',' expected after '\"'."


def test_dates_outside_the_years_2000_to_2100_are_line_errors_and_the_rest_still_checked():
    message, errors = failed_import(DATA / "dates.csv")

    assert message == f"7 errors in {DATA / 'dates.csv'}: nothing was imported."
    assert errors == [
        "line 2: expires_at: The expiry must come after the publication.",
        "line 3: published_at: “0001-01-01T00:00+05:00” is not a plausible date: give one "
        "between the years 2000 and 2100.",
        "line 4: expires_at: “9999-12-31T23:59:59-05:00” is not a plausible date: give one "
        "between the years 2000 and 2100.",
        "line 5: published_at: not an ISO date: “2026-02-30”; write 2025-03-01 or "
        "2025-03-01T09:00 (UTC unless an offset such as +01:00 is given).",
        "line 6: published_at: “1999-12-31T23:59” is not a plausible date: give one between "
        "the years 2000 and 2100.",
        "line 7: featured_until: “2101-01-01” is not a plausible date: give one between the "
        "years 2000 and 2100.",
        "line 8: published_at: “9999-12-31T23:00” is not a plausible date: give one between "
        "the years 2000 and 2100.",
    ]
    assert table_sizes() == (0, 0, 0)


def test_the_first_and_last_plausible_moments_are_imported_in_utc(tmp_path):
    path = write(
        tmp_path,
        "title,company,description,seniority,workplace,country,apply_url,status,published_at,"
        "expires_at\n"
        "Edges,Reviewco Ltd,D,SE,remote,US,https://e.example,published,2000-01-01T00:00+00:00,"
        "2100-12-31T22:00-01:00\n",
    )

    out, _err = run_import(path)

    assert "created 1, updated 0, unchanged 0" in out
    job = Job.objects.get()
    assert job.published_at == moment("2000-01-01T00:00:00")
    assert job.expires_at == moment("2100-12-31T23:00:00")


# -- The bulk path: fixed query count, unchanged listings not written, derived columns ---------

FULL_HEADER = IMPORT_COLUMNS
SKILL_SETS = ["SQL; Spark", "PyTorch; Python; SQL", "", "dbt"]


def listing_rows(count, company="Company", skill_prefix=""):
    """Distinct listings over seven companies, with every column and a few of each kind."""
    rows = []
    for number in range(count):
        currency, period, minimum = [
            ("USD", "year", 100000 + number),
            ("EUR", "month", 5000 + number),
            ("CAD", "hour", 40 + number % 50),
            ("", "", ""),
        ][number % 4]
        rows.append(
            {
                "title": f"Data Engineer {number}",
                "company": f"{company} {number % 7}",
                "company_website": f"https://c{number % 7}.example" if number % 2 else "",
                "description": f"Build **pipelines** number {number}.\n\n- Spark\n- dbt",
                "skills": "; ".join(
                    skill_prefix + name for name in SKILL_SETS[number % 4].split("; ") if name
                ),
                "apply_url": f"https://c.example/{company.lower()}/jobs/{number}",
                "apply_email": "jobs@c.example" if number % 3 == 0 else "",
                "employment_type": ["FT", "CT", "", "PT"][number % 4],
                "seniority": ["EN", "MI", "SE", "EX"][number % 4],
                "workplace": ["onsite", "hybrid", "remote"][number % 3],
                "city": "" if number % 3 == 2 else "Berlin",
                "region": "",
                "country": ["DE", "US", "CA"][number % 3],
                "salary_min": str(minimum),
                "salary_max": str(minimum * 2) if minimum and number % 5 else "",
                "currency": currency,
                "period": period,
                "status": "published" if number % 6 else "draft",
                "published_at": "2025-03-01T09:30" if number % 6 else "",
                "expires_at": "2025-05-01" if number % 4 == 1 else "",
                "featured_until": "2025-03-20" if number % 10 == 0 else "",
            }
        )
    return rows


def write_rows(tmp_path, rows, name="listings.csv", header=FULL_HEADER):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_queries(path):
    with CaptureQueriesContext(connection) as captured:
        out, err = run_import(path)
    assert err == ""
    return out, [query["sql"] for query in captured.captured_queries]


def writes(queries):
    return [sql for sql in queries if sql.split(None, 1)[0].upper() in WRITE_VERBS]


WRITE_VERBS = {"INSERT", "UPDATE", "DELETE"}


def stored_listings():
    """Every listing's columns and skills, as stored."""
    return {
        job["id"]: job
        for job in Job.objects.values(*(f.attname for f in Job._meta.concrete_fields))
    } | {"links": sorted(Job.skills.through.objects.values_list("pk", "job_id", "skill_id"))}


def test_a_large_file_takes_as_many_queries_as_a_small_one(tmp_path):
    small = write_rows(tmp_path, listing_rows(30, "Small", "Small "), "small.csv")
    large = write_rows(tmp_path, listing_rows(300, "Large", "Large "), "large.csv")
    _out, small = import_queries(small)
    out, large = import_queries(large)

    assert "created 300, updated 0, unchanged 0" in out
    assert len(large) == len(small)
    # Companies, skills and rates read; listings with the file's apply URLs (possible
    # duplicates); slugs of companies and skills read; companies, skills, listings and skill
    # links inserted (one statement each); the savepoint and its release.
    assert len(large) == 12, "\n".join(large)
    assert Job.objects.count() == 330
    assert Job.skills.through.objects.count() == 47 + 450  # 2, 3, 0, 1 skills in turn


def test_an_unchanged_file_imported_again_writes_nothing(tmp_path):
    path = write_rows(tmp_path, listing_rows(120))
    run_import(path)
    before = stored_listings()

    out, queries = import_queries(path)

    assert "created 0, updated 0, unchanged 120" in out
    assert writes(queries) == []
    # Companies, skills, rates, the listings of the file's companies and their skill links;
    # the transaction they are read in (here a savepoint and its release).
    assert len(queries) == 7, "\n".join(queries)
    assert stored_listings() == before  # updated_at included


def test_an_unchanged_file_renders_no_description_again(tmp_path, monkeypatch):
    rendered = []
    render = listing_module().render_markdown  # the one Job's methods call

    def counting(text):
        rendered.append(text)
        return render(text)

    monkeypatch.setattr(listing_module(), "render_markdown", counting)
    path = write_rows(tmp_path, listing_rows(20))
    run_import(path)
    assert len(rendered) == 20  # once each, although apply_defaults() runs twice per listing

    rendered.clear()
    run_import(path)
    assert rendered == []


def test_one_changed_row_updates_only_its_listing_and_its_updated_at(tmp_path):
    rows = listing_rows(60)
    run_import(write_rows(tmp_path, rows))
    before = stored_listings()
    changed = Job.objects.get(title="Data Engineer 18")
    assert (changed.salary_currency_id, changed.salary_period) == ("CAD", "hour")
    rows[18]["salary_min"], rows[18]["salary_max"] = "60", "90"

    out, queries = import_queries(write_rows(tmp_path, rows, "changed.csv"))

    assert "created 0, updated 1, unchanged 59" in out
    updates = writes(queries)
    assert len(updates) == 1 and updates[0].startswith('UPDATE "jobs_job"')
    after = stored_listings()
    assert {pk for pk in before if before[pk] != after[pk]} == {changed.pk}
    changed.refresh_from_db()
    assert changed.updated_at > before[changed.pk]["updated_at"]
    assert changed.salary_min_usd_yearly == Decimal("89856.00")  # 60 CAD x 2,080 x 0.72
    assert changed.salary_max_usd_yearly == Decimal("134784.00")  # 90 CAD x 2,080 x 0.72
    assert changed.description_html == before[changed.pk]["description_html"]


def test_skills_of_an_updated_listing_are_replaced(tmp_path):
    rows = listing_rows(8)
    run_import(write_rows(tmp_path, rows))
    kept_link = Job.skills.through.objects.get(job__title="Data Engineer 0", skill__name="Spark")
    rows[0]["skills"] = "spark; Airflow; dbt"  # SQL removed, Spark kept (any case), Airflow new
    rows[1]["skills"] = ""  # all removed
    rows[2]["skills"] = "Kafka"  # none before

    out, _err = run_import(write_rows(tmp_path, rows, "changed.csv"))

    assert "created 0, updated 3, unchanged 5" in out

    def skills_of(number):
        job = Job.objects.get(title=f"Data Engineer {number}")
        return sorted(skill.name for skill in job.skills.all())

    assert skills_of(0) == ["Airflow", "Spark", "dbt"]
    assert skills_of(1) == []
    assert skills_of(2) == ["Kafka"]
    assert skills_of(3) == ["dbt"]
    assert Job.skills.through.objects.filter(pk=kept_link.pk).exists()  # as skills.set() does
    assert Skill.objects.filter(name__in=["Airflow", "Kafka"]).count() == 2

    # A file without a skills column leaves the listings' skills as they are.
    header = [name for name in FULL_HEADER if name != "skills"]
    out, _err = run_import(write_rows(tmp_path, rows, "no_skills.csv", header))
    assert "created 0, updated 0, unchanged 8" in out
    assert skills_of(0) == ["Airflow", "Spark", "dbt"]


def test_every_derived_column_is_what_save_makes_it(tmp_path):
    rows = listing_rows(24)
    run_import(write_rows(tmp_path, rows))
    for row in rows[::3]:
        row["description"] += "\n\nNow with **more** text."
        row["title"] = row["title"].upper()
    run_import(write_rows(tmp_path, rows, "changed.csv"))

    for job in Job.objects.all():
        imported = {name: getattr(job, name) for name in COMPARED_FIELDS}
        job.save()  # apply_defaults() and every derived column, as the admin writes them
        job.refresh_from_db()
        assert {name: getattr(job, name) for name in COMPARED_FIELDS} == {
            **imported,
            "updated_at": job.updated_at,
        }
    engineer = Job.objects.get(title="DATA ENGINEER 3")
    assert engineer.slug == "data-engineer-3"  # kept from the first import, as save() keeps it
    assert "<strong>more</strong>" in engineer.description_html


def test_new_companies_and_skills_get_free_slugs(tmp_path):
    CompanyFactory(name="Acme", slug="acme")
    SkillFactory(name="C", slug="c")
    rows = listing_rows(3)
    rows[0]["company"], rows[0]["skills"] = "Acme!", "C++; C#"
    rows[1]["company"], rows[1]["skills"] = "ACME?", "R"
    rows[2]["company"] = "acme"  # the existing one (any case)

    out, _err = run_import(write_rows(tmp_path, rows))

    assert "created 3" in out
    assert dict(Company.objects.values_list("name", "slug")) == {
        "Acme": "acme",
        "Acme!": "acme-2",
        "ACME?": "acme-3",
    }
    assert dict(Skill.objects.values_list("name", "slug")) == {
        "C": "c",
        "C++": "c-2",
        "C#": "c-3",
        "R": "r",
    }
    assert Job.objects.get(title="Data Engineer 2").company.name == "Acme"


def test_an_error_on_the_last_line_of_a_large_file_changes_nothing(tmp_path):
    rows = listing_rows(300)
    run_import(write_rows(tmp_path, rows))
    before = stored_listings(), Company.objects.count(), Skill.objects.count()
    for row in rows[:299]:
        row["description"] += " Changed."
        row["skills"] = "Brand New Skill"
    rows.append({**rows[0], "title": "Late Error", "company": "New Company", "seniority": "XX"})

    path = write_rows(tmp_path, rows, "late_error.csv")
    last_line = len(path.read_text(encoding="utf-8").splitlines()) - 3  # a 4-line description

    message, errors = failed_import(path)

    assert message.startswith("1 error in")
    assert errors == [f"line {last_line}: seniority: unknown code “XX”; use one of EN, MI, SE, EX."]
    assert (stored_listings(), Company.objects.count(), Skill.objects.count()) == before


def test_a_failure_while_writing_leaves_nothing_written(tmp_path, monkeypatch):
    rows = listing_rows(40)
    run_import(write_rows(tmp_path, rows[:20]))
    before = stored_listings(), Company.objects.count(), Skill.objects.count()
    for row in rows[:20]:
        row["salary_min"] = row["salary_min"] and str(int(row["salary_min"]) + 1)
    rows[25]["skills"] = "Brand New Skill"

    def fail(self, objects, **kwargs):
        raise DatabaseError("the server went away")

    # The last statement of the import: listings and companies are written by then.
    monkeypatch.setattr(Importer, "write_skill_links", fail)
    # Reported as the command's error, never a traceback.
    with pytest.raises(CommandError, match=r"the server went away\): nothing was imported\."):
        run_import(write_rows(tmp_path, rows, "more.csv"))

    assert (stored_listings(), Company.objects.count(), Skill.objects.count()) == before


def check_constraint_cases():
    moment_ = moment("2025-03-01T00:00:00")
    base = {
        "salary_min": Decimal("100000"),
        "salary_max": Decimal("120000"),
        "salary_currency_id": "USD",
        "salary_period": "year",
        "salary_min_usd_yearly": Decimal("100000"),
        "salary_max_usd_yearly": Decimal("120000"),
        "status": "published",
        "published_at": moment_,
        "expires_at": moment_ + timedelta(days=30),
    }
    return [
        base,
        {**base, "salary_min": Decimal("-1")},
        {**base, "salary_max": Decimal("0")},
        {**base, "salary_max": Decimal("90000")},
        {**base, "salary_min": None},  # a maximum without a minimum
        {**base, "salary_period": ""},
        {**base, "salary_currency_id": None},
        {**base, "salary_min_usd_yearly": None},  # NOT NULL spelled out
        {**base, "salary_max_usd_yearly": Decimal("2000000.01")},
        {**base, "expires_at": moment_},
        {**base, "expires_at": None},  # unknown: passes
        {**base, "status": "published", "published_at": None, "expires_at": None},
        {**base, "status": "draft", "published_at": None},
        {
            **base,
            "salary_min": None,
            "salary_max": None,
            "salary_currency_id": None,
            "salary_min_usd_yearly": None,
            "salary_max_usd_yearly": None,
        },
    ]


@pytest.mark.parametrize("values", check_constraint_cases())
@pytest.mark.parametrize("exclude", [set(), {"salary_currency", "slug"}, {"published_at"}])
def test_check_constraints_evaluated_in_python_agree_with_the_database(values, exclude):
    job = Job(title="T", company=CompanyFactory(), country="US", **values)
    try:
        job.validate_constraints(exclude=exclude)
    except ValidationError as error:
        expected = error.messages
    else:
        expected = []

    with CaptureQueriesContext(connection) as captured:
        assert constraint_errors(job, exclude) == expected
    assert captured.captured_queries == []


def test_reused_markdown_parsers_render_exactly_as_new_ones():
    texts = [
        "Text[^1]\n\n[^1]: A note.",
        "HTML *is* fun.\n\n*[HTML]: Hyper Text Markup Language",
        "An HTML mention without its abbreviation.",
        "Second[^1] note\n\n[^1]: another",
        "[link][ref]\n\n[ref]: https://e.example",
        "[link][ref] without its reference",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\ncode\n```",
        "Term\n: Definition",
        "<div markdown=1>*x*</div><script>alert(1)</script>",
        "1. one\n2. two\n\n* three",
        "",
    ]
    texts += texts[::-1]
    render = inspect.unwrap(render_markdown)  # not the per-process cache of its results
    expected = [render(text) for text in texts]

    with reused_markdown_parsers():
        assert [render(text) for text in texts] == expected


@pytest.fixture
def workers_from_two_texts(monkeypatch):
    """Two worker processes render a file's new texts from two of them (a thousand in use), and
    the pool they ran in is noted."""
    pools = []

    class NotedPool(rendering.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rendering, "ProcessPoolExecutor", NotedPool)
    monkeypatch.setattr(rendering.os, "cpu_count", lambda: 2)
    return pools


def test_worker_processes_render_a_files_new_texts_exactly_as_here(workers_from_two_texts):
    texts = [
        "Build our **lakehouse**.\n\n- Spark pipelines\n- dbt models",
        "Text[^1]\n\n[^1]: A note.",
        "HTML *is* fun.\n\n*[HTML]: Hyper Text Markup Language",
        "[link](https://e.example) and <script>alert(1)</script>",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Already stored",
    ]
    renderings = rendering.Renderings()
    renderings.stored["Already stored"] = "<p>stored</p>"

    render = inspect.unwrap(render_markdown)
    with renderings.rendered_ahead(text for text in texts + texts[::-1]):
        assert len(workers_from_two_texts) == 1
        assert renderings.pending.keys() == set(texts[:-1])
        with renderings.active(stored=True):
            shown = [listing_module().render_markdown(text) for text in texts]

    assert shown == [render(text) for text in texts[:-1]] + ["<p>stored</p>"]
    assert renderings.rendered == {text: render(text) for text in texts[:-1]}
    assert renderings.pending == {}


def test_an_import_stores_what_its_worker_processes_rendered(tmp_path, workers_from_two_texts):
    rows = [
        ["title", "company", "description", "seniority", "workplace", "country", "apply_email"],
        [
            "Data Engineer",
            "Acme",
            "Pipelines in **Spark**.\n\n- one\n- two",
            "SE",
            "onsite",
            "DE",
            "jobs@acme.example",
        ],
        [
            "ML Engineer",
            "Acme",
            "Models: [docs](https://docs.example)",
            "MI",
            "remote",
            "US",
            "jobs@acme.example",
        ],
        ["Analyst", "Acme", "Dashboards.", "EN", "hybrid", "FR", "jobs@acme.example"],
    ]
    path = tmp_path / "listings.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)

    out, _err = run_import(path)

    assert "created 3" in out
    assert len(workers_from_two_texts) == 1
    for job in Job.objects.all():
        assert job.description_html == inspect.unwrap(render_markdown)(job.description)
        assert job.description_html.startswith("<p>")


def test_conditions_python_cannot_evaluate_are_left_to_the_database():
    fields = set()
    with pytest.raises(Unsupported):
        compile_condition(Q(title__lower__exact="x"), Job, fields)  # a transform
    with pytest.raises(Unsupported):
        compile_condition(Q(company__name="x"), Job, fields)  # a join
    with pytest.raises(Unsupported):
        compile_condition(Q(title=Lower("city")), Job, fields)  # an expression
    fields = set()
    ordered = compile_condition(Q(title__gt="M"), Job, fields)
    with pytest.raises(Unsupported):
        ordered(Job(title="Zeta"))  # texts are ordered by the database's collation
    assert compile_condition(~Q(title="Zeta"), Job, fields)(Job(title="Zeta")) is False
    assert fields == {"title"}


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = write_rows(tmp_path, listing_rows(30))
    monkeypatch.setenv("JOBS_IMPORT_MAX_MB", str(path.stat().st_size / 1024 / 1024 / 2))
    with pytest.raises(CommandError, match=r"the import takes files up to .* MB"):
        run_import(path)
    assert Job.objects.count() == 0
    # The default admits a 100,000-row file of listings with a few paragraphs each.
    monkeypatch.delenv("JOBS_IMPORT_MAX_MB")
    from jobs.importing.reading import import_max_bytes

    assert import_max_bytes() >= 100_000 * 2_000
