"""``import_listings(path)``: a listings file validated whole, then written in one transaction.

The ``Importer`` reads what the rows are matched against once (companies, skills, exchange
rates, the listings of the file's companies and their skill links), validates every row
(``jobs.importing.rows``: the cells; the model's ``full_clean`` without a query; its check
constraints in Python, ``jobs.importing.checks``), and writes nothing unless every row is
valid (``jobs.importing.writing``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from jobs import duplicates, pay_transparency
from jobs.importing.reading import check_header, read_listings_file
from jobs.importing.rendering import Renderings
from jobs.importing.rows import (
    ListingRow,
    cell_value,
    fill_listing,
    http_url,
    listing_key,
    model_errors,
    parse_skill_names,
    read_row,
    snapshot,
)
from jobs.importing.writing import Writing
from jobs.models import Company, Job, Skill, read_rates

# Columns that Job.apply_defaults() renders from another one with render_markdown: (source,
# rendered). An existing listing's stored rendering stands for its text while the file is
# validated (see Renderings).
RENDERED_COLUMNS = [("description", "description_html")]


@dataclass(frozen=True)
class ImportOutcome:
    """What an import found: its errors (then nothing was written), or what it did (what it
    would do, in a dry run)."""

    errors: list[str] = field(default_factory=list)
    created: int = 0
    # "line N: warning: ..." lines that do not stop the import (an EU pay-transparency warning).
    warnings: list[str] = field(default_factory=list)
    # Listings published despite a refusing pay-transparency rule (--pay-rule-override).
    overridden: int = 0
    # Rows left out as possible duplicates (--skip-duplicates).
    skipped: int = 0
    updated: int = 0
    unchanged: int = 0
    new_companies: int = 0


# What an import does with rows that may duplicate another listing (jobs.duplicates).
WARN_DUPLICATES, SKIP_DUPLICATES, FAIL_ON_DUPLICATES = "warn", "skip", "fail"


def import_listings(
    path: str,
    *,
    dry_run: bool = False,
    pay_rule_override: str = "",
    user=None,
    duplicates: str = WARN_DUPLICATES,
) -> ImportOutcome:
    """Read, validate and (unless ``dry_run`` or any error) write a listings file.

    Raises ListingsFileError when the file cannot be read as CSV; a DatabaseError leaves
    nothing written. One transaction from the first read to the last write: what the rows are
    checked against (companies, skills, rates, the listings they update, locked) is what they
    are written against.
    """
    header_line, header, records = read_listings_file(path)
    errors = check_header(header_line, header)
    with transaction.atomic():
        if errors:
            return ImportOutcome(errors)
        importer = Importer(header, records, pay_rule_override=pay_rule_override)
        errors = importer.validate(records)
        if not errors:
            errors = importer.handle_duplicates(duplicates)
        warnings = importer.warnings()
        if errors or dry_run:
            transaction.set_rollback(True)  # nothing was written: nothing to keep
            created, updated, unchanged = importer.rows_by_outcome()
            return ImportOutcome(
                errors,
                created=len(created),
                updated=len(updated),
                unchanged=unchanged,
                warnings=warnings,
            )
        counts = importer.write()
        overridden = importer.log_pay_rule_overrides(user)
    return ImportOutcome(
        **counts,
        warnings=warnings,
        overridden=overridden,
        skipped=len(importer.skipped),
        new_companies=len(importer.new_companies),
    )


class Importer(Writing):
    """Validates a whole file, then writes it in one transaction."""

    def __init__(
        self,
        header: list[str],
        records: list[tuple[int, list[str]]],
        *,
        pay_rule_override: str = "",
    ):
        self.header = header
        # The reason given for publishing despite refusing pay-transparency rules (checked by
        # the command: only with a user who holds the permission).
        self.pay_rule_override = " ".join(pay_rule_override.split())
        self.skipped: list[ListingRow] = []  # left out as possible duplicates
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
        self.renderings = Renderings()
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
                self.renderings.stored.setdefault(getattr(job, source), getattr(job, target))
        links = Job.skills.through.objects.filter(job__company_id__in=by_id)
        for link_id, job_id, skill_id in links.values_list("pk", "job_id", "skill_id"):
            self.links.setdefault(job_id, {})[skill_id] = link_id
        return listings

    def validate(self, records: list[tuple[int, list[str]]]) -> list[str]:
        """Every row's errors, "line N: column: message", in the order of the file."""
        messages = []
        texts = self.description_texts(records)
        with self.renderings.rendered_ahead(texts), self.renderings.active(stored=True):
            for line, cells in records:
                row = self.validate_row(line, cells)
                self.rows.append(row)
                messages.extend(f"line {line}: {column}: {text}" for column, text in row.errors)
        return messages

    def description_texts(self, records: list[tuple[int, list[str]]]) -> Iterator[str]:
        """The file's descriptions as a listing will hold them."""
        if "description" not in self.header or not has_field("description_html"):
            return
        position = self.header.index("description")
        for _line, cells in records:
            if len(cells) > position:
                yield cell_value(cells[position])  # as read_row reads it

    def validate_row(self, line: int, cells: list[str]) -> ListingRow:
        row, values = read_row(self.header, line, cells)
        self.match_listing(row, values)
        job = row.job
        before = row.before = snapshot(job) if row.existing else None
        skills_before = set(self.links.get(job.pk, ())) if row.existing else None

        company = self.company_for(row, values)
        fill_listing(row, values, self.rates)
        if "skills" in values:
            row.skills = self.skill_objects(parse_skill_names(row, values["skills"]))

        # The currency is checked above and its rate by the model's clean(); the slug is
        # made from the title by the model's defaults.
        exclude = ["salary_currency", "slug"]
        if company.pk is None:
            exclude.append("company")
        else:
            job.company = company
        model_errors(row, job, exclude, self.rates)
        job.company = company
        if not row.errors:
            self.check_pay_rules(row, company)
        if row.existing:
            skills_changed = row.skills is not None and (
                {skill.pk for skill in row.skills} != skills_before
                or any(skill.pk is None for skill in row.skills)
            )
            row.changed = snapshot(job) != before or skills_changed
        return row

    def check_pay_rules(self, row: ListingRow, company: Company) -> None:
        """The pay-transparency rules of a row that publishes its listing (or changes what
        they read of a published one): a refusing rule is an error of the row unless the
        import publishes over it with a reason; a warning is a warning."""
        job = row.job
        if not pay_transparency.needs_check(job, row.before):
            return
        found = pay_transparency.findings(job, self.rates, company=company)
        row.warnings.extend(
            f"{finding.message} A warning only." for finding in pay_transparency.warnings(found)
        )
        refused = pay_transparency.refusals(found)
        if refused and self.pay_rule_override:
            row.pay_overridden = refused
            job.pay_rule_override = self.pay_rule_override
        else:
            for finding in refused:
                row.error(
                    "row",
                    f"{finding.message} Import it as a draft, give what the rule asks, or "
                    "publish it anyway with --pay-rule-override and --as-user.",
                )

    def warnings(self) -> list[str]:
        return [
            f"line {line}: warning: {text}"
            for line, text in sorted(
                [(row.line, text) for row in self.rows for text in row.warnings]
                + [(row.line, text) for row in self.skipped for text in row.warnings]
            )
        ]

    def find_duplicates(self) -> list[ListingRow]:
        """The rows that create or change a listing which may duplicate another: a stored
        listing of the same company, country and city, visible or published in the last 60
        days, with a very similar title (jobs.duplicates), or any listing with the same apply
        URL; or an earlier row of the file that would. One query (the apply URLs); the
        company's listings were read with the file. A row never duplicates its own listing."""
        now = timezone.now()
        by_place: dict[tuple, list[tuple[str, str, int | None]]] = {}
        for listings in self.listings.values():
            for job in listings:
                if duplicates.is_recent(job, now):
                    place = (job.company_id, str(job.country), job.city.casefold())
                    by_place.setdefault(place, []).append(
                        (job.title_key, f"listing #{job.pk} “{job.title}”", job.pk)
                    )
        checked = [row for row in self.rows if not row.existing or row.changed]
        urls = {row.job.apply_url for row in checked if row.job.apply_url}
        stored_urls: dict[str, list[tuple[int, str]]] = {}
        stored = (
            Job.objects.filter(apply_url__in=urls)
            .order_by()
            .values_list("pk", "apply_url", "title")
        )
        for pk, url, title in stored if urls else []:
            stored_urls.setdefault(url, []).append((pk, title))
        seen_urls: dict[str, int] = {}
        flagged = []
        for row in checked:
            job = row.job
            key = duplicates.title_key(job.title)
            place = (job.company.pk, str(job.country), job.city.casefold())
            for other_key, name, pk in by_place.get(place, []) if job.company.pk else []:
                score = duplicates.similarity(other_key, key)
                if pk != job.pk and score >= duplicates.THRESHOLD:
                    row.duplicates.append(f"{name} (similar title, {score:.2f})")
            for pk, title in stored_urls.get(job.apply_url, []):
                if pk != job.pk:
                    row.duplicates.append(f"listing #{pk} “{title}” (same apply URL)")
            if job.apply_url in seen_urls:
                row.duplicates.append(f"line {seen_urls[job.apply_url]} (same apply URL)")
            elif job.apply_url:
                seen_urls[job.apply_url] = row.line
            if row.duplicates:
                flagged.append(row)
        return flagged

    def handle_duplicates(self, mode: str) -> list[str]:
        """Warn about possible duplicates (the default), leave their rows out (``skip``), or
        refuse the file (``fail``): the errors, if any."""
        self.skipped: list[ListingRow] = []
        flagged = self.find_duplicates()
        if mode == FAIL_ON_DUPLICATES:
            return [
                f"line {row.line}: row: possible duplicate of {duplicate}."
                for row in flagged
                for duplicate in row.duplicates
            ]
        for row in flagged:
            for duplicate in row.duplicates:
                row.warnings.append(
                    f"possible duplicate of {duplicate}"
                    + ("; left out (--skip-duplicates)." if mode == SKIP_DUPLICATES else ".")
                )
        if mode == SKIP_DUPLICATES and flagged:
            self.leave_out(flagged)
        return []

    def leave_out(self, rows: list[ListingRow]) -> None:
        """Rows not written, with the new companies and skills only they named."""
        left_out = {id(row) for row in rows}
        self.skipped = rows
        self.rows = [row for row in self.rows if id(row) not in left_out]
        companies = {id(row.job.company) for row in self.rows}
        skills = {id(skill) for row in self.rows for skill in row.skills or []}
        self.new_companies = {
            name: company
            for name, company in self.new_companies.items()
            if id(company) in companies
        }
        self.new_skills = {
            name: skill for name, skill in self.new_skills.items() if id(skill) in skills
        }
        self.filled_websites = [
            company for company in self.filled_websites if id(company) in companies
        ]

    def log_pay_rule_overrides(self, user) -> int:
        """The history entry (the admin's LogEntry, by ``user``) of each listing published
        despite a refusing rule; how many."""
        rows = [row for row in self.rows if row.pay_overridden]
        if not rows:
            return 0
        content_type = ContentType.objects.get_for_model(Job)
        LogEntry.objects.bulk_create(
            LogEntry(
                user=user,
                content_type=content_type,
                object_id=str(row.job.pk),
                object_repr=str(row.job.title)[:200],
                action_flag=CHANGE,
                change_message=pay_transparency.override_message(
                    row.pay_overridden, self.pay_rule_override
                )
                + f" (import_jobs, line {row.line})",
            )
            for row in rows
        )
        return len(rows)

    def match_listing(self, row: ListingRow, values: dict[str, str]) -> None:
        """The row's listing: the stored one of the same company, title, country and city, or
        a new one; an error when several are stored, or an earlier row has the same four."""
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
        self.seen_keys.setdefault(key, row.line)
        if len(matches) == 1:
            row.job, row.existing = matches[0], True
        else:
            row.job = Job()

    def company_for(self, row: ListingRow, values: dict[str, str]) -> Company:
        """The known company of the row's name (any case), or a new one."""
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


def has_field(name: str) -> bool:
    try:
        Job._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
