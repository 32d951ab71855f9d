"""Ticks for a time axis in the user's local calendar, sized to fit the axis.

Pure functions of the range, the zone and a text measure, so the chart's labels are testable
and the same data always gets the same axis. Instants are seconds since the epoch, as the
chart plots them. Short spans get clock times, then days, weeks, months and years as the span
grows; a label names the year whenever the span crosses a new year, so a long range is never
ambiguous.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from store.local_day import local_date

STEPS_SECONDS = (5, 10, 15, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
DAY = 86400
DAY_STEPS = (1, 2, 7, 14)
MONTH_STEPS = (1, 2, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
MAX_TICKS = 12
MARGIN = 3 * 3600
"""Seconds of wall time searched beyond the span for ticks, more than any DST shift."""
Tick = tuple[str, float]


class Step(NamedTuple):
    """A tick spacing: ``seconds`` below a day, else ``days``, else ``months`` (12 a year)."""

    seconds: int = 0
    days: int = 0
    months: int = 0


def pick_step(span_seconds: float, max_ticks: int) -> Step:
    """The smallest tidy step that gives at most ``max_ticks`` ticks over the span."""
    max_ticks = max(1, max_ticks)
    for seconds in STEPS_SECONDS:
        # A span of n steps can hold n + 1 ticks when both ends fall on one.
        if math.floor(span_seconds / seconds) + 1 <= max_ticks:
            return Step(seconds=seconds)
    for days in DAY_STEPS:
        if span_seconds / (days * DAY) <= max_ticks:
            return Step(days=days)
    for months in MONTH_STEPS:
        if span_seconds / (months * 30.4 * DAY) <= max_ticks:
            return Step(months=months)
    for years in YEAR_STEPS:
        if span_seconds / (years * 365.25 * DAY) <= max_ticks:
            break
    return Step(months=12 * years)


def _local_day(instant: float, zone: ZoneInfo) -> date:
    return local_date(datetime.fromtimestamp(instant, UTC), zone)


def _midnight(day: date, zone: ZoneInfo) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()


def _candidates(start: float, end: float, zone: ZoneInfo, step: Step) -> Iterator[Tick]:
    first_day = _local_day(start, zone)
    last_day = _local_day(end, zone)
    spans_years = first_day.year != last_day.year
    if step.months:
        month = first_day.year * 12 + first_day.month - 1
        month -= month % step.months
        while month <= last_day.year * 12 + last_day.month - 1:
            day = date(month // 12, month % 12 + 1, 1)
            if step.months >= 12:
                label = f"{day:%Y}"
            else:
                label = f"{day:%b %Y}" if spans_years else f"{day:%b}"
            yield label, _midnight(day, zone)
            month += step.months
        return
    day_format = "%d %b %Y" if spans_years else "%a %d %b"
    week_format = "%d %b %Y" if spans_years else "%d %b"
    day = first_day
    while day <= last_day:
        midnight = datetime(day.year, day.month, day.day)
        if step.days:
            # Weeks start on Mondays (ordinal 1 is one), labelled by date alone; shorter
            # steps count from the first day shown and name the weekday.
            weekly = step.days >= 7
            anchor = day.toordinal() - 1 if weekly else (day - first_day).days
            if anchor % step.days == 0:
                label = midnight.strftime(week_format if weekly else day_format)
                yield label, _midnight(day, zone)
        else:
            # Only the offsets near [start, end] (a DST shift moves wall time by an hour or
            # so against elapsed time, hence the margin): a step of seconds over a whole day
            # would be thousands of candidates.
            since_midnight = _midnight(day, zone)
            low = max(0, int(start - since_midnight) - MARGIN)
            high = min(DAY, int(end - since_midnight) + MARGIN)
            for offset in range(low - low % step.seconds, high + 1, step.seconds):
                wall = midnight + timedelta(seconds=offset)
                instant = wall.replace(tzinfo=zone).timestamp()
                if offset == 0:
                    yield wall.strftime(day_format), instant
                else:
                    # Within 24 hours a clock time is unique; beyond, it names the weekday;
                    # a step under a minute names the seconds.
                    clock = "%a %H:%M" if end - start > DAY else "%H:%M"
                    yield wall.strftime(clock + (":%S" if step.seconds < 60 else "")), instant
        day += timedelta(days=1)


def time_ticks(start: float, end: float, zone: ZoneInfo, *, max_ticks: int = 7) -> list[Tick]:
    """(label, seconds since the epoch) for tidy local instants in ``[start, end]``.

    Local midnights are labelled with the date (``Tue 06 Jan``, or ``06 Jan 2026`` when the
    span crosses a year); other ticks with the time, prefixed by the weekday when the span
    is longer than a day; months as ``Mar`` (``Mar 2026``), years as ``2026``. Labels
    are unique.
    """
    if end < start:
        start, end = end, start
    step = pick_step(end - start, max_ticks)
    ticks: list[Tick] = []
    seen: set[str] = set()
    for label, instant in _candidates(start, end, zone, step):
        if start <= instant <= end and label not in seen:
            seen.add(label)
            ticks.append((label, instant))
    return ticks


def fitted_ticks(
    start: float,
    end: float,
    zone: ZoneInfo,
    *,
    width_px: float,
    measure: Callable[[str], float],
    gap_px: float,
) -> list[Tick]:
    """As many ticks as fit ``width_px`` with every label whole and ``gap_px`` apart.

    A category axis gives each label ``width / (labels + 1)`` and elides what is wider, so
    the widest label plus the gap must fit that share. Ticks closer to either end than half
    a label are dropped, so no label reaches past the plot into the margin.
    """
    for max_ticks in range(MAX_TICKS, 0, -1):
        inner = fit(
            time_ticks(start, end, zone, max_ticks=max_ticks),
            start,
            end,
            width_px=width_px,
            measure=measure,
            gap_px=gap_px,
        )
        if inner:
            return inner
    return []


def fit(
    ticks: list[Tick],
    start: float,
    end: float,
    *,
    width_px: float,
    measure: Callable[[str], float],
    gap_px: float,
) -> list[Tick]:
    """``ticks`` without those closer to an end than half a label, if the rest fit whole in
    ``width_px`` (each label gets ``width / (labels + 1)``); else none. One rule for every
    axis of the chart: by time and by swipes."""
    if not ticks:
        return []
    span = max(end - start, 1e-9)
    widest = max(measure(label) for label, _ in ticks) + gap_px
    half = widest / 2 * span / width_px
    inner = [(label, at) for label, at in ticks if start + half <= at <= end - half]
    return inner if inner and widest * (len(inner) + 1) <= width_px else []
