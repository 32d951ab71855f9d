"""``python -m app trend``: print what the trend chart draws, from the query selectors.

The output is `read_trend`'s `TrendView` for the range, tags and point budget given: a
readable listing by default, or the view's canonical JSON (``--json``), the same bytes
for the same database and arguments, so the contract can be scripted and tested. Both
include the range's movers: the tags that rose and fell most from its first to its latest
snapshot (``"movers"``: ``tag``, ``from``, ``to``, ``change``). The listing prints text from
the file through `printable` (JSON escapes it by itself).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from app.commands.arguments import (
    db_path_argument,
    supported_instant,
    trend_points,
    zone_argument,
)
from app.commands.output import printable
from middleware.persistence.trend_queries import (
    DEFAULT_MAX_POINTS,
    DEFAULT_RANGE,
    TrendRange,
    TrendView,
)

_RANGES = ", ".join(trend_range.value for trend_range in TrendRange)


def _trend_range(raw: str) -> TrendRange:
    try:
        return TrendRange(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown range {raw!r}; choose one of {_RANGES}"
        ) from None


def _tags(raw: str) -> tuple[str, ...]:
    tags = tuple(tag.strip() for tag in raw.split(","))
    if not all(tags):
        raise argparse.ArgumentTypeError(
            f"expected tag names separated by commas, such as 'ramen,spicy', received {raw!r}"
        )
    return tags


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "trend",
        help="print the series the trend chart draws (range, tags, point budget)",
        description=(
            "Reads the snapshot rows of a range of whole local days through the query "
            "selectors and prints, per tag, the points a chart draws, at most --points each."
        ),
    )
    parser.add_argument(
        "--db",
        dest="trend_db",
        type=db_path_argument,
        default=None,
        help="database file (default: the app's database, or the --db given before the command)",
    )
    parser.add_argument(
        "--range",
        dest="trend_range",
        type=_trend_range,
        default=DEFAULT_RANGE,
        metavar="RANGE",
        help=f"{_RANGES} (default: {DEFAULT_RANGE.value})",
    )
    parser.add_argument(
        "--tags",
        type=_tags,
        default=None,
        metavar="TAGS",
        help="tags to draw, comma-separated (default: the latest snapshot's top 5)",
    )
    parser.add_argument(
        "--points",
        type=trend_points,
        default=DEFAULT_MAX_POINTS,
        metavar="N",
        help=f"at most this many points per tag (default: {DEFAULT_MAX_POINTS})",
    )
    parser.add_argument(
        "--tz",
        type=zone_argument,
        default=None,
        help="IANA zone of the days (default: the system's)",
    )
    parser.add_argument(
        "--now",
        type=supported_instant,
        default=None,
        help="the instant whose local day ends the range, ISO-8601 (default: now)",
    )
    parser.add_argument("--json", action="store_true", help="the view as canonical JSON")
    parser.set_defaults(run=run)


def _local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z")


def _write_listing(view: TrendView, zone: ZoneInfo, out: TextIO) -> None:
    start = "the first row" if view.start is None else _local(view.start, zone)
    out.write(
        f"trend {view.range.value} ({view.resolution.value}) in {printable(view.zone)}, "
        f"from {start} to {_local(view.end, zone)}\n"
        f"{view.rows_read} row(s) read; {len(view.series)} series of at most "
        f"{view.max_points} points; {view.points_drawn} point(s) drawn\n"
    )
    if view.movers:
        moved = ", ".join(
            f"{printable(m.tag)} {m.start:+.2f} -> {m.end:+.2f} ({m.change:+.2f})"
            for m in view.movers
        )
        since = view.movers_from
        start = (
            "the range's first snapshot"
            if since is None
            else f"the first point drawn ({since.profile_version} swipes)"
            if since.drawn
            else f"the range's first snapshot ({since.profile_version} swipes, not drawn)"
        )
        out.write(f"what changed, from {start} to the latest: {moved}\n")
    if not view.series:
        out.write("no snapshots in this range\n")
    for series in view.series:
        out.write(
            f"\n{printable(series.tag)}: {len(series.points)} point(s) of "
            f"{series.rows_with_tag} row(s)\n"
        )
        if not series.rows_with_tag and view.rows_read:
            known = ", ".join(printable(tag) for tag in view.available_tags[:8]) or "none"
            out.write(
                f"  no checkpoint of this range holds {printable(series.tag)!r}: check the "
                f"spelling; its tags include {known}\n"
            )
        for point in series.points:
            out.write(
                f"  {_local(point.at, zone):<24}  {point.score:+.4f}  "
                f"{point.trigger_type.value:<15}  {printable(point.window_key):<15}  "
                f"{point.profile_version:>7} swipes\n"
            )


def run(arguments: argparse.Namespace) -> int:
    from app.commands.output import open_to_read, write_stdout
    from app.paths import default_db_path
    from middleware.clock import system_zone
    from middleware.persistence.trend_queries import read_trend

    db_path: Path = arguments.trend_db or arguments.db or default_db_path()
    zone: ZoneInfo = arguments.tz or system_zone()
    now: datetime = arguments.now or datetime.now(UTC)

    def produce(out: TextIO) -> None:
        with open_to_read(db_path) as repository:
            view = read_trend(
                repository,
                range=arguments.trend_range,
                tags=arguments.tags,
                max_points=arguments.points,
                now=now,
                zone=zone,
            )
        if arguments.json:
            out.write(view.canonical_json() + "\n")
        else:
            _write_listing(view, zone, out)

    return write_stdout("trend", produce)
