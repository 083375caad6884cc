"""Every salary look-up of the careers pages, in one place.

The salary-insights pages (``/salaries/<slug>/``) are being built separately. Until they
exist, a role's "Salary insights" link searches the job list for its salary title and the
typical pay is unknown (``median_usd=None``: the page says "Not enough data yet"). Switching
the careers pages to the salary data means changing ``salary_insights`` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from careers.models import Role


@dataclass(frozen=True)
class SalaryInsight:
    """Where to read about a role's pay, and its median yearly pay in USD when known."""

    role: Role
    salary_title: str
    url: str
    median_usd: Decimal | None = None

    @property
    def median_display(self) -> str:
        """ "USD 145K a year (median)", or "" when unknown."""
        if self.median_usd is None:
            return ""
        thousands = (Decimal(self.median_usd) / 1000).quantize(Decimal("1"))
        return f"USD {thousands:,}K a year (median)"


def salary_insights(roles: Iterable[Role]) -> list[SalaryInsight]:
    """One insight per role, in the order given, without database queries."""
    insights = []
    for role in roles:
        title = role.salary_lookup_title
        url = f"{reverse('jobs:list')}?{urlencode({'q': title})}"
        insights.append(SalaryInsight(role=role, salary_title=title, url=url))
    return insights
