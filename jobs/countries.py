"""Countries as the site names and reads them: django-countries' names and codes, looked up
in tables built once per process.

Iterating ``django_countries.countries`` translates and sorts all 250 names, and
``countries.name`` and ``countries.by_name`` translate on every call: per request that cost
more than the rest of a search's parameters together, and per row a tenth of a 10,000-row
import (bench/README.md). The names do not change while a process runs; each table is kept per
language where names are translated.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language, override
from django_countries import countries

# Names people write that are not among django_countries' names ("United States of America").
COMMON_COUNTRY_NAMES = {"united states": "US", "great britain": "GB"}


@cache
def country_codes() -> frozenset[str]:
    """The ISO codes of the countries."""
    return frozenset(countries.countries)


@cache
def canonical_codes() -> dict[str, str]:
    """Each country code by its case-folded form ("de" -> "DE")."""
    return {code.casefold(): code for code in countries.countries}


@cache
def _countries_by_name(language: str | None) -> tuple[tuple[str, str], ...]:
    with override(language):
        return tuple((code, str(name)) for code, name in countries)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, by name, in the active language."""
    return list(_countries_by_name(get_language()))


@cache
def _country_names(language: str | None) -> dict[str, str]:
    return dict(_countries_by_name(language))


def country_name(code: str) -> str:
    """The country's name in the active language ("DE" -> "Germany"), "" for no country."""
    return _country_names(get_language()).get(code, "")


@cache
def _codes_by_english_name() -> dict[str, str]:
    """The code of each lowercased English country name: what ``countries.by_name`` answers,
    the first country in its order with that name or an older name ("shadowed") winning."""
    codes: dict[str, str] = {}
    with override("en"):
        for code, entry in countries.countries.items():
            if isinstance(entry, dict):
                names = entry["names"] if "names" in entry else [entry["name"]]
            else:
                names = [entry]
            for name in [*names, *countries.shadowed_names.get(code, [])]:
                codes.setdefault(str(name).lower(), code)
    return codes


def country_named(text: str) -> str:
    """The ISO code of the country that ``text`` names in full, in any case ("germany" -> "DE";
    "many" names none: empty)."""
    name = " ".join(text.split())
    return COMMON_COUNTRY_NAMES.get(name.casefold()) or _codes_by_english_name().get(
        name.lower(), ""
    )
