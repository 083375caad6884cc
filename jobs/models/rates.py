"""Exchange rates: what one unit of a currency is worth in USD."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import connections, models, router
from django.db.models import Q
from django.utils import timezone

from config.page_content import PageContent, PageContentQuerySet

currency_code_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter ISO 4217 currency code, such as USD or EUR."
)


class ExchangeRate(PageContent, models.Model):
    """What one unit of a currency is worth in USD, on a given date."""

    currency = models.CharField(
        max_length=3, unique=True, validators=[currency_code_validator], help_text="ISO 4217 code."
    )
    usd_per_unit = models.DecimalField(
        "USD per unit", max_digits=14, decimal_places=6, help_text="For example 1.05 for EUR."
    )
    valid_on = models.DateField("rate as of", default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageContentQuerySet.as_manager()

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self):
        return self.currency


def read_rates(currencies=None, *, share_lock: bool = False) -> dict[str, Decimal]:
    """USD per unit of each currency (all, or those given). With ``share_lock`` inside a
    transaction on PostgreSQL, the rows are read ``FOR SHARE`` until it ends: an exchange-rate
    change (``jobs.services.change_exchange_rate``, which locks its rate ``FOR UPDATE`` and then
    recomputes every listing in that currency) either commits before this read, or waits until
    the listing written with this rate has committed and then recomputes it too. A listing's
    USD figures can never come from a rate that is being replaced."""
    rates = ExchangeRate.objects.order_by()
    if currencies is not None:
        rates = rates.filter(currency__in=list(currencies))
    rates = rates.values_list("currency", "usd_per_unit")
    alias = router.db_for_write(ExchangeRate)
    connection = connections[alias]
    if share_lock and connection.vendor == "postgresql" and connection.in_atomic_block:
        sql, params = rates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} FOR SHARE", params)
            return dict(cursor.fetchall())
    return dict(rates.using(alias))
