"""Figure 9: the trend's refresh after a new snapshot, at 1k, 100k and 1M swipes of history.

When a snapshot lands, the trend loader opens the database read-only, reads the view the
chart shows (`read_trend` for the default range, with a point budget of twice the chart's
width) and closes it. That whole refresh is timed here on three histories side by side in
one run (`history`: a heavy user's 1,500 swipes a day, every policy row written), and the
points it hands to the chart are counted. Its cost must not grow with the history: the
targets bound the ratio of the 1M history to the 1k one, and the points per series.
The longest range, All, reads one row per day of history and is reported beside it.

`measure_refreshes` takes an ``after_load`` step that runs on each loaded view inside the
measured refresh and adds its own metrics (the GUI figure draws the view there and
reports the GUI thread's time); `refresh_rows` makes this figure's rows from the samples.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.payload import history_of
from benchmarks.history import TIMEZONE, History
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, Samples, run_interleaved
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import DEFAULT_RANGE, TrendRange, TrendView, read_trend

FIGURE = 9
ZONE = ZoneInfo(TIMEZONE)
CHART_WIDTH_PX = 600
"""The plot area's width in the default window (about 1200x780), in pixels."""
MAX_POINTS = 2 * CHART_WIDTH_PX
LONGEST_RANGE = TrendRange.ALL

AfterLoad = Callable[[TrendView], Measurement]
"""Work done with each loaded view, measured with the refresh; returns its own metrics."""


@dataclass(frozen=True, slots=True)
class RefreshRun:
    """The samples of one run: contender name -> metric -> one value per round."""

    samples: Samples
    small: str
    mid: str
    large: str


def _name(history: History) -> str:
    return f"{count(history.swipes)} swipes"


def refresh(
    history: History, reads: int, after_load: AfterLoad | None = None
) -> Callable[[], Measurement]:
    """A run: ``reads`` refreshes of the default range and one of the longest, each a
    read-only open, `read_trend` and close; their mean times and what they drew."""

    def load(trend_range: TrendRange) -> tuple[TrendView, float]:
        started = time.perf_counter()
        with SnapshotRepository.open(history.path, read_only=True) as repository:
            view = read_trend(
                repository,
                range=trend_range,
                max_points=MAX_POINTS,
                now=history.last_swipe_at,
                zone=ZONE,
            )
        return view, (time.perf_counter() - started) * 1e3

    def measure() -> Measurement:
        extra: dict[str, list[float]] = {}
        elapsed = 0.0
        for _ in range(reads):
            view, load_ms = load(DEFAULT_RANGE)
            elapsed += load_ms
            for metric, value in (after_load(view) if after_load else {}).items():
                extra.setdefault(metric, []).append(value)
        longest, longest_ms = load(LONGEST_RANGE)
        return {
            "load_ms": elapsed / reads,
            "rows_read": view.rows_read,
            "points_drawn": view.points_drawn,
            "longest_load_ms": longest_ms,
            "longest_rows_read": longest.rows_read,
            "longest_points_per_series": max(len(s.points) for s in longest.series),
            **{metric: sum(values) / len(values) for metric, values in extra.items()},
        }

    return measure


def measure_refreshes(context: BenchContext, *, after_load: AfterLoad | None = None) -> RefreshRun:
    """The three histories' refreshes, interleaved round after round."""
    sizes, config = context.sizes, context.config
    histories = [
        history_of(context, swipes)
        for swipes in (sizes.small_history_swipes, sizes.mid_history_swipes, sizes.history_swipes)
    ]
    samples = run_interleaved(
        [
            Contender(_name(history), refresh(history, sizes.trend_reads, after_load))
            for history in histories
        ],
        rounds=config.rounds,
        warm_up=config.warm_up,
    )
    small, mid, large = (_name(history) for history in histories)
    return RefreshRun(samples, small, mid, large)


def refresh_rows(run: RefreshRun) -> list[FigureRow]:
    """This figure's rows: the default range at the large and mid history against the small,
    the longest range reported, and the points per series against the chart's width."""
    samples, small = run.samples, run.small
    default, longest = DEFAULT_RANGE.value, LONGEST_RANGE.value
    drawn = int(samples[run.large]["points_drawn"][-1])
    rows = [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=(
                f"trend refresh after a snapshot, range {default} (open, read_trend, close; "
                f"{drawn} points drawn) at {size}"
            ),
            unit="ms",
            subject=(size, "load_ms"),
            baseline=(small, "load_ms"),
            baseline_name=f"at {small}",
            target=Target("ratio", "<=", 1.5),
        )
        for size in (run.large, run.mid)
    ]
    days = int(samples[run.large]["longest_rows_read"][-1])
    rows.append(
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=f"trend refresh, range {longest} ({days} rows, one a day) at {run.large}",
            unit="ms",
            subject=(run.large, "longest_load_ms"),
            baseline=(small, "longest_load_ms"),
            baseline_name=f"at {small}",
        )
    )
    rows.append(
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=(
                f"points per series, range {longest}, at {run.large} "
                f"(chart {CHART_WIDTH_PX} px wide)"
            ),
            unit="points",
            subject=(run.large, "longest_points_per_series"),
            baseline=(small, "longest_points_per_series"),
            baseline_name=f"at {small}",
            target=Target("median", "<=", 2 * CHART_WIDTH_PX, "points"),
        )
    )
    return rows


def run(context: BenchContext) -> list[FigureRow]:
    return refresh_rows(measure_refreshes(context))
