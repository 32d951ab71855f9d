"""The argument types and the parser class every command line of the project uses.

Each type turns one string into a checked value or raises `argparse.ArgumentTypeError` with
one line saying what was wrong, what was received and what to do; `OneLineParser` prints
that line and exits with status 2, never a traceback, and its ``--help`` shows every
option's default. A file option's placeholder is `PATH` in every command. `app.cli` and
every command (and the benchmarks' command line) import from here, and this module imports
no command.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.commands.help_and_version import (
    HELP_TEXT,
    Asked,
    HelpAction,
    answer_when_the_rest_is_right,
)
from app.log_output import DEFAULT_LOG_MODE, LOG_HELP, LOG_MODES
from app.paths import DatabasePathError, check_db_path
from app.simulation.synthetic_user import max_plan_days
from app.simulation.time_faults import ClockJump, ZoneChange, parse_duration
from middleware.persistence.downsample import MIN_POINTS
from middleware.persistence.file_checks import shorten
from middleware.policy import MAX_SWIPE_INTERVAL
from store.instants import SUPPORTED_RANGE, require_aware_utc, require_supported_instant

USAGE_ERROR = 2
PATH = "PATH"
"""The placeholder of every option that takes a file (``--db PATH``, ``--out PATH``)."""


class DefaultsShownFormatter(argparse.HelpFormatter):
    """Help that ends each option with ``(range: ...)`` when its type has a documented range
    (a ``range_text``), and ``(default: X)``, unless it says its default itself.

    Options without a default worth showing (``None``, ``False``, suppressed) say nothing;
    they describe what happens when they are left out in their own help, if anything.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        help_text = action.help or ""
        default = action.default
        bounds = getattr(action.type, "range_text", None)
        if bounds and "range:" not in help_text:
            before, default_said, after = help_text.partition(" (default")
            help_text = f"{before} (range: {bounds}){default_said}{after}"
        if (
            "default" in help_text
            or default is None
            or default is False
            or default is argparse.SUPPRESS
            or not action.option_strings
        ):
            return help_text
        return f"{help_text} (default: %(default)s)"


class OneLineParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line: what was wrong and where to look.

    Its ``--help`` (and a ``--version`` added with `VersionAction`) answer only a line
    that is right apart from them (`app.commands.help_and_version`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DefaultsShownFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # ours instead (`HelpAction`)
        super().__init__(*args, **kwargs)
        self.register("type", Path, path_argument)  # every ``type=Path`` option
        if add_help:
            self.add_argument("-h", "--help", action=HelpAction, help=HELP_TEXT)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        try:
            return super().parse_known_args(args, namespace)
        except Asked as asked:
            if asked.parser is not self:
                raise
            answer_when_the_rest_is_right(
                self, asked, args, lambda rest: super(OneLineParser, self).parse_known_args(rest)
            )

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def name_placeholders(parser: argparse.ArgumentParser) -> None:
    """Give every option of ``parser`` and of its commands the placeholder of its kind of
    value (`PLACEHOLDERS`), unless it names its own: ``--db PATH``, ``--swipes N``, never
    argparse's ``--db TREND_DB`` made from a destination's name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                name_placeholders(command)
        elif action.option_strings and action.metavar is None and action.nargs != 0:
            placeholder = _placeholder(action.type)
            if placeholder is not None and action.choices is None:
                action.metavar = placeholder


def add_log_option(parser: argparse.ArgumentParser, *, default: str = DEFAULT_LOG_MODE) -> None:
    """``--log decisions|all|none``: the same choices and meaning on every command that logs.

    ``default=argparse.SUPPRESS`` on a subcommand keeps the value given before its name.
    """
    shown = DEFAULT_LOG_MODE if default is argparse.SUPPRESS else default
    parser.add_argument(
        "--log",
        choices=LOG_MODES,
        default=default,
        help=f"{LOG_HELP} (default: {shown})",
    )


def path_argument(raw: str) -> Path:
    """A path option's value (``type=Path``); an empty one is refused as empty, not read as
    the current folder ``'.'``."""
    if not raw:
        raise argparse.ArgumentTypeError("the path is empty; pass the path of a file")
    return Path(raw)


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


class WholeNumber:
    """An argument type for whole numbers from ``minimum`` to ``maximum``, one message for all.

    The range is checked while the command line is parsed, before any work starts, and
    shown in ``--help`` (``range_text``). ``what`` names the unit in the message.
    """

    __name__ = "whole_number"

    def __init__(self, minimum: int, maximum: int, what: str = "") -> None:
        self.minimum, self.maximum, self.what = minimum, maximum, what
        self.range_text = f"{minimum:,} to {maximum:,}{f' {what}' if what else ''}"

    def __call__(self, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:  # also a number of more than 4300 digits
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {self.range_text}, received {shorten(raw)!r}"
            ) from None
        if not self.minimum <= value <= self.maximum:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {self.range_text}, received {shorten(raw)}"
            )
        return value


# The ranges of every numeric option, in one place: checked while parsing, before any work
# starts, and shown in --help.
MAX_SEED = 2**32 - 1
seed_number = WholeNumber(0, MAX_SEED)
"""``--seed``: any seed a 32-bit generator takes."""
swipe_interval = WholeNumber(1, MAX_SWIPE_INTERVAL, "swipes per snapshot")
"""``--interval``: within the policy's bounds (`SnapshotPolicy.swipe_interval`)."""
MAX_BURST_SIZE = 1_000_000
burst_size = WholeNumber(1, MAX_BURST_SIZE, "swipes per burst")
"""``--burst-size``: a burst's mean size is arithmetic in floats, so it stays bounded."""

MAX_SIMULATED_SWIPES = 10_000_000
simulated_swipes = WholeNumber(0, MAX_SIMULATED_SWIPES, "swipes")
"""``simulate --swipes``: each swipe runs through the real store, pipeline and file."""
simulated_days = WholeNumber(1, 1_000_000, "days")
"""``simulate --days``: also at most one day per swipe, and inside the storable instants."""
MAX_PICTURED_SWIPES = 100_000
pictured_swipes = WholeNumber(0, MAX_PICTURED_SWIPES, "swipes")
"""``screenshot --swipes``: the scripted session is held in memory while it is drawn."""
pictured_days = WholeNumber(1, 3_650, "days")
"""``screenshot --days``: ten years of a scripted session."""
row_limit = WholeNumber(1, 1_000_000_000, "rows")
"""``snapshots --limit``."""
trend_points = WholeNumber(MIN_POINTS, 100_000, "points per tag")
"""``trend --points``: at least a bucket's first, lowest, highest and last point."""
benchmark_rounds = WholeNumber(1, 1_000, "rounds")
"""``python -m benchmarks --rounds``."""


MIN_WINDOW, MAX_WINDOW = (400, 300), (7680, 4320)


def window_size(raw: str) -> tuple[int, int]:
    """``screenshot --size WIDTHxHEIGHT``: from 400x300 to 7680x4320 (an 8K screen), so the
    picture of the window stays within what Qt paints and memory holds (about 130 MB)."""
    width, _, height = raw.lower().partition("x")
    fits = width.isdigit() and height.isdigit() and len(width) + len(height) < 12
    if not fits or not (
        MIN_WINDOW[0] <= int(width) <= MAX_WINDOW[0]
        and MIN_WINDOW[1] <= int(height) <= MAX_WINDOW[1]
    ):
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT from {_size_range()}, such as 1200x780; received "
            f"{shorten(raw)!r}"
        )
    return int(width), int(height)


