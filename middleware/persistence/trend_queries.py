"""The query selectors every over-time view consumes: series bounded for display.

``read_trend(repository, range=..., tags=..., max_points=..., now=..., zone=...)`` returns
a `TrendView`: for the range's local days (`TrendRange`, `range_bounds`) and the chosen
tags (default: the top `DEFAULT_TAG_COUNT` of the latest snapshot in the range, by score
and then by name), one `TrendSeries` per tag of at most ``max_points`` `TrendPoint` values,
each carrying what a hover shows about its row. ``page_snapshots`` pages the rows newest
first (`snapshot_pages`); the value types are in `trend_view`, the ranges in `trend_range`,
all importable from here. The contract, also in docs/architecture.md ("Query selectors"):

- **Bounded reads.** Only rows of the range are read, through the indexes on
  ``created_at`` and on (``trigger_type``, ``window_key``); never the whole table. Ranges
  of up to `CHECKPOINT_DAYS` local days (Today) read every checkpoint; longer ones read
  one row per period of each period trigger that draws in the range (`PeriodTrigger
  .drawn_in`: a day's DAY_ROLLOVER row, a week's WEEKLY_ROLLOVER row, selected by the period
  in its window key, through the key's index), plus the latest row of the range, so today
  is shown as it is now. Only rows created in ``[start, end)`` count: a row written after the end of
  the range's last day is not in it. `rows_read` says how many rows SQLite returned.
- **Bounded points.** Each series keeps at most ``max_points`` points, the first, lowest,
  highest and last of each bucket (`keep_extremes`), so peaks survive.
- **What changed.** `TrendView.movers`: the tags that rose and fell most from the first row
  the chart draws to the latest (`trend_movers`), so a named change is the change the lines
  show; when the chart draws one row only, from the range's first row (one more read of one
  row, through the ``created_at`` index). `TrendView.movers_from` says which.
- **Deterministic.** Points are in time order, ties by snapshot id; the same rows and
  arguments give the same view and byte-identical `TrendView.canonical_json`. The clock is
  an argument (``now``), never read here.

A repository belongs to one thread: call these on the thread that opened it (the app's
trend loader opens its own, read-only, off the GUI thread).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from datetime import date, datetime
from itertools import chain
from typing import NamedTuple
from zoneinfo import ZoneInfo

from middleware.persistence.downsample import MIN_POINTS, keep_extremes
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.snapshot_pages import (
    PageKey,
    SnapshotPage,
    iter_snapshots,
    page_snapshots,
)
from middleware.persistence.snapshot_reads import SNAPSHOT_COLUMNS, created_at_bound
from middleware.persistence.trend_movers import FIRST_SQL, Mover, MoversFrom, movers_between
from middleware.persistence.trend_range import (
    CHECKPOINT_DAYS,
    RangeBounds,
    Resolution,
    TrendRange,
    range_bounds,
    resolution_of,
)
from middleware.persistence.trend_view import TrendPoint, TrendSeries, TrendView
from store.snapshot_input import TagAggregate
from store.snapshot_rows import SnapshotRow
from store.triggers import PeriodTrigger, series_triggers

__all__ = [
    "CHECKPOINT_DAYS",
    "DEFAULT_MAX_POINTS",
    "DEFAULT_RANGE",
    "DEFAULT_TAG_COUNT",
    "MIN_POINTS",
    "Mover",
    "PageKey",
    "RangeBounds",
    "Resolution",
    "SnapshotPage",
    "Statement",
    "TrendPoint",
    "TrendRange",
    "TrendSeries",
    "TrendView",
    "iter_snapshots",
    "page_snapshots",
    "range_bounds",
    "read_trend",
    "resolution_of",
    "series_key_bounds",
    "trend_statements",
]

DEFAULT_RANGE = TrendRange.WEEK
DEFAULT_TAG_COUNT = 5
DEFAULT_MAX_POINTS = 1200
"""Twice the width of the chart's plot area in the default window, in pixels."""

_IN_RANGE = "created_at >= ? AND created_at < ?"
LATEST_SQL = (
    f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots WHERE {_IN_RANGE} "
    "ORDER BY created_at DESC, id DESC"
)
CHECKPOINTS_SQL = (
    f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots WHERE {_IN_RANGE} ORDER BY created_at, id"
)
ROLLOVERS_SQL = (
    f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots "
    "WHERE trigger_type = ? AND window_key >= ? AND window_key <= ? "
    f"AND {_IN_RANGE} ORDER BY window_key, created_at, id"
)
"""The statements `read_trend` runs; a test checks each one's plan uses an index."""

_NO_LOWER_BOUND = ""  # sorts before every stored instant


