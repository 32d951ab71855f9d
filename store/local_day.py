"""The local-day clock: which calendar date it is in a zone, and when the next one begins.

``local_date(instant, tz)`` is the date a wall clock in ``tz`` shows at an aware instant.
``next_local_midnight(after, tz)`` is the first instant strictly after ``after`` at which that
date becomes *later* than it is at ``after``. The result is an aware UTC datetime.

"Midnight" is a convenient name, not a promise that the wall clock reads 00:00 at the result:

* On a 23- or 25-hour DST day the result is the real local midnight, 23 or 25 hours after the
  previous one.
* Where midnight does not exist (America/Sao_Paulo 2018-11-04 jumped from 23:59:59 to 01:00)
  the result is the instant the new date actually begins: the wall clock reads 01:00 there.
* Where a whole date is skipped (Pacific/Apia went from 2011-12-29 straight to 2011-12-31) the
  result is the instant the later date begins, even though it is not ``date + 1``.
* Where clocks go back across midnight (America/St_Johns 2010-11-07 went from 00:01 back to
  23:01 on 2010-11-06), the result is the *first* instant the date becomes later, i.e. the
  first 00:00. The date then briefly falls back to the earlier one and rolls over a second time;
  calling again from an instant in that repeated stretch returns the second rollover. Making
  sure a date is only rolled over once is the caller's job, not this module's.

Why instant arithmetic: Python compares and subtracts aware datetimes that share a tzinfo by
their wall-clock fields, ignoring the UTC offset, so "local midnight + 1 day" is wrong on every
DST day. Here all arithmetic is on POSIX seconds (UTC instants); the zone is consulted only
through ``astimezone``, which maps an instant to its offset.

How: the local wall clock is ``instant + offset(instant)``. Between two offset changes it runs at
the speed of real time, so within one stretch of constant offset ``o`` the date becomes later
exactly at ``W - o``, where ``W`` is the next local midnight as wall-clock seconds. We walk
forward from ``after`` one stretch at a time, locating each offset change to the second (tzdb
transitions fall on whole seconds) by sampling the offset every hour and bisecting where it
changed. That is exact as long as a zone never changes its offset twice within one hour; in the
tz database consecutive changes are days apart, and a test checks the hour against the installed
data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.instants import require_aware_utc

__all__ = ["local_date", "next_local_midnight"]

_SECOND = timedelta(seconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)
# Offset samples are this far apart; correct while no zone changes offset twice within it.
_SCAN_STEP_SECONDS = 3600


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """Return the calendar date a wall clock in ``tz`` shows at the aware ``instant``.

    The instant counts, not its wall-clock fields: 00:30 on 2011-12-30 in Pacific/Apia, a time
    that never existed there, is read as the instant it denotes, which was on 2011-12-31.
    """
    # Via UTC: ``astimezone`` returns its input untouched when the tzinfo is already ``tz``.
    return require_aware_utc(instant, "local_date").astimezone(tz).date()


def next_local_midnight(after: datetime, tz: ZoneInfo) -> datetime:
    """Return the first instant after ``after`` at which the local date in ``tz`` gets later.

    The result is strictly after ``after``, is an aware datetime in UTC, and falls on a whole
    second. See the module docstring for missing midnights, skipped dates and clocks that go
    back across midnight.
    """
    require_aware_utc(after, "next_local_midnight")
    today = local_date(after, tz)
    if today == date.max:
        raise ValueError(
            f"next_local_midnight got {after!r}, which is on {today} in {tz}, the last date "
            "datetime can represent; pass an earlier instant."
        )
    midnight = (datetime.combine(today + timedelta(days=1), time()) - _NAIVE_EPOCH) // _SECOND
    # Offsets change only on whole seconds, so ``after`` floored to its second keeps its offset
    # and its date, and the search can run on whole POSIX seconds.
    start = (after - _EPOCH) // _SECOND
    offset = _offset(start, tz)
    while True:
        # With the offset held, the wall clock reaches ``midnight`` at ``crossing``.
        crossing = midnight - offset
        change = _first_offset_change(start, crossing, offset, tz)
        if change is None:
            return _instant(crossing)
        offset = _offset(change, tz)
        if change + offset >= midnight:
            return _instant(change)  # a forward jump over midnight
        start = change


def _first_offset_change(start: int, end: int, offset: int, tz: ZoneInfo) -> int | None:
    """Return the first second in ``(start, end]`` whose offset differs from ``offset``."""
    before = start
    while before < end:
        sample = min(before + _SCAN_STEP_SECONDS, end)
        if _offset(sample, tz) != offset:
            # Exactly one change lies in (before, sample]: bisect to its second.
            while sample - before > 1:
                middle = (before + sample) // 2
                if _offset(middle, tz) == offset:
                    before = middle
                else:
                    sample = middle
            return sample
        before = sample
    return None


def _offset(posix_second: int, tz: ZoneInfo) -> int:
    """Return the UTC offset of ``tz`` at a POSIX second, in whole seconds."""
    utcoffset = _instant(posix_second).astimezone(tz).utcoffset()
    if utcoffset is None:  # pragma: no cover - a ZoneInfo always knows an aware instant's offset
        raise ValueError(f"zone {tz} gave no UTC offset for POSIX second {posix_second}")
    return utcoffset // _SECOND


def _instant(posix_second: int) -> datetime:
    return _EPOCH + timedelta(seconds=posix_second)
