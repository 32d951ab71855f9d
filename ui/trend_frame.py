"""A trend view made ready to draw, off the GUI thread.

`prepare_frame` turns a `TrendView` into the chart's own values (the points of each line as
``QPointF``, each line's trigger marker points, the plotted extent) on the loader's worker thread,
so the GUI thread only hands bounded lists to the series with one ``replace`` each.
``QPointF`` is a plain value type: building it on another thread is safe.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from PySide6.QtCore import QPointF

from middleware.persistence.trend_queries import PageKey, TrendPoint, TrendView
from store.actions import TriggerType
from ui.trend_fold import latest_key

MIN_SPAN_SECONDS = 30.0
"""A single checkpoint (or a burst of them) is shown in half a minute's width, not a sliver:
checkpoints a few seconds apart (a first session at a person's pace) stand apart, with the
axis labelled in seconds, instead of in one column of a two-minute axis."""
MIN_SPAN_SWIPES = 10.0
"""By swipes, the narrowest span drawn (a single checkpoint sits in the middle of it)."""
PAD = 0.03
"""Blank space at each end of the time axis, as a share of the span."""
SCORE_STEP = 0.2


class XAxis(StrEnum):
    """What the chart's horizontal axis measures."""

    TIME = "time"
    """When each snapshot was taken (seconds since the epoch)."""
    SWIPES = "swipes"
    """How many swipes each snapshot covers (the profile version)."""


def x_of(point: TrendPoint, axis: XAxis) -> float:
    """Where ``point`` is drawn along ``axis``."""
    return point.at.timestamp() if axis is XAxis.TIME else float(point.profile_version)


class TrendFrame(NamedTuple):
    view: TrendView
    default_tags: bool
    """The tags follow the latest snapshot's top five (nobody chose them)."""
    latest: PageKey | None
    """The newest row drawn: a refresh reads only the rows after it."""
    lines: tuple[list[QPointF], ...]
    """One list per series of the view, in its order."""
    xs: tuple[list[float], ...]
    """Each line's x values (instants or swipe counts), to find the point under the mouse."""
    markers: dict[TriggerType, tuple[list[QPointF], ...]]
    """Per trigger, one list of marker points per line (drawn in the line's colour)."""
    densest: dict[TriggerType, int]
    """Per trigger, the most markers any one line would carry (for the density rule)."""
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_axis: XAxis = XAxis.TIME
    dated_after_now: tuple[int, datetime | None] = (0, None)
    """Rows of the file dated after the read's now, and the newest one's instant."""

    @property
    def points_drawn(self) -> int:
        return sum(len(line) for line in self.lines)

    def point_at(self, line: int, x: float) -> TrendPoint | None:
        """The point of line ``line`` nearest to ``x`` (an instant, or a swipe count)."""
        xs = self.xs[line]
        if not xs:
            return None
        index = bisect_left(xs, x)
        if index == len(xs) or (index > 0 and x - xs[index - 1] <= xs[index] - x):
            index -= 1
        return self.view.series[line].points[index]


def _x_range(view: TrendView, axis: XAxis) -> tuple[float, float]:
    """The span that holds the points (padded, at least the minimum span), not the range's
    whole days: a first session of a few minutes fills the plot."""
    ends = [x_of(p, axis) for s in view.series for p in (s.points[:1] + s.points[-1:])]
    if ends:
        low, high = min(ends), max(ends)
    elif axis is XAxis.SWIPES:
        low, high = 0.0, MIN_SPAN_SWIPES
    else:
        low = view.end.timestamp() - 86400.0 if view.start is None else view.start.timestamp()
        high = view.end.timestamp()
    minimum = MIN_SPAN_SECONDS if axis is XAxis.TIME else MIN_SPAN_SWIPES
    if high - low < minimum:
        middle = (low + high) / 2
        low, high = middle - minimum / 2, middle + minimum / 2
        if axis is XAxis.SWIPES and low < 0:
            low, high = 0.0, minimum
    pad = (high - low) * PAD
    return low - pad, high + pad


def _y_range(scores: list[float]) -> tuple[float, float]:
    """From a tidy multiple of 0.2 at or below the lowest score to one above the highest."""
    bottom, top = min([0.0, *scores]), max([0.0, *scores])
    bottom = max(-1.0, math.floor(bottom / SCORE_STEP - 0.5) * SCORE_STEP)
    top = min(1.0, math.ceil(top / SCORE_STEP + 0.5) * SCORE_STEP)
    return round(bottom, 1), round(top, 1)


def prepare_frame(
    view: TrendView, *, default_tags: bool, x_axis: XAxis = XAxis.TIME
) -> TrendFrame:
    """What the chart draws for ``view``: bounded by the view's own point budget."""
    lines: list[list[QPointF]] = []
    xs: list[list[float]] = []
    markers: dict[TriggerType, list[list[QPointF]]] = {trigger: [] for trigger in TriggerType}
    densest = dict.fromkeys(TriggerType, 0)
    scores: list[float] = []
    for series in view.series:
        line_xs = [x_of(point, x_axis) for point in series.points]
        line = [QPointF(x, point.score) for x, point in zip(line_xs, series.points, strict=True)]
        counts = dict.fromkeys(TriggerType, 0)
        for each in markers.values():
            each.append([])
        for point, position in zip(series.points, line, strict=True):
            markers[point.trigger_type][-1].append(position)
            counts[point.trigger_type] += 1
        for trigger, count in counts.items():
            densest[trigger] = max(densest[trigger], count)
        scores.extend(point.score for point in series.points)
        lines.append(line)
        xs.append(line_xs)
    return TrendFrame(
        view=view,
        default_tags=default_tags,
        latest=latest_key(view),
        lines=tuple(lines),
        xs=tuple(xs),
        markers={trigger: tuple(each) for trigger, each in markers.items()},
        densest=densest,
        x_range=_x_range(view, x_axis),
        y_range=_y_range(scores),
        x_axis=x_axis,
    )
