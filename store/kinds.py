"""The two closed vocabularies that actions, state and stored rows share.

They live apart from the actions so that a row type (`store.snapshot_rows.NewSnapshot`) can
use them and an action (`store.actions.SnapshotScheduled`) can carry a row.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    """Which way a card was swiped."""

    LEFT = "LEFT"
    """Nope."""
    RIGHT = "RIGHT"
    """Like."""
    UP = "UP"
    """Superlike."""


class TriggerType(StrEnum):
    """Why a snapshot was taken."""

    SWIPE_THRESHOLD = "SWIPE_THRESHOLD"
    DAY_ROLLOVER = "DAY_ROLLOVER"
    WEEKLY_ROLLOVER = "WEEKLY_ROLLOVER"
    MANUAL = "MANUAL"
