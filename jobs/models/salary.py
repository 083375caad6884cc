"""A listing's salary: its yearly USD figures from the currency's rate, its checks and its text
(the arithmetic and the words are jobs.money's). A mixin of ``Job``, which holds the fields."""

from __future__ import annotations

from decimal import Decimal

from jobs.models.rates import read_rates
from jobs.money import salary_errors, salary_text, yearly_usd, yearly_usd_text


class ListingSalary:
    """The salary methods of a listing (``salary_min``, ``salary_max``, ``salary_currency``,
    ``salary_period`` and the two yearly USD fields are ``Job``'s)."""

    # The USD per unit that the last compute_salary_usd() used (None: none was needed or known).
    rate_used: Decimal | None = None

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None

    def usd_per_unit(self, *, lock: bool = False) -> Decimal | None:
        """USD per unit of the salary's currency (None: no currency, or no rate for it), read
        under a share lock with ``lock`` (see read_rates)."""
        currency = self.salary_currency_id
        return read_rates([currency], share_lock=lock).get(currency) if currency else None

    def compute_salary_usd(
        self, usd_per_unit: Decimal | None = None, *, lock_rate: bool = False
    ) -> None:
        """Set the yearly USD equivalents from the salary and the currency's rate (given, or
        read under a share lock with ``lock_rate``); ``rate_used`` is then that rate."""
        self.rate_used = None
        if self.salary_min is None or not self.salary_currency_id or not self.salary_period:
            self.salary_min_usd_yearly = self.salary_max_usd_yearly = None
            return
        if usd_per_unit is None:
            usd_per_unit = self.usd_per_unit(lock=lock_rate)
        if usd_per_unit is None:
            self.salary_min_usd_yearly = self.salary_max_usd_yearly = None
            return
        self.rate_used = usd_per_unit
        top = self.salary_max if self.salary_max is not None else self.salary_min
        self.salary_min_usd_yearly = yearly_usd(self.salary_min, self.salary_period, usd_per_unit)
        self.salary_max_usd_yearly = yearly_usd(top, self.salary_period, usd_per_unit)

    def salary_errors(self, usd_per_unit: Decimal | None = None) -> dict[str, list[str]]:
        """Field errors of the salary, with a rate given or looked up (empty: all plausible)."""
        return salary_errors(
            self.salary_min,
            self.salary_max,
            self.salary_currency_id,
            self.salary_period,
            lambda: usd_per_unit if usd_per_unit is not None else self.usd_per_unit(),
        )

    @property
    def salary_display(self) -> str:
        """The salary as people write it: "USD 120K - 160K", "EUR 65K", "USD 60 - 80 / hour"."""
        if not self.has_salary:
            return ""
        return salary_text(
            self.salary_min, self.salary_max, self.salary_currency_id, self.salary_period
        )

    @property
    def salary_usd_display(self) -> str:
        """The yearly USD equivalent, e.g. "USD 68K - 79K a year"."""
        if self.salary_min_usd_yearly is None:
            return ""
        return yearly_usd_text(self.salary_min_usd_yearly, self.salary_max_usd_yearly)
