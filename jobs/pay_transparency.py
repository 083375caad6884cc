"""Pay-transparency rules for job postings, and the check that applies them at publication.

The rules are data (``data/pay_transparency.toml``: each rule's place, start date, employer
size, what the posting must show and its source). A help for editors, not legal advice.

A listing is covered by a rule when the job is in the rule's place (its ISO 3166-2
``subdivision`` or its country), or, for a remote listing, when applicants may live there (a
remote listing open to "US" is open to every US state); when the rule is in force at the
listing's publication; and when its company has at least the rule's number of employees (an
unknown size counts as covered). :func:`findings` names each covering rule the listing does not
meet and what is missing; a rule's ``action`` says whether publication is refused (unless an
editor with ``jobs.publish_despite_pay_rules`` gives a reason) or only warned about (the EU).

Subdivisions: a US or Canadian listing's ``subdivision`` is read from its free-text region
(:func:`subdivision_of`: "California", "CA", "US-CA", "Québec", "Washington, D.C.") when the
editor or the import file leaves it empty; the region stays as written for display.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs import eligibility
from jobs.choices import Workplace

RULES_FILE = Path(__file__).resolve().parent / "data" / "pay_transparency.toml"
REFUSE, WARN = "refuse", "warn"
# The countries whose subdivisions the rules name, read from a listing's region.
SUBDIVIDED_COUNTRIES = ("US", "CA")
# Ways of writing a subdivision that its ISO name and code do not cover.
SUBDIVISION_ALIASES = {
    "washington dc": "US-DC",
    "washington d c": "US-DC",
    "d c": "US-DC",
    "dc": "US-DC",
    "nyc": "US-NY",
    "new york city": "US-NY",
}
PERMISSION = "jobs.publish_despite_pay_rules"
DISCLAIMER = (
    "Pay-transparency checks are a help for editors, not legal advice: laws change, and "
    "exemptions are not modelled."
)

MISSING_TEXT = {
    "pay_range": "a pay range (a minimum and a maximum salary; “from” or “up to” alone is "
    "open-ended)",
    "benefits": "a general description of benefits (the Benefits field)",
    "deadline": "the application deadline (the listing's closing date)",
}


@dataclass(frozen=True)
class Requirement:
    what: str  # "pay_range", "benefits" or "deadline"
    since: date


@dataclass(frozen=True)
class Span:
    """A range may be at most ``amount`` wide, for jobs paying up to ``up_to`` a year, in
    ``currency``."""

    amount: Decimal
    currency: str
    up_to: Decimal


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    subdivisions: frozenset[str]
    countries: frozenset[str]
    in_force_from: date
    min_employees: int
    requires: tuple[Requirement, ...]
    max_span: Span | None
    action: str
    source: str

    @property
    def title(self) -> str:
        return f"{self.code} ({self.name}, {self.source})"

    def place_countries(self) -> frozenset[str]:
        """The countries the rule's places are in."""
        return self.countries | {code.split("-", 1)[0] for code in self.subdivisions}


@dataclass(frozen=True)
class Finding:
    """A covering rule the listing does not meet, and what it lacks."""

    rule: Rule
    missing: tuple[str, ...]

    @property
    def refuses(self) -> bool:
        return self.rule.action == REFUSE

    @property
    def message(self) -> str:
        return (
            f"Pay-transparency rule {self.rule.title}: the posting must show "
            f"{'; '.join(self.missing)}."
        )


@cache
def rules() -> dict[str, Rule]:
    """The rules of ``data/pay_transparency.toml``, checked: known subdivisions, countries and
    regions, known requirements and actions."""
    with RULES_FILE.open("rb") as file:
        table = tomllib.load(file)
    found = {}
    for code, entry in table.items():
        subdivisions, countries = set(), set()
        for place in entry.get("places", []):
            if "-" in place:
                if pycountry.subdivisions.get(code=place) is None:
                    raise ValueError(f"{RULES_FILE.name}: {code}: unknown subdivision {place}")
                subdivisions.add(place)
            else:
                countries.add(place)
        if "region" in entry:
            countries |= eligibility.regions()[entry["region"]].countries
        requires = []
        for requirement in entry["requires"]:
            if requirement["what"] not in MISSING_TEXT:
                raise ValueError(f"{RULES_FILE.name}: {code}: unknown {requirement['what']}")
            requires.append(
                Requirement(requirement["what"], requirement.get("from", entry["in_force_from"]))
            )
        span = entry.get("max_span")
        if entry["action"] not in (REFUSE, WARN) or not (subdivisions or countries):
            raise ValueError(f"{RULES_FILE.name}: {code}: needs places and refuse or warn")
        found[code] = Rule(
            code=code,
            name=entry["name"],
            subdivisions=frozenset(subdivisions),
            countries=frozenset(countries),
            in_force_from=entry["in_force_from"],
            min_employees=int(entry["min_employees"]),
            requires=tuple(requires),
            max_span=Span(Decimal(span["amount"]), span["currency"], Decimal(span["up_to"]))
            if span
            else None,
            action=entry["action"],
            source=entry["source"],
        )
    return found


# -- Subdivisions --------------------------------------------------------------------------


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@cache
def _subdivision_names(country: str) -> dict[str, str]:
    names = {}
    for subdivision in pycountry.subdivisions.get(country_code=country) or []:
        code = subdivision.code
        names[_folded(subdivision.name)] = code
        names[_folded(code)] = code
        names[_folded(code.split("-", 1)[1])] = code
    if country == "US":
        names.update(SUBDIVISION_ALIASES)
    return names


def subdivision_of(country: str, region: str) -> str:
    """The ISO 3166-2 code a US or Canadian region names ("" when it names none)."""
    country = str(country or "")
    if country not in SUBDIVIDED_COUNTRIES or not region:
        return ""
    return _subdivision_names(country).get(_folded(region), "")


