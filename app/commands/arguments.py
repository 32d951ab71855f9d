"""The argument types and the parser class every command line of the project uses.

Each type turns one string into a checked value or raises `argparse.ArgumentTypeError` with
one line saying what was wrong, what was received and what to do; `OneLineParser` prints
that line and exits with status 2, never a traceback. `app.cli` and every command (and the
benchmarks' command line) import from here, and this module imports no command.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.paths import DatabasePathError, check_db_path
from app.simulation.synthetic_user import max_plan_days
from middleware.persistence.file_checks import shorten
from middleware.policy import MAX_SWIPE_INTERVAL
from store.instants import SUPPORTED_RANGE, require_aware_utc, require_supported_instant

USAGE_ERROR = 2


class OneLineParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line: what was wrong and where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def db_path_argument(raw: str) -> object:
    try:
        return check_db_path(raw)
    except DatabasePathError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def zone_argument(raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder of zones
        raise argparse.ArgumentTypeError(
            f"unknown IANA time zone {shorten(raw)!r}; use a name such as 'Europe/Berlin' or 'UTC'"
        ) from None


def non_negative_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:  # also a number of more than 4300 digits
        raise argparse.ArgumentTypeError(
            f"expected a whole number, received {shorten(raw)!r}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, received {value}")
    return value


def positive_int(raw: str) -> int:
    value = non_negative_int(raw)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1, received 0")
    return value


def swipe_interval(raw: str) -> int:
    """``--interval``: within the policy's bounds (`SnapshotPolicy.swipe_interval`)."""
    value = positive_int(raw)
    if value > MAX_SWIPE_INTERVAL:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_SWIPE_INTERVAL:,} swipes per snapshot, received "
            f"{shorten(str(value))}"
        )
    return value


MAX_BURST_SIZE = 1_000_000


def burst_size(raw: str) -> int:
    """``--burst-size``: a burst's mean size is arithmetic in floats, so it stays bounded."""
    value = positive_int(raw)
    if value > MAX_BURST_SIZE:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_BURST_SIZE:,} swipes per burst, received {shorten(str(value))}"
        )
    return value


def positive_float(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, received {shorten(raw)!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, received {raw!r}")
    return value


def fraction(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, received {shorten(raw)!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(
            f"must be at least 0 and below 1 (a fraction of writes), received {raw!r}"
        )
    return value


def aware_datetime(raw: str) -> datetime:
    """An ISO-8601 instant with an offset, in UTC (a filter: any instant UTC can hold)."""
    value = _parse_instant(raw)
    try:
        return require_aware_utc(value, "the date-time argument")
    except OverflowError:
        raise argparse.ArgumentTypeError(
            f"{shorten(raw)!r} is outside the dates UTC can hold here (years 1 to 9999); "
            "use an instant inside them"
        ) from None


def supported_instant(raw: str) -> datetime:
    """An instant the app can store swipes at (`store.instants`), in UTC: ``--start``."""
    value = _parse_instant(raw)
    try:
        return require_supported_instant(value, "the instant")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{shorten(raw)!r} is outside the instants TasteTrail can store "
            f"({SUPPORTED_RANGE}); use an instant in that range"
        ) from None


def session_plan_error(*, swipes: int, days: int, start: datetime) -> str | None:
    """Why ``--swipes`` over ``--days`` from ``--start`` cannot be planned, or None.

    At most one day per swipe (a plan's cost grows with its days, not only its swipes), and
    every day inside the instants the app can store.
    """
    if days > max(swipes, 1):
        return f"--days {days} is more than --swipes {swipes}; use at most one day per swipe"
    most = max_plan_days(start)
    if days <= most:
        return None
    fix = f"use --days {most} or fewer, or" if most else "use"
    return (
        f"--days {days} from --start {start.isoformat()} would swipe past the instants "
        f"TasteTrail can store ({SUPPORTED_RANGE}); {fix} an earlier --start"
    )


def _parse_instant(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected an ISO-8601 date-time such as 2026-01-20T08:00:00Z, received "
            f"{shorten(raw)!r}"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"{shorten(raw)!r} has no UTC offset; add 'Z' or '+01:00' so the instant is "
            "unambiguous"
        )
    return value
