"""Loading a survey file in place of the loaded snapshot (``manage.py import_salaries``).

``import_survey(path)`` reads and validates a survey file (jobs.salaries.survey_file) and
either refuses the whole file or replaces the loaded snapshot in one transaction. The checksum
of the CSV text tells a snapshot already loaded unchanged, which is then left alone. Per-title
figures (all reports, and per experience level) are precomputed here for the title list, the
careers app and the listings' comparison; a title's page computes its own figures per request
from that title's reports, so that its filters need no precomputed combination.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from core.slugs import free_slug, slug_of
from jobs.salaries.models import SalaryLevelFigures, SalaryReport, SalarySnapshot, SalaryTitle
from jobs.salaries.stats import figures_of
from jobs.salaries.survey_file import (
    SURVEY_COLUMNS,
    SurveyFile,
    SurveyReport,
    read_csv_bytes,
    read_survey,
)
from jobs.salaries.titles import title_key

# The shipped copy of the survey (package data of jobs, in jobs/data/), loaded by seed_demo.
SHIPPED_SURVEY = (
    Path(__file__).resolve().parent.parent / "data" / "ai-jobs-net-salaries-2025-01-19.csv.gz"
)

BATCH_SIZE = 2000
INSERT_BATCH_SIZE = 10_000


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: "loaded" (first snapshot), "replaced", or "unchanged"."""

    status: str
    snapshot: SalarySnapshot
    title_count: int
    seconds: float
    previous: SalarySnapshot | None = None

    def describe(self) -> str:
        """One line that says what the import did."""
        snapshot = self.snapshot
        if self.status == "unchanged":
            return (
                f"Salary survey unchanged: {snapshot.source_name} (SHA-256 "
                f"{snapshot.checksum[:12]}) is already loaded with {snapshot.report_count:,} "
                f"reports; nothing to do ({self.seconds:.1f} s)."
            )
        text = (
            f"Loaded {snapshot.report_count:,} salary reports for {self.title_count:,} job "
            f"titles from {snapshot.source_name} in {self.seconds:.1f} s"
        )
        if self.previous is not None:
            text += (
                f", replacing {self.previous.source_name} ({self.previous.report_count:,} reports)"
            )
        return text + "."


def import_survey(path: str | Path, *, force: bool = False) -> ImportOutcome:
    """Validate a survey file and load it in place of the current snapshot.

    A file whose CSV text is the loaded snapshot's is left alone (without even parsing it)
    unless ``force`` is given. Raises SurveyFileError, with the loaded data untouched, when
    any row is invalid.
    """
    started = time.perf_counter()
    path = Path(path)
    raw = read_csv_bytes(path)
    if not force:
        current = SalarySnapshot.objects.first()
        if current is not None and current.checksum == hashlib.sha256(raw).hexdigest():
            return _unchanged(current, started)
    return load_survey(read_survey(path, raw), force=force, started=started)


def _unchanged(snapshot: SalarySnapshot, started: float) -> ImportOutcome:
    return ImportOutcome(
        status="unchanged",
        snapshot=snapshot,
        title_count=snapshot.titles.count(),
        seconds=time.perf_counter() - started,
    )


def load_survey(
    survey: SurveyFile, *, force: bool = False, started: float | None = None
) -> ImportOutcome:
    """Replace the loaded snapshot with a validated survey file, in one transaction."""
    started = time.perf_counter() if started is None else started
    with transaction.atomic():
        current = SalarySnapshot.objects.select_for_update().first()
        if current is not None and current.checksum == survey.checksum and not force:
            return _unchanged(current, started)
        # Children first: each of these is one DELETE statement.
        SalaryReport.objects.all().delete()
        SalaryLevelFigures.objects.all().delete()
        SalaryTitle.objects.all().delete()
        SalarySnapshot.objects.all().delete()

        snapshot = SalarySnapshot.objects.create(
            source_name=survey.source_name[:255],
            checksum=survey.checksum,
            report_count=len(survey.reports),
        )
        titles = _create_titles(snapshot, survey.reports)
        _insert_reports(titles, survey.reports)
    status = "loaded" if current is None else "replaced"
    return ImportOutcome(
        status=status,
        snapshot=snapshot,
        title_count=len(titles),
        seconds=time.perf_counter() - started,
        previous=current,
    )


# The report columns written by the import, in SurveyReport's order after the title (the
# file's columns with the job title first).
_REPORT_COLUMNS = ("title", *(name for name in SURVEY_COLUMNS if name != "job_title"))


def _insert_reports(titles: dict[str, SalaryTitle], reports: list[SurveyReport]) -> None:
    """Insert the validated reports with COPY (PostgreSQL) or plain INSERTs (executemany).

    Building 74,301 model instances for ``bulk_create`` spends seconds in the ORM; the rows are
    already validated and typed, so they go to the database as they are.
    """
    meta = SalaryReport._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in _REPORT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_REPORT_COLUMNS))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
    title_ids = {key: title.pk for key, title in titles.items()}
    rows = [
        (
            title_ids[title_key(report.job_title)],
            report.work_year,
            report.experience_level,
            report.employment_type,
            report.salary,
            report.salary_currency,
            report.salary_in_usd,
            report.employee_residence,
            report.remote_ratio,
            report.company_location,
            report.company_size,
        )
        for report in reports
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERTs on PostgreSQL (psycopg 3).
            copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), INSERT_BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + INSERT_BATCH_SIZE])


def _create_titles(snapshot: SalarySnapshot, reports: list[SurveyReport]) -> dict[str, SalaryTitle]:
    """Create the snapshot's titles and their per-level figures; return titles by key.

    Titles that differ only in case or spacing are one title, spelled the way most reports
    spell it.
    """
    spellings: dict[str, Counter] = defaultdict(Counter)
    values: dict[str, list[int]] = defaultdict(list)
    level_values: dict[tuple[str, str], list[int]] = defaultdict(list)
    countries: dict[str, set[str]] = defaultdict(set)
    years: dict[str, set[int]] = defaultdict(set)
    for report in reports:
        key = title_key(report.job_title)
        spellings[key][report.job_title] += 1
        values[key].append(report.salary_in_usd)
        level_values[key, report.experience_level].append(report.salary_in_usd)
        countries[key].add(report.company_location)
        years[key].add(report.work_year)

    titles = {}
    slugs: set[str] = set()
    for key in sorted(values):
        title = spellings[key].most_common(1)[0][0]
        slug = free_slug(slug_of(title, 190, fallback=""), slugs, 200)
        slugs.add(slug)
        titles[key] = SalaryTitle(
            snapshot=snapshot,
            title=title,
            title_key=key,
            slug=slug,
            countries=sorted(countries[key]),
            years=sorted(years[key]),
            **figures_of(sorted(values[key])).model_fields(),
        )
    SalaryTitle.objects.bulk_create(titles.values(), batch_size=BATCH_SIZE)
    SalaryLevelFigures.objects.bulk_create(
        (
            SalaryLevelFigures(
                title=titles[key],
                experience_level=level,
                **figures_of(sorted(amounts)).model_fields(),
            )
            for (key, level), amounts in sorted(level_values.items())
        ),
        batch_size=BATCH_SIZE,
    )
    return titles
