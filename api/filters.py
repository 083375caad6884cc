"""The search of /api/v1/jobs/: the list page's FilterSet (``jobs.search.filterset.JobFilter``)
through django-filter's DRF backend, strict where the page is lenient.

The page ignores an invalid value with a notice and still answers; the API answers 400 with
the problems by parameter name (``{"seniority": ["..."]}``): a program should learn that its
query was not the one it meant. ``sort`` and ``page`` belong to the page alone (the API's order
is fixed, newest first, and it pages with a cursor): given, they are refused the same way.
Unknown parameters are ignored, as on the page.
"""

from __future__ import annotations

from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from jobs.choices import EmploymentType, Seniority, Workplace
from jobs.countries import country_choices
from jobs.search import notices
from jobs.search.filterset import JobFilter
from jobs.search.parameters import (
    PAY_RANGE_CHOICES,
    POSTED_CHOICES,
    TEXT_MAX_LENGTH,
    normalised,
)

# The page's parameters that the API refuses, and why.
PAGE_ONLY = {
    "sort": "the API lists newest first (-published_at, -id); sort is the page's.",
    "page": "the API pages with cursor (the next and previous links); page is the page's.",
}


def parameter_errors(search: JobFilter, data: QueryDict) -> dict[str, list[str]]:
    """Every problem the page would show a notice for, by parameter name: the values dropped
    while reading (an unknown code, a one-value parameter given twice), the values the filters
    found invalid, the keywords past the first eight."""
    errors: dict[str, list[str]] = {}
    if search.reading_notices:
        # normalised() reads each parameter on its own: reading one at a time names it.
        for name in data:
            _data, found = normalised(_only(data, name), search.rates)
            if found:
                errors.setdefault(name, []).extend(found)
    for name in search.form.errors:
        # The page's notice of this parameter ("Ignored posted=3: choose 1, 7 or 30 (days).").
        errors.setdefault(name, []).extend(notices.form_errors(_OneField(search.form, name)))
    if extra := notices.extra_keywords(search.cleaned.get("q") or ""):
        errors.setdefault("q", []).extend(extra)
    if search.parameter_notices and not errors:  # a notice of a kind this module does not know
        errors["parameters"] = list(search.parameter_notices)
    # The page's words, less its "Ignored": the API refuses the request.
    return {
        name: [message.removeprefix("Ignored ") for message in messages]
        for name, messages in errors.items()
    }


def _only(data: QueryDict, name: str) -> QueryDict:
    part = QueryDict(mutable=True)
    part.setlist(name, data.getlist(name))
    return part


class _OneField:
    """The form of a search seen through one of its fields' errors (for notices.form_errors)."""

    def __init__(self, form, name):
        self.errors = {name: form.errors[name]}
        self.data = form.data


class JobSearchBackend(DjangoFilterBackend):
    """django-filter's backend with the page's FilterSet, answering 400 instead of notices."""

    def get_filterset_class(self, view, queryset=None):
        return JobFilter

    def filter_queryset(self, request, queryset, view):
        data = request.query_params
        refused = {
            name: [f"Refused {name}: {why}"] for name, why in PAGE_ONLY.items() if name in data
        }
        search = JobFilter(data, queryset, request=request)
        errors = {**refused, **parameter_errors(search, data)}
        if errors:
            raise ValidationError(errors)
        return search.qs


class JobSearchBackendSchema(OpenApiFilterExtension):
    """The parameters are documented on the view (``SEARCH_PARAMETERS``), not guessed from the
    FilterSet's filters (whose methods hide their types, and which include ``sort``)."""

    target_class = "api.filters.JobSearchBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        return []


def _codes(choices) -> list[str]:
    return [str(code) for code in choices.values]


def _parameter(name, type_, description, *, enum=None, many=False):
    return OpenApiParameter(
        name,
        type_,
        OpenApiParameter.QUERY,
        description=description,
        enum=enum,
        many=many,
        explode=True if many else None,
    )


SEARCH_PARAMETERS = [
    _parameter(
        "q",
        OpenApiTypes.STR,
        f"Keywords (at most 8 words, {TEXT_MAX_LENGTH} characters): each in the title, the "
        "company's name or a skill.",
    ),
    _parameter(
        "seniority", OpenApiTypes.STR, "Any of these levels.", enum=_codes(Seniority), many=True
    ),
    _parameter(
        "employment_type",
        OpenApiTypes.STR,
        "Any of these employment types.",
        enum=_codes(EmploymentType),
        many=True,
    ),
    _parameter("workplace", OpenApiTypes.STR, "Any of these.", enum=_codes(Workplace), many=True),
    _parameter(
        "country",
        OpenApiTypes.STR,
        "The listing's own country (ISO 3166 alpha-2, any case; for a remote listing, the "
        "employer's).",
        enum=[code for code, _name in country_choices()],
    ),
    _parameter(
        "eligible",
        OpenApiTypes.STR,
        "I can work from (ISO 3166 alpha-2): on-site and hybrid listings in that country and "
        "remote listings open to it (by name or by a region).",
        enum=[code for code, _name in country_choices()],
    ),
    _parameter(
        "location",
        OpenApiTypes.STR,
        'City or region contains the text, or the text names a country ("Germany").',
    ),
    _parameter(
        "salary_min",
        OpenApiTypes.NUMBER,
        "The top of the listing's range reaches at least this yearly amount, in currency.",
    ),
    _parameter(
        "currency",
        OpenApiTypes.STR,
        "ISO 4217 code of salary_min (one with an exchange rate on the site); default USD.",
    ),
    _parameter(
        "pay_range",
        OpenApiTypes.STR,
        "1: only listings that give a pay range (a minimum and a maximum salary, equal for a "
        'fixed pay; not an open-ended "from 100K").',
        enum=[code for code, _label in PAY_RANGE_CHOICES],
    ),
    _parameter(
        "posted",
        OpenApiTypes.STR,
        "Published in the last 1, 7 or 30 days.",
        enum=[code for code, _label in POSTED_CHOICES],
    ),
]
