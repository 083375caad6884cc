"""The columns of a listings file and how a row's cells become a listing's values.

Each parser records an error on the row ("column", "message") and gives what can still be
checked, so that one row reports all of its errors. ``model_errors`` then runs the model's own
validation, without a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_countries import countries

from core.links import HTTP_URL_MESSAGE, is_http_url
from core.text import CONTROL_CHARACTERS, control_character_codes, strip_control_characters
from jobs.choices import EmploymentType, SalaryPeriod, Seniority, Workplace
from jobs.importing.checks import constraint_errors, known_rates
from jobs.models import EARLIEST_YEAR, LATEST_YEAR, Job, Skill

COLUMNS = [
    "title",
    "company",
    "company_website",
    "description",
    "skills",
    "apply_url",
    "apply_email",
    "employment_type",
    "seniority",
    "workplace",
    "city",
    "region",
    "subdivision",
    "country",
    "eligible",
    "salary_min",
    "salary_max",
    "currency",
    "period",
    "benefits",
    "status",
    "published_at",
    "expires_at",
    "featured_until",
]
REQUIRED_COLUMNS = ["title", "company", "description", "seniority", "workplace", "country"]
SKILL_SEPARATOR = ";"

# Model fields that go by another name in the file.
COLUMN_OF_FIELD = {"salary_currency": "currency", "salary_period": "period", "__all__": "row"}
# Text cells: the cell is the value, an empty cell an empty value.
TEXT_FIELDS = [
    "title",
    "description",
    "apply_url",
    "apply_email",
    "city",
    "region",
    "eligible",
    "benefits",
]
# Coded cells: column -> (model field, allowed codes, also accepted spellings).
CODED_COLUMNS = {
    "employment_type": ("employment_type", EmploymentType, {}),
    "seniority": ("seniority", Seniority, {}),
    "workplace": ("workplace", Workplace, {"on-site": "onsite", "on site": "onsite"}),
    "period": ("salary_period", SalaryPeriod, {"hourly": "hour", "monthly": "month"}),
    "status": ("status", Job.Status, {}),
}
# Empty cells of these columns mean the default for a new listing, "unchanged" for an existing one.
DEFAULTED_COLUMNS = {"employment_type", "period", "status", "published_at", "expires_at"}
# The columns of a listing that the importer compares and writes: every concrete one but the id
# and those the database computes, derived ones included (yearly USD figures, the rendered
# description...): (field name, attribute name). A listing is unchanged when none of them
# differs from what is stored (a new exchange rate makes it change); a changed listing writes
# those that differ, and updated_at.
COLUMNS_OF_JOB = [
    (column.name, column.attname)
    for column in Job._meta.concrete_fields
    if not column.primary_key and not column.generated
]
COMPARED_FIELDS = [attname for _name, attname in COLUMNS_OF_JOB]
NUMBER = re.compile(r"-?\d+(\.\d+)?")
COUNTRY_CODES = {code for code, _name in countries}
# The country field's own choices: a code among them passes the field's validation (checking it
# there walks the whole list of countries, the slowest part of a listing's validation).
COUNTRY_CHOICES = {str(code) for code, _name in Job._meta.get_field("country").choices}


@dataclass
class ListingRow:
    """One row of the file, as the listing it becomes."""

    line: int
    job: Job | None
    company_name: str
    skills: list[Skill] | None = None  # None: the file has no skills column
    errors: list[tuple[str, str]] = field(default_factory=list)
    existing: bool = False
    changed: bool = True
    before: dict | None = None  # an existing listing's stored values (see snapshot)
    warnings: list[str] = field(default_factory=list)
    # The refusing pay-transparency rules published over with --pay-rule-override.
    pay_overridden: list = field(default_factory=list)
    # "listing #12 “Data Engineer” (similar title, 0.83)", "line 4 (same apply URL)", ...
    duplicates: list[str] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def has_error(self, column: str) -> bool:
        return any(error_column == column for error_column, _message in self.errors)


def listing_key(company_name: str, title: str, country: str, city: str) -> tuple:
    """Company, title, country and city: the same four mean the same listing."""
    return (company_name.casefold(), title.casefold(), country.upper(), city.casefold())


def snapshot(job: Job) -> dict:
    """The compared values of a listing (decimals and moments compare by value), as stored on
    the instance (the country as its code, not as a new Country object)."""
    stored = vars(job)
    return {
        name: stored[name] if name in stored else getattr(job, name) for name in COMPARED_FIELDS
    }


def cell_value(cell: str) -> str:
    """What a cell holds once read: without control characters and surrounding space."""
    return strip_control_characters(cell).strip()


def read_row(header: list[str], line: int, cells: list[str]) -> tuple[ListingRow, dict]:
    """A row and its cells by column (stripped), with the errors of the cells themselves.

    A short row has empty cells at its end. Control characters (a NUL from a broken export)
    are refused in every cell, also in those that map to no validated field (skills,
    currency, apply_email); the cells are then read without them, so that their other errors
    are not hidden.
    """
    padded = cells + [""] * (len(header) - len(cells))
    unreadable = [
        (name, control_character_codes(cell))
        for name, cell in zip(header, padded, strict=False)
        if CONTROL_CHARACTERS.search(cell)
    ]
    values = {name: cell_value(cell) for name, cell in zip(header, padded, strict=False)}
    row = ListingRow(line=line, job=None, company_name=" ".join(values["company"].split()))
    for name, codes in unreadable:
        row.error(name, f"contains control characters ({codes}); remove them.")
    if len(cells) > len(header):
        row.error("row", f"{len(cells)} values, but the header has {len(header)} columns.")
    return row, values


def fill_listing(row: ListingRow, values: dict[str, str], rates: dict[str, Decimal]) -> None:
    """The row's listing given the values of the file's columns (all but company and skills).

    An empty cell of a DEFAULTED_COLUMNS column leaves an existing listing's value as it is.
    """
    job = row.job
    for name in TEXT_FIELDS:
        if name in values:
            setattr(job, name, values[name])
    http_url(row, "apply_url", job.apply_url)
    for column, (field_name, _choices, _aliases) in CODED_COLUMNS.items():
        text = values.get(column, "")
        if text:
            code = parse_code(row, column, text)
            setattr(job, field_name, code or "")
        elif column in values and column not in DEFAULTED_COLUMNS:
            setattr(job, field_name, "")
    if "country" in values:
        job.country = parse_country(row, values["country"])
    # An empty or absent subdivision is read from the region (Job.apply_defaults); a stored one
    # is kept unless the file gives another or changes the region.
    if "subdivision" in values:
        job.subdivision = values["subdivision"].strip().upper()
    elif "region" in values and row.existing and values["region"] != row.before["region"]:
        job.subdivision = ""
    for column in ("salary_min", "salary_max"):
        if column in values:
            setattr(job, column, parse_number(row, column, values[column]))
    if "currency" in values:
        job.salary_currency_id = parse_currency(row, values["currency"], rates)
    for column in ("published_at", "expires_at", "featured_until"):
        if column not in values:
            continue
        moment = parse_moment(row, column, values[column])
        if moment is not None or column not in DEFAULTED_COLUMNS or not row.existing:
            setattr(job, column, moment)


def parse_number(row: ListingRow, column: str, text: str) -> Decimal | None:
    if not text:
        return None
    compact = text.replace(" ", "")
    if not NUMBER.fullmatch(compact):
        row.error(column, f"not a number: “{text}”; write a plain number such as 120000 or 62.50.")
        return None
    return Decimal(compact)


def parse_moment(row: ListingRow, column: str, text: str) -> datetime | None:
    """An ISO date (midnight at its start) or date and time; without an offset: UTC.

    Only years EARLIEST_YEAR to LATEST_YEAR: the ends of the calendar overflow once moved to
    UTC or given a default expiry.
    """
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)  # a date alone gives midnight
    except ValueError:
        row.error(
            column,
            f"not an ISO date: “{text}”; write 2025-03-01 or 2025-03-01T09:00 (UTC unless an "
            "offset such as +01:00 is given).",
        )
        return None
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        moment = moment.astimezone(UTC)
    except OverflowError:
        moment = None
    if moment is None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        row.error(
            column,
            f"“{text}” is not a plausible date: give one between the years {EARLIEST_YEAR} "
            f"and {LATEST_YEAR}.",
        )
        return None
    return moment


def code_table(choices) -> dict[str, str]:
    """Codes and labels (lower case) of a choices class, to its codes."""
    codes = {str(value).lower(): value for value in choices.values}
    for value, label in choices.choices:
        codes.setdefault(str(label).lower(), value)
    return codes


CODES = {column: code_table(choices) for column, (_f, choices, _a) in CODED_COLUMNS.items()}


def parse_code(row: ListingRow, column: str, text: str) -> str | None:
    _field_name, choices, aliases = CODED_COLUMNS[column]
    code = CODES[column].get(text.lower()) or aliases.get(text.lower())
    if code is None:
        allowed = ", ".join(str(value) for value in choices.values)
        row.error(column, f"unknown code “{text}”; use one of {allowed}.")
    return code


def parse_country(row: ListingRow, text: str) -> str:
    """An ISO 3166 alpha-2 code (any case), or "" when unknown."""
    country = text.upper()
    if country and country not in COUNTRY_CODES:
        row.error(
            "country",
            f"unknown country code “{text}”; use an ISO 3166 alpha-2 code such as US, GB or DE.",
        )
    return country if country in COUNTRY_CODES else ""


def parse_currency(row: ListingRow, text: str, rates: dict[str, Decimal]) -> str | None:
    code = text.upper()
    if not code:
        return None
    if code not in rates and pycountry.currencies.get(alpha_3=code) is None:
        row.error("currency", f"unknown currency code “{text}”; use ISO 4217, such as USD.")
        return None
    return code  # a real currency without a rate is refused by the model's clean()


def parse_skill_names(row: ListingRow, text: str) -> list[str]:
    """The distinct skill names of a cell (any case), blanks collapsed."""
    names: dict[str, str] = {}
    for part in text.split(SKILL_SEPARATOR):
        name = " ".join(part.split())
        if not name:
            continue
        if len(name) > 60:
            row.error("skills", f"“{name[:30]}…” is longer than 60 characters.")
            continue
        names.setdefault(name.casefold(), name)
    return list(names.values())


def http_url(row: ListingRow, column: str, text: str) -> str:
    if not is_http_url(text):
        row.error(column, HTTP_URL_MESSAGE[0].lower() + HTTP_URL_MESSAGE[1:])
    return text


def model_errors(row: ListingRow, job: Job, exclude: list[str], rates: dict) -> None:
    """The model's own validation, then its database constraints (for a row still clean:
    otherwise they would only repeat the errors found already).

    Without a query: the exchange rate is the one read with the file (see known_rates), the
    company is not looked up again (it was read with the file, or is new), and the check
    constraints are evaluated in Python (see constraint_errors). A country code among the
    field's choices is not checked against them again.
    """
    checked_already = ["company"]
    if str(job.country) in COUNTRY_CHOICES:
        checked_already.append("country")
    try:
        with known_rates(job, rates):
            job.full_clean(
                exclude=[*exclude, *checked_already],
                validate_unique=False,
                validate_constraints=False,
            )
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = COLUMN_OF_FIELD.get(field_name, field_name)
            if not row.has_error(column):
                row.errors.extend((column, message) for message in messages)
    if row.errors:
        return
    row.errors.extend(("row", message) for message in constraint_errors(job, set(exclude)))
