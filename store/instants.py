"""The one check that a datetime is an instant: timezone-aware, then read in UTC.

A naive datetime names a wall-clock reading, not a moment: the same fields are different
instants in Berlin and in Tokyo. Everything that computes with time (local dates, the
policy, stored timestamps, the virtual clock, the command line) passes its datetimes
through `require_aware_utc`, so a naive one is refused in one place, with one message.
Pydantic models say the same with their ``AwareDatetime`` fields.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["require_aware_utc"]


def require_aware_utc(value: datetime, what: str) -> datetime:
    """``value`` as an aware datetime in UTC; ValueError naming ``what`` if it is naive."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} needs an aware datetime (one that pins an instant), but got naive "
            f"{value!r}, which is not timezone-aware; attach its zone first, e.g. "
            "value.replace(tzinfo=UTC) for UTC, or pass datetime.now(UTC)."
        )
    return value.astimezone(UTC)
