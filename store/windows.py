"""Snapshot window keys: one format, written and read in this one place.

A window key names the slice of history a snapshot stands for, and together with the
trigger type and profile version it is the snapshot's identity:

- ``swipes:000125`` — the swipe counter reached 125 (a multiple of the interval);
- ``day:2026-01-20`` — the local day 2026-01-20 ended;
- ``manual:000130`` — the user asked for a snapshot at profile version 130.
"""

from __future__ import annotations

from datetime import date

from store.kinds import TriggerType

_PREFIX = {
    TriggerType.SWIPE_THRESHOLD: "swipes",
    TriggerType.DAY_ROLLOVER: "day",
    TriggerType.MANUAL: "manual",
}


def threshold_window_key(multiple: int) -> str:
    """The key of the swipe-count window ending at ``multiple`` swipes."""
    return f"swipes:{multiple:06d}"


def rollover_window_key(local_day: date) -> str:
    """The key of the snapshot taken when ``local_day`` ended."""
    return f"day:{local_day.isoformat()}"


def manual_window_key(profile_version: int) -> str:
    """The key of a snapshot the user asked for at ``profile_version``."""
    return f"manual:{profile_version:06d}"


def threshold_of(window_key: str) -> int:
    """The swipe count in a ``swipes:NNNNNN`` key."""
    prefix, _, number = window_key.partition(":")
    if prefix != "swipes" or not number.isdigit():
        raise ValueError(
            f"not a swipe-count window key: {window_key!r}; expected 'swipes:' and digits"
        )
    return int(number)


def rollover_date_of(window_key: str) -> date:
    """The local date in a ``day:YYYY-MM-DD`` key."""
    prefix, _, day = window_key.partition(":")
    if prefix != "day":
        raise ValueError(f"not a day window key: {window_key!r}; expected 'day:YYYY-MM-DD'")
    return date.fromisoformat(day)


def window_prefix(trigger_type: TriggerType) -> str:
    """The prefix every window key of ``trigger_type`` starts with."""
    return _PREFIX[trigger_type]
