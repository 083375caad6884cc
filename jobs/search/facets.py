"""The facet counts of a job search: for each option of seniority, employment type, workplace
and country, and for "Pay range posted", how many listings that option would give with the
*other* active filters (a facet's own selection does not narrow its own counts).

All five facet groups are equality tests on a column of the listing, so one grouped query
answers every count: the listings that pass the other filters (keyword, location, salary,
posted), counted per combination of seniority, employment type, workplace, country and pay
range (a few hundred rows at most), and how many of them are featured now. The four columns
are packed into one integer by the database (``Job.facet_key``) and the pay range is a
generated boolean (``Job.pay_range_posted``), which a narrow index holds beside expiry and
publication (migrations 0011, 0016, 0021), so the count of the open listings is an index-only
scan grouped by one number and one boolean. Each group's counts, the number of results and of
featured results are sums over those rows, in one pass, so the keyword work runs once, not six
times (see bench/README.md). On PostgreSQL a keyword search reads the same rows from the
keyword's postings, or for several words from the listings' terms (jobs.search.postings),
instead of rechecking its trigram matches in the table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property

from django.db import connections
from django.db.models import Count, Q

from jobs.countries import country_name, country_named
from jobs.models import facet_values
from jobs.search import postings
from jobs.search.parameters import MULTIPLE_CHOICE_PARAMETERS, PAY_RANGE_CHOICES

FACET_PARAMETERS = ("seniority", "employment_type", "workplace", "country")
# What the grouped query counts: the four facets of the facet key, then "Pay range posted"
# (``pay_range``), whose value in a row is "1" for listings with a range and "" for the others.
GROUPED_PARAMETERS = (*FACET_PARAMETERS, "pay_range")
PAY_RANGE = "1"
# The filters besides the facets that the postings and terms answer (jobs.search.postings).
TERMS_FILTERS = {"q", "posted", "location", "salary_min"}


@cache
def row_values(key: int, pay_range_posted: bool) -> tuple[str, str, str, str, str]:
    """(seniority, employment type, workplace, country, pay range) of a row of the facet
    query."""
    return (*facet_values(key), PAY_RANGE if pay_range_posted else "")


@dataclass(frozen=True)
class FacetOption:
    """One checkbox or select option of the filter form, with its facet count."""

    value: str
    label: str
    count: int
    selected: bool


class FacetCounts:
    """The facet counts of :class:`jobs.search.filterset.JobFilter` (a part of it): reads its
    ``cleaned`` parameters, ``now``, ``narrowed()`` listings, ``narrows()``,
    ``keyword_words()``, ``published_since()``, ``salary_min_usd`` and
    ``reads_all_visible``."""

    @cached_property
    def _facet_rows(self) -> list[tuple[tuple[str, str, str, str, str], int, int]]:
        """((seniority, employment type, workplace, country, pay range), listings, featured):
        one query."""
        database = self.queryset.db
        # The postings' SQL where they answer; else the listings', whose queryset (every filter
        # applied, about a millisecond of a page) is built only then.
        query = self._posting_rows_query(database)
        if query is None:
            rows = (
                self.narrowed(skip=GROUPED_PARAMETERS)
                .order_by()
                .values_list("facet_key", "pay_range_posted")
                .annotate(
                    listings=Count("*"),
                    featured=Count("featured_until", filter=Q(featured_until__gt=self.now)),
                )
            )
            database, query = rows.db, rows.query.sql_with_params()
        sql, params = query
        # A thousand rows of four numbers: read from the cursor, without the ORM's per-value
        # converters (a millisecond and a half of a page). The boolean is 0 or 1 on SQLite.
        with connections[database].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [
            (row_values(key, bool(pay_range_posted)), listings, featured)
            for key, pay_range_posted, listings, featured in fetched
            if key is not None
        ]

    def _posting_rows_query(self, database: str) -> tuple[str, list] | None:
        """The same rows from the keyword search's postings or terms (jobs.search.postings),
        where they can answer: on PostgreSQL, over all visible listings, for a keyword search
        whose other filters are facets (which this query does not apply), the publication
        window, a minimum salary or a location that does not name a country."""
        if connections[database].vendor != "postgresql" or not self.reads_all_visible:
            return None
        active = {
            name
            for name, value in self.cleaned.items()
            if name not in GROUPED_PARAMETERS and self.narrows(name, value)
        }
        if not active <= TERMS_FILTERS:
            return None
        words = self.keyword_words()
        if not postings.answers(words):
            return None
        place = self.cleaned["location"] if "location" in active else None
        if place is not None and country_named(place):
            return None  # the location filter reads the country too
        salary = self.salary_min_usd if "salary_min" in active else None
        return postings.facet_rows_query(words, self.now, self.published_since(), place, salary)

    @cached_property
    def _facet_selections(self) -> list[set[str] | None]:
        """The selected values of each facet group, None where the group is not filtered."""
        selections: list[set[str] | None] = []
        for name in GROUPED_PARAMETERS:
            value = self.cleaned.get(name)
            if not value:
                selections.append(None)
            else:
                selections.append({value} if isinstance(value, str) else set(value))
        return selections

    @cached_property
    def _counts(self) -> tuple[list[dict[str, int]], int, int]:
        """Per facet group, listings per value under every other active filter; the number
        of results; the number of featured results. One pass over the facet rows: a row that
        every selection accepts counts everywhere, a row that one group's selection refuses
        counts only in that group (its own selection does not narrow its counts)."""
        selections = [
            (number, selected)
            for number, selected in enumerate(self._facet_selections)
            if selected is not None
        ]
        # Unrolled over the five groups: a page's 2,000 rows added up in a third of the time
        # of a loop over each row's values.
        groups = [defaultdict(int) for _ in GROUPED_PARAMETERS]
        seniority, employment_type, workplace, country, pay_range = groups
        results = featured = 0
        for values, listings, featured_listings in self._facet_rows:
            refused = None
            for number, selected in selections:
                if values[number] not in selected:
                    if refused is not None:
                        break  # refused by two groups: counts nowhere
                    refused = number
            else:
                if refused is None:
                    results += listings
                    featured += featured_listings
                    seniority[values[0]] += listings
                    employment_type[values[1]] += listings
                    workplace[values[2]] += listings
                    country[values[3]] += listings
                    pay_range[values[4]] += listings
                else:
                    groups[refused][values[refused]] += listings
        groups = [dict(group) for group in groups]
        return groups, results, featured

    def facet_counts(self, name: str) -> dict[str, int]:
        """Listings per value of ``name`` under every other active filter."""
        return self._counts[0][GROUPED_PARAMETERS.index(name)]

    def result_count(self) -> int:
        """How many listings match every filter (no separate COUNT query)."""
        return self._counts[1]

    def featured_count(self) -> int:
        """How many of the matching listings are featured now (no separate query)."""
        return self._counts[2]

    def choice_options(self, name: str) -> list[FacetOption]:
        """The options of a several-valued parameter, each with its facet count."""
        counts = self.facet_counts(name)
        selected = self.cleaned.get(name) or []
        return [
            FacetOption(code, label, counts.get(code, 0), code in selected)
            for code, label in MULTIPLE_CHOICE_PARAMETERS[name].choices
        ]

    def pay_range_options(self) -> list[FacetOption]:
        """The "Pay range posted" checkbox, with the number of listings that give a range."""
        count = self.facet_counts("pay_range").get(PAY_RANGE, 0)
        selected = self.cleaned.get("pay_range") == PAY_RANGE
        return [FacetOption(value, label, count, selected) for value, label in PAY_RANGE_CHOICES]

    def country_options(self) -> list[FacetOption]:
        """Countries that have visible listings, by name, with their facet counts.

        Without a keyword, location, salary or date filter these are all the countries with
        visible listings; with one, the countries where it finds listings. A selected country
        stays an option even when it has none.
        """
        counts = self.facet_counts("country")
        position = FACET_PARAMETERS.index("country")
        codes = {values[position] for values, _listings, _featured in self._facet_rows}
        selected = self.cleaned.get("country") or ""
        if selected:
            codes.add(selected)
        options = [
            FacetOption(code, country_name(code) or code, counts.get(code, 0), code == selected)
            for code in codes
        ]
        return sorted(options, key=lambda option: option.label)

    @cached_property
    def facets(self) -> dict[str, list[FacetOption]]:
        return {
            "seniority": self.choice_options("seniority"),
            "employment_type": self.choice_options("employment_type"),
            "workplace": self.choice_options("workplace"),
            "country": self.country_options(),
            "pay_range": self.pay_range_options(),
        }
