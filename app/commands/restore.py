"""``python -m app restore``: put a daily backup back in the database's place.

Restoring is a decision, not an accident. Before anything moves, the backup is shown beside
the current file (swipes, snapshots, the newest swipe). A current file that holds more
swipes or newer ones than the backup is replaced only with ``--yes``, or when the person
types ``yes`` at the terminal (stdin is one). Answering anything else there is the person's
choice, not an error: one line on stdout says the file was left as it was, and the status is
0. With no terminal to ask at and no ``--yes``, one line gives both sides and the status is
2; the file is untouched either way. ``--list`` shows every backup, newest first, with what
it holds. A backup the database already holds page for page is not restored over it: one
line says there is nothing to restore, status 0. Refused too (status 2, one line) while the
database is in use, when no backup passes its integrity check, or when the one named with
``--from`` does not; a file that is replaced is moved aside (never deleted) and one line
says what was done.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.arguments import PATH, db_path_argument
from app.program_name import error_line

if TYPE_CHECKING:
    from middleware.persistence.restore import Comparison



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
    parser.add_argument(
        "--list",
        dest="list_backups",
        action="store_true",
        help="list the backups, newest first, with what each holds; change nothing",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help=(
            "restore even when the current file holds more or newer swipes than the backup "
            "(it is moved aside, not deleted); without it you are asked at a terminal, and "
            "any answer but yes leaves the file as it was (status 0); with no terminal to "
            "ask at, the restore is refused (status 2)"
        ),
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from app.paths import default_db_path
    from middleware.persistence.errors import RepositoryError
    from middleware.persistence.restore import (
        RestoreRefusedError,
        current_file_damage,
        restore_backup,
    )

    db_path: Path = arguments.restore_db or arguments.db or default_db_path()
    try:
        damage = current_file_damage(db_path)
    except RepositoryError as error:
        print(error_line(str(error), "restore"), file=sys.stderr)
        return 2
    if arguments.list_backups:
        return _list(db_path, damage)
    agreed: bool = arguments.yes
    declined: list[Comparison] = []

    def consent(comparison: Comparison) -> bool:
        if agreed:
            return True
        answer = _asked_at_the_terminal(comparison)
        if answer is False:
            declined.append(comparison)
        return answer is True

    try:
        restored = restore_backup(db_path, arguments.backup, now=datetime.now(UTC), consent=consent)
    except RestoreRefusedError as error:
        if declined:  # the person said no: their choice, done as asked
            print(
                f"not restored, as you answered: {db_path} was left as it was, and "
                f"{declined[0].backup.name} is still beside it"
            )
            return 0
        print(error_line(str(error), "restore"), file=sys.stderr)
        return 2
    except RepositoryError as error:
        print(error_line(str(error), "restore"), file=sys.stderr)
        return 2
    if restored.already_held:
        print(
            f"nothing to restore: {db_path} already holds {restored.backup.name}, page for "
            f"page ({restored.comparison.in_backup.describe()}); nothing was changed"
        )
        return 0
    skipped = "".join(
        f" (passed over the newer {backup.name}: {problem})"
        for backup, problem in restored.passed_over
    )
    kept = (
        f"moved the previous file aside as {restored.moved_aside[0].name}"
        if restored.moved_aside
        else "there was no database at that path"
    )
    before = f" Before: {restored.comparison.describe()}."
    holds = restored.comparison.in_backup.describe()  # as the window and --list count
    print(
        f"restored {db_path} from {restored.backup.name}{skipped}; it holds {holds}; "
        f"{kept}.{before}"
    )
    return 0


def _asked_at_the_terminal(comparison: Comparison) -> bool | None:
    """Show both sides and ask; only a person at a terminal can say yes. True for yes,
    False for any other answer, None when there is no terminal to ask at."""
    if not sys.stdin.isatty():
        return None
    print(f"{comparison.describe()}.", file=sys.stderr)
    print(
        f"The current file holds more or newer swipes than the backup. Restoring moves it "
        f"aside (not deleted) and puts {comparison.backup.name} in its place.",
        file=sys.stderr,
    )
    print("Type yes to restore, anything else to leave it as it is: ", end="", file=sys.stderr)
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, UnicodeDecodeError):
        return None
    return answer.strip().lower() == "yes"


def _list(db_path: Path, damage: str | None) -> int:
    from middleware.persistence.holdings import UnreadableFileError, read_holdings
    from middleware.persistence.restore import list_backups

    backups = list_backups(db_path)
    if damage is not None:
        current = damage  # "the database ... is damaged: ...", before its counts mislead
    elif db_path.exists() and db_path.stat().st_size > 0:
        try:
            current = read_holdings(db_path, untouched=False).describe()
        except UnreadableFileError as error:
            current = f"cannot be read: {error}"
    elif db_path.is_file():
        current = "an empty file (0 bytes), no TasteTrail database yet"
    else:
        current = "no file yet"
    print(f"{db_path}: {current}")
    if not backups:
        print(
            f"no backups beside it ({db_path.name}.backup-YYYY-MM-DD); the app takes one per "
            "day it is used and one at each clean close"
        )
        return 0
    for backup, held in backups:
        what = held.describe() if not isinstance(held, str) else f"cannot be restored: {held}"
        print(f"  {backup.name}: {what}")
    return 0
