"""Counting a click: one more on the listing's row of the day, whoever else counts at once."""

from __future__ import annotations

from datetime import UTC, date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from clicks.models import ApplyClick


def today() -> date:
    """The day a click counts on, and the statistics' today: the date in UTC."""
    return timezone.now().astimezone(UTC).date()


def count_click(job_id: int, day: date | None = None) -> None:
    """Add one to the listing's count of ``day`` (today in UTC by default), in a savepoint of
    its own.

    An UPDATE ... SET count = count + 1 (the row's lock makes concurrent clicks add up), and
    when there is no row yet, an INSERT of 1. Two first clicks of a day at once: one INSERT
    fails on the unique (listing, day) constraint, its savepoint is rolled back and it adds
    one to the other's row. Any other database error is raised (the caller decides)."""
    day = day or today()
    for attempt in range(2):
        try:
            with transaction.atomic():
                rows = ApplyClick.objects.filter(job_id=job_id, day=day)
                if rows.update(count=F("count") + 1):
                    return
                ApplyClick.objects.create(job_id=job_id, day=day, count=1)
                return
        except IntegrityError:
            if attempt:
                raise
