"""What other pages show of the survey: a title's summary (the careers app's links) and how a
listing's salary compares with the survey (the job page). Each answers in one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import FilteredRelation, Q
from django.urls import reverse

from jobs.choices import Seniority
from jobs.salaries.models import SalaryTitle
from jobs.salaries.stats import MIN_REPORTS
from jobs.salaries.titles import contained_keys, longest_title, title_key


@dataclass(frozen=True)
class TitleSummary:
    """A survey title's figures for other pages (e.g. a comparison article's table)."""

    title: str
    slug: str
    url: str
    count: int
    median_usd: Decimal


def title_summaries(titles: Iterable[str]) -> dict[str, TitleSummary]:
    """Summaries of survey titles, keyed by the titles as given (matched case-insensitively);
    titles the survey lacks are left out. One query."""
    wanted = {title: title_key(title) for title in titles if title and title.strip()}
    if not wanted:
        return {}
    rows = SalaryTitle.objects.filter(title_key__in=set(wanted.values())).values(
        "title", "title_key", "slug", "report_count", "median_usd"
    )
    by_key = {
        row["title_key"]: TitleSummary(
            title=row["title"],
            slug=row["slug"],
            url=reverse("jobs:salary_detail", kwargs={"slug": row["slug"]}),
            count=row["report_count"],
            median_usd=row["median_usd"],
        )
        for row in rows
    }
    return {title: by_key[key] for title, key in wanted.items() if key in by_key}


@dataclass(frozen=True)
class ListingComparison:
    """Where a listing's yearly USD range sits against the survey's median for its title and
    seniority: "above" (its minimum is above it), "below" (its maximum is below it), else
    "around"."""

    position: str
    median_usd: Decimal
    count: int
    title: str
    slug: str
    seniority: str
    single_amount: bool

    @property
    def seniority_label(self) -> str:
        return Seniority(self.seniority).label

    @property
    def too_few(self) -> bool:
        return self.count < MIN_REPORTS

    @property
    def url(self) -> str:
        path = reverse("jobs:salary_detail", kwargs={"slug": self.slug})
        return f"{path}?experience={self.seniority}"

    @property
    def people(self) -> str:
        """ "Senior-level / Expert Data Engineers", or "Senior-level / Expert Head of Data
        roles" for a title that does not end in a word naming a person."""
        if _names_a_person(self.title):
            return f"{self.seniority_label} {self.title}s"
        return f"{self.seniority_label} {self.title} roles"


_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ect", "ate", "ive", "ead", "ow", "ff")


def _names_a_person(title: str) -> bool:
    words = title.split()
    return bool(words) and words[-1].lower().endswith(_PERSON_ENDINGS)


def listing_comparison(job) -> ListingComparison | None:
    """How a listing's salary compares with the survey, or None (no salary, no survey title
    or no reports for its seniority). Its survey title is the one its editor set, else the
    longest one its title contains (jobs.salaries.titles). One query."""
    if job.salary_min_usd_yearly is None or job.salary_max_usd_yearly is None:
        return None
    if not job.seniority:
        return None
    editor_title = job.survey_title.strip()
    keys = [title_key(editor_title)] if editor_title else contained_keys(job.title)
    if not keys or not keys[0]:
        return None
    rows = (
        SalaryTitle.objects.filter(title_key__in=keys)
        .annotate(
            level=FilteredRelation("levels", condition=Q(levels__experience_level=job.seniority))
        )
        .values("title", "slug", "report_count", "level__report_count", "level__median_usd")
    )
    best = longest_title(rows)
    if best is None or not best["level__report_count"]:
        return None
    median = best["level__median_usd"]
    if job.salary_min_usd_yearly > median:
        position = "above"
    elif job.salary_max_usd_yearly < median:
        position = "below"
    else:
        position = "around"
    return ListingComparison(
        position=position,
        median_usd=median,
        count=best["level__report_count"],
        title=best["title"],
        slug=best["slug"],
        seniority=job.seniority,
        single_amount=job.salary_min_usd_yearly == job.salary_max_usd_yearly,
    )
