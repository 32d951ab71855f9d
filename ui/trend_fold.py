"""Fold the rows recorded since a trend view was read into that view, without reading it again.

A refresh after a new snapshot reads only the rows after the view's newest one (usually
one) and applies the selectors' own rules to them (`middleware.persistence.trend_queries`):

- every checkpoint of the range (`Resolution.CHECKPOINTS`): each new row adds its points;
- one row a period (`Resolution.DAILY`): the rows of the period triggers the range draws
  whose period is in the range, plus the range's latest row; so the former latest row
  leaves (unless it is such a row), new period rows of the range join, and the new latest
  row joins.

The result equals what `read_trend` returns for the same range at the same instant, as long
as no series had to be thinned (a test holds the two side by side). When a fold cannot give
that (the range's days moved on, the default tags changed, too many new rows, or a series
would grow past twice its point budget), `fold_rows` returns None and the caller reads the
range again, which costs the range, never the whole history.
"""

from __future__ import annotations

from collections.abc import Sequence

from middleware.persistence.trend_movers import movers_between
from middleware.persistence.trend_queries import (
    DEFAULT_TAG_COUNT,
    PageKey,
    RangeBounds,
    Resolution,
    TrendPoint,
    TrendRange,
    TrendSeries,
    TrendView,
    series_key_bounds,
)
from store.actions import TriggerType
from store.snapshot_input import TagAggregate
from store.snapshot_rows import SnapshotRow
from store.triggers import PeriodTrigger, entry_for

GROWTH_LIMIT = 2
"""A folded series may hold up to this many times the view's point budget before re-reading."""


def latest_key(view: TrendView) -> PageKey | None:
    """The newest row drawn in ``view`` (by creation instant, then id), or None if empty."""
    last = [series.points[-1] for series in view.series if series.points]
    if not last:
        return None
    newest = max(last, key=lambda point: (point.at, point.snapshot_id))
    return PageKey(created_at=newest.at, id=newest.snapshot_id)


def _point(row: SnapshotRow, tag: TagAggregate) -> TrendPoint:
    # As `read_trend` makes its points: the row was validated when it was read.
    return TrendPoint(
        at=row.created_at,
        score=tag.score,
        snapshot_id=row.id,
        trigger_type=row.trigger_type,
        window_key=row.window_key,
        profile_version=row.profile_version,
        snapshot_date_local=row.snapshot_date_local,
        zone=None if row.meta is None else row.meta.timezone,
        likes=tag.likes,
        nopes=tag.nopes,
        superlikes=tag.superlikes,
    )


def _is_series_row(
    trend_range: TrendRange, trigger: TriggerType, window_key: str, bounds: RangeBounds
) -> bool:
    """A row of a period trigger the range draws, whose period lies in the range: one of
    the DAILY series' rows (as `trend_statements` selects them)."""
    entry = entry_for(trigger)
    if not isinstance(entry, PeriodTrigger) or trend_range.value not in entry.drawn_in:
        return False
    first, last = series_key_bounds(entry, bounds)
    return first <= window_key <= last


def fold_rows(
    view: TrendView,
    rows: Sequence[SnapshotRow],
    *,
    bounds: RangeBounds,
    default_tags: bool,
) -> TrendView | None:
    """``view`` with ``rows`` (every row after its newest, oldest first) folded in, or None.

    ``bounds`` are the range's bounds now; ``default_tags`` says the view follows the latest
    row's top tags rather than tags the user chose.
    """
    if (bounds.start, bounds.end) != (view.start, view.end):
        return None  # a new local day began: the range itself moved
    if not rows:
        return view
    start, end = bounds.start, bounds.end
    if any(row.created_at >= end or (start and row.created_at < start) for row in rows):
        return None
    newest = rows[-1]
    available = tuple(tag.tag for tag in newest.payload.tags)
    if default_tags and available[:DEFAULT_TAG_COUNT] != view.tags:
        return None
    daily = view.resolution is Resolution.DAILY
    kept_rows = [
        row
        for row in rows
        if not daily
        or row is newest
        or _is_series_row(view.range, row.trigger_type, row.window_key, bounds)
    ]
    series = []
    for old in view.series:
        points = list(old.points)
        if daily and points:
            # The former latest row stays only if it is one of the range's day rows.
            last = points[-1]
            if not _is_series_row(view.range, last.trigger_type, last.window_key, bounds):
                points.pop()
        added = 0
        for row in kept_rows:
            aggregate = next((tag for tag in row.payload.tags if tag.tag == old.tag), None)
            if aggregate is not None:
                points.append(_point(row, aggregate))
                added += 1
        if len(points) > GROWTH_LIMIT * view.max_points:
            return None
        removed = len(old.points) + added - len(points)
        series.append(
            TrendSeries.model_construct(
                tag=old.tag,
                points=tuple(points),
                rows_with_tag=old.rows_with_tag + added - removed,
            )
        )
    since = view.movers_from
    if daily and since is not None and not since.drawn and len(kept_rows) > 1:
        return None  # a day row joined a range that drew one: the movers' first row moved
    if since is not None and not daily:
        since = since._replace(drawn=True)  # every checkpoint is drawn, the first one too
    movers = movers_between(view.first_tags, newest.payload.tags)
    return view.model_copy(
        update={
            "series": tuple(series),
            "available_tags": available,
            "rows_read": len(rows),
            "movers": movers,
            "movers_from": since,
        }
    )
