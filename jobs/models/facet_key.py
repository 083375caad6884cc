"""A listing's four facet columns packed into one integer (``Job.facet_key``) and back."""

from __future__ import annotations

from functools import cache

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Mod, Ord, Substr
from django.db.models.lookups import Exact, In

from jobs.choices import EmploymentType, Seniority, Workplace

# The four facet columns of a listing packed into one integer (``Job.facet_key``), so that the
# facet counts of the job list group visible listings by one small number instead of four text
# columns (bench/README.md): seniority, employment type and workplace by their position among
# the choices, the country by its two letters (A-Z each). A value outside the choices (never
# written by the admin or the importer) gives no key.
FACET_CODES = (
    ("seniority", tuple(Seniority.values)),
    ("employment_type", tuple(EmploymentType.values)),
    ("workplace", tuple(Workplace.values)),
)
COUNTRY_KEYS = 26 * 26


def _position_of(field: str, codes: tuple[str, ...]):
    return Case(
        *(When(**{field: code}, then=Value(number)) for number, code in enumerate(codes)),
        default=Value(None),
        output_field=IntegerField(),
    )


def facet_key_expression():
    key = Value(0)
    for field, codes in FACET_CODES:
        key = key * Value(len(codes)) + _position_of(field, codes)
    letter = Value(ord("A"))
    first = Ord(Substr("country", 1, 1)) - letter
    second = Ord(Substr("country", 2, 1)) - letter
    return key * Value(COUNTRY_KEYS) + first * Value(26) + second


@cache
def facet_values(key: int) -> tuple[str, str, str, str]:
    """(seniority, employment type, workplace, country) of a ``Job.facet_key``."""
    key, country = divmod(key, COUNTRY_KEYS)
    letters = chr(ord("A") + country // 26) + chr(ord("A") + country % 26)
    values = []
    for _field, codes in reversed(FACET_CODES):
        key, position = divmod(key, len(codes))
        values.append(codes[position])
    return (*reversed(values), letters)


# Conditions on the key alone, which the facet index holds (no visit of the table's rows).


def _country_number(code: str) -> int:
    return (ord(code[0]) - ord("A")) * 26 + (ord(code[1]) - ord("A"))


def country_is(code: str) -> Q:
    """The listing's country is ``code``, read from its facet key."""
    return Q(Exact(Mod(F("facet_key"), Value(COUNTRY_KEYS)), Value(_country_number(code))))


def workplace_in(*workplaces: str) -> Q:
    """The listing's workplace is one of these, read from its facet key (workplace is the last
    code before the country)."""
    codes = dict(FACET_CODES)["workplace"]
    position = Mod(F("facet_key") / Value(COUNTRY_KEYS), Value(len(codes)))
    return Q(In(position, [codes.index(workplace) for workplace in workplaces]))
