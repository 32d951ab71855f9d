"""How a time reads on screen: always with the zone it is shown in.

One rule for the status line, the chart's read-out, its axis caption and the table, so the
same snapshot never appears in two zones without saying so. A time is shown in the zone the
snapshot recorded (the user's zone when it was taken), followed by that zone's abbreviation
at that instant (``CET``, ``CEST``), which also tells summer time from winter time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

UTC_ZONE = ZoneInfo("UTC")
DATE_TIME_FORMAT = "%a %d %b %Y %H:%M"
SECONDS_FORMAT = "%a %d %b %Y %H:%M:%S"


def zone_named(name: str | None) -> ZoneInfo:
    """The zone called ``name``; UTC when a row recorded none (rows older than the meta)."""
    return ZoneInfo(name) if name else UTC_ZONE


def abbreviation(instant: datetime, zone: ZoneInfo) -> str:
    """The zone's short name at ``instant`` (``CET``), or its offset when it has none."""
    name = instant.astimezone(zone).tzname()
    if name is None:
        return zone.key
    # Zones without an abbreviation of their own are named by their offset ("+03").
    return f"UTC{name}" if name[0] in "+-" else name


def format_instant(instant: datetime, zone: ZoneInfo, *, seconds: bool = False) -> str:
    """``Tue 05 Jan 2027 00:00 CET``: the instant's wall time in ``zone``, zone named."""
    local = instant.astimezone(zone)
    text = local.strftime(SECONDS_FORMAT if seconds else DATE_TIME_FORMAT)
    return f"{text} {abbreviation(instant, zone)}"


def zone_caption(start: float, end: float, zone: ZoneInfo) -> str:
    """``times in CET/CEST (Europe/Berlin)``: every abbreviation the span ``[start, end]`` uses.

    ``start`` and ``end`` are seconds since the epoch, as the chart plots them. The span is
    sampled monthly (zones change offset at most a few times a year) and at both ends.
    """
    first, last = sorted((start, end))
    names: list[str] = []
    instant = first
    step = 28 * 86400.0
    while True:
        name = abbreviation(datetime.fromtimestamp(instant, UTC), zone)
        if name not in names:
            names.append(name)
        if instant >= last:
            break
        instant = min(last, instant + step)
    where = f" ({zone.key})" if zone.key not in names else ""
    return f"times in {'/'.join(names)}{where}"
