"""Writes that span several models.

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

from jobs.models import PLAUSIBLE_YEARLY_USD_MAX, PLAUSIBLE_YEARLY_USD_MIN, ExchangeRate, Job

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
