"""The GET parameters of a job search, and how they are read before the filters validate them.

Every GET parameter of the job list is read by the search, and nowhere else (``page`` is read
by the view, from the data as the search leaves it). Codes are read in any case and written
canonically; unknown codes and repeated values are dropped with a notice (``notices``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import QueryDict

from jobs.choices import EmploymentType, Seniority, Workplace
from jobs.countries import canonical_codes
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
        "country": canonical_codes(),
        "eligible": canonical_codes(),
        "currency": {code.casefold(): code for code in currencies},
        "sort": {code: code for code, _label in SORT_CHOICES},
        "pay_range": {code: code for code, _label in PAY_RANGE_CHOICES},
    }
    for name, canonical in codes.items():
        value = data.get(name, "").strip().casefold()
        if value in canonical:
            data[name] = canonical[value]
    return data, ignored
