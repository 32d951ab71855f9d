"""Ticks for a time axis in the user's local calendar: dates at midnight, hours in between.

A pure function of the range and the zone, so the chart's labels are testable and the same
data always gets the same axis. Instants are seconds since the epoch, as the chart plots them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from store.local_day import local_date

STEPS_SECONDS = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
DAY = 86400
DATE_FORMAT = "%a %d %b"


def pick_step(span_seconds: float, max_ticks: int) -> int:
    """The smallest tidy step that gives at most ``max_ticks`` ticks over the span."""
    for step in STEPS_SECONDS:
        if span_seconds / step <= max_ticks:
            return step
    for days in (1, 2, 7, 14):
        if span_seconds / (days * DAY) <= max_ticks:
            return days * DAY
    weeks = 4
    while span_seconds / (weeks * 7 * DAY) > max_ticks:
        weeks *= 2
    return weeks * 7 * DAY


def time_ticks(
    start: float, end: float, zone: ZoneInfo, *, max_ticks: int = 7
) -> list[tuple[str, float]]:
    """(label, seconds since the epoch) for tidy local instants in ``[start, end]``.

    Local midnights are labelled with the date (``Tue 06 Jan``); other ticks with the time,
    prefixed by the weekday when the range spans more than a day, so every label is unique.
    """
    if end < start:
        start, end = end, start
    step = pick_step(end - start, max_ticks)
    first_day = local_date(datetime.fromtimestamp(start, UTC), zone)
    last_day = local_date(datetime.fromtimestamp(end, UTC), zone)
    multi_day = last_day > first_day
    ticks: list[tuple[str, float]] = []
    seen: set[str] = set()
    day = first_day
    while day <= last_day:
        midnight = datetime(day.year, day.month, day.day)
        if step >= DAY:
            offsets = [0] if (day - first_day).days % (step // DAY) == 0 else []
        else:
            offsets = list(range(0, DAY, step))
        for offset in offsets:
            wall = midnight + timedelta(seconds=offset)
            instant = wall.replace(tzinfo=zone).timestamp()
            if not start <= instant <= end:
                continue
            if offset == 0:
                label = wall.strftime(DATE_FORMAT)
            else:
                label = wall.strftime("%a %H:%M" if multi_day else "%H:%M")
            if label not in seen:
                seen.add(label)
                ticks.append((label, instant))
        day += timedelta(days=1)
    return ticks
