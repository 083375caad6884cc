"""Salary amounts: yearly USD equivalents, what is plausible, and amounts as people write them.

A listing stores its salary as the editor wrote it (minimum, maximum, currency, period) and,
beside it, as yearly USD figures computed here from the currency's exchange rate.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from jobs.choices import SalaryPeriod

CENT = Decimal("0.01")

# How many periods make a year: a month counts 12 times, an hour 2,080 times (40 h x 52 weeks).
PERIODS_PER_YEAR = {SalaryPeriod.HOUR: 2080, SalaryPeriod.MONTH: 12, SalaryPeriod.YEAR: 1}

# A yearly USD equivalent outside this range is an editor's typo, not a salary.
PLAUSIBLE_YEARLY_USD_MIN = Decimal("1000")
PLAUSIBLE_YEARLY_USD_MAX = Decimal("2000000")


def yearly_usd(amount: Decimal | None, period: str, usd_per_unit: Decimal) -> Decimal | None:
    """An amount of a currency (``usd_per_unit`` USD each) and period as USD per year, to the
    cent."""
    if amount is None:
        return None
    yearly = Decimal(amount) * PERIODS_PER_YEAR[period] * usd_per_unit
    return yearly.quantize(CENT, rounding=ROUND_HALF_UP)


def salary_errors(
    minimum: Decimal | None,
    maximum: Decimal | None,
    currency: str | None,
    period: str,
    rate: Callable[[], Decimal | None],
) -> dict[str, list[str]]:
    """The field errors of a salary (empty: none, and every amount plausible). ``rate`` gives
    the currency's USD per unit (None: the currency has no rate); it is called only when a
    complete salary needs it."""
    errors: dict[str, list[str]] = {}
    if minimum is None:
        if maximum is not None:
            errors["salary_min"] = ["Give a minimum when you give a maximum."]
        return errors
    if minimum <= 0:
        errors["salary_min"] = ["The salary must be a positive amount."]
    if maximum is not None:
        if maximum <= 0:
            errors["salary_max"] = ["The salary must be a positive amount."]
        elif maximum < minimum:
            errors["salary_max"] = ["The maximum must not be below the minimum."]
    if not period:
        errors["salary_period"] = ["Say whether the salary is per hour, month or year."]
    if not currency:
        errors["salary_currency"] = ["Choose the salary's currency."]
        return errors
    usd_per_unit = rate()
    if usd_per_unit is None:
        errors["salary_currency"] = [f"There is no exchange rate for {currency}: add one first."]
        return errors
    if errors:
        return errors
    label = dict(SalaryPeriod.choices).get(period, period)
    for field, amount in (("salary_min", minimum), ("salary_max", maximum)):
        if amount is None:
            continue
        yearly = yearly_usd(amount, period, usd_per_unit)
        if not PLAUSIBLE_YEARLY_USD_MIN <= yearly <= PLAUSIBLE_YEARLY_USD_MAX:
            errors[field] = [
                f"{currency} {amount:,} {label} is about USD {yearly:,.0f} a "
                f"year, which is not plausible: the yearly USD equivalent must lie between "
                f"{PLAUSIBLE_YEARLY_USD_MIN:,.0f} and {PLAUSIBLE_YEARLY_USD_MAX:,.0f}."
            ]
    return errors


def format_amount(amount: Decimal, period: str) -> str:
    """One amount as people write it: 120000 -> "120K", 62500 -> "62.5K", 62.50 -> "62.50"."""
    amount = Decimal(amount)
    if period != SalaryPeriod.HOUR and amount >= 1000:
        thousands = (amount / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text = f"{thousands:,.1f}".removesuffix(".0")
        return f"{text}K"
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def range_text(minimum: Decimal, maximum: Decimal | None, period: str) -> str:
    """A range as people write it, "120K - 160K", or one amount when there is no other end."""
    amounts = [minimum]
    if maximum is not None and maximum != minimum:
        amounts.append(maximum)
    return " - ".join(format_amount(amount, period) for amount in amounts)


def salary_text(minimum: Decimal, maximum: Decimal | None, currency: str, period: str) -> str:
    """ "USD 120K - 160K", "EUR 65K", "USD 60 - 80 / hour"."""
    suffix = "" if period == SalaryPeriod.YEAR else f" / {period}"
    return f"{currency} {range_text(minimum, maximum, period)}{suffix}"


def yearly_usd_text(minimum: Decimal, maximum: Decimal | None) -> str:
    """ "USD 68K - 79K a year"."""
    return f"USD {range_text(minimum, maximum, SalaryPeriod.YEAR)} a year"
