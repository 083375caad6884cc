"""``manage.py import_jobs FILE.csv``: bulk listings from a CSV file, all or nothing.

The whole file is read and every row validated first (the CSV-level checks here, then the
model's own ``full_clean``); any error means nothing is written and every error is reported as
"line N: column: message", with line numbers as in the file (the header is line 1). Otherwise
everything is written in one transaction.

Importing the same file again creates no duplicates: a listing is matched by company, title,
country and city (case-insensitively) and updated; a company is matched by name. The README's
"Importing listings" section documents the columns.

The work takes a fixed number of queries, whatever the file's length: companies, skills,
exchange rates and the listings of the file's companies (with their skill links) are read once;
each row is validated by the model without a query (its exchange rate is passed in, its check
constraints are evaluated in Python); then new companies, skills and listings are inserted with
``bulk_create``, changed listings updated with ``bulk_update`` (every column that differs from
what is stored, derived ones included, after ``apply_defaults()`` as ``save()`` does, and
``updated_at``), and skill links added and removed in bulk. A listing whose columns and skills
are all unchanged is not written at all.
"""

from __future__ import annotations

import csv
import difflib
import io
import operator
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path

import markdown
import pycountry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import CheckConstraint, F, Q
from django.utils import timezone
from django_countries import countries

from core.links import HTTP_URL_MESSAGE, is_http_url
from core.slugs import free_slug, slug_of
from core.text import CONTROL_CHARACTERS, control_character_codes, strip_control_characters
from jobs import markup
from jobs import models as job_models
from jobs.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Company,
    EmploymentType,
    Job,
    SalaryPeriod,
    Seniority,
    Skill,
    Workplace,
    read_rates,
)
from jobs.search import search_text

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
# Columns that Job.apply_defaults() renders from another one with render_markdown: (source,
# rendered). An existing listing's stored rendering stands for its text while the file is
# validated (see Importer.rendering).
RENDERED_COLUMNS = [("description", "description_html")]
# Rows per INSERT statement (on SQLite, Django lowers it to the database's limit of variables),
# and per UPDATE or DELETE (bulk_update's CASE expressions grow with the batch).
INSERT_BATCH_SIZE = 5000
UPDATE_BATCH_SIZE = 500
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
    before: dict | None = None  # an existing listing's stored values (see Importer.snapshot)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def has_error(self, column: str) -> bool:
        return any(error_column == column for error_column, _message in self.errors)


def listing_key(company_name: str, title: str, country: str, city: str) -> tuple:
    """Company, title, country and city: the same four mean the same listing."""
    return (company_name.casefold(), title.casefold(), country.upper(), city.casefold())


def import_max_bytes() -> int:
    """The largest file the importer reads (``JOBS_IMPORT_MAX_MB``, 256 MB by default: a
    100,000-row file with descriptions of a few paragraphs is about 200 MB)."""
    return int(float(os.environ.get("JOBS_IMPORT_MAX_MB", "256")) * 1024 * 1024)


def check_size(path: str) -> None:
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
    limit = import_max_bytes()
    if size > limit:
        raise CommandError(
            f"{path} is {size / 1024 / 1024:,.0f} MB; the import takes files up to "
            f"{limit / 1024 / 1024:,.0f} MB (JOBS_IMPORT_MAX_MB): split it into several files. "
            "Nothing was imported."
        )


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


def http_url(row: ListingRow, column: str, text: str) -> str:
    if not is_http_url(text):
        row.error(column, HTTP_URL_MESSAGE[0].lower() + HTTP_URL_MESSAGE[1:])
    return text


@contextmanager
def known_rates(job: Job, rates: dict[str, Decimal]) -> Iterator[Job]:
    """The listing's salary methods given the exchange rate read with the file.

    ``clean()`` and ``apply_defaults()`` call ``compute_salary_usd()`` and ``salary_errors()``
    without a rate, which then query it: once or twice per row. Inside this block they get the
    rate of the listing's currency from ``rates`` (a currency without a rate is still looked up
    by the model, which reports it), so the model's own code runs unchanged, without queries.
    """

    def compute_salary_usd(usd_per_unit: Decimal | None = None, **options) -> None:
        if usd_per_unit is None:
            usd_per_unit = rates.get(job.salary_currency_id)
        Job.compute_salary_usd(job, usd_per_unit, **options)

    def salary_errors(usd_per_unit: Decimal | None = None) -> dict[str, list[str]]:
        if usd_per_unit is None:
            usd_per_unit = rates.get(job.salary_currency_id)
        return Job.salary_errors(job, usd_per_unit)

    job.compute_salary_usd = compute_salary_usd
    job.salary_errors = salary_errors
    try:
        yield job
    finally:
        del job.compute_salary_usd, job.salary_errors


