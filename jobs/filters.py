"""The search behind /jobs/ and its feeds: a django-filter FilterSet over visible listings.

Every GET parameter of the job list is read here, and nowhere else. A parameter with an
invalid value is ignored while the others still apply, and leaves a notice that names it: a
search URL someone shared or bookmarked never fails, it only says what it could not use.

Beside the filtered listings the FilterSet answers the facet counts: for each option of
seniority, employment type, workplace and country, how many listings that option would give
with the *other* active filters (a facet's own selection does not narrow its own counts).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import QueryDict
from django.utils import timezone
from django_countries import countries

from config import page_cache
from core.text import show_control_characters
from jobs.models import (
    EmploymentType,
    ExchangeRate,
    Job,
    Seniority,
    Workplace,
    facet_values,
    reject_control_characters,
)
from jobs.search import keyword_condition

TEXT_MAX_LENGTH = 100
DEFAULT_CURRENCY = "USD"
DEFAULT_SORT = "newest"

POSTED_CHOICES = [("1", "Last 24 hours"), ("7", "Last 7 days"), ("30", "Last 30 days")]
SORT_CHOICES = [("newest", "Featured, then newest"), ("salary", "Highest salary first")]

# The parameters that take several values, and the codes each accepts.
MULTIPLE_CHOICE_PARAMETERS = {
    "seniority": Seniority,
    "employment_type": EmploymentType,
    "workplace": Workplace,
}
# The parameters that take one value: given twice (``country=US&country=DE``), the first counts.
# ``page`` is read by the view, from the data as this FilterSet leaves it.
SINGLE_VALUE_PARAMETERS = (
    "q",
    "location",
    "country",
    "salary_min",
    "currency",
    "posted",
    "sort",
    "page",
)
FACET_PARAMETERS = ("seniority", "employment_type", "workplace", "country")

# How a search reads in a heading: "Senior-level / Expert full-time remote jobs".
EMPLOYMENT_WORDS = {
    EmploymentType.FULL_TIME: "full-time",
    EmploymentType.PART_TIME: "part-time",
    EmploymentType.CONTRACT: "contract",
    EmploymentType.FREELANCE: "freelance",
    EmploymentType.INTERNSHIP: "internship",
}
WORKPLACE_WORDS = {
    Workplace.ONSITE: "on-site",
    Workplace.HYBRID: "hybrid",
    Workplace.REMOTE: "remote",
}
POSTED_WORDS = {"1": "in the last 24 hours", "7": "in the last 7 days", "30": "in the last 30 days"}


@dataclass(frozen=True)
class FacetOption:
    """One checkbox or select option of the filter form, with its facet count."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in use, as the page lists it, with the URL of the same search without it."""

    label: str
    remove_query: str


def shortened(text: str, length: int = 30) -> str:
    """Enough of a user's value to recognise it in a notice (control characters shown as �)."""
    text = show_control_characters(text, "replacement")
    return text if len(text) <= length else f"{text[:length]}…"


def plain_number(amount: Decimal) -> str:
    """A number as a search URL carries it: 1E+5 -> "100000", 62.50 -> "62.5"."""
    return f"{amount.normalize():f}"


# Names people write that are not among django_countries' names ("United States of America").
COMMON_COUNTRY_NAMES = {"united states": "US", "great britain": "GB"}


def country_choices() -> list[tuple[str, str]]:
    return list(countries)


def country_named(text: str) -> str:
    """The ISO code of the country that ``text`` names in full, in any case ("germany" -> "DE";
    "many" names none: empty)."""
    name = " ".join(text.split())
    return COMMON_COUNTRY_NAMES.get(name.casefold()) or countries.by_name(name)


# -- Keywords --------------------------------------------------------------------------------
#
# ``q`` is split into words, and a listing matches when every word is in its title, its
# company's name or one of its skills' names (jobs.search: which words match whole words only,
# and the stored text one condition per word reads).

KEYWORD_WORDS_MAX = 8
# Signs around a word that are not part of it: "(AI)," is the word "AI".
WORD_EDGES = "()[]{},;:!?\"'\u2018\u2019\u201c\u201d"


