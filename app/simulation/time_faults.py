"""Trips and clock faults a simulated run replays: zone changes and clock jumps.

Each fault happens at an instant of the simulated world's own time, the virtual scheduler's,
which runs on regardless of what the app's clock says: ``--clock-jump
2026-03-10T22:00:00Z=+1826d`` at 22:00 UTC moves the app's clock five years ahead from then
on, and a later fault is still placed on the world's time, not on the shifted clock. The
synthetic user keeps to the waking hours of the zone the run starts in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
MAX_JUMP_DAYS = 36_600
"""About a hundred years: further than any real clock fault, and far from datetime's limits."""
_DURATION = re.compile(r"([+-])(\d{1,9})([smhd])")


@dataclass(frozen=True, slots=True)
class ZoneChange:
    """From ``at`` on, the user's zone is ``zone`` (they travelled, or changed a setting)."""

    at: datetime
    zone: ZoneInfo

    def describe(self) -> str:
        return f"zone change at {utc_text(self.at)} to {self.zone.key}"


@dataclass(frozen=True, slots=True)
class ClockJump:
    """At ``at``, the app's clock jumps by ``by`` (forward or back) and runs on from there."""

    at: datetime
    by: timedelta

    def describe(self) -> str:
        return f"clock jump at {utc_text(self.at)} by {format_duration(self.by)}"


TimeFault = ZoneChange | ClockJump


def parse_duration(raw: str) -> timedelta:
    """``[+-]N[smhd]`` (``+3d``, ``-1h``, ``+90s``) as a timedelta; ValueError saying why not."""
    match = _DURATION.fullmatch(raw.strip())
    if match is None:
        raise ValueError(
            "expected a sign, a whole number and s, m, h or d, such as +3d or -1h (five "
            f"years: +1826d), received {raw!r}"
        )
    sign, number, unit = match.groups()
    seconds = int(number) * DURATION_UNITS[unit]
    if seconds == 0:
        raise ValueError(f"a clock jump of {raw!r} does not move the clock; use +1s or more")
    if seconds > MAX_JUMP_DAYS * 86_400:
        raise ValueError(
            f"{raw!r} is more than {MAX_JUMP_DAYS}d (about a hundred years); jump less far"
        )
    return timedelta(seconds=-seconds if sign == "-" else seconds)


def format_duration(value: timedelta) -> str:
    """The shortest ``[+-]N[smhd]`` text for ``value`` (``+1826d``, ``-1h``)."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    for unit in ("d", "h", "m"):
        if abs(seconds) % DURATION_UNITS[unit] == 0:
            return f"{sign}{abs(seconds) // DURATION_UNITS[unit]}{unit}"
    return f"{sign}{abs(seconds)}s"


def in_order(faults: list[TimeFault]) -> list[TimeFault]:
    """``faults`` by instant; faults at the same instant keep their command-line order."""
    return sorted(faults, key=lambda fault: fault.at)


def utc_text(instant: datetime, *, exact: bool = False) -> str:
    """``instant`` in UTC as ISO-8601 with ``Z``: to the second, or with ``exact`` to the
    microsecond (what to pass to be sure of being after it)."""
    text = instant.astimezone(UTC).isoformat(timespec="microseconds" if exact else "seconds")
    return text.replace("+00:00", "Z")
