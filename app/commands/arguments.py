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
from store.instants import require_aware_utc

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
            f"unknown IANA time zone {raw!r}; use a name such as 'Europe/Berlin' or 'UTC'"
        ) from None


def non_negative_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, received {raw!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, received {value}")
    return value


def positive_int(raw: str) -> int:
    value = non_negative_int(raw)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1, received 0")
    return value


def positive_float(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, received {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, received {raw!r}")
    return value


def fraction(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, received {raw!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(
            f"must be at least 0 and below 1 (a fraction of writes), received {raw!r}"
        )
    return value


def aware_datetime(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO-8601 date-time such as 2026-01-20T08:00:00Z, received {raw!r}"
        ) from None
    try:
        return require_aware_utc(value, "the date-time argument")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{raw!r} has no UTC offset; add 'Z' or '+01:00' so the instant is unambiguous"
        ) from None