class ReusedMarkdown:
    """Stands for the ``markdown`` module: ``markdown.markdown(text, **options)`` converts with
    one parser per set of options, reset before each text, instead of building a new parser
    (about a third of the time of rendering a description). ``Markdown.reset()`` is
    Python-Markdown's own way to convert many texts with one instance: the output is the
    same."""

    def __init__(self, module):
        self.module = module
        self.parsers: dict[str, object] = {}

    def markdown(self, text: str, **options) -> str:
        key = repr(sorted(options.items()))
        parser = self.parsers.get(key)
        if parser is None:
            parser = self.parsers[key] = self.module.Markdown(**options)
        else:
            parser.reset()
        return parser.convert(text)

    def __getattr__(self, name: str):
        return getattr(self.module, name)


@contextmanager
def reused_markdown_parsers() -> Iterator[None]:
    """``jobs.markup`` converting with reused Markdown parsers inside the block."""
    module = getattr(markup, "markdown", None)
    if module is not markdown:
        yield
        return
    markup.markdown = ReusedMarkdown(module)
    try:
        yield
    finally:
        markup.markdown = module


class Unsupported(Exception):
    """A constraint condition that Python cannot evaluate here: the database checks it."""


# Lookups of check-constraint conditions, evaluated as SQL does (NULL in, unknown out).
COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


@dataclass
class PythonCheck:
    """A check constraint compiled to a Python function of a listing (None: unsupported)."""

    model: type
    constraint: object
    fields: frozenset[str]  # the names it reads: skipped when one of them is excluded
    check: object = None


def field_reader(model, name: str):
    """A function giving a concrete field's value (after ``clean_fields()``: a Python value
    of the field's type, such as a Decimal or an aware datetime)."""
    model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not model_field.concrete or model_field.many_to_many or model_field.generated:
        raise Unsupported(name)
    return model_field, operator.attrgetter(model_field.attname)


def compile_condition(node, model, fields: set[str]):
    """A ``Q`` condition of plain field lookups as a function giving True, False or None.

    Three-valued like SQL: a comparison with NULL is unknown, AND and OR follow Kleene's logic
    (a CHECK constraint fails only on False). Expressions, joins and other lookups raise
    Unsupported. ``fields`` collects the field names the condition reads.
    """
    if isinstance(node, Q):
        parts = [compile_condition(child, model, fields) for child in node.children]
        if node.connector not in (Q.AND, Q.OR):
            raise Unsupported(node)
        conjunction, negated = node.connector == Q.AND, node.negated

        def combined(job) -> bool | None:
            results = [part(job) for part in parts]
            if conjunction:
                value = False if False in results else None if None in results else True
            else:
                value = True if True in results else None if None in results else False
            return value if value is None or not negated else not value

        return combined
    if not isinstance(node, tuple):
        raise Unsupported(node)
    lookup, expected = node
    name, *lookups = lookup.split("__")
    kind = lookups[0] if len(lookups) == 1 else "exact" if not lookups else None
    model_field, read = field_reader(model, name)
    fields.update({name, model_field.name})
    if kind == "isnull" and isinstance(expected, bool):
        return lambda job: (read(job) is None) == expected
    if kind not in COMPARISONS:
        raise Unsupported(node)
    if isinstance(expected, F):
        other_field, read_other = field_reader(model, expected.name)
        fields.update({expected.name, other_field.name})
    elif hasattr(expected, "resolve_expression"):
        raise Unsupported(node)
    elif expected is None:
        if kind != "exact":
            raise Unsupported(node)
        return lambda job: read(job) is None  # the ORM turns "= None" into IS NULL
    else:
        value = model_field.get_prep_value(expected)

        def read_other(job):
            return value

    compare = COMPARISONS[kind]

    def compared(job) -> bool | None:
        left, right = read(job), read_other(job)
        if left is None or right is None:
            return None
        if kind != "exact" and isinstance(left, str):
            raise Unsupported(node)  # texts are ordered by the database's collation
        try:
            return compare(left, right)
        except TypeError as error:
            raise Unsupported(node) from error

    return compared


