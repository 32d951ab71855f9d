"""Which local days a trend range covers, and at what resolution it is drawn.

A range is a number of whole local days ending with today, in the viewer's zone: "7d" is
today and the six days before it, from the first instant of the first day to the first
instant of tomorrow. Day starts come from `store.local_day.next_local_midnight`, the
one rule for when a local date begins, so a range that spans a DST change is 23 or 25
hours shorter or longer than its days times 24, and a midnight that does not exist is
replaced by the instant the date really begins.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from store.local_day import local_date, next_local_midnight

__all__ = [
    "CHECKPOINT_DAYS",
    "RangeBounds",
    "Resolution",
    "TrendRange",
    "range_bounds",
    "resolution_of",
    "start_of_local_day",
]


class TrendRange(StrEnum):
    """The ranges a trend view offers; the values are what the CLI accepts."""

    TODAY = "today"
    WEEK = "7d"
    MONTH = "30d"
    YEAR = "1y"
    ALL = "all"


class Resolution(StrEnum):
    """How many rows a series takes per local day."""

    CHECKPOINTS = "checkpoints"
    """Every snapshot row in the range: each 25 swipes, each rollover, each manual one."""
    DAILY = "daily"
    """One row per local day: its DAY_ROLLOVER row, plus the latest row of the range."""


_DAYS: dict[TrendRange, int | None] = {
    TrendRange.TODAY: 1,
    TrendRange.WEEK: 7,
    TrendRange.MONTH: 30,
    TrendRange.YEAR: 365,
    TrendRange.ALL: None,
}

CHECKPOINT_DAYS = 2
"""Ranges of at most this many local days show every checkpoint; longer ones one row a
day. A heavy day has some 60 to 110 checkpoints, so two days stay within a few hundred
rows to read and draw, while a week of checkpoints would already be several times the
chart's width; a day's rollover row is the profile as that day ended."""


class RangeBounds(NamedTuple):
    """The instants and local dates a range covers: ``[start, end)`` in UTC."""

    start: datetime | None
    """The first instant of the first day; None for `TrendRange.ALL` (no lower bound)."""
    end: datetime
    """The first instant of tomorrow (exclusive)."""
    first_day: date | None
    """The first local date; None for `TrendRange.ALL`."""
    last_day: date
    """Today's local date."""


def resolution_of(trend_range: TrendRange) -> Resolution:
    """`Resolution.CHECKPOINTS` for ranges of up to `CHECKPOINT_DAYS` days, else DAILY."""
    days = _DAYS[trend_range]
    if days is not None and days <= CHECKPOINT_DAYS:
        return Resolution.CHECKPOINTS
    return Resolution.DAILY


def start_of_local_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) at which the local date in ``zone`` is ``day`` or later."""
    # From an instant safely before ``day`` (offsets are within +-26 h of UTC), step from
    # one local midnight to the next until the date reached is ``day`` or a later one (a
    # date a zone skipped entirely begins where the next one does).
    probe = datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=30)
    while True:
        boundary = next_local_midnight(probe, zone)
        if local_date(boundary, zone) >= day:
            return boundary
        probe = boundary


def range_bounds(trend_range: TrendRange, now: datetime, zone: ZoneInfo) -> RangeBounds:
    """The whole local days of ``trend_range`` that end with the day of ``now`` in ``zone``.

    ``now`` must be aware. The result depends only on the arguments.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(
            f"range_bounds needs an aware 'now', received naive {now.isoformat()!r}; "
            "pass e.g. datetime.now(UTC)"
        )
    today = local_date(now, zone)
    end = next_local_midnight(now, zone)
    days = _DAYS[trend_range]
    if days is None:
        return RangeBounds(None, end, None, today)
    first_day = today - timedelta(days=days - 1)
    return RangeBounds(start_of_local_day(first_day, zone), end, first_day, today)
