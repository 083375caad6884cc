"""A job search in words and URLs: its canonical query string, the links that remove one of
its filters, and its headline ("Senior-level / Expert full-time remote jobs").

Ignored values and defaults never appear, so that equal searches read the same and have equal
URLs (pagination, feeds, the canonical link).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from jobs.choices import EmploymentType, Seniority, Workplace
from jobs.countries import country_name
from jobs.search.parameters import (
    DEFAULT_CURRENCY,
    DEFAULT_SORT,
    MULTIPLE_CHOICE_PARAMETERS,
    POSTED_CHOICES,
)

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
class ActiveFilter:
    """A filter in use, as the page lists it, with the URL of the same search without it."""

    label: str
    remove_query: str


def plain_number(amount: Decimal) -> str:
    """A number as a search URL carries it: 1E+5 -> "100000", 62.50 -> "62.5"."""
    return f"{amount.normalize():f}"


class SearchDescription:
    """The words and URLs of :class:`jobs.search.filterset.JobFilter` (a part of it): reads its
    ``filters`` (for their order), ``cleaned`` parameters and ``salary_currency``."""

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
        # The one-value filters, each in words.
        words = {
            "country": country_name,
            "eligible": lambda code: f"Open to applicants in {country_name(code)}",
            "location": lambda text: f"Near “{text}”",
            "salary_min": lambda _amount: f"At least {self.salary_min_text} a year",
            "pay_range": lambda _value: "Pay range posted",
            "posted": dict(POSTED_CHOICES).get,
        }
        for name, text in words.items():
            if cleaned.get(name):
                active.append(ActiveFilter(text(cleaned[name]), self.query_string((name, None))))
        return active

    @property
    def salary_min_text(self) -> str:
        amount = self.cleaned.get("salary_min") or Decimal(0)
        text = f"{amount:,.2f}".removesuffix(".00")
        return f"{self.salary_currency} {text}"

    def headline(self) -> str:
        """The search in words, for the h1, the title and the feeds.

        "Senior-level / Expert remote jobs", "Full-time jobs in Berlin, Germany matching
        “pytorch”", "Jobs with a pay range posted", or "AI, ML and data jobs" without filters.
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
            country_name(cleaned["country"]) if cleaned.get("country") else "",
        ]
        if place := ", ".join(part for part in places if part):
            text += f" in {place}"
        if cleaned.get("eligible"):
            text += f" open to applicants in {country_name(cleaned['eligible'])}"
        if cleaned.get("q"):
            text += f" matching “{cleaned['q']}”"
        if cleaned.get("salary_min"):
            text += f" paying at least {self.salary_min_text} a year"
        if cleaned.get("posted"):
            text += f" posted {POSTED_WORDS[cleaned['posted']]}"
        if cleaned.get("pay_range"):
            text += " with a pay range posted"
        return text[:1].upper() + text[1:]
