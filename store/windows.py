"""Snapshot window keys, as the trigger registry formats and parses them.

A window key names the slice of history a snapshot stands for, and together with the
trigger type and profile version it is the snapshot's identity:

- ``swipes:000125`` — the swipe counter reached 125 (a multiple of the interval);
- ``day:2026-01-20`` — the local day 2026-01-20 ended;
- ``manual:000130`` — the user asked for a snapshot at profile version 130.

Each format is its trigger's entry in `store.triggers`; these names are shorthands.
"""

from __future__ import annotations

from datetime import date

from store.triggers import COUNT, REQUESTED
from store.triggers.day_rollover import DAY_ROLLOVER


def threshold_window_key(multiple: int) -> str:
    """The key of the swipe-count window ending at ``multiple`` swipes."""
    return COUNT.format_key(multiple)


def rollover_window_key(local_day: date) -> str:
    """The key of the snapshot taken when ``local_day`` ended."""
    return DAY_ROLLOVER.format_key(local_day)


def manual_window_key(profile_version: int) -> str:
    """The key of a snapshot the user asked for at ``profile_version``."""
    return REQUESTED.format_key(profile_version)
