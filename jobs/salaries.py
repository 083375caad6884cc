"""Salary insights from the ai-jobs.net salary survey: statistics, import and lookups.

Statistics
    Percentiles interpolate linearly between closest ranks (PostgreSQL's ``percentile_cont``,
    NumPy's default). They are computed here in Python, with exact fractions, from the sorted
    USD amounts, so SQLite and PostgreSQL show the same figures to the cent.

Import
    ``import_survey(path)`` reads a survey CSV (plain or gzipped), validates every row and
    either refuses the whole file, naming each error as "line N: column: message", or
    replaces the loaded snapshot in one transaction. The checksum of the CSV text tells a
    snapshot already loaded unchanged, which is then left alone. Per-title figures (all
    reports, and per experience level) are precomputed at import for the title list, the
    careers app and the listings' comparison; a title's page computes its own figures per
    request from that title's reports, so that its filters need no precomputed combination.

Lookups
    ``survey_title_for(job_title)``, ``listing_comparison(job)`` and ``title_summaries(titles)``
    each answer in one query; ``checked_survey_title(text)`` validates an editor's choice.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from difflib import get_close_matches
from fractions import Fraction
from itertools import pairwise
from math import floor
from pathlib import Path
from typing import NamedTuple

import pycountry
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from core.slugs import free_slug, slug_of
from core.text import CONTROL_CHARACTERS
from jobs.models import (
    SURVEY_EMPLOYMENT_TYPES,
    CompanySize,
    RemoteRatio,
    SalaryLevelFigures,
    SalaryPeriod,
    SalaryReport,
    SalarySnapshot,
    SalaryTitle,
    Seniority,
    format_amount,
)

ATTRIBUTION = "Salary data: aijobs.net salary survey (CC0)"

# Fewer reports than this and the figures carry a "too few reports" warning (and a median is
# not shown as "typical pay" beside an article: careers.salary).
MIN_REPORTS = 5

# The shipped copy of the survey, loaded by seed_demo.
SHIPPED_SURVEY = Path(__file__).resolve().parent / "data" / "ai-jobs-net-salaries-2025-01-19.csv.gz"

CENT = Decimal("0.01")


# -- Statistics ---------------------------------------------------------------------------


def percentile(sorted_values: Sequence[int], fraction: str | Fraction) -> Decimal:
    """The percentile of sorted amounts, interpolated linearly between closest ranks.

    ``fraction`` is given exactly, e.g. "0.25". [10, 20, 30, 40] gives 17.50 for "0.25".
    """
    count = len(sorted_values)
    if count == 0:
        raise ValueError("no values")
    position = (count - 1) * Fraction(fraction)
    lower = floor(position)
    upper = min(lower + 1, count - 1)
    low_value = Fraction(sorted_values[lower])
    exact = low_value + (Fraction(sorted_values[upper]) - low_value) * (position - lower)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Figures:
    """Number of reports, median and percentiles of a group of USD amounts."""

    count: int
    median: Decimal
    p10: Decimal
    p25: Decimal
    p75: Decimal
    p90: Decimal

    @property
    def too_few(self) -> bool:
        return self.count < MIN_REPORTS

    def model_fields(self) -> dict:
        """The figures as the fields of a ``SalaryFigures`` model."""
        return {
            "report_count": self.count,
            "median_usd": self.median,
            "p10_usd": self.p10,
            "p25_usd": self.p25,
            "p75_usd": self.p75,
            "p90_usd": self.p90,
        }


def figures_of(sorted_values: Sequence[int]) -> Figures | None:
    """The figures of sorted amounts; None when there are none."""
    if not sorted_values:
        return None
    return Figures(
        count=len(sorted_values),
        median=percentile(sorted_values, "0.5"),
        p10=percentile(sorted_values, "0.1"),
        p25=percentile(sorted_values, "0.25"),
        p75=percentile(sorted_values, "0.75"),
        p90=percentile(sorted_values, "0.9"),
    )


def whole_usd(amount: Decimal) -> int:
    """An amount rounded to a whole dollar, halves up: how the pages show figures."""
    return int(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LevelRow:
    code: str
    label: str
    figures: Figures | None


@dataclass(frozen=True)
class YearRow:
    year: int
    count: int
    median: Decimal

    @property
    def too_few(self) -> bool:
        return self.count < MIN_REPORTS


# Bin widths a reader takes in at a glance; the smallest that needs at most MAX_BINS bins wins.
NICE_BIN_WIDTHS = (
    1_000,
    2_000,
    2_500,
    5_000,
    10_000,
    20_000,
    25_000,
    50_000,
    100_000,
    200_000,
    250_000,
    500_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
)
MAX_BINS = 20

# The histogram's drawing, in SVG user units.
CHART_WIDTH = 560
CHART_HEIGHT = 260
PLOT_LEFT = 8
PLOT_RIGHT = 552
PLOT_TOP = 24
PLOT_BOTTOM = 220
LABEL_Y = 240


def _short_usd(amount: int) -> str:
    return format_amount(Decimal(amount), SalaryPeriod.YEAR)


@dataclass(frozen=True)
class HistogramBin:
    low: int
    high: int | None  # None: the open-ended last bin ("500K and more")
    count: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{_short_usd(self.low)} USD and more"
        return f"{_short_usd(self.low)} to under {_short_usd(self.high)} USD"

    @property
    def short_label(self) -> str:
        return _short_usd(self.low) + ("+" if self.high is None else "")

    @property
    def label_x(self) -> float:
        return self.x

    @property
    def count_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class Histogram:
    bins: list[HistogramBin]
    bin_width: int
    max_count: int
    total: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_bottom: int = PLOT_BOTTOM
    label_y: int = LABEL_Y

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def open_ended_from(self) -> int | None:
        """Where the open-ended last bin starts, if there is one."""
        last = self.bins[-1]
        return last.low if last.high is None else None

    @property
    def busiest(self) -> HistogramBin:
        return max(self.bins, key=lambda bin_: bin_.count)


def histogram(sorted_values: Sequence[int]) -> Histogram | None:
    """Bins of equal, round width from the lowest amount up to the 99th percentile; the few
    amounts above go into one open-ended last bin so that outliers don't squash the chart."""
    if not sorted_values:
        return None
    lowest = sorted_values[0]
    top = sorted_values[-1]
    if len(sorted_values) >= 100:
        top = sorted_values[floor((len(sorted_values) - 1) * 0.99)]
    for bin_width in NICE_BIN_WIDTHS:
        start = lowest // bin_width * bin_width
        bin_count = (top - start) // bin_width + 1
        if bin_count <= MAX_BINS:
            break
    edges = [start + index * bin_width for index in range(bin_count + 1)]
    counts = [
        bisect_left(sorted_values, high) - bisect_left(sorted_values, low)
        for low, high in pairwise(edges)
    ]
    ranges: list[tuple[int, int | None]] = list(pairwise(edges))
    overflow = len(sorted_values) - bisect_left(sorted_values, edges[-1])
    if overflow:
        counts.append(overflow)
        ranges.append((edges[-1], None))
    max_count = max(counts)
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(counts)
    label_every = max(1, -(-len(counts) // 5))
    bins = []
    for index, ((low, high), count) in enumerate(zip(ranges, counts, strict=True)):
        height = round((PLOT_BOTTOM - PLOT_TOP) * count / max_count, 1)
        bins.append(
            HistogramBin(
                low=low,
                high=high,
                count=count,
                x=round(PLOT_LEFT + index * slot + 1, 1),
                y=round(PLOT_BOTTOM - height, 1),
                width=round(max(slot - 2, 1), 1),
                height=height,
                show_label=index % label_every == 0,
            )
        )
    return Histogram(bins=bins, bin_width=bin_width, max_count=max_count, total=len(sorted_values))


@dataclass(frozen=True)
class Breakdown:
    """Everything a title page shows about a set of reports."""

    figures: Figures | None
    levels: list[LevelRow]
    years: list[YearRow]
    histogram: Histogram | None = field(default=None)


def breakdown(reports: Iterable[tuple[int, str, int]]) -> Breakdown:
    """Figures overall, per experience level and per year of (usd, level, year) reports."""
    all_values: list[int] = []
    by_level: dict[str, list[int]] = defaultdict(list)
    by_year: dict[int, list[int]] = defaultdict(list)
    for usd, level, year in reports:
        all_values.append(usd)
        by_level[level].append(usd)
        by_year[year].append(usd)
    all_values.sort()
    levels = [
        LevelRow(code, label, figures_of(sorted(by_level.get(code, ()))))
        for code, label in Seniority.choices
    ]
    years = []
    for year in sorted(by_year):
        values = sorted(by_year[year])
        years.append(YearRow(year, len(values), percentile(values, "0.5")))
    return Breakdown(figures_of(all_values), levels, years, histogram(all_values))


# -- Import -------------------------------------------------------------------------------

SURVEY_COLUMNS = (
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary",
    "salary_currency",
    "salary_in_usd",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
)
EARLIEST_SURVEY_YEAR = 2000
MAX_SALARY = 10**15  # in any currency: beyond it, a typo (and past what the column holds)
MAX_SALARY_USD = 1_000_000_000
MAX_TITLE_LENGTH = 200
# Errors listed in full by the import command; the rest are counted.
MAX_ERRORS_SHOWN = 50
BATCH_SIZE = 2000
INSERT_BATCH_SIZE = 10_000

_WHOLE_NUMBER = re.compile(r"[0-9]+")
_EXPERIENCE_CODES = frozenset(Seniority.values)
_EMPLOYMENT_CODES = frozenset(code.value for code in SURVEY_EMPLOYMENT_TYPES)
_REMOTE_RATIOS = {str(value): value for value in RemoteRatio.values}
_COMPANY_SIZES = frozenset(CompanySize.values)


class SurveyReport(NamedTuple):
    """One validated row of the survey file."""

    work_year: int
    experience_level: str
    employment_type: str
    job_title: str
    salary: int
    salary_currency: str
    salary_in_usd: int
    employee_residence: str
    remote_ratio: int
    company_location: str
    company_size: str


@dataclass(frozen=True)
class SurveyFile:
    source_name: str
    checksum: str
    reports: list[SurveyReport]


class SurveyFileError(Exception):
    """A survey file that cannot be loaded, with every error found ("line N: column: ...")."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")

    def describe(self) -> str:
        shown = self.errors[:MAX_ERRORS_SHOWN]
        lines = [*shown]
        if len(self.errors) > len(shown):
            lines.append(f"... and {len(self.errors) - len(shown):,} more errors")
        return "\n".join(lines)


def _currencies() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def _read_csv_bytes(path: Path) -> bytes:
    """The CSV bytes of a plain or gzipped file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SurveyFileError([f"file: {path} does not exist"]) from None
    except OSError as error:
        raise SurveyFileError([f"file: {path} cannot be read ({error.strerror})"]) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise SurveyFileError([f"file: not a valid gzip file ({error})"]) from None
    return raw


def read_survey(path: str | Path, raw: bytes | None = None) -> SurveyFile:
    """Read and validate a survey file; raise SurveyFileError listing every problem."""
    path = Path(path)
    raw = _read_csv_bytes(path) if raw is None else raw
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SurveyFileError([f"line {line}: file: not UTF-8 text"]) from None
    return SurveyFile(path.name, checksum, _parse_rows(text))


def _parse_rows(text: str) -> list[SurveyReport]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SurveyFileError(["line 1: file: empty, no header and no reports"]) from None
    except csv.Error as error:
        raise SurveyFileError([f"line 1: header: {error}"]) from None
    header = [name.strip() for name in header]
    missing = [name for name in SURVEY_COLUMNS if name not in header]
    if missing:
        raise SurveyFileError([f"line 1: header: missing column(s) {', '.join(missing)}"])
    positions = [header.index(name) for name in SURVEY_COLUMNS]
    width = len(header)

    currencies = _currencies()
    countries = _country_codes()
    latest_year = timezone.now().year + 1
    reports: list[SurveyReport] = []
    errors: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if len(row) != width:
                errors.append(f"line {line}: row: {len(row)} fields, the header has {width}")
                continue
            raw_values = [row[position] for position in positions]
            # Checked before stripping: strip() would silently drop some of them.
            garbled = {
                name
                for name, value in zip(SURVEY_COLUMNS, raw_values, strict=True)
                if CONTROL_CHARACTERS.search(value)
            }
            values = [value.strip() for value in raw_values]
            report, row_errors = _validate_row(values, currencies, countries, latest_year)
            if garbled:
                # A garbled column has this one message; the other columns' errors stay.
                report = None
                row_errors = sorted(
                    [
                        *(f"{name}: contains control characters" for name in garbled),
                        *(e for e in row_errors if e.split(":", 1)[0] not in garbled),
                    ],
                    key=lambda message: SURVEY_COLUMNS.index(message.split(":", 1)[0]),
                )
            errors.extend(f"line {line}: {message}" for message in row_errors)
            if report is not None:
                reports.append(report)
    except csv.Error as error:
        errors.append(f"line {reader.line_num}: file: {error}")
    if not errors and not reports:
        errors.append("line 2: file: no reports after the header")
    if errors:
        raise SurveyFileError(errors)
    return reports


def _whole_amount(value: str, maximum: int) -> tuple[int | None, str | None]:
    if not _WHOLE_NUMBER.fullmatch(value):
        return None, f"{value!r} is not a positive whole amount"
    amount = int(value)
    if amount <= 0:
        return None, f"{value!r} is not a positive whole amount"
    if amount > maximum:
        return None, f"{value} is larger than {maximum:,}"
    return amount, None


def _validate_row(
    values: list[str], currencies: frozenset[str], countries: frozenset[str], latest_year: int
) -> tuple[SurveyReport | None, list[str]]:
    """One row's values (in SURVEY_COLUMNS order) as a report, or the errors ("column: ...")."""
    (
        year_text,
        experience,
        employment,
        title,
        salary_text,
        currency,
        usd_text,
        residence,
        remote_text,
        location,
        size,
    ) = values
    errors = []
    year = None
    if not re.fullmatch(r"[0-9]{4}", year_text):
        errors.append(f"work_year: {year_text!r} is not a year")
    else:
        year = int(year_text)
        if year < EARLIEST_SURVEY_YEAR:
            errors.append(f"work_year: {year} is before {EARLIEST_SURVEY_YEAR}")
        elif year > latest_year:
            errors.append(f"work_year: {year} is in the future")
    if experience not in _EXPERIENCE_CODES:
        errors.append(f"experience_level: {experience!r} is not one of EN, MI, SE, EX")
    if employment not in _EMPLOYMENT_CODES:
        errors.append(f"employment_type: {employment!r} is not one of FT, PT, CT, FL")
    title = " ".join(title.split())
    if not title:
        errors.append("job_title: empty")
    elif len(title) > MAX_TITLE_LENGTH:
        errors.append(f"job_title: longer than {MAX_TITLE_LENGTH} characters")
    elif not slugify(title):
        errors.append(f"job_title: {title!r} has no letters or digits")
    salary, message = _whole_amount(salary_text, MAX_SALARY)
    if message:
        errors.append(f"salary: {message}")
    if currency not in currencies:
        errors.append(f"salary_currency: {currency!r} is not an ISO 4217 currency code")
    usd, message = _whole_amount(usd_text, MAX_SALARY_USD)
    if message:
        errors.append(f"salary_in_usd: {message}")
    if residence not in countries:
        errors.append(f"employee_residence: {residence!r} is not an ISO 3166 country code")
    if remote_text not in _REMOTE_RATIOS:
        errors.append(f"remote_ratio: {remote_text!r} is not one of 0, 50, 100")
    if location not in countries:
        errors.append(f"company_location: {location!r} is not an ISO 3166 country code")
    if size not in _COMPANY_SIZES:
        errors.append(f"company_size: {size!r} is not one of S, M, L")
    if errors:
        return None, errors
    report = SurveyReport(
        work_year=year,
        experience_level=experience,
        employment_type=employment,
        job_title=title,
        salary=salary,
        salary_currency=currency,
        salary_in_usd=usd,
        employee_residence=residence,
        remote_ratio=_REMOTE_RATIOS[remote_text],
        company_location=location,
        company_size=size,
    )
    return report, []


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
    raw = _read_csv_bytes(path)
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


# The report columns written by the import, in SurveyReport's order after the title.
_REPORT_COLUMNS = (
    "title",
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


# -- Lookups ------------------------------------------------------------------------------

# Words (letters and digits) and single signs ("&", "/", "+", "("): the units of matching.
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
# No survey title has more tokens than this; longer runs of a listing title are not tried.
MAX_TITLE_TOKENS = 12
# A listing title's first tokens that are matched (titles are at most 200 characters).
MAX_LISTING_TOKENS = 60


def title_key(text: str) -> str:
    """A title's matching key: lower case, words and signs separated by single spaces.

    "Admin & Data  Analyst" gives "admin & data analyst"; "Lead Data Engineer (AI)" gives
    "lead data engineer ( ai )".
    """
    return " ".join(_TOKEN.findall(text.casefold()))


# Seniority words of a listing's title. Seniority is compared separately (the listing's
# seniority against the survey's experience level), so they are not part of its survey title:
# "Lead Data Engineer (AI)" is a Data Engineer at a senior level. "Head" names a role: kept.
SENIORITY_WORDS = frozenset(
    ["lead", "senior", "sr", "jr", "junior", "staff", "principal", "associate"]
)
# "Entry-level", "mid-level" (also written with a space).
SENIORITY_PREFIXES = frozenset(["entry", "mid"])


def _without_seniority(tokens: list[str]) -> list[str]:
    """A title's tokens without its seniority words ("sr." with its dot, "entry-level")."""
    kept = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token in SENIORITY_WORDS:
            position += 1
            if token in ("sr", "jr") and tokens[position : position + 1] == ["."]:
                position += 1
            continue
        if token in SENIORITY_PREFIXES:
            rest = tokens[position + 1 : position + 3]
            if rest == ["-", "level"]:
                position += 3
                continue
            if rest[:1] == ["level"]:
                position += 2
                continue
        kept.append(token)
        position += 1
    return kept


def _contained_keys(job_title: str) -> list[str]:
    """The keys of every run of whole words in a listing's title without its seniority words:
    the survey titles it may contain."""
    tokens = _without_seniority(_TOKEN.findall(job_title.casefold()))[:MAX_LISTING_TOKENS]
    keys = {
        " ".join(tokens[start:end])
        for start in range(len(tokens))
        for end in range(start + 1, min(len(tokens), start + MAX_TITLE_TOKENS) + 1)
    }
    return sorted(keys)


def _longest(candidates: Iterable[dict]) -> dict | None:
    """The candidate with the longest title (then the most reports, then alphabetical)."""
    return min(
        candidates,
        key=lambda row: (-len(row["title"]), -row["report_count"], row["title"]),
        default=None,
    )


def survey_title_for(job_title: str) -> str | None:
    """The longest survey title contained, case-insensitive and as whole words, in a listing's
    title without its seniority words: "Lead Data Engineer (AI)" gives "Data Engineer" even
    though the survey also has "Lead Data Engineer". None when it contains none. One query."""
    keys = _contained_keys(job_title)
    if not keys:
        return None
    rows = SalaryTitle.objects.filter(title_key__in=keys).values("title", "report_count")
    best = _longest(rows)
    return best["title"] if best else None


# How many close survey titles an editor's unknown survey title is answered with.
MAX_CLOSE_TITLES = 5
LEAVE_EMPTY = "Leave it empty to use the survey title in the listing\u2019s title."


def checked_survey_title(text: str) -> str:
    """An editor's survey title for a listing: "" when empty (the listing's title is matched
    instead), else the survey's own spelling of it (any case and spacing). ValidationError
    naming up to 5 close matches when the survey has no such title. One or two queries."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    same = SalaryTitle.objects.filter(title_key=title_key(text)).values_list("title", flat=True)
    if title := same.first():
        return title
    spellings: dict[str, str] = {}
    for title in SalaryTitle.objects.most_reported().values_list("title", flat=True):
        spellings.setdefault(title.casefold(), title)
    if not spellings:
        raise ValidationError(
            f"No salary survey is loaded, so no survey title can be chosen yet. {LEAVE_EMPTY}"
        )
    close = get_close_matches(text.casefold(), list(spellings), n=MAX_CLOSE_TITLES)
    if not close:
        raise ValidationError(
            f"\u201c{text}\u201d is not a job title of the salary survey, nor close to one. "
            + LEAVE_EMPTY
        )
    raise ValidationError(
        f"\u201c{text}\u201d is not a job title of the salary survey. Close matches: "
        + ", ".join(spellings[key] for key in close)
        + "."
    )


def listing_survey_title(job) -> str | None:
    """A listing's survey title: the one its editor set, else the one its title contains."""
    return job.survey_title.strip() or survey_title_for(job.title)


@dataclass(frozen=True)
class TitleSummary:
    """A survey title's figures for other pages (e.g. a comparison article's table)."""

    title: str
    slug: str
    url: str
    count: int
    median_usd: Decimal


def title_summaries(titles: Iterable[str]) -> dict[str, TitleSummary]:
    """Summaries of survey titles, keyed by the titles as given (matched case-insensitively);
    titles the survey lacks are left out. One query."""
    wanted = {title: title_key(title) for title in titles if title and title.strip()}
    if not wanted:
        return {}
    rows = SalaryTitle.objects.filter(title_key__in=set(wanted.values())).values(
        "title", "title_key", "slug", "report_count", "median_usd"
    )
    by_key = {
        row["title_key"]: TitleSummary(
            title=row["title"],
            slug=row["slug"],
            url=reverse("jobs:salary_detail", kwargs={"slug": row["slug"]}),
            count=row["report_count"],
            median_usd=row["median_usd"],
        )
        for row in rows
    }
    return {title: by_key[key] for title, key in wanted.items() if key in by_key}


@dataclass(frozen=True)
class ListingComparison:
    """Where a listing's yearly USD range sits against the survey's median for its title and
    seniority: "above" (its minimum is above it), "below" (its maximum is below it), else
    "around"."""

    position: str
    median_usd: Decimal
    count: int
    title: str
    slug: str
    seniority: str
    single_amount: bool

    @property
    def seniority_label(self) -> str:
        return Seniority(self.seniority).label

    @property
    def too_few(self) -> bool:
        return self.count < MIN_REPORTS

    @property
    def url(self) -> str:
        path = reverse("jobs:salary_detail", kwargs={"slug": self.slug})
        return f"{path}?experience={self.seniority}"

    @property
    def people(self) -> str:
        """ "Senior-level / Expert Data Engineers", or "Senior-level / Expert Head of Data
        roles" for a title that does not end in a word naming a person."""
        if _names_a_person(self.title):
            return f"{self.seniority_label} {self.title}s"
        return f"{self.seniority_label} {self.title} roles"


_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ect", "ate", "ive", "ead", "ow", "ff")


def _names_a_person(title: str) -> bool:
    words = title.split()
    return bool(words) and words[-1].lower().endswith(_PERSON_ENDINGS)


def listing_comparison(job) -> ListingComparison | None:
    """How a listing's salary compares with the survey, or None (no salary, no survey title
    or no reports for its seniority). One query."""
    if job.salary_min_usd_yearly is None or job.salary_max_usd_yearly is None:
        return None
    if not job.seniority:
        return None
    editor_title = job.survey_title.strip()
    keys = [title_key(editor_title)] if editor_title else _contained_keys(job.title)
    if not keys or not keys[0]:
        return None
    rows = (
        SalaryTitle.objects.filter(title_key__in=keys)
        .annotate(
            level=FilteredRelation("levels", condition=Q(levels__experience_level=job.seniority))
        )
        .values("title", "slug", "report_count", "level__report_count", "level__median_usd")
    )
    best = _longest(rows)
    if best is None or not best["level__report_count"]:
        return None
    median = best["level__median_usd"]
    if job.salary_min_usd_yearly > median:
        position = "above"
    elif job.salary_max_usd_yearly < median:
        position = "below"
    else:
        position = "around"
    return ListingComparison(
        position=position,
        median_usd=median,
        count=best["level__report_count"],
        title=best["title"],
        slug=best["slug"],
        seniority=job.seniority,
        single_amount=job.salary_min_usd_yearly == job.salary_max_usd_yearly,
    )
