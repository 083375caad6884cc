"""The search behind /jobs/ and its feeds: a django-filter FilterSet over visible listings.

``JobFilter`` reads the parameters (``parameters``), validates them with its filters, notes
what it ignored (``notices``), and answers the matching listings, in order and a page at a
time. Its facet counts (``facets``) and its words and URLs (``description``) are parts of it
kept in modules of their own.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

import django_filters
from django.core.validators import EMPTY_VALUES
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import QueryDict
from django.utils import timezone

from config import page_cache
from jobs import eligibility
from jobs.choices import EmploymentType, Seniority, Workplace
from jobs.countries import country_choices, country_named
from jobs.models import ExchangeRate, Job, reject_control_characters
from jobs.models.facet_key import country_is, workplace_in
from jobs.search import notices, window
from jobs.search.description import SearchDescription
from jobs.search.facets import FacetCounts
from jobs.search.keywords import (
    KEYWORD_WORDS_MAX,
    keyword_condition,
    keyword_test,
    keyword_words,
)
from jobs.search.parameters import (
    DEFAULT_CURRENCY,
    PAY_RANGE_CHOICES,
    POSTED_CHOICES,
    SORT_CHOICES,
    TEXT_MAX_LENGTH,
    normalised,
)


class SalaryFilter(django_filters.NumberFilter):
    """A number filter without django-filter's own cap of 1e50: the field's 12 digits bound
    it, and its notice then reads like the other salary notices."""

    def get_max_validator(self):
        return None


class CopiedPerSearch(dict):
    """The filters of :class:`JobFilter` (or its form's fields), copied per search with a
    shallow copy instead of ``copy.deepcopy``.

    django-filter deep-copies every filter for each FilterSet, and Django's form every field
    again: some 600 copies of choices, widgets and validators per search, about a tenth of
    the list page's Python. Nothing in them changes per search but what the FilterSet sets on
    its own copy (its model, itself as parent, the currency choices in ``extra``, each field
    made from its filter), so a copy of each filter with its own ``extra`` and its own bound
    filter method is as separate."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, item in self.items():
            copies[name] = clone = copy.copy(item)
            if isinstance(item, django_filters.Filter):
                clone.extra = dict(item.extra)
                if item.method is not None:
                    clone.method = item.method  # its filter method bound to the copy
        return copies


def country_filter(label: str, **options) -> django_filters.ChoiceFilter:
    """A filter by one country code. Its choices are a callable: django-filter deep-copies
    every filter per search, and copying the 250 country choices cost more than the rest of
    the FilterSet together."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=country_choices,
        error_messages={"invalid_choice": "not a country code (ISO 3166, such as DE or US)."},
        **options,
    )


class JobFilter(FacetCounts, SearchDescription, django_filters.FilterSet):
    """The filters of the job list and its feeds, over visible listings only."""

    q = django_filters.CharFilter(
        label="Keywords",
        method="filter_keyword",
        max_length=TEXT_MAX_LENGTH,
        validators=[reject_control_characters],
    )
    seniority = django_filters.MultipleChoiceFilter(
        label="Seniority", choices=Seniority.choices, method="filter_one_of"
    )
    employment_type = django_filters.MultipleChoiceFilter(
        label="Employment type", choices=EmploymentType.choices, method="filter_one_of"
    )
    workplace = django_filters.MultipleChoiceFilter(
        label="Workplace", choices=Workplace.choices, method="filter_one_of"
    )
    country = country_filter("Country")
    eligible = country_filter("I can work from", method="filter_eligible")
    location = django_filters.CharFilter(
        label="City or region",
        method="filter_location",
        max_length=TEXT_MAX_LENGTH,
        validators=[reject_control_characters],
    )
    salary_min = SalaryFilter(
        label="Minimum yearly salary",
        method="filter_salary_min",
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
    )
    currency = django_filters.ChoiceFilter(
        label="Currency",
        choices=[],  # the currencies that have an exchange rate, set per instance
        method="read_elsewhere",
        error_messages={"invalid_choice": "no exchange rate for this currency; read as USD."},
    )
    pay_range = django_filters.ChoiceFilter(
        label="Pay range posted",
        choices=PAY_RANGE_CHOICES,
        method="filter_pay_range",
        error_messages={"invalid_choice": "choose 1 (listings with a pay range posted)."},
    )
    posted = django_filters.ChoiceFilter(
        label="Posted",
        choices=POSTED_CHOICES,
        method="filter_posted",
        error_messages={"invalid_choice": "choose 1, 7 or 30 (days)."},
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=SORT_CHOICES,
        method="read_elsewhere",
        error_messages={"invalid_choice": "choose newest or salary."},
    )

    class Meta:
        model = Job
        fields = []

    def get_form_class(self):
        """django-filter's form class of this search, whose fields are this instance's own:
        Django's form need not deep-copy them again (see :class:`CopiedPerSearch`)."""
        form_class = super().get_form_class()
        form_class.base_fields = CopiedPerSearch(form_class.base_fields)
        return form_class

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, now=None):
        self.now = now or timezone.now()
        # Over every visible listing (the list, its feeds): what the keyword postings hold.
        self.reads_all_visible = queryset is None
        if queryset is None:
            queryset = Job.objects.visible(self.now)
        data, self.reading_notices = normalised(data or QueryDict(), self.rates)
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["currency"].extra["choices"] = [(code, code) for code in self.rates]

    @cached_property
    def rates(self) -> dict[str, Decimal]:
        """USD per unit of every currency that has an exchange rate."""
        return dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))

    @cached_property
    def cleaned(self) -> dict:
        """The valid parameters, after validation (invalid ones are absent)."""
        self.form.is_valid()
        return self.form.cleaned_data

    @cached_property
    def parameter_notices(self) -> list[str]:
        """What the page says about every parameter it ignored, each naming its parameter: the
        codes and repeated values dropped while reading (``reading_notices``), the values the
        filters found invalid, and the keywords past the first eight."""
        return [
            *self.reading_notices,
            *notices.form_errors(self.form),
            *notices.extra_keywords(self.cleaned.get("q") or ""),
        ]

    # -- Filters ------------------------------------------------------------------------

    def filter_one_of(self, queryset, name, values):
        return queryset.filter(**{f"{name}__in": values})

    def filter_keyword(self, queryset, name, text):
        """Every word of the text is in the title, the company name or a skill's name: one
        condition per word on the listing's stored search text (jobs.search.keywords), which its
        trigram index serves on PostgreSQL, and which the newest-first walk of a page tests
        on each listing it passes. (The facet counts read the postings instead where they
        can: jobs.search.postings.)"""
        for word in keyword_words(text)[:KEYWORD_WORDS_MAX]:
            queryset = queryset.filter(keyword_condition(word))
        return queryset

    def keyword_words(self) -> list[str]:
        """The words of the keyword search that count (the first eight), as filtered above."""
        return keyword_words(self.cleaned.get("q") or "")[:KEYWORD_WORDS_MAX]

    def filter_eligible(self, queryset, name, code):
        """Listings someone living in ``code`` can take: on-site and hybrid ones in that
        country, and remote ones open to it (by name or by a region that holds it)."""
        # On the facet key and the eligibility, which the facet index holds: its counts are an
        # index-only scan as the other filters' (bench/README.md).
        local = country_is(code) & workplace_in(Workplace.ONSITE, Workplace.HYBRID)
        # Most remote listings name one place (an equality test); the others, a pattern.
        tokens = eligibility.tokens_open_to(code)
        open_to_it = Q(eligible__in=tokens) | (
            Q(eligible__contains=" ") & Q(eligible__regex=eligibility.condition_pattern(code))
        )
        remote = workplace_in(Workplace.REMOTE) & open_to_it
        return queryset.filter(local | remote)

    def filter_location(self, queryset, name, text):
        """City or region contains the text, or the text is a country's name ("Germany")."""
        place = Q(city__icontains=text) | Q(region__icontains=text)
        if code := country_named(text):
            place |= Q(country=code)
        return queryset.filter(place)

    def filter_salary_min(self, queryset, name, amount):
        """The top of the listing's range reaches at least this yearly amount.

        The amount is read in the chosen currency and compared in USD with the stored yearly
        maximum (the minimum where no maximum is given); a listing without salary has none
        and never matches.
        """
        if amount == 0:
            return queryset
        return queryset.filter(salary_max_usd_yearly__gte=self.salary_min_usd)

    def filter_pay_range(self, queryset, name, value):
        """Listings that give a pay range: a minimum and a maximum (equal for a fixed pay), not
        an open-ended "from 100K" (``Job.pay_range_posted``, which the facet index holds)."""
        return queryset.filter(pay_range_posted=True)

    def filter_posted(self, queryset, name, days):
        window = timedelta(days=int(days))
        page_cache.changes_at(lambda: self.next_posted_window_change(window))
        return queryset.filter(published_at__gte=self.published_since())

    def published_since(self) -> datetime | None:
        """The start of the "posted in the last N days" window, if the search has one."""
        days = self.cleaned.get("posted")
        return self.now - timedelta(days=int(days)) if days else None

    def next_posted_window_change(self, window: timedelta):
        """When the oldest listing "posted in the last N days" leaves that window (asked by the
        page cache only when it stores the page)."""
        oldest = (
            Job.objects.visible(self.now)
            .filter(published_at__gte=self.now - window)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        return oldest + window if oldest is not None else None

    def read_elsewhere(self, queryset, name, value):
        """``currency`` is read by the salary filter, ``sort`` by :meth:`ordered`."""
        return queryset

    @property
    def salary_currency(self) -> str:
        return self.cleaned.get("currency") or DEFAULT_CURRENCY

    @property
    def salary_min_usd(self) -> Decimal | None:
        amount = self.cleaned.get("salary_min")
        if not amount:
            return None
        usd = amount * self.rates.get(self.salary_currency, Decimal(1))
        return usd.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    # -- Results ------------------------------------------------------------------------

    def narrowed(self, skip: tuple[str, ...] = ()):
        """Visible listings with every valid filter applied, except those named in ``skip``."""
        queryset = self.queryset.all()
        for name, value in self.cleaned.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def narrows(self, name: str, value) -> bool:
        """Whether the parameter's cleaned value narrows the listings (empty values, a zero
        minimum salary and the parameters read by another one do not)."""
        if value in EMPTY_VALUES or self.filters[name].method == "read_elsewhere":
            return False
        return not (name == "salary_min" and value == 0)

    def filter_queryset(self, queryset):
        return self.ordered(self.narrowed())

    def ordered(self, queryset):
        """Featured listings first, then newest; or the highest salary first."""
        if self.sorts_by_salary:
            return queryset.order_by(
                F("salary_max_usd_yearly").desc(nulls_last=True), "-published_at", "-pk"
            )
        featured_now = Case(
            When(featured_until__gt=self.now, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return queryset.order_by(featured_now.desc(), "-published_at", "-pk")

    @property
    def sorts_by_salary(self) -> bool:
        return self.cleaned.get("sort") == "salary"

    def newest(self):
        """The matching listings, newest first, whatever the sort (for the feeds)."""
        return (
            self.narrowed()
            .select_related("company")
            .defer("description", "description_html", "search_text")
            .order_by("-published_at", "-pk")
        )

    def page_listings(self, offset: int, limit: int) -> list[Job]:
        """The listings from ``offset`` in the search's order, with their card data: one query
        (and the skills').

        "Featured, then newest" is not an order an index can give (being featured depends on
        the clock), and sorting every match by it read every visible listing. But the facet
        query has already counted the featured matches, so a page is a slice of the featured
        matches, newest first, and/or a slice of the others, newest first: each read in order
        from an index (``job_newest_idx``) and stopped after the page. A page that holds the
        last featured listings and the first others asks for both slices in one query.
        The featured slice tests the keywords on each featured match (``keyword_test``)
        rather than through their trigram index: the featured listings are a few hundred.
        """
        if self.sorts_by_salary:
            return self.qs.card_page(offset, offset + limit)
        matches = self.narrowed()
        newest = ("-published_at", "-pk")
        featured_count = self.featured_count()
        featured_rows = max(0, min(limit, featured_count - offset))
        parts = []
        if featured_rows:
            featured = self.narrowed(skip=("q",)).filter(featured_until__gt=self.now)
            for word in self.keyword_words():
                featured = featured.filter(keyword_test(word))
            featured = featured.order_by(*newest)
            parts.append(featured[offset : offset + featured_rows])
        if rest := limit - featured_rows:
            others = matches.filter(
                Q(featured_until__isnull=True) | Q(featured_until__lte=self.now)
            ).order_by(*newest)
            start = max(0, offset - featured_count)
            page = others[start : start + rest]
            other_matches = self.result_count() - featured_count
            if window.tries_window(other_matches, start + rest):
                # Read from the newest listings when the matches are many (jobs.search.window).
                page = window.newest_page(page, min(rest, other_matches - start), self.now) or page
            parts.append(page)
        if len(parts) == 1 and not isinstance(parts[0], tuple):
            return parts[0].card_page()
        # The card columns of the page's rows only (see JobQuerySet.card_page).
        listings = Job.objects.among(*parts).with_card_data()
        return sorted(
            listings,
            key=lambda job: (not job.is_featured(self.now), -job.published_at.timestamp(), -job.pk),
        )


JobFilter.base_filters = CopiedPerSearch(JobFilter.base_filters)
