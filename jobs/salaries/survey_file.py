"""Reading a survey file: a CSV (plain or gzipped) validated row by row.

``read_survey(path)`` either returns every report, typed, or raises SurveyFileError naming
each error as "line N: column: message".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pycountry
from django.utils import timezone
from django.utils.text import slugify

from core import csvfile
from core.text import CONTROL_CHARACTERS
from jobs.choices import Seniority
from jobs.salaries.models import SURVEY_EMPLOYMENT_TYPES, CompanySize, RemoteRatio

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


def read_csv_bytes(path: Path) -> bytes:
    """The CSV bytes of a plain or gzipped file."""
    try:
        return csvfile.read_bytes(path, gunzip=True)
    except csvfile.FileUnreadable as error:
        if isinstance(error.error, FileNotFoundError):
            raise SurveyFileError([f"file: {path} does not exist"]) from None
        raise SurveyFileError([f"file: {path} cannot be read ({error.error.strerror})"]) from None
    except csvfile.NotGzip as error:
        raise SurveyFileError([f"file: not a valid gzip file ({error.error})"]) from None


def read_survey(path: str | Path, raw: bytes | None = None) -> SurveyFile:
    """Read and validate a survey file; raise SurveyFileError listing every problem."""
    path = Path(path)
    raw = read_csv_bytes(path) if raw is None else raw
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        text = csvfile.decode(raw)
    except csvfile.NotUtf8 as error:
        raise SurveyFileError([f"line {error.line}: file: not UTF-8 text"]) from None
    return SurveyFile(path.name, checksum, _parse_rows(text))


def _parse_rows(text: str) -> list[SurveyReport]:
    records = csvfile.records(text)
    try:
        header = next(records).cells
    except StopIteration:
        raise SurveyFileError(["line 1: file: empty, no header and no reports"]) from None
    except csvfile.NotCsv as error:
        raise SurveyFileError([f"line 1: header: {error.error}"]) from None
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
        for _first_line, row, line in records:
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
    except csvfile.NotCsv as error:
        errors.append(f"line {error.end_line}: file: {error.error}")
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
