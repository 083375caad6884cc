"""Where applicants of a remote listing may live: countries and regions.

A remote listing's ``eligible`` holds country codes (ISO 3166-1) and region codes (EU, EEA,
EUROPE, AMERICAS, NORTH_AMERICA, LATIN_AMERICA, EMEA, APAC, WORLDWIDE), stored canonically as
one space-separated string ("EU US"). Editors and import files write them separated by ";" (or
","), in any case, regions also by their label ("Europe", "worldwide", "North America"). Each
region is data (``data/regions.toml``): its countries and the source of the list.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

from jobs.countries import country_codes

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.toml"
WORLDWIDE = "WORLDWIDE"
SEPARATORS = re.compile(r"[;,]")
MAX_TOKENS = 30


@dataclass(frozen=True)
class Region:
    code: str
    label: str  # as a card shows it: "Remote (EU)", "Remote (worldwide)"
    name: str  # in a sentence: "open to applicants in the European Union"
    source: str
    countries: frozenset[str]


@cache
def regions() -> dict[str, Region]:
    """The regions of ``data/regions.toml``, checked: every code a known country."""
    with REGIONS_FILE.open("rb") as file:
        table = tomllib.load(file)
    known = country_codes()
    found = {}
    for code, entry in table.items():
        listed = frozenset(entry["countries"]) if code != WORLDWIDE else known
        unknown = sorted(listed - known)
        if unknown or not listed:
            raise ValueError(f"{REGIONS_FILE.name}: {code}: not country codes: {unknown}")
        found[code] = Region(code, entry["label"], entry["name"], entry["source"], listed)
    return found


@cache
def _names() -> dict[str, str]:
    """Every way a region may be written, folded, to its code."""
    names = {}
    for region in regions().values():
        for spelling in (region.code, region.code.replace("_", " "), region.label):
            names[spelling.casefold().removeprefix("the ")] = region.code
    return names


def parse(text: str) -> str:
    """The canonical form of an eligibility as written ("eu; US, worldwide" -> "EU US
    WORLDWIDE"), or ValidationError naming what is neither a country code nor a region."""
    tokens, unknown = [], []
    known = country_codes()
    for part in SEPARATORS.split(text or ""):
        written = " ".join(part.split())
        if not written:
            continue
        folded = written.casefold().removeprefix("the ")
        code = _names().get(folded) or (written.upper() if written.upper() in known else None)
        if code is None:
            unknown.append(written)
        elif code not in tokens:
            tokens.append(code)
    if unknown:
        raise ValidationError(
            f"Not a country code or a region: {', '.join(unknown)}. Write ISO country codes "
            f"(DE, US) or regions ({', '.join(regions())}), separated by semicolons.",
            code="unknown_eligibility",
        )
    if len(tokens) > MAX_TOKENS:
        raise ValidationError(f"At most {MAX_TOKENS} countries and regions.", code="too_many")
    return " ".join(tokens)


def validate(text: str) -> None:
    """Validator of the stored form: only known codes (whatever the separators)."""
    parse(text)


def tokens_of(stored: str) -> list[str]:
    return stored.split()


def countries_of(stored: str) -> list[str]:
    """Every country code an eligibility opens the listing to, sorted."""
    found: set[str] = set()
    for token in tokens_of(stored):
        region = regions().get(token)
        found |= region.countries if region else {token}
    return sorted(found)


def label(stored: str) -> str:
    """As a card shows it: "EU", "worldwide", "US, CA"."""
    return ", ".join(
        regions()[token].label if token in regions() else token for token in tokens_of(stored)
    )


def tokens_open_to(country: str) -> list[str]:
    """The tokens that make a listing open to applicants in ``country``: the country itself
    and every region that holds it."""
    return [country, *(code for code, region in regions().items() if country in region.countries)]


def condition_pattern(country: str) -> str:
    """A regular expression that a stored eligibility open to ``country`` matches (tokens are
    letters and underscores: nothing to escape)."""
    return r"(^| )(" + "|".join(tokens_open_to(country)) + r")( |$)"
