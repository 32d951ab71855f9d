"""A trend view made ready to draw, off the GUI thread.

`prepare_frame` turns a `TrendView` into the chart's own values (the points of each line as
``QPointF``, each trigger's marker points, the plotted extent) on the loader's worker thread,
so the GUI thread only hands bounded lists to the series with one ``replace`` each.
``QPointF`` is a plain value type: building it on another thread is safe.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import NamedTuple

from PySide6.QtCore import QPointF

from middleware.persistence.trend_queries import PageKey, TrendPoint, TrendView
from store.actions import TriggerType
from ui.trend_fold import latest_key

MIN_SPAN_SECONDS = 3600.0
"""A single checkpoint (or a burst of them) is shown in an hour's width, not a sliver."""
PAD = 0.03
"""Blank space at each end of the time axis, as a share of the span."""
SCORE_STEP = 0.2


class TrendFrame(NamedTuple):
    view: TrendView
    default_tags: bool
    """The tags follow the latest snapshot's top five (nobody chose them)."""
    latest: PageKey | None
    """The newest row drawn: a refresh reads only the rows after it."""
    lines: tuple[list[QPointF], ...]
    """One list per series of the view, in its order."""
    xs: tuple[list[float], ...]
    """Each line's instants (seconds since the epoch), to find the point under the mouse."""
    markers: dict[TriggerType, list[QPointF]]
    densest: dict[TriggerType, int]
    """Per trigger, the most markers any one line would carry (for the density rule)."""
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    @property
    def points_drawn(self) -> int:
        return sum(len(line) for line in self.lines)

    def point_at(self, line: int, x: float) -> TrendPoint | None:
        """The point of line ``line`` nearest to instant ``x``."""
        xs = self.xs[line]
        if not xs:
            return None
        index = bisect_left(xs, x)
        if index == len(xs) or (index > 0 and x - xs[index - 1] <= xs[index] - x):
            index -= 1
        return self.view.series[line].points[index]


def _x_range(view: TrendView) -> tuple[float, float]:
    instants = [p.at.timestamp() for s in view.series for p in (s.points[:1] + s.points[-1:])]
    if instants:
        low, high = min(instants), max(instants)
    else:
        low = view.end.timestamp() - 86400.0 if view.start is None else view.start.timestamp()
        high = view.end.timestamp()
    if high - low < MIN_SPAN_SECONDS:
        middle = (low + high) / 2
        low, high = middle - MIN_SPAN_SECONDS / 2, middle + MIN_SPAN_SECONDS / 2
    pad = (high - low) * PAD
    return low - pad, high + pad


def _y_range(scores: list[float]) -> tuple[float, float]:
    """From a tidy multiple of 0.2 at or below the lowest score to one above the highest."""
    bottom, top = min([0.0, *scores]), max([0.0, *scores])
    bottom = max(-1.0, math.floor(bottom / SCORE_STEP - 0.5) * SCORE_STEP)
    top = min(1.0, math.ceil(top / SCORE_STEP + 0.5) * SCORE_STEP)
    return round(bottom, 1), round(top, 1)


def prepare_frame(view: TrendView, *, default_tags: bool) -> TrendFrame:
    """What the chart draws for ``view``: bounded by the view's own point budget."""
    lines: list[list[QPointF]] = []
    xs: list[list[float]] = []
    markers: dict[TriggerType, list[QPointF]] = {trigger: [] for trigger in TriggerType}
    densest = dict.fromkeys(TriggerType, 0)
    scores: list[float] = []
    for series in view.series:
        line_xs = [point.at.timestamp() for point in series.points]
        line = [QPointF(x, point.score) for x, point in zip(line_xs, series.points, strict=True)]
        counts = dict.fromkeys(TriggerType, 0)
        for point, position in zip(series.points, line, strict=True):
            markers[point.trigger_type].append(position)
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
        markers=markers,
        densest=densest,
        x_range=_x_range(view),
        y_range=_y_range(scores),
    )
