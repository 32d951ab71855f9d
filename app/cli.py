"""``python -m app [command]``: the desktop app (default) and its headless commands.

Bad arguments exit with status 2 and one line that says what to do; nothing is created.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.paths import DatabasePathError, check_db_path, default_db_path, demo_db_path

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
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
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{raw!r} has no UTC offset; add 'Z' or '+01:00' so the instant is unambiguous"
        )
    return value.astimezone(UTC)


def build_parser() -> argparse.ArgumentParser:
    from app.commands import register_all

    parser = _Parser(
        prog="python -m app",
        description="TasteTrail: a swipe app whose taste profile is snapshotted over time.",
    )
    parser.add_argument(
        "--db",
        type=db_path_argument,
        default=None,
        help=f"SQLite database file (default: {default_db_path()})",
    )
    parser.add_argument(
        "--demo-clock",
        action="store_true",
        help=(
            "add a 'Jump to 23:59:50' demo control that moves the app's clock; runs on the "
            f"demo database ({demo_db_path()}) unless --db names another, never the default"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="command", parser_class=_Parser)
    register_all(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(arguments, "run", None)
    if run is None:
        from app.commands.gui import run_gui

        run = run_gui
    try:
        return run(arguments)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
