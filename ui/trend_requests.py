"""What the trend panel asks its loader for, and how each request runs on the worker thread.

Each request is an immutable value with a ``run(open_repository)`` that opens the database
(read-only, on the worker thread that runs it), makes bounded reads through the query
selectors (`middleware.persistence.trend_queries`) and returns what the GUI thread applies
in one step. No request reads the whole history:

- `ReadRange`: one range, through `read_trend` (the range's rows, one a day for long ranges).
- `Refresh`: after a new snapshot, only the rows after the newest one shown, folded into the
  shown view (`fold_rows`); the range again only when a fold cannot stand for it.
- `OlderRows`: the table's next keyset page, newest first.

The table lists rows dated up to now: rows dated after it (a clock that ran ahead, another
machine's rows) would stand above today's real rows; each read counts them instead
(`SnapshotReads.rows_dated_after`) and the panel says so in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from middleware.persistence.dated_after import AHEAD_MARGIN, dated_after_now
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import (
    PageKey,
    SnapshotPage,
    TrendRange,
    page_snapshots,
    range_bounds,
    read_trend,
)
from ui.trend_fold import fold_rows
from ui.trend_frame import TrendFrame, XAxis, prepare_frame

OpenRepository = Callable[[], SnapshotRepository]
"""Opens the database for reading; called on the loader's worker thread, closed there."""
TAIL_LIMIT = 100
"""More new rows than this since the last refresh: read the range again instead."""
TABLE_PAGE = 100
"""Rows a table page holds: a few screens."""


@dataclass(frozen=True)
class ReadRange:
    """The chart for ``range`` and ``tags`` (None: the latest snapshot's top five)."""

    range: TrendRange
    tags: tuple[str, ...] | None
    max_points: int
    now: datetime
    zone: ZoneInfo
    x_axis: XAxis = XAxis.TIME

    def read(self, repository: SnapshotRepository) -> TrendFrame:
        dated_after = dated_after_now(repository, self.now)
        view = read_trend(
            repository,
            range=self.range,
            tags=self.tags,
            max_points=self.max_points,
            now=self.now,
            zone=self.zone,
        )
        frame = prepare_frame(view, default_tags=self.tags is None, x_axis=self.x_axis)
        return frame._replace(dated_after_now=dated_after)

    def run(self, open_repository: OpenRepository) -> TrendFrame:
        with open_repository() as repository:
            return self.read(repository)


class Refreshed(NamedTuple):
    frame: TrendFrame
    newer_rows: SnapshotPage | None
    """The table's rows after its top row, oldest first (None when it had none to compare)."""
    rows_read: int
    """Snapshot rows this refresh read from SQLite, chart and table together."""
    reread: bool
    """The range was read again (a fold could not stand for it)."""


@dataclass(frozen=True)
class Refresh:
    """Bring ``shown`` and the table's top up to date after new snapshots."""

    shown: TrendFrame
    max_points: int
    now: datetime
    zone: ZoneInfo
    table_top: PageKey | None

    def run(self, open_repository: OpenRepository) -> Refreshed:
        with open_repository() as repository:
            before = repository.rows_fetched
            view, latest = self.shown.view, self.shown.latest
            tail = (
                None
                if latest is None
                else page_snapshots(repository, limit=TAIL_LIMIT, after=latest, oldest_first=True)
            )
            folded = None
            if tail is not None and tail.next_key is None and self.zone.key == view.zone:
                folded = fold_rows(
                    view,
                    tail.rows,
                    bounds=range_bounds(view.range, self.now, self.zone),
                    default_tags=self.shown.default_tags,
                )
            if folded is not None:
                frame = prepare_frame(
                    folded, default_tags=self.shown.default_tags, x_axis=self.shown.x_axis
                )._replace(dated_after_now=dated_after_now(repository, self.now))
            else:
                tags = None if self.shown.default_tags else view.tags
                again = ReadRange(
                    view.range, tags, self.max_points, self.now, self.zone, self.shown.x_axis
                )
                frame = again.read(repository)
            newer: SnapshotPage | None = None
            until = self.now + AHEAD_MARGIN
            if self.table_top is not None:
                if tail is not None and self.table_top == latest:
                    kept = tuple(row for row in tail.rows if row.created_at < until)
                    newer = SnapshotPage(rows=kept, next_key=tail.next_key)
                else:
                    newer = page_snapshots(
                        repository,
                        limit=TABLE_PAGE,
                        after=self.table_top,
                        oldest_first=True,
                        until=until,
                    )
            return Refreshed(frame, newer, repository.rows_fetched - before, folded is None)


@dataclass(frozen=True)
class OlderRows:
    """The table's next page: ``limit`` rows older than ``after`` (the newest when None)."""

    after: PageKey | None
    limit: int = TABLE_PAGE
    until: datetime | None = None
    """Only rows created before this (now): rows dated later are counted, not listed."""

    def run(self, open_repository: OpenRepository) -> SnapshotPage:
        with open_repository() as repository:
            return page_snapshots(repository, limit=self.limit, after=self.after, until=self.until)