def keyword_words(text: str) -> list[str]:
    """The distinct words of a keyword search, in order, without the signs around them."""
    words: dict[str, str] = {}
    for part in text.split():
        word = part.strip(WORD_EDGES)
        if any(character.isalnum() for character in word):
            words.setdefault(word.casefold(), word)
    return list(words.values())


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


class JobFilter(django_filters.FilterSet):
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
    country = django_filters.ChoiceFilter(
        label="Country",
        # A callable: django-filter deep-copies every filter per search, and copying the
        # 250 country choices cost more than the rest of the FilterSet together.
        choices=country_choices,
        error_messages={"invalid_choice": "not a country code (ISO 3166, such as DE or US)."},
    )
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
        if queryset is None:
            queryset = Job.objects.visible(self.now)
        self.notices: list[str] = []
        super().__init__(
            self._normalised(data or QueryDict()),
            queryset,
            request=request,
            prefix=prefix,
        )
        self.filters["currency"].extra["choices"] = [(code, code) for code in self.rates]

    def _normalised(self, data: QueryDict) -> QueryDict:
        """The parameters as the filters read them, with a notice for what is left out.

        Codes are read in any case (``seniority=se``, ``country=us``, ``currency=eur``) and
        written canonically. Unknown codes of the several-valued parameters are dropped and the
        known ones kept: ``?seniority=SE&seniority=XX`` still searches senior listings. A
        one-value parameter given more than once keeps its first value.
        """
        data = data.copy()
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
                self.notices.extend(
                    f"Ignored {name}={shortened(value)}: not one of {codes}." for value in unknown
                )
        for name in SINGLE_VALUE_PARAMETERS:
            values = [value for value in data.getlist(name) if value.strip()]
            if len(values) > 1:
                first = shortened(values[0])
                self.notices.extend(
                    f"Ignored {name}={shortened(value)}: {name} takes one value; the first, "
                    f"{first}, is used."
                    for value in values[1:]
                )
            if values:  # and not an empty value given after it
                data.setlist(name, values[:1])
        codes = {
            "country": {code.casefold(): code for code, _name in countries},
            "currency": {code.casefold(): code for code in self.rates},
            "sort": {code: code for code, _label in SORT_CHOICES},
        }
        for name, canonical in codes.items():
            value = data.get(name, "").strip().casefold()
            if value in canonical:
                data[name] = canonical[value]
        return data

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
    def all_notices(self) -> list[str]:
        """What the page says about the parameters it ignored, each naming its parameter (and
        its first problem: one is enough to correct)."""
        notices = list(self.notices)
        for name, errors in self.form.errors.items():
            raw = shortened(self.form.data.get(name, ""))
            reason = str(errors[0]).rstrip(".") + "."
            notices.append(f"Ignored {name}={raw}: {reason[:1].lower()}{reason[1:]}")
        words = keyword_words(self.cleaned.get("q") or "")
        if len(words) > KEYWORD_WORDS_MAX:
            ignored = shortened(" ".join(words[KEYWORD_WORDS_MAX:]))
            notices.append(f"Ignored the keywords after the first {KEYWORD_WORDS_MAX}: {ignored}.")
        return notices

    # -- Filters ------------------------------------------------------------------------

    def filter_one_of(self, queryset, name, values):
        return queryset.filter(**{f"{name}__in": values})

    def filter_keyword(self, queryset, name, text):
        """Every word of the text is in the title, the company name or a skill's name: one
        condition per word on the listing's stored search text (jobs.search), which its
        trigram index serves on PostgreSQL, and which the newest-first walk of a page tests
        on each listing it passes."""
        for word in keyword_words(text)[:KEYWORD_WORDS_MAX]:
            queryset = queryset.filter(keyword_condition(word))
        return queryset

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

    def filter_posted(self, queryset, name, days):
        window = timedelta(days=int(days))
        page_cache.changes_at(lambda: self.next_posted_window_change(window))
        return queryset.filter(published_at__gte=self.now - window)

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
        """
        if self.sorts_by_salary:
            return self.qs.card_page(offset, offset + limit)
        matches = self.narrowed()
        newest = ("-published_at", "-pk")
        featured_count = self.featured_count()
        featured_rows = max(0, min(limit, featured_count - offset))
        parts = []
        if featured_rows:
            featured = matches.filter(featured_until__gt=self.now).order_by(*newest)
            parts.append(featured[offset : offset + featured_rows])
        if rest := limit - featured_rows:
            others = matches.filter(
                Q(featured_until__isnull=True) | Q(featured_until__lte=self.now)
            ).order_by(*newest)
            start = max(0, offset - featured_count)
            parts.append(others[start : start + rest])
        if len(parts) == 1:
            return parts[0].card_page()
        # The card columns of the page's rows only (see JobQuerySet.card_page).
        listings = Job.objects.among(*parts).with_card_data()
        return sorted(
            listings,
            key=lambda job: (not job.is_featured(self.now), -job.published_at.timestamp(), -job.pk),
        )

    # -- Facets -------------------------------------------------------------------------
    #
    # A facet count is the number of listings an option would give with the *other* active
    # filters. All four facet groups are equality tests on a column of the listing, so one
    # grouped query answers every count: the listings that pass the other filters (keyword,
    # location, salary, posted), counted per combination of seniority, employment type,
    # workplace and country (a few hundred rows at most), and how many of them are featured
    # now. The four columns are packed into one integer by the database (``Job.facet_key``),
    # which a narrow index holds beside expiry and publication (migration 0011), so the count
    # of the open listings is an index-only scan grouped by one number. Each group's counts,
    # the number of results and of featured results are sums over those rows, in one pass,
    # so the keyword work runs once, not five times (see bench/README.md).

    @cached_property
    def _facet_rows(self) -> list[tuple[tuple[str, str, str, str], int, int]]:
        """((seniority, employment type, workplace, country), listings, featured): one query."""
        rows = (
            self.narrowed(skip=FACET_PARAMETERS)
            .order_by()
            .values_list("facet_key")
            .annotate(
                listings=Count("*"),
                featured=Count("featured_until", filter=Q(featured_until__gt=self.now)),
            )
        )
        # A thousand rows of three integers: read from the cursor, without the ORM's
        # per-value converters (a millisecond and a half of a page).
        sql, params = rows.query.sql_with_params()
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [
            (facet_values(key), listings, featured)
            for key, listings, featured in fetched
            if key is not None
        ]

    @cached_property
    def _facet_selections(self) -> list[set[str] | None]:
        """The selected values of each facet group, None where the group is not filtered."""
        selections: list[set[str] | None] = []
        for name in FACET_PARAMETERS:
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
        groups: list[dict[str, int]] = [{} for _ in FACET_PARAMETERS]
        results = featured = 0
        for values, listings, featured_listings in self._facet_rows:
            refused = [number for number, selected in selections if values[number] not in selected]
            if not refused:
                results += listings
                featured += featured_listings
                for number, value in enumerate(values):
                    groups[number][value] = groups[number].get(value, 0) + listings
            elif len(refused) == 1:
                number = refused[0]
                value = values[number]
                groups[number][value] = groups[number].get(value, 0) + listings
        return groups, results, featured

    def facet_counts(self, name: str) -> dict[str, int]:
        """Listings per value of ``name`` under every other active filter."""
        return self._counts[0][FACET_PARAMETERS.index(name)]

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
            FacetOption(code, countries.name(code) or code, counts.get(code, 0), code == selected)
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
        }

    # -- Describing the search ----------------------------------------------------------

    def parameters(self) -> list[tuple[str, str]]:
        """The valid parameters of this search as (name, value) pairs, in a fixed order.

        Ignored values are left out, and so are defaults (currency USD, sort newest), so that
        equal searches have equal URLs (pagination, feeds, the canonical link).
        """
        pairs: list[tuple[str, str]] = []
        for name in self.filters:
            if name not in self.cleaned or self.cleaned[name] in (None, "", []):
                continue
            if name in MULTIPLE_CHOICE_PARAMETERS:
                pairs.extend((name, value) for value in self.cleaned[name])
            elif name == "currency":
                if self.cleaned.get("salary_min") and self.salary_currency != DEFAULT_CURRENCY:
                    pairs.append((name, self.salary_currency))
            elif name == "sort":
                if self.cleaned[name] != DEFAULT_SORT:
                    pairs.append((name, self.cleaned[name]))
            elif name == "salary_min":
                if self.cleaned[name]:
                    pairs.append((name, plain_number(self.cleaned[name])))
            else:
                pairs.append((name, str(self.cleaned[name])))
        return pairs

    def query_string(self, without: tuple[str, str | None] | None = None, **replace) -> str:
        """This search's query string, minus one parameter (or one of its values), or with
        parameters replaced (``workplace=["remote"]``)."""
        pairs = self.parameters()
        if without is not None:
            name, value = without
            pairs = [
                pair
                for pair in pairs
                if pair[0] != name or (value is not None and pair[1] != value)
            ]
            if name == "salary_min":
                pairs = [pair for pair in pairs if pair[0] != "currency"]
        for name, values in replace.items():
            pairs = [pair for pair in pairs if pair[0] != name]
            pairs.extend((name, value) for value in values)
        return urlencode(pairs)

    @cached_property
    def active_filters(self) -> list[ActiveFilter]:
        """The filters in use, each with a link to the same search without it."""
        active: list[ActiveFilter] = []
        cleaned = self.cleaned
        if cleaned.get("q"):
            active.append(ActiveFilter(f"“{cleaned['q']}”", self.query_string(("q", None))))
        for name, choices in MULTIPLE_CHOICE_PARAMETERS.items():
            for code in cleaned.get(name) or []:
                active.append(ActiveFilter(choices(code).label, self.query_string((name, code))))
        if cleaned.get("country"):
            active.append(
                ActiveFilter(
                    countries.name(cleaned["country"]), self.query_string(("country", None))
                )
            )
        if cleaned.get("location"):
            active.append(
                ActiveFilter(f"Near “{cleaned['location']}”", self.query_string(("location", None)))
            )
        if cleaned.get("salary_min"):
            active.append(
                ActiveFilter(
                    f"At least {self.salary_min_text} a year",
                    self.query_string(("salary_min", None)),
                )
            )
        if cleaned.get("posted"):
            active.append(
                ActiveFilter(
                    dict(POSTED_CHOICES)[cleaned["posted"]], self.query_string(("posted", None))
                )
            )
        return active

    @property
    def salary_min_text(self) -> str:
        amount = self.cleaned.get("salary_min") or Decimal(0)
        text = f"{amount:,.2f}".removesuffix(".00")
        return f"{self.salary_currency} {text}"

    def headline(self) -> str:
        """The search in words, for the h1, the title and the feeds.

        "Senior-level / Expert remote jobs", "Full-time jobs in Berlin, Germany matching
        “pytorch”", or "AI, ML and data jobs" without filters.
        """
        cleaned = self.cleaned
        words = [
            " or ".join(Seniority(code).label for code in cleaned.get("seniority") or []),
            " or ".join(EMPLOYMENT_WORDS[code] for code in cleaned.get("employment_type") or []),
            " or ".join(WORKPLACE_WORDS[code] for code in cleaned.get("workplace") or []),
        ]
        text = " ".join(word for word in [*words, "jobs"] if word)
        if text == "jobs":
            text = "AI, ML and data jobs" if not self.active_filters else "Jobs"
        places = [
            cleaned.get("location"),
            countries.name(cleaned["country"]) if cleaned.get("country") else "",
        ]
        if place := ", ".join(part for part in places if part):
            text += f" in {place}"
        if cleaned.get("q"):
            text += f" matching “{cleaned['q']}”"
        if cleaned.get("salary_min"):
            text += f" paying at least {self.salary_min_text} a year"
        if cleaned.get("posted"):
            text += f" posted {POSTED_WORDS[cleaned['posted']]}"
        return text[:1].upper() + text[1:]


JobFilter.base_filters = CopiedPerSearch(JobFilter.base_filters)
