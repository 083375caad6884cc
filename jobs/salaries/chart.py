"""The geometry of a title page's histogram: round bin widths and the SVG shapes of the bins."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from math import floor

from jobs.choices import SalaryPeriod
from jobs.money import format_amount

# Bin widths a reader takes in at a glance; the smallest that needs at most MAX_BINS bins wins.
NICE_BIN_WIDTHS = (
    1_000,
    2_000,
    2_500,
    5_000,
    10_000,
    20_000,
    25_000,
    50_000,
    100_000,
    200_000,
    250_000,
    500_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
)
MAX_BINS = 20

# The histogram's drawing, in SVG user units.
CHART_WIDTH = 560
CHART_HEIGHT = 260
PLOT_LEFT = 8
PLOT_RIGHT = 552
PLOT_TOP = 24
PLOT_BOTTOM = 220
LABEL_Y = 240


def _short_usd(amount: int) -> str:
    return format_amount(Decimal(amount), SalaryPeriod.YEAR)


@dataclass(frozen=True)
class HistogramBin:
    low: int
    high: int | None  # None: the open-ended last bin ("500K and more")
    count: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{_short_usd(self.low)} USD and more"
        return f"{_short_usd(self.low)} to under {_short_usd(self.high)} USD"

    @property
    def short_label(self) -> str:
        return _short_usd(self.low) + ("+" if self.high is None else "")

    @property
    def label_x(self) -> float:
        return self.x

    @property
    def count_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class Histogram:
    bins: list[HistogramBin]
    bin_width: int
    max_count: int
    total: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_bottom: int = PLOT_BOTTOM
    label_y: int = LABEL_Y

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def open_ended_from(self) -> int | None:
        """Where the open-ended last bin starts, if there is one."""
        last = self.bins[-1]
        return last.low if last.high is None else None

    @property
    def busiest(self) -> HistogramBin:
        return max(self.bins, key=lambda bin_: bin_.count)


def histogram(sorted_values: Sequence[int]) -> Histogram | None:
    """Bins of equal, round width from the lowest amount up to the 99th percentile; the few
    amounts above go into one open-ended last bin so that outliers don't squash the chart."""
    if not sorted_values:
        return None
    lowest = sorted_values[0]
    top = sorted_values[-1]
    if len(sorted_values) >= 100:
        top = sorted_values[floor((len(sorted_values) - 1) * 0.99)]
    for bin_width in NICE_BIN_WIDTHS:
        start = lowest // bin_width * bin_width
        bin_count = (top - start) // bin_width + 1
        if bin_count <= MAX_BINS:
            break
    edges = [start + index * bin_width for index in range(bin_count + 1)]
    counts = [
        bisect_left(sorted_values, high) - bisect_left(sorted_values, low)
        for low, high in pairwise(edges)
    ]
    ranges: list[tuple[int, int | None]] = list(pairwise(edges))
    overflow = len(sorted_values) - bisect_left(sorted_values, edges[-1])
    if overflow:
        counts.append(overflow)
        ranges.append((edges[-1], None))
    max_count = max(counts)
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(counts)
    label_every = max(1, -(-len(counts) // 5))
    bins = []
    for index, ((low, high), count) in enumerate(zip(ranges, counts, strict=True)):
        height = round((PLOT_BOTTOM - PLOT_TOP) * count / max_count, 1)
        bins.append(
            HistogramBin(
                low=low,
                high=high,
                count=count,
                x=round(PLOT_LEFT + index * slot + 1, 1),
                y=round(PLOT_BOTTOM - height, 1),
                width=round(max(slot - 2, 1), 1),
                height=height,
                show_label=index % label_every == 0,
            )
        )
    return Histogram(bins=bins, bin_width=bin_width, max_count=max_count, total=len(sorted_values))
