"""``python -m app snapshots``: list the snapshot rows of a database."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.commands.arguments import aware_datetime, db_path_argument, positive_int


def _instant(raw: str) -> datetime:
    """A date (start of that day, UTC) or an ISO-8601 instant with an offset."""
    if len(raw) == 10:
        try:
            return datetime.fromisoformat(raw).replace(tzinfo=UTC)
        except ValueError:
            pass
    return aware_datetime(raw)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser("snapshots", help="list the snapshot rows of a database")
    parser.add_argument(
        "--db", dest="rows_db", type=db_path_argument, default=None, help="database file"
    )
    parser.add_argument("--since", type=_instant, default=None, help="created at or after (UTC)")
    parser.add_argument("--until", type=_instant, default=None, help="created before (UTC)")
    parser.add_argument("--limit", type=positive_int, default=None, help="at most this many")
    parser.add_argument(
        "--json", action="store_true", help="JSON array in the row contract (camelCase keys)"
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from app.paths import default_db_path
    from middleware.persistence.errors import RepositoryError
    from middleware.persistence.repository import SnapshotRepository

    db_path: Path = arguments.rows_db or arguments.db or default_db_path()
    if not db_path.exists():
        print(
            f"python -m app snapshots: error: no database at {str(db_path)!r}; pass --db PATH "
            "to an existing file (run the app or 'simulate' first)",
            file=sys.stderr,
        )
        return 2
    try:
        repository = SnapshotRepository.open(db_path, read_only=True)
    except RepositoryError as error:
        print(f"python -m app snapshots: error: {error}", file=sys.stderr)
        return 2
    try:
        rows = repository.list_snapshots(
            since=arguments.since, until=arguments.until, limit=arguments.limit
        )
    finally:
        repository.close()
    if arguments.json:
        print(json.dumps([row.to_contract() for row in rows], indent=2))
        return 0
    header = ("created at (UTC)", "local date", "trigger", "window", "version", "top tags")
    table = [header]
    for row in rows:
        top = ", ".join(f"{tag.tag} {tag.score:+.2f}" for tag in row.payload.tags[:3])
        table.append(
            (
                row.to_contract()["createdAt"],
                row.snapshot_date_local.isoformat(),
                row.trigger_type.value,
                row.window_key,
                str(row.profile_version),
                top,
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print(f"{len(rows)} row(s) in {db_path}")
    return 0
