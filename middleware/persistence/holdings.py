"""What a database file holds, in the words a person compares two files by.

``restore`` puts a backup in the place of the current file; before it does, it shows both
side by side (swipes, snapshots, the newest swipe) and asks for consent when the current
file holds more swipes or newer ones than the backup. The files are read through SQLite
only, read-only, and a backup (which nobody writes) without creating anything beside it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple


class Holdings(NamedTuple):
    """The person's data in one file: how many swipes and snapshots, the newest swipe."""

    swipes: int
    """Rows of the swipe log: every swipe, and every undo of one."""
    snapshots: int
    newest_swipe: datetime | None
    """When the swipe with the highest sequence number was made (aware UTC), or None."""
    undos: int = 0
    """Undo rows among ``swipes``: each takes one earlier swipe back."""

    @property
    def kept_swipes(self) -> int:
        """The swipes the profile counts, as the window shows them (undone ones aside)."""
        return self.swipes - 2 * self.undos

    def describe(self) -> str:
        newest = (
            "no swipes"
            if self.newest_swipe is None
            else f"newest swipe {self.newest_swipe.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
        )
        undone = f" ({self.undos:,} more undone)" if self.undos else ""
        kept = f"{_count(self.kept_swipes, 'swipe')}{undone}"
        return f"{kept}, {_count(self.snapshots, 'snapshot')}, {newest}"

    def has_more_or_newer_swipes_than(self, other: Holdings) -> bool:
        """True when replacing this file by ``other`` would put swipes out of sight."""
        if self.swipes > other.swipes:
            return True
        if self.newest_swipe is None:
            return False
        return other.newest_swipe is None or self.newest_swipe > other.newest_swipe


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class UnreadableFileError(Exception):
    """The file could not be read as a TasteTrail database; the message says why."""


def connect_read_only(path: Path, *, untouched: bool = False) -> sqlite3.Connection:
    """A read-only connection to ``path`` that leaves nothing behind.

    A file without a ``-wal`` beside it (a backup, a database closed cleanly) is read as
    immutable: SQLite creates no ``-wal`` or ``-shm`` for it, which a read-only connection
    to a WAL database otherwise does and cannot remove. With a ``-wal`` (a running app, or
    one that ended without closing), it is read as SQLite's readers do, seeing what the
    ``-wal`` holds. ``untouched`` reads a file nobody writes as immutable in any case.
    """
    wal = Path(f"{path}-wal")
    flags = "mode=ro&immutable=1" if untouched or not wal.exists() else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, isolation_level=None)


def read_holdings(path: Path, *, untouched: bool) -> Holdings:
    """What ``path`` holds (``untouched``: see `connect_read_only`).

    Raises `UnreadableFileError` saying why it cannot be read."""
    try:
        connection = connect_read_only(path, untouched=untouched)
    except sqlite3.Error as error:
        raise UnreadableFileError(f"it cannot be opened ({error})") from error
    try:
        swipes = int(connection.execute("SELECT count(*) FROM swipes").fetchone()[0])
        snapshots = int(connection.execute("SELECT count(*) FROM profile_snapshots").fetchone()[0])
        row = connection.execute("SELECT at FROM swipes ORDER BY sequence DESC LIMIT 1").fetchone()
        columns = {column[1] for column in connection.execute("PRAGMA table_info(swipes)")}
        undos = (  # a file from before undo has no such column, and no undo
            int(connection.execute(_UNDOS).fetchone()[0]) if "undoes" in columns else 0
        )
    except sqlite3.Error as error:
        raise UnreadableFileError(f"it cannot be read ({error})") from error
    finally:
        connection.close()
    return Holdings(swipes, snapshots, None if row is None else _instant(row[0]), undos)


_UNDOS = "SELECT count(*) FROM swipes WHERE undoes IS NOT NULL"


def _instant(text: object) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None  # a damaged row: counted, but not an instant to compare
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
