"""The one check that a datetime is an instant, and the range of instants the app can store.

A naive datetime names a wall-clock reading, not a moment: the same fields are different
instants in Berlin and in Tokyo. Everything that computes with time (local dates, the
policy, stored timestamps, the virtual clock, the command line) passes its datetimes
through `require_aware_utc`, so a naive one is refused in one place, with one message.
Pydantic models say the same with their ``AwareDatetime`` fields.

A swipe is stored with its local date, and the pipeline needs the next local midnight after
it; near the ends of ``datetime``'s range (local year 1 or 9999) neither exists in some
zones. `require_supported_instant` keeps instants to [`SUPPORTED_FROM`, `SUPPORTED_UNTIL`),
where both exist in every zone: the tz database's offsets stay within 16 hours (local mean
times of the 1800s; +14 and -12 today), far less than the year of margin at either end. The
lower end is past 1970 so every POSIX timestamp the app derives is positive (some platforms
refuse negative ones), and no real swipe happened before it.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = [
    "SUPPORTED_FROM",
    "SUPPORTED_RANGE",
    "SUPPORTED_UNTIL",
    "require_aware_utc",
    "require_supported_instant",
]

SUPPORTED_FROM = datetime(1971, 1, 1, tzinfo=UTC)
"""The earliest instant the app stores (inclusive)."""
SUPPORTED_UNTIL = datetime(9999, 1, 1, tzinfo=UTC)
"""The first instant past the range the app stores (exclusive)."""
SUPPORTED_RANGE = "from 1971-01-01T00:00:00Z up to (not including) 9999-01-01T00:00:00Z"
"""The range in words, for messages."""


def require_aware_utc(value: datetime, what: str) -> datetime:
    """``value`` as an aware datetime in UTC; ValueError naming ``what`` if it is naive."""
    if value.tzinfo is UTC:  # already what is asked (every action's instant): 2 calls a swipe
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} needs an aware datetime (one that pins an instant), but got naive "
            f"{value!r}, which is not timezone-aware; attach its zone first, e.g. "
            "value.replace(tzinfo=UTC) for UTC, or pass datetime.now(UTC)."
        )
    return value.astimezone(UTC)


def require_supported_instant(value: datetime, what: str) -> datetime:
    """``value`` in UTC if it lies in the supported range; ValueError naming ``what`` if not."""
    try:
        instant: datetime | None = require_aware_utc(value, what)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first UTC datetime
        instant = None
    if instant is None or not SUPPORTED_FROM <= instant < SUPPORTED_UNTIL:
        raise ValueError(
            f"{what} {value.isoformat()} is outside the instants TasteTrail can store "
            f"({SUPPORTED_RANGE}, where every time zone has a local date and a next "
            "midnight); use an instant in that range"
        )
    return instant
