"""Pay figures of a group of survey reports: percentiles, figures per level and per year.

Percentiles interpolate linearly between closest ranks (PostgreSQL's ``percentile_cont``,
NumPy's default). They are computed here in Python, with exact fractions, from the sorted USD
amounts, so SQLite and PostgreSQL show the same figures to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor

from jobs.choices import Seniority
from jobs.salaries.chart import Histogram, histogram

# Fewer reports than this and the figures carry a "too few reports" warning (and a median is
# not shown as "typical pay" beside an article: careers.salary).
MIN_REPORTS = 5

CENT = Decimal("0.01")


def percentile(sorted_values: Sequence[int], fraction: str | Fraction) -> Decimal:
    """The percentile of sorted amounts, interpolated linearly between closest ranks.

    ``fraction`` is given exactly, e.g. "0.25". [10, 20, 30, 40] gives 17.50 for "0.25".
    """
    count = len(sorted_values)
    if count == 0:
        raise ValueError("no values")
    position = (count - 1) * Fraction(fraction)
    lower = floor(position)
    upper = min(lower + 1, count - 1)
    low_value = Fraction(sorted_values[lower])
    exact = low_value + (Fraction(sorted_values[upper]) - low_value) * (position - lower)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Figures:
    """Number of reports, median and percentiles of a group of USD amounts."""

    count: int
    median: Decimal
    p10: Decimal
    p25: Decimal
    p75: Decimal
    p90: Decimal

    @property
    def too_few(self) -> bool:
        return self.count < MIN_REPORTS

    def model_fields(self) -> dict:
        """The figures as the fields of a ``SalaryFigures`` model."""
        return {
            "report_count": self.count,
            "median_usd": self.median,
            "p10_usd": self.p10,
            "p25_usd": self.p25,
            "p75_usd": self.p75,
            "p90_usd": self.p90,
        }


def figures_of(sorted_values: Sequence[int]) -> Figures | None:
    """The figures of sorted amounts; None when there are none."""
    if not sorted_values:
        return None
    return Figures(
        count=len(sorted_values),
        median=percentile(sorted_values, "0.5"),
        p10=percentile(sorted_values, "0.1"),
        p25=percentile(sorted_values, "0.25"),
        p75=percentile(sorted_values, "0.75"),
        p90=percentile(sorted_values, "0.9"),
    )


def whole_usd(amount: Decimal) -> int:
    """An amount rounded to a whole dollar, halves up: how the pages show figures."""
    return int(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LevelRow:
    code: str
    label: str
    figures: Figures | None


@dataclass(frozen=True)
class YearRow:
    year: int
    count: int
    median: Decimal

    @property
    def too_few(self) -> bool:
        return self.count < MIN_REPORTS


@dataclass(frozen=True)
class Breakdown:
    """Everything a title page shows about a set of reports."""

    figures: Figures | None
    levels: list[LevelRow]
    years: list[YearRow]
    histogram: Histogram | None = field(default=None)


def breakdown(reports: Iterable[tuple[int, str, int]]) -> Breakdown:
    """Figures overall, per experience level and per year of (usd, level, year) reports."""
    all_values: list[int] = []
    by_level: dict[str, list[int]] = defaultdict(list)
    by_year: dict[int, list[int]] = defaultdict(list)
    for usd, level, year in reports:
        all_values.append(usd)
        by_level[level].append(usd)
        by_year[year].append(usd)
    all_values.sort()
    levels = [
        LevelRow(code, label, figures_of(sorted(by_level.get(code, ()))))
        for code, label in Seniority.choices
    ]
    years = []
    for year in sorted(by_year):
        values = sorted(by_year[year])
        years.append(YearRow(year, len(values), percentile(values, "0.5")))
    return Breakdown(figures_of(all_values), levels, years, histogram(all_values))
