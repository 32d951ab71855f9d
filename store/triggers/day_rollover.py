"""DAY_ROLLOVER: a snapshot when a local day with swipes has ended, ``day:2026-01-20``."""

from __future__ import annotations

from datetime import date

from store.kinds import TriggerType
from store.triggers.entry import PeriodTrigger, TriggerStyle


def _same_day(day: date) -> date:
    return day


DAY_ROLLOVER = PeriodTrigger(
    TriggerType.DAY_ROLLOVER,
    "day",
    r"\d{4}-\d{2}-\d{2}",
    TriggerStyle("Day rollover", "#d97706", "square", 0.65),
    period_of=_same_day,
    body_of=date.isoformat,
    start_of=date.fromisoformat,
    noun="local day",
    nominal_days=1,
    drawn_in=frozenset({"7d", "30d", "1y", "all"}),
)
