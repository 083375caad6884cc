"""``manage.py import_jobs FILE.csv``: bulk listings from a CSV file, all or nothing.

The whole file is read and every row validated first (the CSV-level checks here, then the
model's own ``full_clean``); any error means nothing is written and every error is reported as
"line N: column: message", with line numbers as in the file (the header is line 1). Otherwise
everything is written in one transaction.

Importing the same file again creates no duplicates: a listing is matched by company, title,
country and city (case-insensitively) and updated; a company is matched by name. The README's
"Importing listings" section documents the columns.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pycountry
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from jobs.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Company,
    EmploymentType,
    ExchangeRate,
    Job,
    SalaryPeriod,
    Seniority,
    Skill,
    Workplace,
    control_character_codes,
    strip_control_characters,
    unique_slug,
)

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
    "country",
    "salary_min",
    "salary_max",
    "currency",
    "period",
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
TEXT_FIELDS = ["title", "description", "apply_url", "apply_email", "city", "region"]
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
# What makes two listings the same one (see ListingKey).
COMPARED_FIELDS = [
    "title",
    "slug",
    "company_id",
    "description",
    "apply_url",
    "apply_email",
    "employment_type",
    "seniority",
    "workplace",
    "city",
    "region",
    "country",
    "salary_min",
    "salary_max",
    "salary_currency_id",
    "salary_period",
    "salary_min_usd_yearly",
    "salary_max_usd_yearly",
    "status",
    "published_at",
    "expires_at",
    "featured_until",
]
NUMBER = re.compile(r"-?\d+(\.\d+)?")
COUNTRY_CODES = {code for code, _name in countries}


class ImportErrors(Exception):
    """Raised with every "line N: column: message" found in the file."""

    def __init__(self, messages: list[str]):
        super().__init__(f"{len(messages)} errors")
        self.messages = messages


@dataclass
class ListingRow:
    """One row of the file, as the listing it becomes."""

    line: int
    job: Job
    company_name: str
    skills: list[Skill] | None = None  # None: the file has no skills column
    errors: list[tuple[str, str]] = field(default_factory=list)
    existing: bool = False
    changed: bool = True

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def has_error(self, column: str) -> bool:
        return any(error_column == column for error_column, _message in self.errors)


def listing_key(company_name: str, title: str, country: str, city: str) -> tuple:
    """Company, title, country and city: the same four mean the same listing."""
    return (company_name.casefold(), title.casefold(), country.upper(), city.casefold())


def read_records(path: str) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows of a CSV file, each with the line it starts on."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        text = raw.decode("utf-8-sig")  # with or without a byte order mark
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CommandError(
            f"line {line}: the file is not UTF-8 text; save it as CSV UTF-8 and try again."
        ) from error
    # strict: a quote left open is an error on its line, not a cell that swallows the rest of
    # the file (which then showed as "company: This field cannot be blank").
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            line, reason = previous_end + 1, "a quoted cell that starts on this line never ends"
        else:
            line, reason = reader.line_num, str(error)
        raise CommandError(f"line {line}: this is not valid CSV: {reason}.") from error
    if not records:
        raise CommandError(f"{path} is empty: it needs at least a header line.")
    (header_line, header), rows = records[0], records[1:]
    return header_line, [name.strip().lower() for name in header], rows


def check_header(line: int, header: list[str]) -> list[str]:
    errors = []
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            errors.append(f"line {line}: column {position}: the column has no name.")
        elif name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f"did you mean {close[0]}?" if close else "the README lists the columns."
            errors.append(f"line {line}: {name}: unknown column; {hint}")
        elif name in seen:
            errors.append(f"line {line}: {name}: the column appears twice.")
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(f"line {line}: {name}: required column missing.")
    if "apply_url" not in header and "apply_email" not in header:
        errors.append(f"line {line}: apply_url: give an apply_url or an apply_email column.")
    return errors


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


def parse_code(row: ListingRow, column: str, text: str) -> str | None:
    _field_name, choices, aliases = CODED_COLUMNS[column]
    codes = {str(value).lower(): value for value in choices.values}
    for value, label in choices.choices:
        codes.setdefault(str(label).lower(), value)
    code = codes.get(text.lower()) or aliases.get(text.lower())
    if code is None:
        allowed = ", ".join(str(value) for value in choices.values)
        row.error(column, f"unknown code “{text}”; use one of {allowed}.")
    return code


def http_url(row: ListingRow, column: str, text: str) -> str:
    if text and not text.lower().startswith(("http://", "https://")):
        row.error(column, "use an http:// or https:// address.")
    return text


class Importer:
    """Validates a whole file, then writes it in one transaction."""

    def __init__(self, header: list[str], records: list[tuple[int, list[str]]]):
        self.header = header
        self.companies = {company.name.casefold(): company for company in Company.objects.all()}
        self.skills = {skill.name.casefold(): skill for skill in Skill.objects.all()}
        self.rates = set(ExchangeRate.objects.values_list("currency", flat=True))
        self.new_companies: dict[str, Company] = {}
        self.new_skills: dict[str, Skill] = {}
        self.filled_websites: list[Company] = []
        self.rows: list[ListingRow] = []
        self.seen_keys: dict[tuple, int] = {}
        self.listings = self.existing_listings(records)

    def existing_listings(self, records) -> dict[tuple, list[Job]]:
        """The listings of the file's known companies, by their matching key."""
        position = self.header.index("company")
        names = {
            " ".join(cells[position].split()).casefold()
            for _line, cells in records
            if len(cells) > position
        }
        company_ids = [self.companies[name].pk for name in names if name in self.companies]
        listings: dict[tuple, list[Job]] = {}
        queryset = Job.objects.filter(company_id__in=company_ids).order_by("pk")
        for job in queryset.select_related("company").prefetch_related("skills"):
            key = listing_key(job.company.name, job.title, str(job.country), job.city)
            listings.setdefault(key, []).append(job)
        return listings

    # -- Validation ------------------------------------------------------------------------

    def validate(self, records: list[tuple[int, list[str]]]) -> list[str]:
        messages = []
        for line, cells in records:
            row = self.validate_row(line, cells)
            self.rows.append(row)
            messages.extend(f"line {line}: {column}: {text}" for column, text in row.errors)
        return messages

    def validate_row(self, line: int, cells: list[str]) -> ListingRow:
        # A short row has empty cells at its end.
        padded = cells + [""] * (len(self.header) - len(cells))
        # Control characters (a NUL from a broken export) are refused in every cell, also in
        # those that map to no validated field (skills, currency, apply_email); the cells are
        # then read without them, so that their other errors are not hidden.
        unreadable = [
            (name, codes)
            for name, cell in zip(self.header, padded, strict=False)
            if (codes := control_character_codes(cell))
        ]
        values = {
            name: strip_control_characters(cell).strip()
            for name, cell in zip(self.header, padded, strict=False)
        }
        company_name = " ".join(values["company"].split())
        row = ListingRow(line=line, job=Job(), company_name=company_name)
        for name, codes in unreadable:
            row.error(name, f"contains control characters ({codes}); remove them.")
        if len(cells) > len(self.header):
            row.error("row", f"{len(cells)} values, but the header has {len(self.header)} columns.")

        key = listing_key(
            row.company_name,
            values.get("title", ""),
            values.get("country", ""),
            values.get("city", ""),
        )
        matches = self.listings.get(key, [])
        if len(matches) > 1:
            ids = ", ".join(f"#{job.pk}" for job in matches)
            row.error(
                "row",
                f"{len(matches)} listings ({ids}) have this company, title, country and city; "
                "make them differ in the admin first.",
            )
        if key in self.seen_keys:
            row.error(
                "row",
                f"the same listing (company, title, country and city) as line "
                f"{self.seen_keys[key]}.",
            )
        self.seen_keys.setdefault(key, line)
        if len(matches) == 1:
            row.job, row.existing = matches[0], True
        job = row.job
        before = self.snapshot(job) if row.existing else None
        skills_before = {skill.pk for skill in job.skills.all()} if row.existing else None

        company = self.company_for(row, values)
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
            country = values["country"].upper()
            if country and country not in COUNTRY_CODES:
                row.error(
                    "country",
                    f"unknown country code “{values['country']}”; use an ISO 3166 alpha-2 "
                    "code such as US, GB or DE.",
                )
            job.country = country if country in COUNTRY_CODES else ""
        for column in ("salary_min", "salary_max"):
            if column in values:
                setattr(job, column, parse_number(row, column, values[column]))
        if "currency" in values:
            job.salary_currency_id = self.currency(row, values["currency"])
        for column in ("published_at", "expires_at", "featured_until"):
            if column not in values:
                continue
            moment = parse_moment(row, column, values[column])
            if moment is not None or column not in DEFAULTED_COLUMNS or not row.existing:
                setattr(job, column, moment)
        if "skills" in values:
            row.skills = self.skill_objects(self.skill_names(row, values["skills"]))

        # The currency is checked above and its rate by the model's clean(); the slug is
        # made from the title by the model's defaults.
        exclude = ["salary_currency", "slug"]
        if company.pk is None:
            exclude.append("company")
        else:
            job.company = company
        self.model_errors(row, job, exclude)
        job.company = company
        if row.existing:
            skills_changed = row.skills is not None and (
                {skill.pk for skill in row.skills} != skills_before
                or any(skill.pk is None for skill in row.skills)
            )
            row.changed = self.snapshot(job) != before or skills_changed
        return row

    @staticmethod
    def model_errors(row: ListingRow, job: Job, exclude: list[str]) -> None:
        """The model's own validation, then its database constraints (for a row still clean:
        otherwise they would only repeat the errors found already)."""
        try:
            job.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = COLUMN_OF_FIELD.get(field_name, field_name)
                if not row.has_error(column):
                    row.errors.extend((column, message) for message in messages)
        if row.errors:
            return
        try:
            job.validate_constraints(exclude=exclude)
        except ValidationError as error:
            for messages in error.message_dict.values():
                row.errors.extend(("row", message) for message in messages)

    @staticmethod
    def snapshot(job: Job) -> dict:
        """The compared values of a listing (decimals and moments compare by value)."""
        values = {name: getattr(job, name) for name in COMPARED_FIELDS}
        values["country"] = str(values["country"])
        return values

    def company_for(self, row: ListingRow, values: dict[str, str]) -> Company:
        name = row.company_name
        website = values.get("company_website", "")
        http_url(row, "company_website", website)
        company = self.companies.get(name.casefold()) or self.new_companies.get(name.casefold())
        if company is not None:
            if website and not company.website and not row.has_error("company_website"):
                company.website = website  # only fills a missing website
                if company.pk:
                    self.filled_websites.append(company)
            return company
        company = Company(name=name, website=website)
        try:
            company.full_clean(exclude=["slug"], validate_unique=False)
        except ValidationError as error:
            names = {"name": "company", "website": "company_website", "description": "company"}
            for field_name, messages in error.message_dict.items():
                column = names.get(field_name, "company")
                if not row.has_error(column):
                    row.errors.extend((column, message) for message in messages)
            return company
        self.new_companies[name.casefold()] = company
        return company

    def currency(self, row: ListingRow, text: str) -> str | None:
        code = text.upper()
        if not code:
            return None
        if code not in self.rates and pycountry.currencies.get(alpha_3=code) is None:
            row.error("currency", f"unknown currency code “{text}”; use ISO 4217, such as USD.")
            return None
        return code  # a real currency without a rate is refused by the model's clean()

    def skill_names(self, row: ListingRow, text: str) -> list[str]:
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

    def skill_objects(self, names: list[str]) -> list[Skill]:
        """Known skills by name (any case); new ones are created when the file is written."""
        skills = []
        for name in names:
            folded = name.casefold()
            skill = self.skills.get(folded) or self.new_skills.get(folded)
            if skill is None:
                skill = self.new_skills[folded] = Skill(name=name)
            skills.append(skill)
        return skills

    # -- Writing ---------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            for company in self.filled_websites:
                company.save(update_fields=["website", "updated_at"])
            for company in self.new_companies.values():
                company.slug = self.free_slug(Company, unique_slug(company.name))
                company.save()
            for skill in self.new_skills.values():
                skill.slug = self.free_slug(Skill, unique_slug(skill.name, 60), 60)
                skill.save()
            for row in self.rows:
                if row.existing and not row.changed:
                    counts["unchanged"] += 1
                    continue
                counts["updated" if row.existing else "created"] += 1
                row.job.company_id = row.job.company.pk  # a new company has its id only now
                row.job.save()
                if row.skills is not None:
                    row.job.skills.set(row.skills)
        return counts

    @staticmethod
    def free_slug(model, slug: str, max_length: int = 200) -> str:
        taken = set(model.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            suffix = f"-{number}"
            candidate = slug[: max_length - len(suffix)] + suffix
        return candidate


class Command(BaseCommand):
    help = "Import listings from a CSV file (columns in the README): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, with a header line")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def handle(self, *args, file, dry_run=False, **options):
        header_line, header, records = read_records(file)
        errors = check_header(header_line, header)
        if not errors:
            importer = Importer(header, records)
            errors = importer.validate(records)
        if errors:
            for message in errors:
                self.stderr.write(message)
            noun = "error" if len(errors) == 1 else "errors"
            raise CommandError(f"{len(errors)} {noun} in {file}: nothing was imported.")
        if dry_run:
            created = sum(1 for row in importer.rows if not row.existing)
            updated = sum(1 for row in importer.rows if row.existing and row.changed)
            unchanged = len(importer.rows) - created - updated
            self.stdout.write(
                f"Dry run, nothing written: would create {created}, update {updated}, "
                f"leave {unchanged} unchanged."
            )
            return
        counts = importer.write()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: created {counts['created']}, updated {counts['updated']}, "
                f"unchanged {counts['unchanged']}."
            )
        )
        if importer.new_companies:
            self.stdout.write(f"New companies: {len(importer.new_companies)}.")
