"""Figure 6: the trend's reads, for each range the view offers, on a long history.

The subject is `read_trend`, the query selectors the trend panel and ``python -m app
trend`` use: the range's newest row, then its checkpoints (Today) or one row per day (the
longer ranges), then its first row (for what changed over the range), each validated as a
`SnapshotRow`, turned into per-tag points and thinned to the point budget. The baseline is
what any SQLite program would do with the same reads: the same three statements
(`trend_statements` and the first row's) through `sqlite3`, and ``json.loads`` of each
row's payload and meta. Both read the figure-4 history of a million swipes (full size)
through their own read-only connection, opened before the clock starts, with "now" at its
last swipe.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.payload import long_history
from benchmarks.history import TIMEZONE, History
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_movers import FIRST_SQL
from middleware.persistence.trend_queries import (
    TrendRange,
    range_bounds,
    read_trend,
    resolution_of,
    trend_statements,
)

ZONE = ZoneInfo(TIMEZONE)
SELECTORS = "read_trend"
RAW = "sqlite3 + json.loads"


def _check(read: int, expected: int, who: str) -> None:
    if read != expected:
        raise RuntimeError(f"{who} read {read} rows, expected {expected}: not comparable")


def raw_rows(history: History, trend_range: TrendRange) -> Callable[[sqlite3.Connection], int]:
    """The trend's reads through plain sqlite3; the number of rows they returned."""
    bounds = range_bounds(trend_range, history.last_swipe_at, ZONE)
    newest, *series = trend_statements(bounds, trend_range)

    def read(connection: sqlite3.Connection) -> int:
        rows = 0
        cursor = connection.execute(*newest)
        first = cursor.fetchone()
        cursor.close()
        if first is None:
            return 0
        decoded = [(json.loads(first[6]), json.loads(first[7]))]
        others = False  # a drawn row other than the newest: what changed starts there
        for statement in series:
            for columns in connection.execute(*statement):
                decoded.append((json.loads(columns[6]), json.loads(columns[7])))
                rows += 1
                others = others or columns[0] != first[0]
        if not others:  # one row drawn: what changed starts at the range's first row
            cursor = connection.execute(FIRST_SQL, newest.parameters)
            oldest = cursor.fetchone()
            cursor.close()
            if oldest is not None:
                decoded.append((json.loads(oldest[6]), json.loads(oldest[7])))
                rows += 1
        return rows + 1

    return read


def selectors(history: History, trend_range: TrendRange, reads: int) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        with SnapshotRepository.open(history.path, read_only=True) as repository:
            started = time.perf_counter()
            for _ in range(reads):
                view = read_trend(
                    repository, range=trend_range, now=history.last_swipe_at, zone=ZONE
                )
            elapsed = time.perf_counter() - started
        return {"ms": elapsed / reads * 1e3, "rows": view.rows_read}

    return measure


def raw_sqlite(history: History, trend_range: TrendRange, reads: int) -> Callable[[], Measurement]:
    read = raw_rows(history, trend_range)

    def measure() -> Measurement:
        uri = history.path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
        try:
            started = time.perf_counter()
            for _ in range(reads):
                rows = read(connection)
            elapsed = time.perf_counter() - started
        finally:
            connection.close()
        return {"ms": elapsed / reads * 1e3, "rows": rows}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    sizes, config = context.sizes, context.config
    history = long_history(context)
    figure_rows = []
    for trend_range in TrendRange:
        samples = run_interleaved(
            [
                Contender(SELECTORS, selectors(history, trend_range, sizes.trend_reads)),
                Contender(RAW, raw_sqlite(history, trend_range, sizes.trend_reads)),
            ],
            rounds=config.rounds,
            warm_up=config.warm_up,
        )
        rows = int(samples[SELECTORS]["rows"][-1])
        _check(int(samples[RAW]["rows"][-1]), rows, RAW)
        figure_rows.append(
            FigureRow.compare(
                samples,
                figure=6,
                name=(
                    f"trend read, range {trend_range.value} ({rows} rows, "
                    f"{resolution_of(trend_range).value}) at {count(history.swipes)} swipes "
                    "(read_trend)"
                ),
                unit="ms",
                subject=(SELECTORS, "ms"),
                baseline=(RAW, "ms"),
                target=Target("ratio", "<=", 2.0),
            )
        )
    return figure_rows
