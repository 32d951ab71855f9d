"""``python -m app restore``: put a daily backup back in the database's place.

Refused (status 2, one line) while the database is in use, when no backup passes its
integrity check, or when the one named with ``--from`` does not; otherwise the current
file is moved aside (never deleted) and one line says what was done.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.commands.arguments import PATH, db_path_argument
from app.program_name import error_line


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "restore",
        help="restore the database from its newest valid daily backup",
        description=(
            "Puts back the database from a daily backup (the newest that passes its integrity "
            "check, or --from), keeping the current file aside."
        ),
    )
    parser.add_argument(
        "--db",
        dest="restore_db",
        metavar=PATH,
        type=db_path_argument,
        default=None,
        help="database file (default: the app's database, or the --db given before the command)",
    )
    parser.add_argument(
        "--from",
        dest="backup",
        type=Path,
        default=None,
        metavar=PATH,
        help="the backup file to restore (default: the newest that passes its integrity check)",
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from app.paths import default_db_path
    from middleware.persistence.errors import RepositoryError
    from middleware.persistence.restore import restore_backup

    db_path: Path = arguments.restore_db or arguments.db or default_db_path()
    try:
        restored = restore_backup(db_path, arguments.backup, now=datetime.now(UTC))
    except RepositoryError as error:
        print(error_line(str(error), "restore"), file=sys.stderr)
        return 2
    skipped = "".join(
        f" (passed over the newer {backup.name}: {problem})"
        for backup, problem in restored.passed_over
    )
    kept = (
        f"moved the previous file aside as {restored.moved_aside[0].name}"
        if restored.moved_aside
        else "there was no database at that path"
    )
    print(
        f"restored {db_path} from {restored.backup.name} ({restored.swipes} swipes, "
        f"{restored.snapshots} snapshots){skipped}; {kept}"
    )
    return 0