def validate_subdivision(code: str, country: str) -> None:
    """A subdivision must be an ISO 3166-2 code of the listing's country."""
    if not code:
        return
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        raise ValidationError(
            f"“{code}” is not an ISO 3166-2 code (such as US-CA or CA-ON).", code="unknown"
        )
    if country and subdivision.country_code != str(country):
        raise ValidationError(
            f"{code} ({subdivision.name}) is not in the listing's country ({country}).",
            code="other_country",
        )


# -- Coverage and the check ----------------------------------------------------------------


def publication_day(job, now=None) -> date:
    moment = job.published_at or now or timezone.now()
    return moment.astimezone(UTC).date() if timezone.is_aware(moment) else moment.date()


def is_in_place(job, rule: Rule) -> bool:
    """The job is in the rule's place, or (remote) open to applicants who live there."""
    if job.workplace == Workplace.REMOTE:
        eligible = set(job.eligible_countries())
        return bool(eligible & rule.place_countries())
    return job.subdivision in rule.subdivisions or str(job.country) in rule.countries


def covering_rules(job, company=None, now=None) -> list[Rule]:
    """The rules that cover the listing at its publication."""
    company = company if company is not None else job.company
    employees = company.employees if company is not None else None
    day = publication_day(job, now)
    return [
        rule
        for rule in rules().values()
        if rule.in_force_from <= day
        and (employees is None or employees >= rule.min_employees)
        and is_in_place(job, rule)
    ]


def _in_currency(amount: Decimal, job, currency: str, rates: dict[str, Decimal]) -> Decimal | None:
    """A yearly amount of the listing in ``currency`` (None without both rates)."""
    from jobs.money import yearly_usd

    own = rates.get(job.salary_currency_id or "")
    target = rates.get(currency)
    if not own or not target:
        return None
    usd = yearly_usd(amount, job.salary_period, own)
    return None if usd is None else usd / target


def missing(job, rule: Rule, rates: dict[str, Decimal], day: date) -> tuple[str, ...]:
    """What the listing lacks of the rule's requirements in force on ``day``."""
    lacks = []
    has_range = job.salary_min is not None and job.salary_max is not None
    for requirement in rule.requires:
        if requirement.since > day:
            continue
        if requirement.what == "pay_range" and not has_range:
            lacks.append(MISSING_TEXT["pay_range"])
        elif requirement.what == "benefits" and not (job.benefits or "").strip():
            lacks.append(MISSING_TEXT["benefits"])
        elif requirement.what == "deadline" and job.expires_at is None:
            lacks.append(MISSING_TEXT["deadline"])
    span = rule.max_span
    if span and has_range:
        low = _in_currency(job.salary_min, job, span.currency, rates)
        high = _in_currency(job.salary_max, job, span.currency, rates)
        known = low is not None and high is not None
        if known and high <= span.up_to and high - low > span.amount:
            lacks.append(
                f"a range no wider than {span.amount:,.0f} {span.currency} a year for a job "
                f"paying up to {span.up_to:,.0f} {span.currency} (this one spans "
                f"{high - low:,.0f} {span.currency})"
            )
    return tuple(lacks)


def findings(job, rates: dict[str, Decimal], company=None, now=None) -> list[Finding]:
    """The covering rules the listing does not meet (refusals and warnings)."""
    day = publication_day(job, now)
    found = []
    for rule in covering_rules(job, company, now):
        lacks = missing(job, rule, rates, day)
        if lacks:
            found.append(Finding(rule, lacks))
    return found


def refusals(found: list[Finding]) -> list[Finding]:
    return [finding for finding in found if finding.refuses]


def warnings(found: list[Finding]) -> list[Finding]:
    return [finding for finding in found if not finding.refuses]


# -- When a listing is checked -------------------------------------------------------------

# What the rules read: a change of any of them re-checks a published listing.
CHECKED_ATTRIBUTES = (
    "status",
    "published_at",
    "expires_at",
    "workplace",
    "country",
    "subdivision",
    "region",
    "eligible",
    "salary_min",
    "salary_max",
    "salary_currency_id",
    "salary_period",
    "benefits",
    "company_id",
)


def stored_values(job) -> dict | None:
    """The checked values of a listing as stored (None for a new one): one query."""
    if job.pk is None:
        return None
    return type(job).objects.filter(pk=job.pk).values(*CHECKED_ATTRIBUTES).first()


def needs_check(job, before: dict | None) -> bool:
    """Whether this write publishes the listing, or changes what the rules read of a
    published one. Drafts are never checked (nor refused)."""
    if job.status != "published":
        return False
    if before is None or before.get("status") != "published":
        return True
    stored = vars(job)
    return any(
        before.get(name) != stored.get(name, getattr(job, name, None))
        for name in CHECKED_ATTRIBUTES
    )


def override_message(found: list[Finding], reason: str) -> str:
    """The history's line for a listing published despite refusing rules."""
    codes = ", ".join(finding.rule.code for finding in found)
    return f"Published despite pay-transparency rule {codes}: {reason}"


def refused_publications(listings, now=None) -> list[tuple[object, list[Finding]]]:
    """The listings of a queryset that publishing them now would make refused by a rule (the
    admin's "Publish" action; already published ones are left out): two queries."""
    from jobs.models import read_rates

    now = now or timezone.now()
    rates = read_rates()
    refused = []
    for job in listings.exclude(status="published").select_related("company"):
        job.status = "published"
        if job.published_at is None:
            job.published_at = now
        found = refusals(findings(job, rates, now=now))
        if found:
            refused.append((job, found))
    return refused
