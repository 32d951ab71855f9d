"""The one rule for every period trigger: which local periods ended with activity and have
no row.

Every check asks this function, the midnight timer, the clock-jump and zone-change check,
a batch of swipes, and start-up, so the live job and a restart cannot disagree:

- ``open_days`` holds each local date that has swipes and a period some period trigger has
  not claimed yet, with the profile as it was right after that date's last swipe (the
  reducer keeps it);
- ``claimed`` holds, per period trigger, the first date of each period whose row is claimed
  or recorded;
- ``today`` is the local date of "now" in the user's zone (`local_date`, the one function
  that computes a local date).

A period has ended when it starts before the period of ``today``. The claimed periods are a
set, not a maximum: a row for a period in the future of the clock (the clock ran years
ahead for a while) says nothing about any other, so it never holds back a later one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from store.kinds import TriggerType
from store.state import ProfileState
from store.triggers import PERIODS, PeriodTrigger
from store.triggers.day_rollover import DAY_ROLLOVER

_NONE: frozenset[date] = frozenset()


def ended_periods(
    trigger: PeriodTrigger,
    open_days: Mapping[date, ProfileState],
    claimed: frozenset[date],
    today: date,
) -> list[tuple[date, date]]:
    """``(period start, its last open day)`` for each period of ``trigger`` before the
    period of ``today`` with swipes and no row claimed, oldest first. The last open day is
    the one whose profile has the highest swipe sequence: the period's end."""
    current = trigger.period_of(today)
    last: dict[date, date] = {}
    for day, profile in open_days.items():
        start = trigger.period_of(day)
        if start < current and start not in claimed:
            seen = last.get(start)
            if seen is None or open_days[seen].sequence < profile.sequence:
                last[start] = day
    return sorted(last.items())


def ended_days(
    open_days: Mapping[date, ProfileState], rolled_over: frozenset[date], today: date
) -> list[date]:
    """The dates before ``today`` with swipes and no day rollover claimed, oldest first:
    `ended_periods` for the day trigger."""
    return [day for day, _last in ended_periods(DAY_ROLLOVER, open_days, rolled_over, today)]


def is_closed(claimed: Mapping[TriggerType, frozenset[date]], day: date) -> bool:
    """Whether every period trigger has claimed the period ``day`` is in: a swipe on it
    then opens nothing (the clock went back onto periods already recorded)."""
    return all(trigger.period_of(day) in claimed.get(trigger.type, _NONE) for trigger in PERIODS)
