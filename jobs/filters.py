"""The search behind /jobs/ and its feeds: a django-filter FilterSet over visible listings.

Every GET parameter of the job list is read here, and nowhere else. A parameter with an
invalid value is ignored while the others still apply, and leaves a notice that names it: a
search URL someone shared or bookmarked never fails, it only says what it could not use.

Beside the filtered listings the FilterSet answers the facet counts: for each option of
seniority, employment type, workplace and country, how many listings that option would give
with the *other* active filters (a facet's own selection does not narrow its own counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import QueryDict
from django.utils import timezone
from django_countries import countries

from jobs.models import EmploymentType, ExchangeRate, Job, Seniority, Workplace

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
    """Enough of a user's value to recognise it in a notice."""
    return text if len(text) <= length else f"{text[:length]}…"


def country_codes_named(text: str) -> list[str]:
    """The ISO codes of the countries whose name contains ``text`` ("germany" -> ["DE"])."""
    if len(text) < 4:
        return []
    needle = text.casefold()
    return [code for code, name in countries if needle in name.casefold()]


class JobFilter(django_filters.FilterSet):
    """The filters of the job list and its feeds, over visible listings only."""

    q = django_filters.CharFilter(
        label="Keywords", method="filter_keyword", max_length=TEXT_MAX_LENGTH
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
        choices=list(countries),
        error_messages={"invalid_choice": "not a country code (ISO 3166, such as DE or US)."},
    )
    location = django_filters.CharFilter(
        label="City or region", method="filter_location", max_length=TEXT_MAX_LENGTH
    )
    salary_min = django_filters.NumberFilter(
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

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, now=None):
        self.now = now or timezone.now()
        if queryset is None:
            queryset = Job.objects.visible(self.now)
        self.notices: list[str] = []
        super().__init__(
            self._keep_known_codes(data or QueryDict()),
            queryset,
            request=request,
            prefix=prefix,
        )
        self.filters["currency"].extra["choices"] = [(code, code) for code in self.rates]

    def _keep_known_codes(self, data: QueryDict) -> QueryDict:
        """Drop unknown codes of the several-valued parameters, keeping the known ones.

        ``?seniority=SE&seniority=XX`` still searches senior listings: only XX is ignored.
        """
        data = data.copy()
        for name, choices in MULTIPLE_CHOICE_PARAMETERS.items():
            values = [value for value in data.getlist(name) if value.strip()]
            known = list(dict.fromkeys(value for value in values if value in choices.values))
            unknown = [value for value in values if value not in choices.values]
            data.setlist(name, known)
            if unknown:
                codes = ", ".join(choices.values)
                self.notices.extend(
                    f"Ignored {name}={shortened(value)}: not one of {codes}." for value in unknown
                )
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
        """What the page says about the parameters it ignored, each naming its parameter."""
        notices = list(self.notices)
        for name, errors in self.form.errors.items():
            raw = shortened(self.form.data.get(name, ""))
            reasons = " ".join(str(error).rstrip(".") + "." for error in errors)
            notices.append(f"Ignored {name}={raw}: {reasons[:1].lower()}{reasons[1:]}")
        return notices

    # -- Filters ------------------------------------------------------------------------

    def filter_one_of(self, queryset, name, values):
        return queryset.filter(**{f"{name}__in": values})

    def filter_keyword(self, queryset, name, text):
        """Title, company name or a skill's name contains the text (any case).

        Written as ``id IN (title matches UNION company matches UNION skill matches)``
        rather than ``title LIKE … OR company.name LIKE … OR EXISTS (skill …)``: PostgreSQL
        cannot serve an OR that spans three tables with indexes and scans every visible
        listing, while each arm of the union uses its own trigram or foreign-key index
        (bench/explain_jobs.txt). A plain UNION rather than UNION ALL: its row estimate is
        sound, where ``IN (… UNION ALL …)`` is guessed at 200 rows and a common word
        ("engineer") then costs tens of thousands of index probes. ``IN`` is a semi-join:
        a listing with two matching skills is still one row, without ``DISTINCT``.
        """
        title_matches = Job.objects.filter(title__icontains=text).values("pk")
        company_matches = Job.objects.filter(company__name__icontains=text).values("pk")
        skill_matches = Job.skills.through.objects.filter(skill__name__icontains=text).values(
            "job_id"
        )
        return queryset.filter(pk__in=title_matches.union(company_matches, skill_matches))

    def filter_location(self, queryset, name, text):
        """City or region contains the text, or the text names the country ("Germany")."""
        place = Q(city__icontains=text) | Q(region__icontains=text)
        if codes := country_codes_named(text):
            place |= Q(country__in=codes)
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
        return queryset.filter(published_at__gte=self.now - timedelta(days=int(days)))

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
        if self.cleaned.get("sort") == "salary":
            return queryset.order_by(
                F("salary_max_usd_yearly").desc(nulls_last=True), "-published_at", "-pk"
            )
        featured_now = Case(
            When(featured_until__gt=self.now, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return queryset.order_by(featured_now.desc(), "-published_at", "-pk")

    def newest(self):
        """The matching listings, newest first, whatever the sort (for the feeds)."""
        return self.narrowed().select_related("company").order_by("-published_at", "-pk")

    # -- Facets -------------------------------------------------------------------------
    #
    # A facet count is the number of listings an option would give with the *other* active
    # filters. All four facet groups are equality tests on a column of the listing, so one
    # grouped query answers every count: the listings that pass the other filters (keyword,
    # location, salary, posted), counted per combination of seniority, employment type,
    # workplace and country (a few hundred rows at most). Each group's counts, and the
    # number of results, are sums over those rows, so the keyword work runs once, not five
    # times (see bench/explain_jobs.txt).

    @cached_property
    def _facet_rows(self) -> list[tuple[str, str, str, str, int]]:
        """(seniority, employment type, workplace, country, listings): one query."""
        rows = (
            self.narrowed(skip=FACET_PARAMETERS)
            .order_by()
            .values_list(*FACET_PARAMETERS)
            .annotate(listings=Count("pk"))
        )
        return [(*(str(value) for value in values), listings) for *values, listings in rows]

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

    def _rows_passing(self, skip: int | None = None):
        """The facet rows that every facet selection accepts, except group number ``skip``."""
        selections = self._facet_selections
        for row in self._facet_rows:
            if all(
                selected is None or number == skip or row[number] in selected
                for number, selected in enumerate(selections)
            ):
                yield row

    def facet_counts(self, name: str) -> dict[str, int]:
        """Listings per value of ``name`` under every other active filter."""
        position = FACET_PARAMETERS.index(name)
        counts: dict[str, int] = {}
        for row in self._rows_passing(skip=position):
            counts[row[position]] = counts.get(row[position], 0) + row[-1]
        return counts

    def result_count(self) -> int:
        """How many listings match every filter (no separate COUNT query)."""
        return sum(row[-1] for row in self._rows_passing())

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
        codes = {row[FACET_PARAMETERS.index("country")] for row in self._facet_rows}
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
        raw = self.form.data
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
                    pairs.append((name, raw.get(name, "").strip()))
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