def _checked_tags(tags: Iterable[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        raise TypeError(f"tags must be a collection of tag names, received the string {tags!r}")
    chosen: dict[str, None] = {}
    for tag in tags:
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(f"each tag must be a non-empty name, received {tag!r}")
        chosen.setdefault(tag, None)  # the first mention fixes the order; repeats dropped
    return tuple(chosen)


class Statement(NamedTuple):
    """One SQL read and its parameters."""

    sql: str
    parameters: tuple[str, ...]


def series_key_bounds(trigger: PeriodTrigger, bounds: RangeBounds) -> tuple[str, str]:
    """The first and last window key of ``trigger`` whose period lies in ``bounds``."""
    first = trigger.format_key(trigger.period_of(bounds.first_day or date.min))
    return first, trigger.format_key(trigger.period_of(bounds.last_day))


def trend_statements(bounds: RangeBounds, trend_range: TrendRange) -> tuple[Statement, ...]:
    """The reads of a trend view: the range's newest row, then the series' rows (every
    checkpoint, or the rows of each period trigger the range draws, one read each).

    `read_trend` runs exactly these; they are public so that tests can check their query
    plans and benchmarks can run the same reads without the selectors.
    """
    start = _NO_LOWER_BOUND if bounds.start is None else created_at_bound(bounds.start)
    end = created_at_bound(bounds.end)
    latest = Statement(LATEST_SQL, (start, end))
    if resolution_of(trend_range) is Resolution.CHECKPOINTS:
        return latest, Statement(CHECKPOINTS_SQL, (start, end))
    return latest, *(
        Statement(
            ROLLOVERS_SQL, (trigger.type.value, *series_key_bounds(trigger, bounds), start, end)
        )
        for trigger in series_triggers(trend_range.value)
    )


def _point(row: SnapshotRow, tag: TagAggregate) -> TrendPoint:
    return TrendPoint(
        row.created_at,
        tag.score,
        row.id,
        row.trigger_type,
        row.window_key,
        row.profile_version,
        row.snapshot_date_local,
        None if row.meta is None else row.meta.timezone,
        tag.likes,
        tag.nopes,
        tag.superlikes,
    )


def read_trend(
    repository: SnapshotRepository,
    *,
    range: TrendRange = DEFAULT_RANGE,
    tags: Iterable[str] | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
    now: datetime,
    zone: ZoneInfo,
) -> TrendView:
    """The series a trend chart draws for ``range`` ending on the local day of ``now``.

    ``tags`` chooses the series (in that order; a tag without rows gives an empty series);
    None takes the latest row's top `DEFAULT_TAG_COUNT`. ``max_points`` (at least
    `MIN_POINTS`) bounds every series. Raises ValueError for a naive ``now``, a budget
    below `MIN_POINTS` or an empty tag name; `RepositoryError` if the database fails.
    """
    if max_points < MIN_POINTS:
        raise ValueError(
            f"max_points must be at least {MIN_POINTS} (first, lowest, highest and last of "
            f"a bucket), received {max_points}"
        )
    chosen = None if tags is None else _checked_tags(tags)
    trend_range = TrendRange(range)
    bounds = range_bounds(trend_range, now, zone)
    resolution = resolution_of(trend_range)
    newest, *series_rows = trend_statements(bounds, trend_range)
    fetched_before = repository.rows_fetched
    with closing(repository.stream_snapshots(*newest)) as newest_first:
        latest = next(newest_first, None)  # only the newest readable row is fetched
    available = () if latest is None else tuple(tag.tag for tag in latest.payload.tags)
    if chosen is None:
        chosen = available[:DEFAULT_TAG_COUNT]
    points: dict[str, list[TrendPoint]] = {tag: [] for tag in chosen}
    first_drawn: SnapshotRow | None = None
    if latest is not None and chosen:
        seen: set[str] = set()
        rows: Iterator[SnapshotRow] = chain.from_iterable(
            repository.stream_snapshots(*statement) for statement in series_rows
        )
        if resolution is Resolution.DAILY:
            rows = _with_latest(rows, latest, seen)
        for row in rows:
            seen.add(row.id)
            if first_drawn is None or (row.created_at, row.id) < (
                first_drawn.created_at,
                first_drawn.id,
            ):
                first_drawn = row
            scores = {tag.tag: tag for tag in row.payload.tags}
            for tag, series in points.items():
                aggregate = scores.get(tag)
                if aggregate is not None:
                    series.append(_point(row, aggregate))
    for series in points.values():
        series.sort(key=lambda point: (point.at, point.snapshot_id))
    first = first_drawn
    drawn = latest is not None and first is not None and first.id != latest.id
    if latest is not None and not drawn:
        # One row drawn (a day-by-day range's first day): the range's first row, named so.
        with closing(repository.stream_snapshots(FIRST_SQL, newest.parameters)) as oldest_first:
            first = next(oldest_first, None)  # one row, through the created_at index
    first_tags = () if first is None else first.payload.tags
    return TrendView(
        range=trend_range,
        resolution=resolution,
        zone=zone.key,
        start=bounds.start,
        end=bounds.end,
        max_points=max_points,
        tags=chosen,
        available_tags=available,
        series=tuple(
            TrendSeries.model_construct(
                tag=tag, points=keep_extremes(series, max_points), rows_with_tag=len(series)
            )
            for tag, series in points.items()
        ),
        rows_read=repository.rows_fetched - fetched_before,
        movers=movers_between(first_tags, latest.payload.tags) if latest is not None else (),
        first_tags=first_tags,
        movers_from=None if first is None else MoversFrom(first.profile_version, drawn),
    )


def _with_latest(
    rows: Iterator[SnapshotRow], latest: SnapshotRow, seen: set[str]
) -> Generator[SnapshotRow, None, None]:
    """The day rows, then the range's latest row unless it was one of them."""
    yield from rows
    if latest.id not in seen:
        yield latest