@cache
def python_checks(model) -> list[PythonCheck]:
    """The model's constraints, each compiled when it is a check Python can evaluate."""
    checks = []
    for constraint_model, constraints in model().get_constraints():
        for constraint in constraints:
            fields: set[str] = set()
            try:
                if not isinstance(constraint, CheckConstraint):
                    raise Unsupported(constraint)
                check = compile_condition(constraint.condition, constraint_model, fields)
            except (Unsupported, FieldDoesNotExist):
                checks.append(PythonCheck(constraint_model, constraint, frozenset()))
            else:
                checks.append(PythonCheck(constraint_model, constraint, frozenset(fields), check))
    return checks


def constraint_errors(job: Job, exclude: set[str]) -> list[str]:
    """``job.validate_constraints(exclude)``'s messages, check constraints evaluated in Python.

    The same constraints are skipped (those reading an excluded field) and the same messages
    given; a constraint that Python cannot evaluate is validated by the database as before.
    """
    messages = []
    for item in python_checks(type(job)):
        if item.check is not None:
            if not item.fields.isdisjoint(exclude):
                continue
            try:
                if item.check(job) is False:
                    messages.append(item.constraint.get_violation_error_message())
                continue
            except Unsupported:
                pass
        try:
            item.constraint.validate(item.model, job, exclude=exclude)
        except ValidationError as error:
            messages.extend(error.messages)
    return messages


