"""How far a unit's figure can be trusted: a seeded bootstrap interval over its files, and ranks
that do not separate units whose difference lies within that uncertainty (docs/index.md).

A unit's figure (mean score, index) rests on the files reviewed. Drawing as many files again
from them, with replacement, many times and recomputing the figure shows how much it could
move by chance. With fewer than ``MIN_FILES`` files this spread cannot be estimated at all
(two files give a handful of distinct draws), so such a unit is not separated from any other.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

RESAMPLES = 400
# A unit with many files needs fewer resamples (its interval is narrow) and costs more per
# resample: above WORK ÷ RESAMPLES files the resamples drop to WORK ÷ files, never below the floor.
WORK = 40_000
MIN_RESAMPLES = 50
LEVEL = 0.90
MIN_FILES = 5

T = TypeVar("T")


@dataclass(frozen=True)
class Ranked:
    """A unit's figure, its interval (None: not estimated) and the files it rests on."""

    value: float
    interval: tuple[float, float] | None
    files: int

    @property
    def separable(self) -> bool:
        return self.interval is not None and self.files >= MIN_FILES

    @property
    def bounds(self) -> tuple[float, float]:
        """The interval, widened to hold the figure itself (a percentile interval may not)."""
        low, high = self.interval
        return min(low, self.value), max(high, self.value)


def resamples_for(files: int) -> int:
    """How many resamples a unit of this many files gets (see ``WORK``)."""
    return max(MIN_RESAMPLES, min(RESAMPLES, WORK // max(files, 1)))


def interval(
    items: Sequence[T],
    statistic: Callable[[Sequence[T]], float | None],
    *,
    seed: str,
    level: float = LEVEL,
) -> tuple[float, float] | None:
    """The central ``level`` percentile interval of ``statistic`` over resamples of ``items``.

    Seeded by ``seed`` (e.g. the unit's name): the same data always give the same interval.
    None when there is nothing to resample or the statistic has no value.
    """
    if not items:
        return None
    draw = random.Random(f"evaltool:{seed}")
    values = []
    for _ in range(resamples_for(len(items))):
        value = statistic(draw.choices(items, k=len(items)))
        if value is not None:
            values.append(value)
    if not values:
        return None
    values.sort()
    tail = (1 - level) / 2
    low = values[int(tail * (len(values) - 1))]
    high = values[round((1 - tail) * (len(values) - 1))]
    return round(low, 2), round(high, 2)


def mean_or_none(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def rank_ranges(units: Sequence[Ranked]) -> list[tuple[int, int]]:
    """For each unit the range of ranks it could hold: 1 + the units clearly above it, to the
    count of units minus those clearly below it. Clearly above: both intervals are estimated
    (enough files) and the other's lower bound lies above this one's upper bound."""
    count = len(units)
    ranges = []
    for unit in units:
        above = sum(_clearly_above(other, unit) for other in units)
        below = sum(_clearly_above(unit, other) for other in units)
        ranges.append((1 + above, count - below))
    return ranges


def _clearly_above(one: Ranked, other: Ranked) -> bool:
    if not (one.separable and other.separable):
        return False
    return one.bounds[0] > other.bounds[1]


def rank_text(low: int, high: int) -> str:
    """第3名, or 第2–5名 when the data do not separate the unit from its neighbours."""
    return f"第{low}名" if low == high else f"第{low}–{high}名"
