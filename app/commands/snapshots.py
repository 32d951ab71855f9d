"""``python -m app snapshots``: list the snapshot rows of a database, newest first.

Rows are streamed a page at a time (`iter_snapshots`) and printed as they come, so memory
stays flat however long the history is, ``--limit`` reads only the rows it prints, and
``--json`` writes its array one element at a time, in the same bytes as a whole
``json.dumps(rows, indent=2)`` would. Text from the file is printed through `printable`:
a tag name from a received database cannot send the terminal an escape sequence. Rows dated
after now (a clock that ran ahead) are listed like the others, and named in one line after
them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from app.commands.arguments import PATH, date_or_instant, db_path_argument, row_limit
from app.commands.output import printable
from store.snapshot_rows import SnapshotRow

_COLUMNS = (
    ("created at (UTC)", 24),
    ("local date", 10),
    ("trigger", 15),
    ("window", 15),
    ("version", 7),
)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "snapshots",
        help="list the snapshot rows of a database, newest first",
        description=(
            "Lists the snapshot rows of a database (created at, local date, trigger, window, "
            "version, top tags), newest first, as a table or as JSON; the file is only read."
        ),
    )
    parser.add_argument(
        "--db",
        dest="rows_db",
        metavar=PATH,
        type=db_path_argument,
        default=None,
        help="database file (default: the app's database, or the --db given before the command)",
    )
    instant = "a date (2026-01-20, from its start in UTC) or an ISO-8601 instant with offset"
    parser.add_argument(
        "--since",
        type=date_or_instant,
        default=None,
        help=f"created at or after: {instant} (default: the first row)",
    )
    parser.add_argument(
        "--until",
        type=date_or_instant,
        default=None,
        help=f"created before: {instant} (default: no end)",
    )
    parser.add_argument(
        "--limit",
        type=row_limit,
        default=None,
        help="only the N newest rows (oldest with --oldest-first; default: all)",
    )
    parser.add_argument(
        "--oldest-first", action="store_true", help="oldest rows first (default: newest first)"
    )
    parser.add_argument(
        "--json", action="store_true", help="JSON array in the row contract (camelCase keys)"
    )
    parser.set_defaults(run=run)


def _write_json(rows: Iterable[SnapshotRow], out: TextIO) -> int:
    count = 0
    for row in rows:
        element = json.dumps(row.to_contract(), indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if count == 0 else ",\n  ") + element)
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def _write_table(rows: Iterable[SnapshotRow], out: TextIO) -> int:
    # Fixed widths (the longest value each column can hold in practice), so every line is
    # printed as soon as its row is read; a longer value only shifts its own line.
    header = [name.ljust(width) for name, width in _COLUMNS]
    out.write("  ".join([*header, "top tags"]) + "\n")
    out.write("  ".join(["-" * width for _, width in _COLUMNS] + ["-" * 8]) + "\n")
    count = 0
    for row in rows:
        top = ", ".join(f"{printable(tag.tag)} {tag.score:+.2f}" for tag in row.payload.tags[:3])
        cells = (
            row.to_contract()["createdAt"],
            row.snapshot_date_local.isoformat(),
            row.trigger_type.value,
            printable(row.window_key),
            str(row.profile_version).rjust(_COLUMNS[4][1]),
        )
        line = "  ".join(
            cell.ljust(width) for cell, (_, width) in zip(cells, _COLUMNS, strict=True)
        )
        out.write(f"{line}  {top}".rstrip() + "\n")
        count += 1
    return count


def run(arguments: argparse.Namespace) -> int:
    from app.commands.output import open_to_read, write_stdout
    from app.paths import default_db_path
    from app.program_name import error_line
    from middleware.clock import SystemClock
    from middleware.persistence.dated_after import dated_after_now
    from middleware.persistence.snapshot_pages import DEFAULT_PAGE_SIZE, iter_snapshots
    from store.snapshot_rows import format_utc_millis

    db_path: Path = arguments.rows_db or arguments.db or default_db_path()
    limit: int | None = arguments.limit
    if arguments.since and arguments.until and arguments.since >= arguments.until:
        print(
            error_line(
                f"--since {format_utc_millis(arguments.since)} is not before --until "
                f"{format_utc_millis(arguments.until)}, so no row could be listed; swap them, "
                "or leave one out",
                "snapshots",
            ),
            file=sys.stderr,
        )
        return 2

    def produce(out: TextIO) -> None:
        with open_to_read(db_path) as repository:
            rows: Iterable[SnapshotRow] = iter_snapshots(
                repository,
                oldest_first=arguments.oldest_first,
                since=arguments.since,
                until=arguments.until,
                page_size=min(limit, DEFAULT_PAGE_SIZE) if limit else DEFAULT_PAGE_SIZE,
            )
            if limit is not None:
                rows = islice(rows, limit)
            if arguments.json:
                _write_json(rows, out)
            else:
                count = _write_table(rows, out)
                out.write(f"{count} row(s) in {printable(db_path)}\n")
            ahead = dated_after_now(repository, SystemClock().now())
        if ahead.rows and ahead.newest is not None:
            # One line, after the rows (stderr beside --json, so the array stays whole).
            line = (
                f"{ahead.rows} row(s) are dated after now (more than an hour ahead of this "
                f"computer's clock); the newest is {format_utc_millis(ahead.newest)}\n"
            )
            (sys.stderr if arguments.json else out).write(line)

    return write_stdout("snapshots", produce)
