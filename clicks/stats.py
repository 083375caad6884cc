"""The editors' tables: clicks per listing and per company over the last 7, 30 and 90 days.

Each table is one grouped query with conditional sums (``Sum(..., filter=Q(day__gte=...))``)
over the last 90 days' rows, whatever their number. A period counts today (UTC) and the days
before it: the last 7 days are today and the 6 days before. Each table holds at most
``LIMIT`` rows, those with the most clicks in 90 days, and is shown with the most clicks in 30
days first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from clicks.models import ApplyClick

PERIODS = (7, 30, 90)
LIMIT = 200


@dataclass(frozen=True)
class Period:
    days: int
    first: date  # the first day it counts
    last: date  # today


def periods(today: date) -> list[Period]:
    return [Period(days, today - timedelta(days=days - 1), today) for days in PERIODS]


@dataclass(frozen=True)
class Table:
    rows: list[dict]
    truncated: bool  # more rows had clicks than LIMIT: the ones with the fewest were left out


def _sums(today: date) -> dict:
    return {
        f"last_{period.days}": Coalesce(Sum("count", filter=Q(day__gte=period.first)), 0)
        for period in periods(today)
    }


def _window(today: date):
    longest = periods(today)[-1]
    return ApplyClick.objects.filter(day__gte=longest.first, day__lte=today)


def _table(rows, limit: int | None, name_key: str, id_key: str) -> Table:
    rows = list(rows)
    truncated = limit is not None and len(rows) > limit
    rows = rows[:limit]
    rows.sort(
        key=lambda row: (-row["last_30"], -row["last_90"], row[name_key].casefold(), row[id_key])
    )
    return Table(rows, truncated)


def by_listing(today: date, limit: int | None = LIMIT) -> Table:
    """One row per listing clicked in the last 90 days: ``job_id``, ``title``,
    ``company_id``, ``company``, ``last_7``, ``last_30``, ``last_90``. At most ``limit`` rows
    (None: all)."""
    rows = (
        _window(today)
        .values(
            "job_id",
            title=F("job__title"),
            company_id=F("job__company_id"),
            company=F("job__company__name"),
        )
        .annotate(**_sums(today))
        .order_by("-last_90", "job_id")
    )
    if limit is not None:
        rows = rows[: limit + 1]
    return _table(rows, limit, "title", "job_id")


def by_company(today: date, limit: int | None = LIMIT) -> Table:
    """One row per company with a listing clicked in the last 90 days: ``company_id``,
    ``company``, ``listings`` (how many of its listings were clicked in 90 days), ``last_7``,
    ``last_30``, ``last_90``. At most ``limit`` rows (None: all)."""
    rows = (
        _window(today)
        .values(company_id=F("job__company_id"), company=F("job__company__name"))
        .annotate(listings=Count("job_id", distinct=True), **_sums(today))
        .order_by("-last_90", "company_id")
    )
    if limit is not None:
        rows = rows[: limit + 1]
    return _table(rows, limit, "company", "company_id")
