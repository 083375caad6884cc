"""Initial exchange rates (USD per unit, approximate, as of the salary survey snapshot)."""

import datetime
from decimal import Decimal

from django.db import migrations

RATES = {
    "USD": "1",
    "EUR": "1.05",
    "GBP": "1.27",
    "CAD": "0.72",
    "INR": "0.012",
    "AUD": "0.65",
    "CHF": "1.12",
    "JPY": "0.0067",
    "SGD": "0.74",
    "SEK": "0.095",
    "NOK": "0.092",
    "DKK": "0.14",
    "PLN": "0.25",
    "CZK": "0.042",
    "HUF": "0.0026",
    "BRL": "0.17",
    "MXN": "0.05",
    "NZD": "0.59",
    "ZAR": "0.055",
    "HKD": "0.128",
    "CNY": "0.138",
    "ILS": "0.28",
    "TRY": "0.03",
    "PHP": "0.017",
    "THB": "0.029",
}
AS_OF = datetime.date(2025, 1, 19)


def add_rates(apps, schema_editor):
    ExchangeRate = apps.get_model("jobs", "ExchangeRate")
    for currency, rate in RATES.items():
        ExchangeRate.objects.get_or_create(
            currency=currency, defaults={"usd_per_unit": Decimal(rate), "valid_on": AS_OF}
        )


def remove_rates(apps, schema_editor):
    ExchangeRate = apps.get_model("jobs", "ExchangeRate")
    ExchangeRate.objects.filter(currency__in=RATES, jobs__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(add_rates, remove_rates)]
