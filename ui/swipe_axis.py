"""Ticks for the "by swipes" axis: tidy swipe counts (1, 2, 5 times a power of ten) that fit.

Pure, like `ui.time_axis`: the same span and width always give the same labels. Counts are
written as everywhere else in the window (``1,250``), by `ui.numbers.count_text`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ui.numbers import count_text
from ui.time_axis import Tick, fit

MAX_TICKS = 12


def tidy_steps(span: float) -> list[int]:
    """Steps of 1, 2 and 5 times a power of ten, from one swipe to the whole span."""
    steps: list[int] = []
    power = 1
    while power <= max(span, 1.0) * 10:
        steps.extend(multiple * power for multiple in (1, 2, 5))
        power *= 10
    return steps


def swipe_ticks(
    start: float,
    end: float,
    *,
    width_px: float,
    measure: Callable[[str], float],
    gap_px: float,
) -> list[Tick]:
    """As many whole-count ticks in ``[start, end]`` as fit ``width_px``, labels whole.

    As `ui.time_axis.fitted_ticks`: a category axis gives each label ``width / (labels + 1)``.
    """
    for step in tidy_steps(max(end - start, 1e-9)):
        first, last = math.ceil(start / step), math.floor(end / step)
        if last - first + 1 > MAX_TICKS:
            continue
        ticks = [(count_text(k * step), float(k * step)) for k in range(first, last + 1)]
        inner = fit(ticks, start, end, width_px=width_px, measure=measure, gap_px=gap_px)
        if inner:
            return inner
    return []