def _size_range() -> str:
    return "x".join(map(str, MIN_WINDOW)) + " to " + "x".join(map(str, MAX_WINDOW))


class PositiveSeconds:
    """An argument type for a number of seconds above 0 and at most ``maximum``."""

    __name__ = "positive_seconds"

    def __init__(self, maximum: float) -> None:
        self.maximum = maximum
        self.range_text = f"above 0, at most {maximum:,g} seconds"

    def __call__(self, raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a number of seconds ({self.range_text}), received {shorten(raw)!r}"
            ) from None
        if not 0 < value <= self.maximum:
            raise argparse.ArgumentTypeError(
                f"must be {self.range_text}, received {shorten(raw)!r}"
            )
        return value


pause_seconds = PositiveSeconds(86_400.0)
"""``simulate --pause``: a mean pause of up to a day between bursts."""


def fraction(raw: str) -> float:
    """A fraction of writes, at least 0 and below 1 (``range_text`` for ``--help``)."""
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, received {shorten(raw)!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(
            f"must be at least 0 and below 1 (a fraction of writes), received {raw!r}"
        )
    return value


def date_or_instant(raw: str) -> datetime:
    """A plain date (the start of that day, UTC) or an ISO-8601 instant with an offset."""
    if len(raw) == 10:
        try:
            return datetime.fromisoformat(raw).replace(tzinfo=UTC)
        except ValueError:
            pass
    try:
        datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected a date (2026-01-20) or an ISO-8601 instant with offset "
            f"(2026-01-20T08:00:00Z), received {shorten(raw)!r}"
        ) from None
    return aware_datetime(raw)  # a date-time: its offset or its range may still be refused


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


def _documented(parse: Callable[[str], Any], range_text: str) -> None:
    """Give an argument type the range ``--help`` shows (`DefaultsShownFormatter`)."""
    setattr(parse, "range_text", range_text)  # noqa: B010 (a function's attribute)


_documented(window_size, _size_range())
_documented(fraction, "0 up to (not including) 1")
_documented(supported_instant, SUPPORTED_RANGE)
_documented(aware_datetime, "years 1 to 9999 in UTC")
_documented(date_or_instant, "years 1 to 9999 in UTC")


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


def zone_change_argument(raw: str) -> ZoneChange:
    """``AT=ZONE``: an ISO-8601 instant with offset, ``=``, an IANA zone."""
    at, zone = _instant_and_value(raw, "--zone-change", "2026-03-10T20:00:00Z=Asia/Tokyo")
    return ZoneChange(at=at, zone=zone_argument(zone))


def clock_jump_argument(raw: str) -> ClockJump:
    """``AT=DURATION``: an ISO-8601 instant with offset, ``=``, ``[+-]N`` then s, m, h or d."""
    at, duration = _instant_and_value(raw, "--clock-jump", "2026-03-10T22:00:00Z=-1h")
    try:
        return ClockJump(at=at, by=parse_duration(duration))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _instant_and_value(raw: str, option: str, example: str) -> tuple[datetime, str]:
    instant, separator, value = raw.rpartition("=")
    if not separator or not instant or not value:
        raise argparse.ArgumentTypeError(
            f"expected AT=VALUE such as {option} {example}, received {shorten(raw)!r}"
        )
    return aware_datetime(instant), value


PLACEHOLDERS: dict[object, str] = {
    db_path_argument: PATH,
    Path: PATH,
    WholeNumber: "N",
    PositiveSeconds: "SECONDS",
    fraction: "FRACTION",
    zone_argument: "ZONE",
    date_or_instant: "INSTANT",
    aware_datetime: "INSTANT",
    supported_instant: "INSTANT",
}
"""One placeholder per kind of value, the same in every command's usage line: keyed by the
argument type, or by its class for the ranged types (`WholeNumber`, `PositiveSeconds`)."""


def _placeholder(kind: object) -> str | None:
    return PLACEHOLDERS.get(kind) or PLACEHOLDERS.get(type(kind))
