"""The wall-clock seam: the current instant and the user's IANA zone, both injectable.

Production reads the system clock and the system's zone (re-read at every check, so a zone
change while the app runs is noticed). Virtual time reads an Rx scheduler's clock, so the
simulator and the tests drive days of activity without waiting. RxPY's clocks may hand out
naive datetimes meaning UTC; this seam converts them, and everything past it is aware UTC.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from reactivex import abc

from middleware.system_zone import system_zone_choice

log = logging.getLogger("tastetrail.clock")


class Clock(Protocol):
    """Where the snapshot job learns the time and the user's zone."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    def zone(self) -> ZoneInfo:
        """The user's IANA zone now."""
        ...


def as_aware_utc(instant: datetime) -> datetime:
    """Treat a naive datetime as UTC (RxPY's convention) and return it aware, in UTC."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def system_zone() -> ZoneInfo:
    """The operating system's IANA zone, re-read on every call (`system_zone_choice`).

    A ``TZ`` that names no IANA zone is mapped to one; when that is not exact, the zone
    used is named in a warning (`SystemClock` gives it once, not at every re-read).
    """
    choice = system_zone_choice(os.environ.get("TZ"))
    if choice.warning is not None:
        log.warning(choice.warning, extra={"event": "zone_replaced"})
    return choice.zone


class SystemClock:
    """The real wall clock and the system's zone.

    Reading the system zone costs about half a millisecond (files under /etc), and the job
    asks at every check, on the GUI thread; so the zone is re-read at most every
    ``zone_ttl_seconds`` (on the monotonic clock, which wall-clock jumps do not move). The
    default is half the periodic check's period, so a zone change is seen by the next
    periodic check at the latest.
    """

    def __init__(self, *, zone_ttl_seconds: float = 30.0) -> None:
        self._zone_ttl = zone_ttl_seconds
        self._zone: ZoneInfo | None = None
        self._zone_read_at = 0.0
        self._warned: str | None = None

    def now(self) -> datetime:
        return datetime.now(UTC)

    def zone(self) -> ZoneInfo:
        now = time.monotonic()
        if self._zone is None or now - self._zone_read_at >= self._zone_ttl:
            choice = system_zone_choice(os.environ.get("TZ"))
            if choice.warning is not None and choice.warning != self._warned:
                log.warning(choice.warning, extra={"event": "zone_replaced"})
            self._warned = choice.warning
            self._zone = choice.zone
            self._zone_read_at = now
        return self._zone


class SchedulerClock:
    """Time as an Rx scheduler sees it, in a zone the caller sets (virtual time)."""

    def __init__(self, scheduler: abc.SchedulerBase, zone: ZoneInfo) -> None:
        self._scheduler = scheduler
        self._zone = zone

    def now(self) -> datetime:
        return as_aware_utc(self._scheduler.now)

    def zone(self) -> ZoneInfo:
        return self._zone

    def set_zone(self, zone: ZoneInfo) -> None:
        """The user moved: later checks see ``zone``."""
        self._zone = zone


class ShiftedClock:
    """Another clock moved by an offset: the demo's "jump to 23:59:50" without touching the OS."""

    def __init__(self, base: Clock) -> None:
        self._base = base
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return self._base.now() + self._offset

    def zone(self) -> ZoneInfo:
        return self._base.zone()

    @property
    def offset(self) -> timedelta:
        return self._offset

    def jump_to(self, instant: datetime) -> None:
        """From now on, the clock reads ``instant`` and runs on from there."""
        self._offset = as_aware_utc(instant) - self._base.now()
