"""The system's time zone as an IANA zone, also when ``TZ`` holds a POSIX string.

The app counts days in an IANA zone (its key is stored in the state and the rows). The
system's zone is read with tzlocal, which understands ``TZ=Europe/Berlin`` but refuses
POSIX strings such as ``TZ='UTC+3'`` or ``TZ='CET-1CEST,M3.5.0,M10.5.0/3'``. Those are
mapped here:

* a fixed whole-hour offset is the ``Etc/GMT±N`` zone of that offset, exactly. POSIX
  counts hours *west* of UTC, and so do the ``Etc`` names: ``UTC+3`` is three hours behind
  UTC, ``Etc/GMT+3``. Honoured without a warning; the window shows the zone and its offset.
* anything else is compared with the rule each IANA zone follows today, the POSIX string
  at the end of its TZif file: ``CET-1CEST,M3.5.0,M10.5.0/3`` is Europe/Berlin's, and
  Europe/Paris's, and ``CET``'s. One of them is used (the one ``zonenow.tab`` lists for
  that rule, made for people who do not care about old timestamps; else a canonical zone;
  else the first by name) and a warning says which, since their past may differ and the
  choice is the app's, not the user's.
* a string no zone follows gets its standard time (``Etc/GMT±N`` if whole hours) or UTC,
  with a warning naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, available_timezones

__all__ = ["ZoneChoice", "system_zone_choice", "zone_for_tz_setting"]

_POSIX_TZ = re.compile(
    r"^(?P<std>[A-Za-z]{3,}|<[+-]?[A-Za-z0-9]+>)"
    r"(?P<sign>[+-]?)(?P<hours>\d{1,2})(?::(?P<minutes>\d{1,2}))?(?::(?P<seconds>\d{1,2}))?"
    r"(?P<rest>.*)$"
)
_ETC_WEST_HOURS = range(-14, 13)
"""The ``Etc/GMT+N`` zones that exist: N hours west, from -14 (east) to +12."""


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """The zone to use, and the warning to give once when it is not what the system said."""

    zone: ZoneInfo
    warning: str | None = None


def system_zone_choice(tz_setting: str | None) -> ZoneChoice:
    """The system's zone (``tz_setting`` is the ``TZ`` environment variable, if set)."""
    import tzlocal

    try:
        return ZoneChoice(ZoneInfo(str(tzlocal.reload_localzone())))
    except Exception as error:  # tzlocal raises its own and zoneinfo's errors, and OSError
        if tz_setting:
            return zone_for_tz_setting(tz_setting.removeprefix(":"))
        reason = " ".join(str(error).split())
        return ZoneChoice(
            ZoneInfo("UTC"),
            f"the system's time zone could not be read ({reason}); TasteTrail counts days "
            "in UTC. Set TZ to an IANA name such as Europe/Berlin to choose the zone.",
        )


@lru_cache(maxsize=16)
def zone_for_tz_setting(tz: str) -> ZoneChoice:
    """The IANA zone for a ``TZ`` value tzlocal refused (see the module docstring)."""
    advice = "set TZ to an IANA name such as Europe/Berlin"
    parsed = _POSIX_TZ.match(tz)
    if parsed is None:
        return ZoneChoice(
            ZoneInfo("UTC"),
            f"TZ={tz!r} is neither an IANA zone name nor a POSIX TZ string; TasteTrail counts "
            f"days in UTC. To change that, {advice}.",
        )
    west = _seconds_west(parsed)
    if not parsed["rest"] and west % 3600 == 0 and west // 3600 in _ETC_WEST_HOURS:
        return ZoneChoice(ZoneInfo(_etc_key(west // 3600)))
    same_rule = _zones_following(tz)
    if same_rule:
        key = _preferred(same_rule)
        return ZoneChoice(
            ZoneInfo(key),
            f"TZ={tz!r} is a POSIX TZ string, not a zone name; TasteTrail counts days in "
            f"{key}, which follows it today (its past may differ); to choose another zone, "
            f"{advice}.",
        )
    standard = (
        _etc_key(west // 3600)
        if west % 3600 == 0 and west // 3600 in _ETC_WEST_HOURS
        else "UTC"
    )
    return ZoneChoice(
        ZoneInfo(standard),
        f"TZ={tz!r} is a POSIX TZ string that no IANA zone follows; TasteTrail counts days "
        f"in {standard}, its standard time without daylight saving; to change that, {advice}.",
    )


def _seconds_west(parsed: re.Match[str]) -> int:
    seconds = (
        int(parsed["hours"]) * 3600
        + int(parsed["minutes"] or 0) * 60
        + int(parsed["seconds"] or 0)
    )
    return -seconds if parsed["sign"] == "-" else seconds


def _etc_key(hours_west: int) -> str:
    return "UTC" if hours_west == 0 else f"Etc/GMT{hours_west:+d}"


def _zones_following(tz: str) -> list[str]:
    """The IANA zones whose current rule (their TZif footer) is exactly ``tz``."""
    wanted = tz.encode("ascii", "replace")
    found = []
    for key in sorted(available_timezones()):
        data = _tzif(key)
        if data and data.endswith(b"\n") and data.rsplit(b"\n", 2)[-2] == wanted:
            found.append(key)
    return found


def _preferred(keys: list[str]) -> str:
    """``zonenow.tab``'s one zone per rule of today (Europe/Paris for central Europe), else
    a canonical zone of ``zone1970.tab``, else the first by name."""
    for table in ("zonenow.tab", "zone1970.tab"):
        listed = _zones_listed_in(table)
        chosen = next((key for key in keys if key in listed), None)
        if chosen is not None:
            return chosen
    return keys[0]


def _tzif(key: str) -> bytes | None:
    """The TZif file of ``key``, from where zoneinfo finds it: the system's, then tzdata's."""
    for folder in TZPATH:
        path = Path(folder) / key
        if path.is_file():
            return path.read_bytes()
    try:
        return resources.files("tzdata.zoneinfo").joinpath(key).read_bytes()
    except (ModuleNotFoundError, OSError, ValueError):
        return None


@lru_cache(maxsize=2)
def _zones_listed_in(table: str) -> frozenset[str]:
    """The zones a tz database table lists (its third column), if it is installed."""
    text = None
    for folder in TZPATH:
        path = Path(folder) / table
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            break
    if text is None:
        try:
            text = resources.files("tzdata.zoneinfo").joinpath(table).read_text("utf-8")
        except (ModuleNotFoundError, OSError, ValueError):
            return frozenset()
    return frozenset(
        line.split("\t")[2].strip()
        for line in text.splitlines()
        if line and not line.startswith("#") and line.count("\t") >= 2
    )
