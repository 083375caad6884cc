"""The GET parameters of a job search, and how they are read before the filters validate them.

Every GET parameter of the job list is read by the search, and nowhere else (``page`` is read
by the view, from the data as the search leaves it). Codes are read in any case and written
canonically; unknown codes and repeated values are dropped with a notice (``notices``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.http import QueryDict
from django.utils.translation import get_language, override
from django_countries import countries

from jobs.choices import EmploymentType, Seniority, Workplace
from jobs.search import notices

TEXT_MAX_LENGTH = 100
DEFAULT_CURRENCY = "USD"
DEFAULT_SORT = "newest"

POSTED_CHOICES = [("1", "Last 24 hours"), ("7", "Last 7 days"), ("30", "Last 30 days")]
SORT_CHOICES = [("newest", "Featured, then newest"), ("salary", "Highest salary first")]
# A checkbox: only listings that give a pay range (a minimum and a maximum).
PAY_RANGE_CHOICES = [("1", "Pay range posted")]

# The parameters that take several values, and the codes each accepts.
MULTIPLE_CHOICE_PARAMETERS = {
    "seniority": Seniority,
    "employment_type": EmploymentType,
    "workplace": Workplace,
}
# The parameters that take one value: given twice (``country=US&country=DE``), the first counts.
SINGLE_VALUE_PARAMETERS = (
    "q",
    "location",
    "country",
    "eligible",
    "salary_min",
    "currency",
    "pay_range",
    "posted",
    "sort",
    "page",
)

# Names people write that are not among django_countries' names ("United States of America").
COMMON_COUNTRY_NAMES = {"united states": "US", "great britain": "GB"}


@cache
def _countries_by_name(language: str | None) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, by name in this language: once per process and language
    (iterating ``countries`` translates and sorts all 250 names, per search it cost more than
    the rest of the search's parameters together)."""
    with override(language):
        return tuple((code, str(name)) for code, name in countries)


def country_choices() -> list[tuple[str, str]]:
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
    the first country in its order with that name or an older name ("shadowed") winning,
    read once per process instead of translating the 250 names per lookup."""
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


@cache
def _canonical_country_codes() -> dict[str, str]:
    """Each country code by its case-folded form ("de" -> "DE")."""
    return {code.casefold(): code for code in countries.countries}


def country_named(text: str) -> str:
    """The ISO code of the country that ``text`` names in full, in any case ("germany" -> "DE";
    "many" names none: empty)."""
    name = " ".join(text.split())
    return COMMON_COUNTRY_NAMES.get(name.casefold()) or _codes_by_english_name().get(
        name.lower(), ""
    )


def normalised(data: QueryDict, currencies: Iterable[str]) -> tuple[QueryDict, list[str]]:
    """The parameters as the filters read them, and a notice for each value left out.

    Codes are read in any case (``seniority=se``, ``country=us``, ``currency=eur``) and
    written canonically. Unknown codes of the several-valued parameters are dropped and the
    known ones kept: ``?seniority=SE&seniority=XX`` still searches senior listings. A
    one-value parameter given more than once keeps its first value.
    """
    data = data.copy()
    ignored: list[str] = []
    for name, choices in MULTIPLE_CHOICE_PARAMETERS.items():
        canonical = {str(code).casefold(): code for code in choices.values}
        values = [value for value in data.getlist(name) if value.strip()]
        known = list(
            dict.fromkeys(
                canonical[value.strip().casefold()]
                for value in values
                if value.strip().casefold() in canonical
            )
        )
        unknown = [value for value in values if value.strip().casefold() not in canonical]
        data.setlist(name, known)
        if unknown:
            codes = ", ".join(choices.values)
            ignored.extend(notices.unknown_code(name, value, codes) for value in unknown)
    for name in SINGLE_VALUE_PARAMETERS:
        values = [value for value in data.getlist(name) if value.strip()]
        if len(values) > 1:
            ignored.extend(notices.repeated_value(name, value, values[0]) for value in values[1:])
        if values:  # and not an empty value given after it
            data.setlist(name, values[:1])
    codes = {
        "country": _canonical_country_codes(),
        "eligible": _canonical_country_codes(),
        "currency": {code.casefold(): code for code in currencies},
        "sort": {code: code for code, _label in SORT_CHOICES},
        "pay_range": {code: code for code, _label in PAY_RANGE_CHOICES},
    }
    for name, canonical in codes.items():
        value = data.get(name, "").strip().casefold()
        if value in canonical:
            data[name] = canonical[value]
    return data, ignored
