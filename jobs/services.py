"""Domain operations: what the admin's actions and the importers do to listings, in one place.

- :func:`publish`, :func:`feature`, :func:`stop_featuring`, :func:`expire_now`: the admin's
  actions on selected listings, with the model's rules (the default expiry of
  ``jobs.models.default_expiry``, "not expired" of ``JobQuerySet.not_expired``).
- :func:`change_exchange_rate`: a write that spans several models.

Changing an exchange rate changes the yearly USD figures of every listing priced in that
currency: the figures every salary filter relies on. The change is refused when it would make
a listing's salary implausible (the database would refuse that listing too), and otherwise
the rate and the listings are written in one transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.models import ExchangeRate, Job, default_expiry
from jobs.money import PLAUSIBLE_YEARLY_USD_MAX, PLAUSIBLE_YEARLY_USD_MIN

# An error names at most this many listings, then says how many more there are.
NAMED_LISTINGS_MAX = 10

# What the plausibility check and the USD recomputation read of a listing.
SALARY_FIELDS = ["id", "title", "salary_min", "salary_max", "salary_currency", "salary_period"]


def implausible_listings(listings, usd_per_unit: Decimal) -> list[Job]:
    """The listings whose salary would be implausible at this rate."""
    return [job for job in listings if job.salary_errors(usd_per_unit)]


def implausible_rate_message(currency: str, usd_per_unit: Decimal, implausible: list[Job]) -> str:
    names = ", ".join(f"“{job.title}” (#{job.pk})" for job in implausible[:NAMED_LISTINGS_MAX])
    if len(implausible) > NAMED_LISTINGS_MAX:
        names += f" and {len(implausible) - NAMED_LISTINGS_MAX} more"
    count = len(implausible)
    noun = "listing" if count == 1 else "listings"
    return (
        f"At USD {usd_per_unit.normalize():f} per {currency}, the salary of {count} {noun} "
        f"would lie outside the plausible {PLAUSIBLE_YEARLY_USD_MIN:,.0f} to "
        f"{PLAUSIBLE_YEARLY_USD_MAX:,.0f} USD a year: {names}. Check the rate, or correct "
        "those listings first."
    )


def listings_priced_in(currency: str):
    return (
        Job.objects.filter(salary_currency_id=currency, salary_min__isnull=False)
        .only(*SALARY_FIELDS)
        .order_by("pk")
    )


def check_exchange_rate_change(currency: str, usd_per_unit: Decimal) -> None:
    """Raise a ValidationError on the rate, naming the listings a new rate would break."""
    implausible = implausible_listings(listings_priced_in(currency).iterator(), usd_per_unit)
    if implausible:
        message = implausible_rate_message(currency, usd_per_unit, implausible)
        raise ValidationError({"usd_per_unit": message}, code="implausible_listings")


def change_exchange_rate(
    rate: ExchangeRate, usd_per_unit: Decimal, valid_on: datetime.date | None = None
) -> int:
    """Set a currency's rate and recompute its listings' yearly USD figures, all or nothing.

    Raises a ValidationError on ``usd_per_unit`` naming the listings that the new rate would
    make implausible; returns the number of listings recomputed.
    """
    with transaction.atomic():
        # Lock the rate and its listings so that no listing changes between check and write.
        ExchangeRate.objects.select_for_update().get(pk=rate.pk)
        listings = list(listings_priced_in(rate.currency).select_for_update())
        implausible = implausible_listings(listings, usd_per_unit)
        if implausible:
            message = implausible_rate_message(rate.currency, usd_per_unit, implausible)
            raise ValidationError({"usd_per_unit": message}, code="implausible_listings")
        rate.usd_per_unit = usd_per_unit
        if valid_on is not None:
            rate.valid_on = valid_on
        rate.save()
        now = timezone.now()
        for job in listings:
            job.compute_salary_usd(usd_per_unit)
            job.updated_at = now
        Job.objects.bulk_update(
            listings,
            ["salary_min_usd_yearly", "salary_max_usd_yearly", "updated_at"],
            batch_size=500,
        )
    return len(listings)


# -- Publishing, featuring, expiring -----------------------------------------------------------


def publish(listings, now=None) -> tuple[list[Job], list[Job]]:
    """Publish the listings that are not published yet: now unless they have a publication
    date, expiring at the default expiry unless they have a later one. The listings
    published, and those of them still hidden because already expired."""
    now = now or timezone.now()
    published = list(listings.exclude(status=Job.Status.PUBLISHED))
    for job in published:
        job.status = Job.Status.PUBLISHED
        if job.published_at is None:
            job.published_at = now
        if job.expires_at is None or job.expires_at <= job.published_at:
            job.expires_at = default_expiry(job.published_at)
        job.apply_visible_since(now)
        job.updated_at = now
    Job.objects.bulk_update(
        published, ["status", "published_at", "expires_at", "visible_since", "updated_at"]
    )
    return published, [job for job in published if job.is_expired(now)]


def feature(listings, until, now=None) -> tuple[int, int]:
    """Feature the listings until ``until``; how many, and how many of them are not visible
    now (draft, scheduled or expired: featured only once visible)."""
    now = now or timezone.now()
    count = listings.update(featured_until=until, updated_at=now)
    not_visible = listings.exclude(pk__in=Job.objects.visible(now).values("pk")).count()
    return count, not_visible


def stop_featuring(listings, now=None) -> int:
    now = now or timezone.now()
    return listings.filter(featured_until__gt=now).update(featured_until=None, updated_at=now)


def expire_now(listings, now=None) -> tuple[int, int]:
    """Expire the listings that have not expired, except those scheduled for a later
    publication (a listing cannot expire before it is published): how many expired, and how
    many were left because scheduled."""
    now = now or timezone.now()
    not_expired = listings.not_expired(now)
    scheduled = not_expired.filter(published_at__gt=now).count()
    count = not_expired.exclude(published_at__gt=now).update(expires_at=now, updated_at=now)
    return count, scheduled
