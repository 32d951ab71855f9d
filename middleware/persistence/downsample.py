"""Thin a time series to a bounded number of points without losing its peaks.

The points are cut into equal-count buckets, and each bucket keeps its first, its lowest,
its highest and its last point (M4 downsampling): a line drawn through them touches every
extreme a line through all the points would, at most four points a bucket. Ties between
equal scores go to the earlier point, and the input is in time order (ties by snapshot
id), so the same points always give the same selection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["MIN_POINTS", "keep_extremes"]

MIN_POINTS = 4
"""The smallest budget: one bucket's first, lowest, highest and last point."""


class _Scored(Protocol):
    @property
    def score(self) -> float: ...


P = TypeVar("P", bound=_Scored)


def keep_extremes(points: Sequence[P], max_points: int) -> tuple[P, ...]:
    """At most ``max_points`` of ``points`` (in time order), keeping every bucket's extremes.

    ``max_points`` must be at least `MIN_POINTS`. Series that fit are returned whole.
    """
    if max_points < MIN_POINTS:
        raise ValueError(
            f"max_points must be at least {MIN_POINTS} (a bucket's first, lowest, highest "
            f"and last point), received {max_points}"
        )
    total = len(points)
    if total <= max_points:
        return tuple(points)
    buckets = max_points // MIN_POINTS
    kept: list[P] = []
    for bucket in range(buckets):
        first = bucket * total // buckets
        last = (bucket + 1) * total // buckets - 1
        indexes = range(first, last + 1)
        # min and max return the first of equal candidates: the earliest point.
        lowest = min(indexes, key=lambda index: points[index].score)
        highest = max(indexes, key=lambda index: points[index].score)
        kept.extend(points[index] for index in sorted({first, lowest, highest, last}))
    return tuple(kept)