class Importer:
    """Validates a whole file, then writes it in one transaction."""

    def __init__(self, header: list[str], records: list[tuple[int, list[str]]]):
        self.header = header
        self.companies = {company.name.casefold(): company for company in Company.objects.all()}
        self.skills = {skill.name.casefold(): skill for skill in Skill.objects.all()}
        # Read inside the import's transaction, the rates under a share lock (read_rates): an
        # exchange-rate change waits for the import, or the import sees the new rates.
        self.rates = read_rates(share_lock=True)
        self.new_companies: dict[str, Company] = {}
        self.new_skills: dict[str, Skill] = {}
        self.filled_websites: list[Company] = []
        self.rows: list[ListingRow] = []
        self.seen_keys: dict[tuple, int] = {}
        # Skill links of the existing listings: listing id -> {skill id: link id}.
        self.links: dict[int, dict[int, int]] = {}
        # Markdown renderings: those made during this import, those stored with listings.
        self.rendered: dict[str, str] = {}
        self.stored_renderings: dict[str, str] = {}
        self.listings = self.existing_listings(records)

    def existing_listings(self, records) -> dict[tuple, list[Job]]:
        """The listings of the file's known companies, by their matching key (two queries:
        the listings, then their skill links)."""
        position = self.header.index("company")
        names = {
            " ".join(cells[position].split()).casefold()
            for _line, cells in records
            if len(cells) > position
        }
        known = [self.companies[name] for name in names if name in self.companies]
        by_id = {company.pk: company for company in known}
        listings: dict[tuple, list[Job]] = {}
        if not by_id:
            return listings
        rendered = [(source, target) for source, target in RENDERED_COLUMNS if has_field(target)]
        listings_of_companies = Job.objects.filter(company_id__in=by_id).order_by("pk")
        if transaction.get_connection().in_atomic_block:
            # Locked until the import commits: an editor's save of one of them waits, and is
            # not overwritten by what was read before it.
            listings_of_companies = listings_of_companies.select_for_update()
        for job in listings_of_companies:
            job.company = by_id[job.company_id]
            key = listing_key(job.company.name, job.title, vars(job)["country"], job.city)
            listings.setdefault(key, []).append(job)
            for source, target in rendered:
                self.stored_renderings.setdefault(getattr(job, source), getattr(job, target))
        links = Job.skills.through.objects.filter(job__company_id__in=by_id)
        for link_id, job_id, skill_id in links.values_list("pk", "job_id", "skill_id"):
            self.links.setdefault(job_id, {})[skill_id] = link_id
        return listings

    @contextmanager
    def rendering(self, *, stored: bool) -> Iterator[None]:
        """Markdown rendered once per distinct text during the import.

        ``Job.apply_defaults()`` renders the description (``jobs.models.render_markdown``),
        and runs twice for a written listing (in ``clean()``, then before writing): inside this
        block each text is rendered once. With ``stored`` (while validating), a text that an
        existing listing already has gets the rendering stored with it, without rendering it
        again: an unchanged listing stays unchanged at no cost. What is written is always a
        rendering made now, as ``save()`` would make it.
        """
        render = getattr(job_models, "render_markdown", None)
        if render is None:
            yield
            return

        def render_once(text: str) -> str:
            if stored and text in self.stored_renderings:
                return self.stored_renderings[text]
            if text not in self.rendered:
                self.rendered[text] = render(text)
            return self.rendered[text]

        job_models.render_markdown = render_once
        try:
            with reused_markdown_parsers():
                yield
        finally:
            job_models.render_markdown = render

    # -- Validation ------------------------------------------------------------------------

    def validate(self, records: list[tuple[int, list[str]]]) -> list[str]:
        messages = []
        with self.rendering(stored=True):
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
            (name, control_character_codes(cell))
            for name, cell in zip(self.header, padded, strict=False)
            if CONTROL_CHARACTERS.search(cell)
        ]
        values = {
            name: strip_control_characters(cell).strip()
            for name, cell in zip(self.header, padded, strict=False)
        }
        company_name = " ".join(values["company"].split())
        row = ListingRow(line=line, job=None, company_name=company_name)
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
        else:
            row.job = Job()
        job = row.job
        before = row.before = self.snapshot(job) if row.existing else None
        skills_before = set(self.links.get(job.pk, ())) if row.existing else None

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

    def model_errors(self, row: ListingRow, job: Job, exclude: list[str]) -> None:
        """The model's own validation, then its database constraints (for a row still clean:
        otherwise they would only repeat the errors found already).

        Without a query: the exchange rate is the one read with the file (see known_rates),
        the company is not looked up again (it was read with the file, or is new), and the
        check constraints are evaluated in Python (see constraint_errors). A country code
        among the field's choices is not checked against them again.
        """
        checked_already = ["company"]
        if str(job.country) in COUNTRY_CHOICES:
            checked_already.append("country")
        try:
            with known_rates(job, self.rates):
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

    @staticmethod
    def snapshot(job: Job) -> dict:
        """The compared values of a listing (decimals and moments compare by value), as
        stored on the instance (the country as its code, not as a new Country object)."""
        stored = vars(job)
        return {
            name: stored[name] if name in stored else getattr(job, name) for name in COMPARED_FIELDS
        }

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
            # The fields' own checks; a name in any case was looked up above, among every
            # company read with the file (and the database's constraint guards the write).
            company.clean_fields(exclude=["slug"])
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
        """Everything in one transaction, in bulk: a fixed number of statements per batch."""
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        created: list[ListingRow] = []
        updated: list[ListingRow] = []
        for row in self.rows:
            if row.existing and not row.changed:
                counts["unchanged"] += 1
            else:
                (updated if row.existing else created).append(row)
        counts["created"], counts["updated"] = len(created), len(updated)
        if not (created or updated or self.filled_websites):
            return counts  # an unchanged file: not even an empty transaction
        # Inside the command's transaction (no savepoint of its own), or one of its own.
        with transaction.atomic(savepoint=False):
            now = timezone.now()
            if self.filled_websites:
                for company in self.filled_websites:
                    company.updated_at = now  # auto_now, as save() sets it
                Company.objects.bulk_update(self.filled_websites, ["website", "updated_at"])
            self.create_with_free_slugs(Company, list(self.new_companies.values()), 200)
            self.create_with_free_slugs(Skill, list(self.new_skills.values()), 60)
            with self.rendering(stored=False):
                for row in created + updated:
                    job = row.job
                    company = job.company
                    job.company = company  # a new company has its id only now
                    with known_rates(job, self.rates):
                        job.apply_defaults()  # what save() does first: every derived column
                    job.search_text = search_text(
                        job.title, company.name, self.skill_names_after(row)
                    )
                    if row.existing:
                        job.updated_at = now  # auto_now: bulk_update does not set it
            create_all(Job, [row.job for row in created])
            self.update_changed_columns(updated)
            self.write_skill_links(created + updated)
        return counts

    def skill_names_after(self, row: ListingRow) -> list[str]:
        """The names of the skills the row's listing has once written (``save()`` and the
        skill signals write the search text from them; here it is written with the row)."""
        if row.skills is not None:
            return [skill.name for skill in row.skills]
        return [self.skill_name_by_id[skill_id] for skill_id in self.links.get(row.job.pk, {})]

    @cached_property
    def skill_name_by_id(self) -> dict[int, str]:
        """The known skills' names by id."""
        return {skill.pk: skill.name for skill in self.skills.values()}

    def update_changed_columns(self, rows: list[ListingRow]) -> None:
        """Each changed listing's columns that differ from what is stored, and updated_at.

        The database ends as if every column were written (``save()``), but an UPDATE of all
        columns through ``bulk_update`` costs about 4 ms of Python per listing (a CASE of every
        listing for every column); listings that changed the same columns share statements.
        """
        groups: dict[tuple[str, ...], list[Job]] = {}
        for row in rows:
            after = self.snapshot(row.job)
            changed = [
                name
                for name, attname in COLUMNS_OF_JOB
                if name != "updated_at" and after[attname] != row.before[attname]
            ]
            groups.setdefault((*changed, "updated_at"), []).append(row.job)
        for fields, jobs in groups.items():
            Job.objects.bulk_update(jobs, fields, batch_size=UPDATE_BATCH_SIZE)

    def write_skill_links(self, rows: list[ListingRow]) -> None:
        """What ``job.skills.set(row.skills)`` does for each row, in two statements."""
        through = Job.skills.through
        removed: list[int] = []
        added = []
        for row in rows:
            if row.skills is None:
                continue  # no skills column: the listing keeps its skills
            links = self.links.get(row.job.pk, {})
            wanted = {skill.pk for skill in row.skills}
            removed.extend(link for skill_id, link in links.items() if skill_id not in wanted)
            added.extend(
                through(job_id=row.job.pk, skill_id=skill_id)
                for skill_id in dict.fromkeys(skill.pk for skill in row.skills)
                if skill_id not in links
            )
        for start in range(0, len(removed), UPDATE_BATCH_SIZE):
            through.objects.filter(pk__in=removed[start : start + UPDATE_BATCH_SIZE]).delete()
        through.objects.bulk_create(added, batch_size=INSERT_BATCH_SIZE)

    @staticmethod
    def create_with_free_slugs(model, objects: list, max_length: int) -> None:
        """New companies or skills, each with the first free slug of its name (``name``,
        ``name-2``, ``name-3``...), the taken ones read in one query."""
        if not objects:
            return
        taken = set(model.objects.order_by().values_list("slug", flat=True))
        for instance in objects:
            instance.slug = free_slug(slug_of(instance.name, max_length), taken, max_length)
            taken.add(instance.slug)
        create_all(model, objects)


def has_field(name: str) -> bool:
    try:
        Job._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def create_all(model, objects: list) -> None:
    """INSERT in batches; every instance has its id afterwards."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects, batch_size=INSERT_BATCH_SIZE)
    else:
        for instance in objects:
            instance.save()


class Command(BaseCommand):
    help = "Import listings from a CSV file (columns in the README): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, with a header line")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def handle(self, *args, file, dry_run=False, **options):
        check_size(file)
        header_line, header, records = read_records(file)
        errors = check_header(header_line, header)
        try:
            # One transaction from the first read to the last write: what the rows are checked
            # against (companies, skills, rates, the listings they update) is what they are
            # written against; a database error leaves nothing written.
            with transaction.atomic():
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
        except DatabaseError as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise CommandError(
                f"The database refused the import of {file} ({reason}): nothing was imported."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: created {counts['created']}, updated {counts['updated']}, "
                f"unchanged {counts['unchanged']}."
            )
        )
        if importer.new_companies:
            self.stdout.write(f"New companies: {len(importer.new_companies)}.")
