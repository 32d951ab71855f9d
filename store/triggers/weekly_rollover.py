"""WEEKLY_ROLLOVER: a snapshot when a local ISO week with swipes has ended, ``week:2026-W03``.

The week begins at the local start of its Monday (the same local-day rule as a day: the
period of a date is the Monday on or before it), so the row is written at the first
check of the new week and holds the profile after the ended week's last swipe.
"""

from __future__ import annotations

from datetime import date, timedelta

from store.kinds import TriggerType
from store.triggers.entry import PeriodTrigger, TriggerStyle


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _iso_week(monday: date) -> str:
    year, week, _weekday = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _monday_of_week(body: str) -> date:
    year, _, week = body.partition("-W")
    return date.fromisocalendar(int(year), int(week), 1)


WEEKLY_ROLLOVER = PeriodTrigger(
    TriggerType.WEEKLY_ROLLOVER,
    "week",
    r"\d{4}-W\d{2}",
    TriggerStyle("Week rollover", "#0f766e", "triangle", 0.8),
    period_of=_monday_of,
    body_of=_iso_week,
    start_of=_monday_of_week,
    noun="ISO week",
    nominal_days=7,
    drawn_in=frozenset({"1y"}),
)
