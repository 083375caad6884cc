"""Every salary look-up of the careers pages, in one place.

A role's "Salary insights" link goes to the salary page of its salary title
(``/salaries/<slug>/``) and its typical pay is that title's median in the survey. A title the
survey does not have falls back to a job-list search for the title (the link then says
"Analytics Manager jobs"); the typical pay is unknown without the title or with too few reports
(``median_usd=None``: the page says "Not enough data yet").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from careers.models import Role
from jobs.salaries.lookups import title_summaries
from jobs.salaries.stats import MIN_REPORTS


@dataclass(frozen=True)
class SalaryInsight:
    """Where to read about a role's pay, and its median yearly pay in USD when known."""

    role: Role
    salary_title: str
    url: str
    median_usd: Decimal | None = None
    report_count: int = 0

    @property
    def has_salary_page(self) -> bool:
        """True when the link goes to the survey's salary page rather than a job search."""
        return self.report_count > 0

    @property
    def link_text(self) -> str:
        """ "View salary info for Data Engineer (global)", as the seed words it; "Analytics
        Manager jobs" when the link opens a job search because the survey lacks the title."""
        if self.has_salary_page:
            return f"View salary info for {self.salary_title} (global)"
        return f"{self.salary_title} jobs"

    @property
    def jobs_url(self) -> str:
        """The job list searched for this salary title."""
        return job_search_url(self.salary_title)

    @property
    def median_display(self) -> str:
        """ "USD 145K a year (median)", or "" when unknown."""
        if self.median_usd is None:
            return ""
        thousands = (Decimal(self.median_usd) / 1000).quantize(Decimal("1"))
        return f"USD {thousands:,}K a year (median)"


def job_search_url(title: str) -> str:
    """The job list searched for a title."""
    return f"{reverse('jobs:list')}?{urlencode({'q': title})}"


def salary_insights(roles: Iterable[Role]) -> list[SalaryInsight]:
    """One insight per role, in the order given, in one query."""
    roles = list(roles)
    summaries = title_summaries(role.salary_lookup_title for role in roles)
    insights = []
    for role in roles:
        title = role.salary_lookup_title
        summary = summaries.get(title)
        if summary is None:
            insight = SalaryInsight(role=role, salary_title=title, url="")
            insights.append(SalaryInsight(role=role, salary_title=title, url=insight.jobs_url))
            continue
        enough = summary.count >= MIN_REPORTS
        insights.append(
            SalaryInsight(
                role=role,
                salary_title=summary.title,
                url=summary.url,
                median_usd=summary.median_usd if enough else None,
                report_count=summary.count,
            )
        )
    return insights
